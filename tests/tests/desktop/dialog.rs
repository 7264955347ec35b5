//! Answering the app's native GTK file dialogs as a person would, with `xdotool` (installed
//! by scripts/install-deps.sh): wait for the dialog's window by its title, focus it, type
//! the path, press Enter, and wait for the window to go.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::Check;

/// Which dialog: a save dialog's name field takes a whole path; an open dialog takes it in
/// its location field (Ctrl+L).
#[derive(Clone, Copy)]
pub(super) enum Dialog {
    Save,
    Open,
}

fn xdotool(args: &[&str]) -> Result<String, String> {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .map_err(|e| format!("xdotool runs (installed by scripts/install-deps.sh): {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "xdotool {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The visible windows titled `title`.
fn windows(title: &str) -> Vec<String> {
    xdotool(&["search", "--onlyvisible", "--name", title])
        .map(|o| o.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Answers the file dialog titled `title` (opened by a click just before) with `path`.
pub(super) async fn answer(dialog: Dialog, title: &str, path: &Path) -> Check {
    let title = title.to_string();
    let path = path.display().to_string();
    tokio::task::spawn_blocking(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let window = loop {
            if let Some(w) = windows(&title).pop() {
                break w;
            }
            if Instant::now() > deadline {
                return Err(format!("no dialog titled {title:?} appeared within 30 s"));
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        xdotool(&["windowfocus", "--sync", &window])?;
        // GTK takes a moment to focus the dialog's first field once mapped.
        std::thread::sleep(Duration::from_millis(500));
        match dialog {
            Dialog::Save => xdotool(&["key", "--clearmodifiers", "ctrl+a"])?,
            Dialog::Open => xdotool(&["key", "--clearmodifiers", "ctrl+l"])?,
        };
        xdotool(&["type", "--delay", "15", &path])?;
        std::thread::sleep(Duration::from_millis(300));
        xdotool(&["key", "--clearmodifiers", "Return"])?;
        let deadline = Instant::now() + Duration::from_secs(15);
        while !windows(&title).is_empty() {
            if Instant::now() > deadline {
                return Err(format!(
                    "the dialog {title:?} did not close after Enter on {path}"
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(())
    })
    .await
    .map_err(|e| format!("the dialog helper: {e}"))?
}
