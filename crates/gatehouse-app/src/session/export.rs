//! The Export page: the sections the package can hold, the signing key (made or unlocked
//! once per session, kept only in memory), the export as a job off the session, and the
//! folder of the last package for the host to open.

use std::path::{Path, PathBuf};

use age::secrecy::{ExposeSecret, SecretString};
use chrono::{DateTime, Utc};
use gatehouse_export::sign::SigningKey;
use gatehouse_export::Section;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Session;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::export::{self, ExportOutcome, ExportRequest, ExportWork, Exported};
use crate::job::{Basis, Computed, Job};
use crate::signing::{self, SignerInfo};

/// One section of the binder as the Export page offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportSection {
    /// The key the CLI's `--sections` takes (`roles`, `matrix`…).
    pub key: String,
    pub title: String,
    /// Rows the section reports on the model as it is now.
    pub rows: u32,
    /// Why the section cannot be written, whatever is chosen: its register is not built.
    pub not_built: Option<String>,
}

/// The signing key of this session's packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SigningKeyStatus {
    /// Where the key file is (or would be made).
    pub path: String,
    pub exists: bool,
    /// The signer, once the key is unlocked in this session.
    pub unlocked: Option<SignerInfo>,
}

/// What the Export page shows before an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportSetup {
    pub sections: Vec<ExportSection>,
    pub signing_key: SigningKeyStatus,
    /// The as-of time an export stamps when none is given: now.
    pub now: DateTime<Utc>,
    /// A name for the package's folder: the model's name and today's date.
    pub suggested_name: String,
    /// Where the package would go: that name beside the vault, else in the Documents
    /// folder (or the home folder).
    pub suggested_dest: String,
}

/// A new signing key: the certificate's subject and organisation, and its passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewSigningKey {
    pub name: String,
    pub organization: String,
    pub passphrase: String,
}

/// The organisation's key to import: its PKCS#12 file, that file's passphrase, and the
/// passphrase the imported key is kept under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportSigningKey {
    pub p12_path: String,
    pub p12_passphrase: String,
    pub passphrase: String,
}

/// The unlocked signing key: the file it came from and its text (parsed again for each
/// export, as the export takes the key by value).
pub(super) struct Unlocked {
    path: PathBuf,
    text: SecretString,
    info: SignerInfo,
}

impl Unlocked {
    fn new(path: &Path, key: &SigningKey) -> AppResult<Unlocked> {
        Ok(Unlocked {
            path: path.to_path_buf(),
            text: SecretString::from(key.to_text()?),
            info: signing::info(path, key),
        })
    }

    fn key(&self) -> AppResult<SigningKey> {
        SigningKey::from_text(self.text.expose_secret()).map_err(|e| {
            AppError::new(
                ErrorCode::SigningKeyInvalid,
                format!("{}: {e}", self.path.display()),
            )
        })
    }
}

/// The export's state in a session: the key and the last package written.
#[derive(Default)]
pub(super) struct ExportState {
    key: Option<Unlocked>,
    slot: crate::job::Slot<ExportWork>,
    folder: Option<PathBuf>,
}

impl Session {
    fn signing_path(&self) -> PathBuf {
        signing::path_beside(&self.identity_path)
    }

    /// Keeps `key` (from `path`) unlocked for this session's exports.
    fn keep_key(&mut self, path: &Path, key: &SigningKey) -> AppResult<SignerInfo> {
        let unlocked = Unlocked::new(path, key)?;
        let info = unlocked.info.clone();
        self.export.key = Some(unlocked);
        Ok(info)
    }

    pub fn export_setup(&self) -> AppResult<ExportSetup> {
        let path = self.signing_path();
        let model = self.workbench.model();
        let now = self.clock.now();
        let name = suggested_name(&model.meta.name, now);
        let snapshot = export::snapshot(&self.workbench, now, Section::ALL.to_vec(), "")?;
        let sections = Section::ALL
            .into_iter()
            .map(|s| ExportSection {
                key: s.key().to_string(),
                title: s.title().to_string(),
                rows: u32::try_from(snapshot.rows(s)).unwrap_or(u32::MAX),
                not_built: s.not_built().map(str::to_string),
            })
            .collect();
        Ok(ExportSetup {
            sections,
            signing_key: SigningKeyStatus {
                path: path.display().to_string(),
                exists: path.exists(),
                unlocked: self
                    .export
                    .key
                    .as_ref()
                    .filter(|k| k.path == path)
                    .map(|k| k.info.clone()),
            },
            now,
            suggested_dest: self.default_folder().join(&name).display().to_string(),
            suggested_name: name,
        })
    }

    /// The folder of the vault, else `~/Documents` when it exists, else the home folder.
    fn default_folder(&self) -> PathBuf {
        if let Some(dir) = self.workbench.path().and_then(Path::parent) {
            return dir.to_path_buf();
        }
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        let documents = home.join("Documents");
        if documents.is_dir() {
            documents
        } else {
            home
        }
    }

    /// Makes the signing key beside the identity (refusing to overwrite one) and keeps it
    /// unlocked for this session.
    pub fn create_signing_key(&mut self, input: NewSigningKey) -> AppResult<SignerInfo> {
        let path = self.signing_path();
        let today = self.clock.now().date_naive();
        let key = signing::create(
            &path,
            Some(SecretString::from(input.passphrase)),
            &input.name,
            &input.organization,
            today,
        )?;
        self.keep_key(&path, &key)
    }

    /// Imports the organisation's PKCS#12 key as the signing key beside the identity
    /// (refusing to overwrite one) and keeps it unlocked for this session.
    pub fn import_signing_key(&mut self, input: ImportSigningKey) -> AppResult<SignerInfo> {
        let path = self.signing_path();
        if input.p12_path.trim().is_empty() {
            return Err(AppError::new(
                ErrorCode::Usage,
                "choose the organisation's PKCS#12 file (.p12 or .pfx)",
            ));
        }
        let key = signing::import(
            &path,
            Path::new(input.p12_path.trim()),
            &SecretString::from(input.p12_passphrase),
            Some(SecretString::from(input.passphrase)),
        )?;
        self.keep_key(&path, &key)
    }

    /// Unlocks the signing key beside the identity for this session.
    pub fn unlock_signing_key(&mut self, passphrase: String) -> AppResult<SignerInfo> {
        let path = self.signing_path();
        let key = signing::unlock(&path, Some(SecretString::from(passphrase)))?;
        self.keep_key(&path, &key)
    }

    /// The export of `request` as a job on the model as it is now; refused before the
    /// signing key is unlocked.
    pub fn export_job(&mut self, request: &ExportRequest) -> AppResult<Job<ExportWork>> {
        let path = self.signing_path();
        let key = match self.export.key.as_ref().filter(|k| k.path == path) {
            Some(unlocked) => unlocked.key()?,
            None => {
                return Err(AppError::new(
                    ErrorCode::SigningKeyLocked,
                    format!(
                    "unlock the signing key ({}) before exporting: the package is signed with it",
                    path.display()
                ),
                ))
            }
        };
        if request.dest.trim().is_empty() {
            return Err(AppError::new(
                ErrorCode::Usage,
                "choose where the package goes before exporting",
            ));
        }
        let work = ExportWork::new(&self.workbench, key, request)?;
        Ok(self.export.slot.start(work, Basis::of(&self.workbench)))
    }

    /// Stops a running export; nothing of it is left behind.
    pub fn export_cancel(&self) {
        self.export.slot.cancel();
    }

    /// Records a finished export in the model's audit log. The package was written from
    /// the model as it was when the export started (its own hash says which), so it is
    /// recorded even if the model changed meanwhile: the files exist, the log says so.
    pub fn export_keep(&mut self, done: Computed<Exported>) -> AppResult<ExportOutcome> {
        let outcome = export::record(&mut self.workbench, done.into_output())?;
        self.export.folder = Some(PathBuf::from(&outcome.folder));
        Ok(outcome)
    }

    /// The folder holding the last package this session wrote, for the host to open.
    pub fn export_folder(&self) -> AppResult<PathBuf> {
        self.export.folder.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::Usage,
                "no package was exported in this session yet",
            )
        })
    }
}

/// "Payroll governance audit 2026-12-02": the model's name kept to letters, digits, spaces,
/// dots, dashes and underscores, so it is a valid file name everywhere.
fn suggested_name(model: &str, now: DateTime<Utc>) -> String {
    let safe: String = model
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let safe = safe.split_whitespace().collect::<Vec<_>>().join(" ");
    let safe = safe.trim_matches('.');
    let stem = if safe.is_empty() { "Gatehouse" } else { safe };
    format!("{stem} audit {}", now.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_are_file_names() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            suggested_name("Payroll / HR: governance", at),
            "Payroll HR governance audit 2026-12-02"
        );
        assert_eq!(suggested_name("..", at), "Gatehouse audit 2026-12-02");
        assert_eq!(
            suggested_name("Zürich ÆØ", at),
            "Zürich ÆØ audit 2026-12-02"
        );
    }
}
