//! The keychain failing in every way the real app can meet it: no D-Bus
//! session, no Secret Service on the bus, a locked collection, the entry
//! gone, a stale secret in it, another provider. Each time the window says
//! what happened and the passphrase opens the vault; nothing is kept in
//! plaintext instead.
//!
//! Each bus here is the test's own `dbus-daemon` (with its own
//! gnome-keyring-daemon when there is one), so the suite's session and
//! keyring are never touched.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::util::{choose_passphrase, unlock_with_passphrase, Sandbox, R};

/// A session bus on which no service can be started on demand.
const NO_SERVICES_BUS: &str = include_str!("../dbus-no-services.conf");

/// A private session bus, stopped (with its keyring daemon) when dropped.
struct Bus {
    daemon: Child,
    address: String,
    keyring: Option<u32>,
}

impl Bus {
    /// A bus with only what `config` allows (the default session config
    /// when `None`, which can start a Secret Service on demand).
    fn new(config: Option<&Path>) -> R<Self> {
        let mut cmd = Command::new("dbus-daemon");
        match config {
            Some(c) => cmd.arg(format!("--config-file={}", c.display())),
            None => cmd.arg("--session"),
        };
        let mut daemon = cmd
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().ok_or("dbus-daemon's output")?).read_line(&mut line)?;
        Ok(Self {
            daemon,
            address: line.trim().to_owned(),
            keyring: None,
        })
    }

    /// Starts gnome-keyring-daemon on this bus with its keyrings in
    /// `data/keyrings`: unlocked with a password, or left locked.
    fn with_keyring(mut self, data: &Path, runtime: &Path, unlocked: bool) -> R<Self> {
        std::fs::create_dir_all(runtime)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(runtime, std::fs::Permissions::from_mode(0o700))?;
        }
        let mut cmd = Command::new("gnome-keyring-daemon");
        cmd.args(if unlocked {
            ["--unlock", "--components=secrets"]
        } else {
            ["--start", "--components=secrets"]
        })
        .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
        .env("XDG_DATA_HOME", data)
        .env("XDG_RUNTIME_DIR", runtime)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        let mut child = cmd.spawn()?;
        if unlocked {
            child
                .stdin
                .take()
                .ok_or("keyring stdin")?
                .write_all(b"kindred-e2e-keyring")?;
        } else {
            drop(child.stdin.take());
        }
        let out = child.wait_with_output()?;
        // It prints GNOME_KEYRING_CONTROL=…; the daemon itself forked.
        let _ = out;
        self.keyring = pid_of_keyring_on(&self.address);
        Ok(self)
    }

    /// `secret-tool` on this bus.
    fn secret_tool(&self, args: &[&str], stdin: Option<&str>) -> R<String> {
        let mut child = Command::new("secret-tool")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        if let Some(s) = stdin {
            child.stdin.take().ok_or("stdin")?.write_all(s.as_bytes())?;
        }
        drop(child.stdin.take());
        let out = child.wait_with_output()?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// The gnome-keyring-daemon serving `address`, found by its environment.
fn pid_of_keyring_on(address: &str) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
        let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
        let wanted = format!("DBUS_SESSION_BUS_ADDRESS={address}");
        (comm.trim() == "gnome-keyring-d"
            && environ.split(|b| *b == 0).any(|kv| kv == wanted.as_bytes()))
        .then_some(pid)
    })
}

impl Drop for Bus {
    fn drop(&mut self) {
        if let Some(pid) = self.keyring {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn every_keychain_failure_leaves_a_clear_way_in_with_the_passphrase() {
    crate::util::run_for(std::time::Duration::from_secs(600), || async {
        let sb = Sandbox::new()?;
        let keyrings = sb.path().join("keyring-data");
        let home = Bus::new(None)?.with_keyring(&keyrings, &sb.path().join("run-a"), true)?;

        // The first run on a desktop whose keychain works: remembered.
        let app = sb
            .launch_with(&[("DBUS_SESSION_BUS_ADDRESS", &home.address)])
            .await?;
        choose_passphrase(&app).await?;
        app.click("form button[type=submit]").await?;
        app.wait("#recovery-code").await?;
        app.click("#stored-code").await?;
        app.click(".card button.primary").await?;
        app.wait("#home").await?;
        app.quit().await?;
        let vault_id = kindred_core::backup::vault_id_at(&sb.vault()).ok_or("vault id")?;
        let stored = home.secret_tool(
            &["lookup", "service", "kindred", "username", &vault_id],
            None,
        )?;
        assert!(
            stored.starts_with("kindred-device/"),
            "remembered in the keychain"
        );

        // Control: it opens by itself at start.
        let app = sb
            .launch_with(&[("DBUS_SESSION_BUS_ADDRESS", &home.address)])
            .await?;
        app.wait("#home").await?;
        app.quit().await?;

        let no_services = sb.path().join("no-services.conf");
        std::fs::write(&no_services, NO_SERVICES_BUS)?;
        for case in [
            "no bus",
            "no provider",
            "locked",
            "locked, its prompt waiting",
            "missing entry",
            "stale secret",
            "another provider",
        ] {
            let (bus, heading): (Option<Bus>, &str) = match case {
                "no bus" => (None, "Keychain unavailable"),
                "no provider" => (Some(Bus::new(Some(&no_services))?), "Keychain unavailable"),
                // No prompter can start on this bus: the unlock prompt is
                // dismissed at once.
                "locked" => (
                    Some(Bus::new(Some(&no_services))?.with_keyring(
                        &keyrings,
                        &sb.path().join("run-b"),
                        false,
                    )?),
                    "Keychain locked",
                ),
                // Here it can: the keychain waits on a prompt nobody
                // answers, and the passphrase must open the vault meanwhile.
                "locked, its prompt waiting" => (
                    Some(Bus::new(None)?.with_keyring(
                        &keyrings,
                        &sb.path().join("run-c"),
                        false,
                    )?),
                    "",
                ),
                "missing entry" => {
                    home.secret_tool(
                        &["clear", "service", "kindred", "username", &vault_id],
                        None,
                    )?;
                    (None, "Not remembered on this device")
                }
                "stale secret" => {
                    home.secret_tool(
                        &[
                            "store",
                            "--label=Kindred",
                            "service",
                            "kindred",
                            "username",
                            &vault_id,
                        ],
                        Some("kindred-device/1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                    )?;
                    (None, "Remembered unlock out of date")
                }
                _ => (
                    Some(Bus::new(None)?.with_keyring(
                        &sb.path().join("other-keyring"),
                        &sb.path().join("run-d"),
                        true,
                    )?),
                    "Not remembered on this device",
                ),
            };
            let address = match (&bus, case) {
                (Some(b), _) => b.address.clone(),
                (None, "no bus") => "unix:path=/nonexistent/kindred-e2e-bus".to_owned(),
                (None, _) => home.address.clone(),
            };
            let app = sb
                .launch_with(&[("DBUS_SESSION_BUS_ADDRESS", &address)])
                .await?;
            app.wait("#unlock-title").await?;
            if heading.is_empty() {
                app.wait_text(".status", "You can also type your passphrase")
                    .await?;
            } else {
                app.wait_text("#unlock-error", heading).await?;
            }
            app.screenshot(&format!("28-keychain-{}", case.replace([' ', ','], "-")))
                .await?;
            unlock_with_passphrase(&app).await?;
            app.quit().await?;
            drop(bus);
        }

        // Never a plaintext fallback: no file the app wrote holds a device
        // secret or the passphrase.
        for f in files_under(sb.path()) {
            if f.starts_with(&keyrings) || f.starts_with(sb.path().join("other-keyring")) {
                continue;
            }
            let bytes = std::fs::read(&f).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("kindred-device/"),
                "{} holds a device secret",
                f.display()
            );
            assert!(
                !text.contains(crate::util::PASSPHRASE),
                "{} holds the passphrase",
                f.display()
            );
        }
        Ok(())
    });
}
