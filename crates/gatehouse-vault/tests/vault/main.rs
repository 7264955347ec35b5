//! The vault as a user relies on it: real files, real SQLite, real age.

mod chain;
mod crash;
mod errors;
mod interop;
mod migration;
mod recipients;
mod roundtrip;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use gatehouse_core::{EventDraft, Model};
use gatehouse_vault::{Identity, Vault};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn template() -> Model {
    let text = fs_err::read_to_string(workspace().join("templates/generic-nocode/model.json"))
        .expect("template readable");
    Model::from_json(&text).expect("template valid")
}

pub fn at(second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()
        + chrono::Duration::seconds(i64::from(second))
}

pub fn draft(action: &str, second: u32) -> EventDraft {
    EventDraft {
        at: at(second),
        actor: "tester".into(),
        action: action.into(),
        summary: format!("{action} at {second}"),
        before: None,
        after: None,
    }
}

/// A fresh directory with an unprotected identity (fast: no scrypt).
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub identity: Identity,
    pub identity_path: PathBuf,
}

#[allow(clippy::new_without_default)]
impl Setup {
    pub fn new() -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        let identity = Identity::generate();
        let identity_path = dir.path().join("identity.txt");
        identity
            .write(&identity_path, None)
            .expect("identity written");
        Setup {
            dir,
            identity,
            identity_path,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new vault holding the template, encrypted to this identity, not yet saved.
    pub fn template_vault(&self) -> Vault {
        Vault::create(
            &template(),
            &[self.identity.recipient()],
            draft("model.create", 0),
        )
        .expect("vault created")
    }

    /// Saves the template as a vault at `name` and returns its path.
    pub fn saved_template(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        let mut vault = self.template_vault();
        vault.save(&path).expect("vault saved");
        path
    }
}

/// Runs one of Debian's tools (`age`, `sqlite3`) and returns what it printed; a failure
/// shows the command and the tool's own words.
pub fn run_ok(cmd: &mut Command) -> String {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (apt-get install {program}): {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the tool prints UTF-8")
}

pub fn sha256_file(path: &Path) -> String {
    gatehouse_core::audit::sha256_hex(&fs_err::read(path).expect("file readable"))
}
