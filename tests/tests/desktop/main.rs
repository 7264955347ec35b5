//! End-to-end test of the real desktop app: the built `gatehouse-desktop` binary, started by
//! tauri-driver (WebKitWebDriver underneath) under Xvfb and driven over WebDriver with
//! fantoccini. Nothing is mocked: the front end in `ui/dist` (embedded at build time) calls
//! the real backend.
//!
//! Run it the way the Makefile does (`make test`):
//!
//! ```sh
//! (cd ui && npm ci && npm run build) && cargo build -p gatehouse-desktop
//! xvfb-run -a -s "-screen 0 1280x800x24" cargo nextest run -p gatehouse-tests
//! ```
//!
//! On failure a screenshot of the window goes to `<workspace>/artifacts/`. The modules:
//! `matrix` (the permission matrix with live findings, and its 1,000 × 600 measurement,
//! written to `artifacts/matrix-benchmark.json`), `pages` (ownership, assignments, SoD
//! rules), `persist` (a change survives save and reopen; needs the `gatehouse` CLI built),
//! `workshop` (a client's model from nothing, importing into a new model, a finding's jump,
//! and every page with the findings panel open and closed).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// One end-to-end test: the app started fresh, `check` run against it under `label` (the
/// name of its screenshot when it fails), the app stopped.
macro_rules! desktop_test {
    ($name:ident, $label:literal, $check:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            App::start().await.run($label, $check).await;
        }
    };
}

mod changes;
mod dashboard;
mod dialog;
mod drift;
mod exceptions;
mod export;
mod gates;
mod import;
mod large;
mod matrix;
mod pages;
mod persist;
mod reviews;
mod share;
mod simulate;
mod simulate_more;
mod started;
mod versions;
mod workshop;

/// How long the app may take to start and show the model (a cold WebKit start under Xvfb
/// on a busy 2-core machine can take a while; a warm one takes 1–2 s).
const STARTUP: Duration = Duration::from_secs(60);

const DEMO_ROLES: [&str; 8] = [
    "Citizen Developer",
    "IT Administrator",
    "App Owner",
    "Data Steward",
    "IT Approver",
    "Business Validator",
    "Security Reviewer",
    "Viewer",
];

const DEMO_COUNTS: [(&str, usize); 6] = [
    ("roles", 8),
    ("people", 9),
    ("capabilities", 15),
    ("environments", 4),
    ("assets", 7),
    ("gates", 2),
];

const DEMO_TITLE: &str = "Gatehouse — Untitled (demo)";

/// The passphrase of the identities the vault tests make with the CLI.
const PASSPHRASE: &str = "correct horse battery staple";

type Check = Result<(), String>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// A built binary: `$<var>`, else `<workspace>/target/debug/<name>`. Panics, saying that
/// `what` is not built and `how` to build it, when there is no such file.
fn built_binary(var: &str, name: &str, what: &str, how: &str) -> PathBuf {
    let path = match std::env::var_os(var).filter(|p| !p.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => workspace().join("target/debug").join(name),
    };
    assert!(
        path.is_file(),
        "{what} is not built: {} does not exist. {how}",
        path.display()
    );
    path
}

/// The built app: `$GATEHOUSE_DESKTOP_BIN`, else `<workspace>/target/debug/gatehouse-desktop`.
fn desktop_binary() -> PathBuf {
    built_binary(
        "GATEHOUSE_DESKTOP_BIN",
        "gatehouse-desktop",
        "the desktop app",
        "Build it first: `(cd ui && npm ci && npm run build) && cargo build -p gatehouse-desktop` \
         (or set GATEHOUSE_DESKTOP_BIN to the binary).",
    )
}

/// The CLI: `$GATEHOUSE_BIN`, else `<workspace>/target/debug/gatehouse`.
fn cli_binary() -> PathBuf {
    built_binary(
        "GATEHOUSE_BIN",
        "gatehouse",
        "the gatehouse CLI",
        "Build it with `cargo build -p gatehouse-cli` (or set GATEHOUSE_BIN).",
    )
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.is_file() => path,
        _ => PathBuf::from("tauri-driver"), // from PATH
    }
}

/// Two free consecutive ports on 127.0.0.1: tauri-driver's and the native driver's.
fn free_port_pair() -> u16 {
    for _ in 0..50 {
        let first = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind an ephemeral port");
        let port = first.local_addr().expect("local address").port();
        if port < u16::MAX && TcpListener::bind((Ipv4Addr::LOCALHOST, port + 1)).is_ok() {
            return port;
        }
    }
    panic!("found no two free consecutive ports on 127.0.0.1");
}

/// tauri-driver running in its own process group; dropping it stops the driver, the native
/// driver it started and the app, even when the test panics.
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Driver {
    fn start(identity_dir: &Path) -> Driver {
        let port = free_port_pair();
        let log = identity_dir.join("tauri-driver.log");
        let (log_file, _) = fs_err::File::create(&log)
            .expect("create the tauri-driver log")
            .into_parts();
        let driver = tauri_driver();
        let child = Command::new(&driver)
            .args(["--port", &port.to_string(), "--native-port", &(port + 1).to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            // The app inherits this environment: keep the user's real identity untouched.
            .env("GATEHOUSE_IDENTITY", identity_dir.join("identity.age"))
            // One fixed day (the demo's temporary access ends 2026-12-31), running on.
            .env("GATEHOUSE_NOW", "2026-12-02T09:00:00Z")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone the log handle"))
            .stderr(log_file)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not start {}: {e}. Install it with `cargo install tauri-driver --version '^2' --locked`.",
                    driver.display()
                )
            });
        let mut driver = Driver { child, port, log };
        driver.wait_until_ready();
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_text(&self) -> String {
        fs_err::read_to_string(&self.log).unwrap_or_default()
    }

    /// Polls `GET /status` until tauri-driver answers with HTTP 200.
    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "tauri-driver exited early ({status}). Its log:\n{}",
                    self.log_text()
                );
            }
            if status_ok(self.port) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not answer on {}/status within 20 s. Its log:\n{}",
                self.url(),
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn status_ok(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200") || response.starts_with("HTTP/1.0 200")
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = -(self.child.id() as libc::pid_t);
        // SAFETY: kill(2) with the negated id of the process group this test created.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: as above; whatever is left of the group (native driver, app) goes too.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// Saves a screenshot of the window into `<workspace>/artifacts/`, after two animation frames
/// so WebKit has painted the current state. Returns where it went, or why it could not.
async fn screenshot(client: &Client, name: &str) -> String {
    let wait_frames = "const done = arguments[arguments.length - 1];\
                       requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    let _ = client.execute_async(wait_frames, vec![]).await;
    let dir = workspace().join("artifacts");
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let path = dir.join(format!("desktop-{name}-{stamp}.png"));
    let saved = match client.screenshot().await {
        Ok(png) => fs_err::create_dir_all(&dir)
            .and_then(|()| fs_err::write(&path, png))
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match saved {
        Ok(()) => format!("screenshot: {}", path.display()),
        Err(e) => format!("no screenshot: {e}"),
    }
}

fn ensure(condition: bool, message: impl FnOnce() -> String) -> Check {
    if condition {
        Ok(())
    } else {
        Err(message())
    }
}

/// Waits up to `within` for the element `css`; `what` says what its absence means.
async fn appear(
    client: &Client,
    css: &str,
    within: Duration,
    what: &str,
) -> Result<fantoccini::elements::Element, String> {
    client
        .wait()
        .at_most(within)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("{what}: {e}"))
}

async fn text_of(client: &Client, css: &str) -> Result<String, String> {
    let element = client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no element `{css}`: {e}"))?;
    element
        .text()
        .await
        .map(|t| t.trim().to_string())
        .map_err(|e| format!("reading `{css}`: {e}"))
}

async fn texts_of(client: &Client, css: &str) -> Result<Vec<String>, String> {
    let mut texts = Vec::new();
    for element in all_of(client, css).await? {
        texts.push(
            element
                .text()
                .await
                .map_err(|e| format!("reading `{css}`: {e}"))?
                .trim()
                .to_string(),
        );
    }
    Ok(texts)
}

/// Every element matching `css` now.
async fn all_of(client: &Client, css: &str) -> Result<Vec<fantoccini::elements::Element>, String> {
    client
        .find_all(Locator::Css(css))
        .await
        .map_err(|e| format!("finding `{css}`: {e}"))
}

/// How many elements match `css` now.
async fn count(client: &Client, css: &str) -> Result<usize, String> {
    Ok(all_of(client, css).await?.len())
}

/// The values of the fields matching `css` (the Model page's names are editable fields).
async fn values_of(client: &Client, css: &str) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    for element in all_of(client, css).await? {
        values.push(
            element
                .prop("value")
                .await
                .map_err(|e| format!("reading `{css}`: {e}"))?
                .unwrap_or_default(),
        );
    }
    Ok(values)
}

/// Retries `check` until it passes or `timeout` ends (the UI renders asynchronously).
async fn eventually<F, Fut>(timeout: Duration, mut check: F) -> Check
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Check>,
{
    let deadline = Instant::now() + timeout;
    loop {
        match check().await {
            Ok(()) => return Ok(()),
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Waits for the element `css` and clicks it.
async fn click(client: &Client, css: &str) -> Check {
    appear(client, css, Duration::from_secs(15), &format!("no `{css}`"))
        .await?
        .click()
        .await
        .map_err(|e| format!("clicking `{css}`: {e}"))
}

/// Waits until the element `css` reads `expected` (20 s: an import's preview can take a
/// while on a busy machine).
async fn wait_text(client: &Client, css: &str, expected: &str) -> Check {
    eventually(Duration::from_secs(20), || async {
        let shown = text_of(client, css).await?;
        ensure(shown == expected, || {
            format!("`{css}` reads {shown:?}, expected {expected:?}")
        })
    })
    .await
}

/// Waits until the document title is `expected`.
async fn title_is(client: &Client, expected: &str) -> Check {
    eventually(Duration::from_secs(20), || async {
        let title = client.title().await.map_err(|e| e.to_string())?;
        ensure(title == expected, || {
            format!("the title is {title:?}, expected {expected:?}")
        })
    })
    .await
}

/// Types the passphrase into the app's unlock dialog and waits for the vault
/// (`model.gatehouse`, as the persist and share tests name it) to open.
async fn unlock_and_open(client: &Client) -> Check {
    let field = client
        .wait()
        .at_most(STARTUP)
        .for_element(Locator::Css("[data-testid=passphrase]"))
        .await
        .map_err(|e| format!("the app did not ask for the passphrase to open the vault: {e}"))?;
    // The dialog names the file it unlocks the key for.
    let named = text_of(client, "[data-testid=passphrase-file]").await?;
    ensure(named == "model.gatehouse", || {
        format!("the unlock dialog names {named:?}, not the vault being opened")
    })?;
    field
        .send_keys(PASSPHRASE)
        .await
        .map_err(|e| format!("typing the passphrase: {e}"))?;
    click(client, "[data-testid=passphrase-submit]").await?;
    title_is(client, "Gatehouse — model.gatehouse").await
}

/// What the undo button offers (its tooltip).
async fn undo_title(client: &Client) -> Result<String, String> {
    client
        .find(Locator::Css("[data-testid=btn-undo]"))
        .await
        .map_err(|e| format!("no undo button: {e}"))?
        .attr("title")
        .await
        .map_err(|e| e.to_string())
        .map(Option::unwrap_or_default)
}

/// Waits for the app to start and show the model (the count of its roles).
async fn model_shown(client: &Client) -> Check {
    // The Dashboard (the demo, a vault just opened) or the Model page (a new model).
    appear(
        client,
        "[data-testid=count-roles], [data-testid=page-dashboard] [data-testid=tile-value]",
        STARTUP,
        &format!("the app did not show the model within {STARTUP:?}"),
    )
    .await?;
    Ok(())
}

/// The native (X11) title of the app's window, read with `xprop` from x11-utils.
fn native_window_titles() -> Result<Vec<String>, String> {
    let tree = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .map_err(|e| format!("cannot run xwininfo ({e}); install x11-utils"))?;
    let tree = String::from_utf8_lossy(&tree.stdout);
    let mut titles = Vec::new();
    for id in tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with("0x"))
    {
        let out = Command::new("xprop")
            .args(["-id", id, "_NET_WM_NAME"])
            .env("LC_ALL", "C.UTF-8")
            .output()
            .map_err(|e| format!("cannot run xprop ({e}); install x11-utils"))?;
        let out = String::from_utf8_lossy(&out.stdout);
        if let Some((_, value)) = out.split_once(" = ") {
            titles.push(unescape_xprop(value.trim()));
        }
    }
    Ok(titles)
}

/// xprop prints a string quoted, with `\"`, `\\` and non-ASCII bytes as octal `\NNN`.
fn unescape_xprop(quoted: &str) -> String {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(quoted);
    let bytes = inner.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let octal = &inner[i + 1..(i + 4).min(inner.len())];
            if octal.len() == 3 && octal.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                out.push(u8::from_str_radix(octal, 8).unwrap_or(b'?'));
                i += 4;
            } else {
                out.push(bytes[i + 1]);
                i += 2;
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn check_model_page(client: &Client) -> Check {
    // The app has started on the demo's Dashboard; its Model page shows the model.
    model_shown(client).await?;
    pages::go(client, "model").await?;

    eventually(Duration::from_secs(10), || async {
        for (section, expected) in DEMO_COUNTS {
            let shown = text_of(client, &format!("[data-testid=count-{section}]")).await?;
            ensure(shown == expected.to_string(), || {
                format!("the {section} heading shows {shown:?}, expected {expected}")
            })?;
        }
        Ok(())
    })
    .await?;

    let roles = values_of(
        client,
        "[data-testid=section-roles] [data-testid=role-name]",
    )
    .await?;
    ensure(roles.len() == DEMO_ROLES.len(), || {
        format!("expected 8 roles, the table shows {roles:?}")
    })?;
    for role in DEMO_ROLES {
        ensure(roles.iter().any(|r| r == role), || {
            format!("role {role:?} missing; the table shows {roles:?}")
        })?;
    }

    let people = values_of(
        client,
        "[data-testid=section-people] [data-testid=person-name]",
    )
    .await?;
    ensure(people.len() == 9, || {
        format!("expected 9 people rendered, found {people:?}")
    })?;

    let banner = text_of(client, "[data-testid=unsaved-banner]").await?;
    ensure(banner.contains("Demo model — not saved yet"), || {
        format!("unsaved banner reads {banner:?}")
    })?;

    let requirements = texts_of(client, "[data-testid=gate-requirement]").await?;
    let expected =
        "Business validation: 1 approval from Business Validator when the change faces end users";
    ensure(requirements.iter().any(|r| r == expected), || {
        format!("no gate requirement reads {expected:?}; found {requirements:?}")
    })?;

    ensure(
        client
            .find_all(Locator::Css("[role=alert]"))
            .await
            .map(|v| v.is_empty())
            .unwrap_or(false),
        || "an error banner is showing at start".to_string(),
    )?;

    // The title, as the document has it (WebDriver) and as the window manager sees it.
    eventually(Duration::from_secs(10), || async {
        let title = client
            .title()
            .await
            .map_err(|e| format!("reading the title: {e}"))?;
        ensure(title == DEMO_TITLE, || {
            format!("document title is {title:?}, expected {DEMO_TITLE:?}")
        })
    })
    .await?;
    eventually(Duration::from_secs(10), || async {
        let titles = native_window_titles()?;
        ensure(titles.iter().any(|t| t == DEMO_TITLE), || {
            format!("no X11 window is titled {DEMO_TITLE:?}; window titles: {titles:?}")
        })
    })
    .await?;
    Ok(())
}

/// Held while an app runs: one desktop test at a time, across nextest's test processes.
/// Two WebKitWebDriver sessions side by side dropped requests ("webdriver could not be
/// reached") on this 2-core machine, and the measurement wants the machine to itself.
struct Exclusive {
    _lock: std::fs::File,
}

impl Exclusive {
    fn acquire() -> Exclusive {
        use std::os::fd::AsRawFd;
        let path = std::env::temp_dir().join("gatehouse-desktop-e2e.lock");
        let (file, _) = fs_err::File::create(&path)
            .expect("create the desktop-test lock file")
            .into_parts();
        // SAFETY: flock(2) on a descriptor this process owns; released when the file closes.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert_eq!(rc, 0, "could not lock {}", path.display());
        Exclusive { _lock: file }
    }
}

/// The app running under WebDriver, with its own identity file in a temporary directory.
struct App {
    client: Client,
    // Dropped in this order: the driver (and the app) before the directory it writes to.
    driver: Driver,
    home: tempfile::TempDir,
    _exclusive: Exclusive,
}

impl App {
    async fn start() -> App {
        let home = tempfile::tempdir().expect("a temporary directory for the identity");
        App::launch(home, &[]).await
    }

    /// Starts the app with `args` on its command line; its identity file is
    /// `<home>/identity.age`.
    async fn launch(home: tempfile::TempDir, args: &[&Path]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()),
            "DISPLAY is not set: the desktop test needs an X server. Run it under xvfb-run, see `make test` \
             (xvfb-run -a -s \"-screen 0 1280x800x24\" cargo nextest run -p gatehouse-tests)."
        );
        let binary = desktop_binary();
        let exclusive = Exclusive::acquire();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": binary, "args": args }),
        );
        // On a loaded machine WebKitWebDriver sometimes drops the first session request
        // ("webdriver server did not respond"); a fresh driver then starts fine.
        let mut attempt = 1;
        let (client, driver) = loop {
            let driver = Driver::start(home.path());
            match ClientBuilder::native()
                .capabilities(capabilities.clone())
                .connect(&driver.url())
                .await
            {
                Ok(client) => break (client, driver),
                Err(e) if attempt < 3 => {
                    eprintln!("WebDriver session attempt {attempt} failed: {e}; retrying");
                    attempt += 1;
                }
                Err(e) => panic!(
                    "could not start a WebDriver session with {}: {e}. tauri-driver log:\n{}",
                    binary.display(),
                    driver.log_text()
                ),
            }
        };
        App {
            client,
            driver,
            home,
            _exclusive: exclusive,
        }
    }

    /// Ends the session and the app, keeping the directory (for a second start).
    async fn close(self) -> tempfile::TempDir {
        let _ = self.client.close().await;
        drop(self.driver);
        self.home
    }

    /// Runs `check` on the app, then ends it as `finish` does (`name` names the screenshot).
    async fn run(self, name: &str, check: impl AsyncFnOnce(&Client) -> Check) {
        let outcome = check(&self.client).await;
        self.finish(outcome, name).await;
    }

    /// Ends the session; panics with the failure and a screenshot when `outcome` failed.
    async fn finish(self, outcome: Check, name: &str) {
        let shot = match &outcome {
            Ok(()) => String::new(),
            Err(_) => screenshot(&self.client, name).await,
        };
        let _ = self.client.close().await;
        drop(self.driver);
        drop(self.home);
        if let Err(message) = outcome {
            panic!("{message}\n({shot})");
        }
    }
}

desktop_test!(
    model_page_shows_the_demo_model,
    "model-page",
    check_model_page
);

#[test]
fn xprop_strings_are_unescaped() {
    assert_eq!(
        unescape_xprop(r#""Gatehouse \342\200\224 Untitled (demo)""#),
        "Gatehouse — Untitled (demo)"
    );
    assert_eq!(unescape_xprop(r#""say \"hi\" \\ ok""#), r#"say "hi" \ ok"#);
    assert_eq!(unescape_xprop("\"Gatehouse — x\""), "Gatehouse — x");
}
