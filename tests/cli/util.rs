//! A sandboxed environment for running `kindred`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub const PASSPHRASE: &str = "tea by the window, slowly";

/// Temp dirs standing in for a user's machine.
pub struct Env {
    pub tmp: tempfile::TempDir,
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "expected success: {self:?}");
        self
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }
}

impl Env {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        for d in ["home", "data", "config", "cache", "tmp", "run"] {
            std::fs::create_dir_all(tmp.path().join(d)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                tmp.path().join("run"),
                std::fs::Permissions::from_mode(0o700),
            )
            .unwrap();
        }
        Self { tmp }
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.tmp.path().join(p)
    }

    pub fn vault(&self) -> PathBuf {
        self.path("vault")
    }

    /// `kindred` with the sandbox environment and the passphrase in
    /// `KINDRED_PASSPHRASE`. No D-Bus session: the real keychain is only
    /// reachable inside [`Env::keyring_session`].
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kindred"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env("TMPDIR", self.path("tmp"))
            .env("KINDRED_VAULT", self.vault())
            .env("KINDRED_PASSPHRASE", PASSPHRASE)
            // New slots at Argon2id's least cost: this debug build honours
            // it; `init_gives_a_new_vault_full_cost_argon2id` runs without.
            .env(kindred_core::crypto::WEAK_KDF_FOR_TESTS, "1")
            .stdin(Stdio::null());
        c
    }

    /// Runs a bash script in the sandbox; `$K` is the kindred binary.
    pub fn sh(&self, script: &str) -> Out {
        let template = self.cmd();
        let mut bash = Command::new("bash");
        bash.env_clear().arg("-c").arg(script);
        for (k, v) in template.get_envs() {
            if let Some(v) = v {
                bash.env(k, v);
            }
        }
        bash.env("K", env!("CARGO_BIN_EXE_kindred"));
        run(&mut bash, None)
    }

    pub fn run(&self, args: &[&str]) -> Out {
        run(self.cmd().args(args), None)
    }

    pub fn run_in(&self, args: &[&str], stdin: &[u8]) -> Out {
        run(self.cmd().args(args), Some(stdin))
    }

    /// Creates the vault; returns the recovery code.
    pub fn init(&self) -> String {
        let out = self.run(&["init", "--json"]).ok();
        out.json()["recovery_code"].as_str().unwrap().to_owned()
    }

    /// Writes an entry; returns its id.
    pub fn write(&self, body: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["write"];
        args.extend_from_slice(extra);
        let out = self.run_in(&args, body.as_bytes()).ok();
        out.stdout.trim().parse().unwrap()
    }
}

pub fn run(cmd: &mut Command, stdin: Option<&[u8]>) -> Out {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child: Child = cmd.spawn().unwrap();
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        // Write from a thread so a large body cannot deadlock on full pipes.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Out {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Every file under `dir` and its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    out.sort();
    out
}

/// A tiny deterministic PRNG (xorshift) for the kill -9 series, seeded from
/// `KINDRED_CRASH_SEED` or the clock and printed, so a failing run can be
/// repeated.
pub struct Rng {
    state: u64,
    /// What it was seeded with, for failure messages.
    pub seed: u64,
}

impl Rng {
    pub fn new(what: &str) -> Self {
        let seed = std::env::var("KINDRED_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                now.as_nanos() as u64 ^ u64::from(std::process::id())
            });
        println!("{what}: seed {seed}");
        Self {
            state: seed | 1,
            seed,
        }
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % n.max(1)
    }
}
