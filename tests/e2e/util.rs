//! The harness: a temp vault and temp XDG dirs per test, Debian's
//! WebKitWebDriver on a free loopback port, the built app launched by it,
//! and small waiting helpers. Screenshots go to `target/e2e-screenshots/`.

// A failed flow fails its test by panicking, as `assert!` does.
#![allow(clippy::panic)]

use std::error::Error;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use kindred_core::clock::SystemClock;
use kindred_core::model::{EntryDraft, PersonDraft, Proximity};
use kindred_core::{Secret, Vault};
use serde_json::{json, Value};
use tempfile::TempDir;

pub type R<T = ()> = Result<T, Box<dyn Error>>;

/// The app binary cargo built for this test run (with the `e2e` feature).
pub const APP: &str = env!("CARGO_BIN_EXE_kindred-app");
/// Passphrase of the vaults these tests make.
pub const PASSPHRASE: &str = "violet tractor sleeps under marble";
/// A second passphrase, for changing to.
pub const NEW_PASSPHRASE: &str = "copper kettle hums beside winter";
/// How long to wait for the UI before failing.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// WebDriver keys. Control is held until `RELEASE`: `{CTRL}l{RELEASE}`.
pub const CTRL: &str = "\u{E009}";
pub const RELEASE: &str = "\u{E000}";
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";
pub const UP: &str = "\u{E013}";
pub const DOWN: &str = "\u{E015}";
pub const RIGHT: &str = "\u{E014}";

/// What the flow last asked of the window, named in the failure when a
/// flow hangs (a WebDriver call that never answers says nothing itself).
static STEP: Mutex<String> = Mutex::new(String::new());

fn step(what: impl FnOnce() -> String) {
    *lock(&STEP) = what();
}

/// One app instance at a time: single-instance would otherwise hand a
/// second launch to the first.
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// A place for one test's vault and everything else the app writes.
pub struct Sandbox {
    root: TempDir,
}

impl Sandbox {
    pub fn new() -> R<Self> {
        let root = tempfile::Builder::new().prefix("kindred-e2e-").tempdir()?;
        for d in ["data", "config", "cache", "home", "tmp"] {
            std::fs::create_dir_all(root.path().join(d))?;
        }
        Ok(Self { root })
    }

    pub fn vault(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// Makes a vault directly with the core (for flows that start from one).
    pub fn seed(&self, fill: impl FnOnce(&Vault) -> R) -> R {
        let created = Vault::create(
            &self.vault(),
            &Secret::new(PASSPHRASE.into()),
            Arc::new(SystemClock),
        )?;
        fill(&created.vault)?;
        Ok(())
    }

    /// Opens the sandbox's vault with the passphrase, with the core (after
    /// the app is gone, to check what it kept).
    pub fn open(&self) -> R<Vault> {
        Ok(Vault::unlock(
            &self.vault(),
            kindred_core::Unlock::Passphrase(&Secret::new(PASSPHRASE.into())),
            Arc::new(SystemClock),
        )?)
    }

    /// Makes an empty vault and returns its recovery code.
    pub fn seed_returning_code(&self) -> R<String> {
        let created = Vault::create(
            &self.vault(),
            &Secret::new(PASSPHRASE.into()),
            Arc::new(SystemClock),
        )?;
        Ok(created.recovery_code.expose_secret().clone())
    }

    /// The environment the app runs with: this sandbox's vault and XDG dirs.
    fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("KINDRED_VAULT", self.vault()),
            ("XDG_DATA_HOME", self.path().join("data")),
            ("XDG_CONFIG_HOME", self.path().join("config")),
            ("XDG_CACHE_HOME", self.path().join("cache")),
            // What writes under ~ whatever XDG says (the autostart entry).
            ("HOME", self.path().join("home")),
            ("TMPDIR", self.path().join("tmp")),
            ("KINDRED_E2E_ASSET_LOG", self.asset_log()),
        ]
    }

    /// Where the app (e2e build) notes every URL its own protocol served.
    pub fn asset_log(&self) -> PathBuf {
        self.path().join("assets.log")
    }

    /// Starts the app under WebKitWebDriver and connects to it.
    pub async fn launch(&self) -> R<App> {
        self.launch_with(&[]).await
    }

    /// [`Sandbox::launch`] with more environment, such as a desktop theme.
    pub async fn launch_with(&self, extra: &[(&str, &str)]) -> R<App> {
        self.launch_full(extra, &[], "#app > *").await
    }

    /// [`Sandbox::launch`] with command-line arguments for the app, ready
    /// once `ready` is in its page.
    pub async fn launch_args(&self, args: &[&str], ready: &str) -> R<App> {
        self.launch_full(&[], args, ready).await
    }

    async fn launch_full(&self, extra: &[(&str, &str)], args: &[&str], ready: &str) -> R<App> {
        match self.launch_once(extra, args, ready).await? {
            Launched::Ready(app) => Ok(app),
            Launched::Hung(report) => {
                // Noted where `cargo xtask e2e` reports it after the run, so
                // a retried launch is never silent.
                note_hang("a launch", &report, true);
                match self.launch_once(extra, args, ready).await? {
                    Launched::Ready(app) => Ok(app),
                    Launched::Hung(again) => {
                        note_hang("a launch", &again, false);
                        Err(
                            format!("the first page never appeared, twice: {report}; {again}")
                                .into(),
                        )
                    }
                }
            }
        }
    }

    /// One launch: the app ready with `ready` in its page, or, when a
    /// WebDriver call did not return within [`FIRST_PAGE`], what its
    /// processes were doing (the app is stopped then).
    async fn launch_once(&self, extra: &[(&str, &str)], args: &[&str], ready: &str) -> R<Launched> {
        step(|| String::from("launch"));
        // The instance before (quit, or killed) may hold its name on the
        // bus a moment longer; a new one would hand itself to it and exit.
        let bus = extra
            .iter()
            .find(|(k, _)| *k == "DBUS_SESSION_BUS_ADDRESS")
            .map(|(_, v)| (*v).to_owned())
            .or_else(|| std::env::var("DBUS_SESSION_BUS_ADDRESS").ok());
        if let Some(bus) = bus {
            wait_for_no_instance(&bus);
        }
        let port = free_port()?;
        // The driver's and the app's output, kept after the test (the
        // sandbox goes): `target/e2e-logs/<test>-<port>.log`.
        let logs = screenshot_dir()
            .parent()
            .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
            .join("e2e-logs");
        std::fs::create_dir_all(&logs)?;
        let test = std::thread::current()
            .name()
            .unwrap_or("e2e")
            .replace("::", "-");
        let log_path = logs.join(format!("{test}-{port}.log"));
        let log = std::fs::File::create(&log_path)?;
        let mut cmd = Command::new("WebKitWebDriver");
        cmd.arg(format!("--port={port}"))
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log));
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let driver = cmd.spawn().map_err(|e| {
            format!("could not start WebKitWebDriver (apt package webkit2gtk-driver): {e}")
        })?;
        *lock(&LIVE_DRIVER) = Some(driver.id());
        let mut app = App {
            client: None,
            driver,
        };
        wait_for_port(port).await?;
        let caps = json!({
            "browserName": "wry",
            "webkitgtk:browserOptions": { "binary": APP, "args": args },
        });
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        app.client = Some(client);
        match tokio::time::timeout(FIRST_PAGE, app.wait(ready)).await {
            Ok(found) => {
                found?;
                Ok(Launched::Ready(app))
            }
            Err(_) => {
                let report = format!(
                    "{test}: no answer from WebDriver within {FIRST_PAGE:?} of the launch ({}; log {})",
                    processes_now(app.driver.id()),
                    log_path.display()
                );
                drop(app);
                Ok(Launched::Hung(report))
            }
        }
    }

    /// Runs the app binary directly (not under WebDriver), as a user
    /// starting it a second time would.
    pub fn second_launch(&self) -> R<Child> {
        let mut cmd = Command::new(APP);
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        Ok(cmd.spawn()?)
    }
}

/// A running app with a WebDriver session.
pub struct App {
    client: Option<Client>,
    driver: Child,
}

impl App {
    pub fn c(&self) -> &Client {
        self.client.as_ref().unwrap_or_else(|| unreachable!())
    }

    /// Waits for an element. Views re-render by replacing nodes, so a
    /// node found a moment too early can go stale: any error is retried
    /// until the patience runs out.
    pub async fn wait(&self, css: &str) -> R<Element> {
        step(|| format!("wait for {css}"));
        let start = Instant::now();
        loop {
            match self.c().find(Locator::Css(css)).await {
                Ok(el) => return Ok(el),
                Err(e) if start.elapsed() > PATIENCE => {
                    let _ = self.screenshot("failed-wait").await;
                    return Err(format!("waiting for {css}: {e}").into());
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// The text content of the first element matching `css`, if any.
    /// (textContent rather than WebDriver's rendered text, which WebKit
    /// cuts short inside grid cells.)
    pub async fn text_of(&self, css: &str) -> R<Option<String>> {
        let v = self
            .c()
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
                vec![Value::String(css.into())],
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// Waits until the element's text contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) -> R {
        step(|| format!("wait for {css} to show {text:?}"));
        let start = Instant::now();
        loop {
            let got = self.text_of(css).await?;
            if got.as_deref().is_some_and(|t| t.contains(text)) {
                return Ok(());
            }
            if start.elapsed() > PATIENCE {
                let _ = self.screenshot("failed-wait").await;
                let got = got.unwrap_or_else(|| "(no such element)".into());
                return Err(format!("{css} never contained {text:?}; it shows {got:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (a JS expression) is truthy. A script that
    /// throws (its element is not drawn yet) counts as not yet.
    pub async fn wait_js(&self, what: &str, script: &str) -> R {
        step(|| format!("wait for {what}"));
        let script = format!("try {{ return !!({script}); }} catch (e) {{ return String(e); }}");
        self.until_true(what, Duration::from_millis(100), async || {
            self.js(&script).await
        })
        .await
    }

    /// Waits until the promise `script` (a JS expression) resolves to a
    /// truthy value; a rejected promise counts as not yet.
    pub async fn wait_js_async(&self, what: &str, script: &str) -> R {
        step(|| format!("wait for {what}"));
        let script = format!(
            "const done = arguments[0]; Promise.resolve().then(() => {script}).then(v => done(!!v), e => done(String(e?.code ?? e)));"
        );
        self.until_true(what, Duration::from_millis(200), async || {
            self.js_async(&script).await
        })
        .await
    }

    /// Polls `check` every `every` until it gives `true`; past the
    /// patience, fails with a screenshot and what the last check said.
    async fn until_true(
        &self,
        what: &str,
        every: Duration,
        check: impl AsyncFn() -> R<Value>,
    ) -> R {
        let start = Instant::now();
        loop {
            let v = check().await?;
            if v == Value::Bool(true) {
                return Ok(());
            }
            if start.elapsed() > PATIENCE {
                let _ = self.screenshot("failed-wait").await;
                let why = v.as_str().map(|e| format!(" ({e})")).unwrap_or_default();
                return Err(format!("timed out waiting for {what}{why}").into());
            }
            tokio::time::sleep(every).await;
        }
    }

    /// Runs JS in the page and returns its value.
    pub async fn js(&self, script: &str) -> R<Value> {
        Ok(self.c().execute(script, vec![]).await?)
    }

    /// Runs async JS; the last argument is the callback.
    pub async fn js_async(&self, script: &str) -> R<Value> {
        Ok(self.c().execute_async(script, vec![]).await?)
    }

    /// Clicks an element (found afresh if it went stale in between).
    pub async fn click(&self, css: &str) -> R {
        step(|| format!("click {css}"));
        let start = Instant::now();
        loop {
            match self.wait(css).await?.click().await {
                Ok(()) => return Ok(()),
                Err(e) if start.elapsed() > PATIENCE => {
                    return Err(format!("clicking {css}: {e}").into())
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks the first element matching an XPath (for finding by text),
    /// waiting for it as `click` does.
    pub async fn click_xpath(&self, xpath: &str) -> R {
        step(|| format!("click {xpath}"));
        let start = Instant::now();
        loop {
            let found = self.c().find(Locator::XPath(xpath)).await;
            let clicked = match found {
                Ok(el) => el.click().await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match clicked {
                Ok(()) => return Ok(()),
                Err(e) if start.elapsed() > PATIENCE => {
                    let _ = self.screenshot("failed-wait").await;
                    return Err(format!("clicking {xpath}: {e}").into());
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Types into an element (after focusing it).
    pub async fn type_into(&self, css: &str, text: &str) -> R {
        step(|| format!("type into {css}"));
        self.click(css).await?;
        self.wait(css).await?.send_keys(text).await?;
        Ok(())
    }

    /// Sends keys to whatever has focus; `\u{E009}` is Control, `\u{E000}`
    /// releases modifiers.
    pub async fn keys(&self, keys: &str) -> R {
        step(|| String::from("send keys"));
        self.c().active_element().await?.send_keys(keys).await?;
        Ok(())
    }

    /// The text content of the whole page.
    pub async fn page_text(&self) -> R<String> {
        Ok(self
            .js("return document.documentElement.textContent + ' ' + Array.from(document.querySelectorAll('input,textarea')).map(e => e.value).join(' ');")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> R {
        let before = STEP.lock().unwrap_or_else(|p| p.into_inner()).clone();
        step(|| format!("screenshot {name} (the step before: {before})"));
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir)?;
        // Let the page paint what the DOM now holds (two frames), so the
        // picture is not of an earlier state.
        self.js_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true))); setTimeout(() => done(false), 1000);",
        )
        .await?;
        // The screen as the X server holds it: the pixels that reached the
        // window, not WebKit's own snapshot (which, with the page painted on
        // the CPU, WebKitGTK 2.50 sometimes never answers).
        let (x, y, w, h) = self.c().get_window_rect().await?;
        let png = screen_png((x, y, w, h))?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Whole-app memory: the PSS of the app and every process under it
    /// (WebKit's web and network processes), in KiB, from
    /// `/proc/<pid>/smaps_rollup`; 0 when none could be read.
    pub fn whole_app_pss_kb(&self) -> u64 {
        self.pss_by_process_kb().iter().map(|(_, kb)| kb).sum()
    }

    /// The app and every process under it (WebKit's), the app first.
    fn pids(&self) -> Vec<u32> {
        let mut pids = children_of(self.driver.id());
        let mut i = 0;
        while i < pids.len() {
            let below = children_of(pids[i]);
            pids.extend(below);
            i += 1;
        }
        pids
    }

    /// A variable of the environment each process under the app (WebKit's
    /// web and network processes) runs with, by the process's name.
    pub fn env_of_processes(&self, key: &str) -> Vec<(String, Option<String>)> {
        self.pids()
            .iter()
            .skip(1)
            .filter_map(|p| {
                let environ = std::fs::read(format!("/proc/{p}/environ")).ok()?;
                let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
                let value = environ
                    .split(|b| *b == 0)
                    .filter_map(|kv| std::str::from_utf8(kv).ok())
                    .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                    .map(str::to_owned);
                Some((name.trim().to_owned(), value))
            })
            .collect()
    }

    /// The PSS of the app and of each process under it, in KiB, by the
    /// process's name, in the order found (the app first).
    pub fn pss_by_process_kb(&self) -> Vec<(String, u64)> {
        self.pids()
            .iter()
            .filter_map(|p| {
                let kb = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup"))
                    .ok()?
                    .lines()
                    .find(|l| l.starts_with("Pss:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<u64>().ok())?;
                let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
                Some((name.trim().to_owned(), kb))
            })
            .collect()
    }

    /// The PSS of the app and of each process under it, by name, split
    /// into its own memory (anonymous: heaps, JIT code, decoded images) and
    /// mapped files (libraries' code and data, ICU's tables, fonts), in KiB.
    pub fn pss_anon_and_files_kb(&self) -> Vec<(String, u64, u64)> {
        self.pids()
            .iter()
            .filter_map(|p| {
                let rollup = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok()?;
                let field = |key: &str| {
                    rollup
                        .lines()
                        .find(|l| l.starts_with(key))
                        .and_then(|l| l.split_whitespace().nth(1))
                        .and_then(|kb| kb.parse::<u64>().ok())
                };
                let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
                Some((
                    name.trim().to_owned(),
                    field("Pss_Anon:")?,
                    field("Pss_File:")?,
                ))
            })
            .collect()
    }

    /// The CPU time (user and system, in clock ticks) of the app and of
    /// each process under it, by name, from `/proc/<pid>/stat`.
    pub fn cpu_ticks_by_process(&self) -> Vec<(String, u64)> {
        self.pids()
            .iter()
            .filter_map(|p| {
                let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
                // The fields after the name, which is in parentheses.
                let rest = &stat[stat.rfind(')')? + 2..];
                let f: Vec<&str> = rest.split_whitespace().collect();
                let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
                let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
                Some((name.trim().to_owned(), ticks))
            })
            .collect()
    }

    /// Kills the app with SIGKILL (as a crash or a power cut would end
    /// it, with no chance to save) and waits until it is gone.
    pub async fn kill_9(self) -> R {
        let app_pids = children_of(self.driver.id());
        for p in &app_pids {
            let _ = Command::new("kill")
                .args(["-9", &p.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        if all_gone(&app_pids, Duration::from_secs(10)).await {
            Ok(())
        } else {
            Err("the app outlived kill -9".into())
        }
    }

    /// Waits until the app ended by itself (quit from inside).
    pub async fn gone(&self) -> R {
        if all_gone(&children_of(self.driver.id()), Duration::from_secs(15)).await {
            Ok(())
        } else {
            Err("the app did not end".into())
        }
    }

    /// Ends the session and waits until the app process is gone.
    pub async fn quit(mut self) -> R {
        step(|| String::from("quit"));
        let app_pids = children_of(self.driver.id());
        if let Some(c) = self.client.take() {
            let _ = c.close().await;
        }
        if !all_gone(&app_pids, Duration::from_secs(10)).await {
            for p in &app_pids {
                let _ = Command::new("kill")
                    .arg(p.to_string())
                    .stderr(Stdio::null())
                    .status();
            }
            return Err("the app did not exit when its window closed".into());
        }
        Ok(())
    }
}

/// How a launch went.
enum Launched {
    Ready(App),
    /// What the app's processes were doing when its first page did not
    /// come.
    Hung(String),
}

/// How long a launch may take to show its first page before it is taken
/// for hung (a WebDriver call that never returned) and made once more.
pub const FIRST_PAGE: Duration = Duration::from_secs(60);

/// Every process under `pid`, with its state and where in the kernel its
/// main thread waits, then its other threads, alike ones counted:
/// "kindred-app S do_poll [3× tokio-runtime-w S futex_wait_queue, …]".
/// (A window that stopped answering while its main thread sits in `poll`
/// is waiting for a message; one in `futex_wait` is waiting for a lock.)
fn processes_now(pid: u32) -> String {
    let mut pids = children_of(pid);
    let mut i = 0;
    while i < pids.len() {
        let below = children_of(pids[i]);
        pids.extend(below);
        i += 1;
    }
    let read = |dir: &str, f: &str| {
        std::fs::read_to_string(format!("{dir}/{f}"))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let describe = |dir: &str| {
        let stat = read(dir, "stat");
        let state = stat
            .rfind(')')
            .and_then(|i| stat[i + 1..].split_whitespace().next())
            .unwrap_or("?")
            .to_owned();
        format!("{} {state} {}", read(dir, "comm"), read(dir, "wchan"))
    };
    pids.iter()
        .map(|&p| {
            let dir = format!("/proc/{p}");
            let mut threads: Vec<String> = std::fs::read_dir(format!("{dir}/task"))
                .map(|rd| {
                    rd.flatten()
                        .filter(|t| t.file_name().to_str() != Some(&p.to_string()))
                        .map(|t| describe(&t.path().to_string_lossy()))
                        .collect()
                })
                .unwrap_or_default();
            threads.sort();
            let mut counted: Vec<(usize, String)> = Vec::new();
            for t in threads {
                match counted.last_mut() {
                    Some((n, last)) if *last == t => *n += 1,
                    _ => counted.push((1, t)),
                }
            }
            let others = counted
                .iter()
                .map(|(n, t)| format!("{n}× {t}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{} [{others}]", describe(&dir))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The file `cargo xtask e2e` reads after the run to say which launches
/// or flows hung and were made again.
pub fn hangs_file() -> PathBuf {
    screenshot_dir()
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("e2e-logs")
        .join("hangs.txt")
}

/// Says on stderr, and in [`hangs_file`] for `cargo xtask e2e` to repeat
/// after the run, that `what` ("a launch", "a flow") hung.
fn note_hang(what: &str, report: &str, again: bool) {
    use std::io::Write;
    let then = if again {
        "made once more"
    } else {
        "not made again"
    };
    eprintln!("e2e: {what} hung and is {then}: {report}");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(hangs_file())
    {
        let _ = writeln!(f, "{what}: {report} ({then})");
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let mut live = lock(&LIVE_DRIVER);
        if *live == Some(self.driver.id()) {
            *live = None;
        }
        drop(live);
        // The app is the driver's child: stop it first, by its own id.
        for p in children_of(self.driver.id()) {
            let _ = Command::new("kill")
                .arg(p.to_string())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The files under `dir` that hold `needle`.
pub fn files_holding(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::read(&p).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle))
            {
                hits.push(p.display().to_string());
            }
        }
    }
    hits
}

/// Waits until none of `pids` is alive; false if one still is after `limit`.
async fn all_gone(pids: &[u32], limit: Duration) -> bool {
    let start = Instant::now();
    while pids.iter().any(|p| alive(*p)) {
        if start.elapsed() > limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

/// Where screenshots go: `target/e2e-screenshots` (or
/// `$KINDRED_SCREENSHOTS_DIR`).
/// The window's place on the virtual screen (x, y, width, height), read
/// from the X server (`GetImage` of the root window), as a PNG.
fn screen_png(window: (u64, u64, u64, u64)) -> R<Vec<u8>> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};
    let (conn, screen) = x11rb::connect(None)?;
    let root = &conn.setup().roots[screen];
    let (sw, sh) = (
        u64::from(root.width_in_pixels),
        u64::from(root.height_in_pixels),
    );
    // The part of the window on the screen (all of it, here).
    let (x, y) = (window.0.min(sw - 1), window.1.min(sh - 1));
    let (w, h) = (window.2.clamp(1, sw - x), window.3.clamp(1, sh - y));
    let [x, y, w, h] = [x, y, w, h].map(|n| u16::try_from(n).unwrap_or(u16::MAX));
    let image = conn
        .get_image(
            ImageFormat::Z_PIXMAP,
            root.root,
            i16::try_from(x).unwrap_or(0),
            i16::try_from(y).unwrap_or(0),
            w,
            h,
            !0,
        )?
        .reply()?;
    // A 24-bit screen comes as 32 bits a pixel, blue first.
    let (w, h) = (u32::from(w), u32::from(h));
    if image.depth != 24 || image.data.len() != (w * h * 4) as usize {
        return Err(format!(
            "the screen is {} bits deep in {} bytes for {w}x{h}",
            image.depth,
            image.data.len()
        )
        .into());
    }
    let rgb: Vec<u8> = image
        .data
        .chunks_exact(4)
        .flat_map(|p| [p[2], p[1], p[0]])
        .collect();
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &rgb,
        w,
        h,
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(png)
}

pub fn screenshot_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("KINDRED_SCREENSHOTS_DIR") {
        return PathBuf::from(d);
    }
    // CARGO_TARGET_TMPDIR is target/tmp.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("e2e-screenshots")
}

fn free_port() -> R<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn wait_for_port(port: u16) -> R {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if start.elapsed() > PATIENCE {
            return Err(format!("WebKitWebDriver never listened on port {port}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Waits (up to 10 s) until no app instance holds its single-instance
/// name on the bus at `address`: an app that just quit may still hold it
/// for a moment, and a new one would then hand itself to the old.
pub fn wait_for_no_instance(address: &str) {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        let names = Command::new("gdbus")
            .args([
                "call",
                "--address",
                address,
                "--dest",
                "org.freedesktop.DBus",
                "--object-path",
                "/org/freedesktop/DBus",
                "--method",
                "org.freedesktop.DBus.ListNames",
            ])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        if !names.contains("SingleInstance") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Process ids whose parent is `pid` (Linux /proc).
pub fn children_of(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()))
        .filter(|p| parent_of(*p) == Some(pid))
        .collect()
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid …"; comm may hold spaces, so split after ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

/// Whether a process is still running (zombies count as gone).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rfind(')').and_then(|i| s[i + 2..].chars().next()))
        .is_some_and(|state| state != 'Z')
}

/// Writes an entry through the core.
pub fn entry(v: &Vault, title: &str, body: &str, people: Vec<i64>) -> R<i64> {
    Ok(v.journal().write(&EntryDraft {
        title: title.into(),
        body: body.into(),
        people,
        ..EntryDraft::default()
    })?)
}

/// Adds a person through the core.
pub fn person(v: &Vault, name: &str, relationship: &str, proximity: Proximity) -> R<i64> {
    Ok(v.people().add(&PersonDraft {
        name: name.into(),
        relationship: relationship.into(),
        proximity: Some(proximity),
        ..PersonDraft::default()
    })?)
}

/// On the first-run screen: types the passphrase twice and waits for the
/// strength meter to call it strong (the form is not sent).
pub async fn choose_passphrase(app: &App) -> R {
    app.wait("#setup-title").await?;
    app.type_into("input[name=passphrase]", PASSPHRASE).await?;
    app.wait_text(".meter-words", "strong").await?;
    app.type_into("input[name=confirm]", PASSPHRASE).await
}

/// Unlocks with the passphrase through the unlock screen.
pub async fn unlock_with_passphrase(app: &App) -> R {
    app.wait("#unlock-title").await?;
    app.type_into("input[name=passphrase]", PASSPHRASE).await?;
    app.click("form button[type=submit]").await?;
    app.wait("#home").await?;
    Ok(())
}

/// Opens the journal from the nav (the Today screen comes first).
pub async fn open_journal(app: &App) -> R {
    app.click("button[data-view=journal]").await?;
    app.wait("#entry-body").await?;
    Ok(())
}

/// Runs an async test flow on its own runtime, one test at a time.
/// The longest one flow may take: a hang (a window that stopped
/// answering) fails the test instead of holding up the whole run.
const FLOW_LIMIT: Duration = Duration::from_secs(300);

/// The WebDriver process of the app now running, for the report on a
/// flow that hung.
static LIVE_DRIVER: Mutex<Option<u32>> = Mutex::new(None);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub fn run<F: std::future::Future<Output = R>>(flow: impl Fn() -> F) {
    run_for(FLOW_LIMIT, flow);
}

/// [`run`] with a limit of its own, for a flow known to be long (a soak).
///
/// A flow that fails fails its test. A flow that hangs (a WebDriver call
/// that never answered) is reported with what each of the app's
/// processes was doing, and made once more from the start, with a new
/// sandbox and a new app: WebKit's automation now and then loses a reply
/// on a loaded machine (seen in CI, not reproduced in 18 runs here). The
/// report goes to stderr and to [`hangs_file`], which `cargo xtask e2e`
/// prints after the run whatever its result, so a retried flow is never
/// silent; a second hang fails the test.
pub fn run_for<F: std::future::Future<Output = R>>(limit: Duration, flow: impl Fn() -> F) {
    let _guard = serial();
    let test = std::thread::current().name().unwrap_or("e2e").to_owned();
    if let Err(e) = run_retrying(limit, flow, &|report, again| {
        note_hang("a flow", &format!("{test}: {report}"), again);
    }) {
        panic!("{e}")
    }
}

/// [`run_for`]'s tries: a flow that hangs is noted (with whether it is
/// made again) and made once more; one that fails is not.
fn run_retrying<F: std::future::Future<Output = R>>(
    limit: Duration,
    flow: impl Fn() -> F,
    note: &dyn Fn(&str, bool),
) -> Result<(), String> {
    let mut first: Option<String> = None;
    loop {
        match run_once(limit, flow()) {
            Ok(()) => return Ok(()),
            Err(Ended::Failed(e)) => return Err(e),
            Err(Ended::Hung(report)) => {
                note(&report, first.is_none());
                match first {
                    None => first = Some(report),
                    Some(first) => {
                        return Err(format!(
                            "the flow hung twice: {first}; then {report}; see target/e2e-logs for the app's output"
                        ))
                    }
                }
            }
        }
    }
}

/// How one try of a flow ended, if not well.
enum Ended {
    Failed(String),
    Hung(String),
}

fn run_once(limit: Duration, body: impl std::future::Future<Output = R>) -> Result<(), Ended> {
    step(String::new);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("tokio runtime: {e}"));
    // The timer is made inside the runtime, which it needs. The processes
    // are looked at before the flow is dropped, which ends them.
    rt.block_on(async {
        let mut body = std::pin::pin!(body);
        match tokio::time::timeout(limit, body.as_mut()).await {
            Ok(done) => done.map_err(|e| Ended::Failed(e.to_string())),
            Err(_) => {
                let last = lock(&STEP).clone();
                let processes =
                    lock(&LIVE_DRIVER).map_or_else(|| "no app running".to_owned(), processes_now);
                Err(Ended::Hung(format!(
                    "no end within {limit:?}, its last step: {last}; processes: {processes}"
                )))
            }
        }
    })
}

#[cfg(test)]
mod harness_tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    /// What [`run_retrying`] did with `flow` (given the try's number, from
    /// 1) under a 300 ms limit: its result, how many tries, and the notes.
    fn tried<F: std::future::Future<Output = R>>(
        flow: impl Fn(usize) -> F,
    ) -> (Result<(), String>, usize, Vec<(String, bool)>) {
        let _guard = serial();
        let tries = Cell::new(0);
        let notes = RefCell::new(Vec::new());
        let got = run_retrying(
            Duration::from_millis(300),
            || {
                tries.set(tries.get() + 1);
                flow(tries.get())
            },
            &|report, again| notes.borrow_mut().push((report.to_owned(), again)),
        );
        (got, tries.get(), notes.into_inner())
    }

    #[test]
    fn a_flow_that_hangs_once_is_made_again_and_noted() {
        let (got, tries, notes) = tried(|n| async move {
            step(|| String::from("wait for #unlock-title"));
            // The first try never ends (a WebDriver call with no answer).
            if n == 1 {
                std::future::pending::<()>().await;
            }
            Ok(())
        });
        assert_eq!(got, Ok(()));
        assert_eq!(tries, 2, "made once more");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].1, "noted as made again: {notes:?}");
        assert!(
            notes[0].0.contains("its last step: wait for #unlock-title"),
            "{notes:?}"
        );
    }

    #[test]
    fn a_flow_that_hangs_twice_fails() {
        let (got, tries, notes) = tried(|_| std::future::pending::<R>());
        let err = got.expect_err("two hangs fail the flow");
        assert!(err.starts_with("the flow hung twice"), "{err}");
        assert_eq!(tries, 2, "no third try");
        let again: Vec<bool> = notes.iter().map(|(_, a)| *a).collect();
        assert_eq!(again, [true, false]);
    }

    #[test]
    fn a_flow_that_fails_is_not_made_again() {
        let (got, tries, notes) =
            tried(|_| async { Err::<(), _>("the text was not shown".into()) });
        assert_eq!(got, Err("the text was not shown".to_owned()));
        assert_eq!(tries, 1, "a failure is never made again");
        assert!(notes.is_empty(), "{notes:?}");
    }
}
