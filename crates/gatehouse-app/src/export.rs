//! The audit package workflow: a snapshot of the workbench's model and audit chain, the
//! package written by a job (progress, cancel) off the session, and the export recorded in
//! the vault's audit log (what, as of when, the tag manifest's hash), so the next package's
//! log shows it. `verify` checks a package as an auditor would.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use gatehouse_core::progress::Reporter;
use gatehouse_core::AuditEvent;
use gatehouse_export::bag::Bag;
use gatehouse_export::history::{Changes, ChangesBasis, NamedVersion, Versions};
use gatehouse_export::package::{self, Form, Written};
use gatehouse_export::sign::SigningKey;
use gatehouse_export::verify::{Check, Verification};
use gatehouse_export::{Provenance, Section, SectionChoice, Snapshot};
use gatehouse_vault::Recipient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::job::{Stale, Work};
use crate::workbench::Workbench;

/// What a person asks to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportRequest {
    /// The package's folder (with `zip`: the zip is `<dest>.zip`).
    pub dest: String,
    /// The as-of time stamped on every file [default: now].
    pub as_of: Option<DateTime<Utc>>,
    /// Section keys (`roles`, `matrix`…) [default: all].
    pub sections: Option<Vec<String>>,
    pub zip: bool,
    /// age recipients (`age1…`): the zip is encrypted to them (`<dest>.zip.age`).
    pub encrypt_to: Vec<String>,
    /// `Source-Organization` in bag-info.txt [default: the signer's organisation, else the
    /// model's name].
    pub organization: Option<String>,
}

/// One file of a written package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackageFile {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// What an export wrote, the checks of it, and its audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportOutcome {
    pub path: String,
    /// The folder a person opens to see it (the package's own, or the one holding the zip).
    pub folder: String,
    pub as_of: DateTime<Utc>,
    pub tag_manifest_sha256: String,
    pub files: Vec<PackageFile>,
    pub checks: Vec<Check>,
    pub passed: bool,
    /// The sections left out, each with why.
    pub left_out: Vec<String>,
    #[ts(type = "number")]
    pub event: u64,
}

/// The sections named by `keys` (all when `None`); an unknown name is refused with the list.
pub fn parse_sections(keys: Option<&[String]>) -> AppResult<Vec<Section>> {
    let Some(keys) = keys else {
        return Ok(Section::ALL.to_vec());
    };
    keys.iter()
        .flat_map(|k| k.split(','))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            Section::parse(k).ok_or_else(|| {
                let known: Vec<&str> = Section::ALL.iter().map(|s| s.key()).collect();
                AppError::new(
                    ErrorCode::UnknownSection,
                    format!(
                        "no section named {k:?}; the sections are {}",
                        known.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// Everything the package is made of, read from the workbench as it is now; the audit chain
/// is checked first (a package of a broken chain is refused).
pub fn snapshot(
    workbench: &Workbench,
    as_of: DateTime<Utc>,
    sections: Vec<Section>,
    organization: &str,
) -> AppResult<Snapshot> {
    let events = workbench.events()?;
    let head = gatehouse_core::verify_chain(&events)
        .map_err(|e| AppError::new(ErrorCode::AuditChainBroken, e.to_string()))?;
    let model = workbench.model().clone();
    let provenance = Provenance {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: u32::try_from(workbench.vault().schema_version()?).unwrap_or(0),
        model_hash: model.fingerprint(),
        chain_head: head,
        event_count: events.len() as u64,
        produced_by: workbench.actor().to_string(),
        organization: organization.to_string(),
        scope: "whole model".to_string(),
    };
    let mut versions = versions(workbench, &events)?;
    // Only the dashboard shows the findings over time (each point a model read or replayed,
    // and judged): a package without it does not pay for them.
    if sections.contains(&Section::Dashboard) {
        versions.findings = crate::dashboard::past_points(workbench, as_of.date_naive())?;
    }
    Ok(Snapshot::new(model, events, as_of, sections, provenance).with_versions(versions))
}

/// The audit action of an export (its event names the version exported, if any).
const EXPORT_ACTION: &str = "package.export";

/// The vault's named versions, and the changes from the version the latest earlier package
/// was exported at (its audit event names it) or, when none names one, from the newest.
fn versions(workbench: &Workbench, events: &[AuditEvent]) -> AppResult<Versions> {
    let list: Vec<NamedVersion> = workbench
        .vault()
        .versions()?
        .into_iter()
        .map(|v| NamedVersion {
            name: v.name,
            approved_by: v.approved_by,
            note: v.note,
            at: v.at,
            actor: v.actor,
            model_sha256: v.model_sha256,
        })
        .collect();
    let exported = events
        .iter()
        .rev()
        .filter(|e| e.action == EXPORT_ACTION)
        .find_map(|e| e.after.as_ref()?.get("version")?.as_str())
        .filter(|name| list.iter().any(|v| v.name == *name));
    let since = match exported {
        Some(name) => Some((name.to_string(), ChangesBasis::LastExported)),
        None => list.last().map(|v| (v.name.clone(), ChangesBasis::Newest)),
    };
    let changes = match since {
        None => None,
        Some((since, basis)) => {
            let old = workbench.vault().version_model(&since)?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::NoSuchVersion,
                    format!(
                        "the version {since:?} is listed but its model is missing from the vault"
                    ),
                )
            })?;
            Some(Changes {
                diff: gatehouse_core::diff(&old, workbench.model()),
                since,
                basis,
            })
        }
    };
    Ok(Versions {
        list,
        changes,
        findings: Vec::new(),
    })
}

/// The organisation named in the package: the request's, else the certificate's, else the
/// model's name.
fn organization(request: &ExportRequest, key: &SigningKey, workbench: &Workbench) -> String {
    request
        .organization
        .clone()
        .filter(|o| !o.trim().is_empty())
        .or_else(|| gatehouse_export::sign::cms::organization(key.certificate()))
        .unwrap_or_else(|| workbench.model().meta.name.clone())
}

/// The export as a job: it owns its snapshot and key, so a host runs it off the session.
pub struct ExportWork {
    snapshot: Snapshot,
    key: SigningKey,
    dest: PathBuf,
    form: Form,
    recipients: Vec<Recipient>,
}

impl ExportWork {
    /// The work for `request` on the workbench's model as it is now.
    pub fn new(
        workbench: &Workbench,
        key: SigningKey,
        request: &ExportRequest,
    ) -> AppResult<ExportWork> {
        let as_of = request.as_of.unwrap_or_else(|| workbench.clock().now());
        let sections = parse_sections(request.sections.as_deref())?;
        let org = organization(request, &key, workbench);
        let recipients = crate::identity::parse_recipients(&request.encrypt_to)?;
        Ok(ExportWork {
            snapshot: snapshot(workbench, as_of, sections, &org)?,
            key,
            dest: PathBuf::from(&request.dest),
            form: if request.zip || !recipients.is_empty() {
                Form::Zip
            } else {
                Form::Folder
            },
            recipients,
        })
    }
}

/// A finished export, before it is recorded.
pub struct Exported {
    written: Written,
    as_of: DateTime<Utc>,
    left_out: Vec<String>,
    sections: Vec<String>,
    fingerprint: String,
    model_sha256: String,
    /// The named version the model exported is, if any (the next package counts its
    /// changes from it).
    version: Option<String>,
}

impl Work for ExportWork {
    type Output = Exported;

    fn stale(_: Stale) -> AppError {
        AppError::new(
            ErrorCode::ExportStale,
            "the model changed while the export ran; export again",
        )
    }

    fn run(self, progress: Reporter<'_>) -> AppResult<Exported> {
        let ExportWork {
            snapshot,
            key,
            dest,
            form,
            recipients,
        } = self;
        let written = if recipients.is_empty() {
            package::write(&snapshot, &key, form, &dest, progress)?
        } else {
            write_encrypted(&snapshot, &key, &dest, &recipients, progress)?
        };
        let left_out = snapshot
            .choices()
            .into_iter()
            .filter_map(|c| match c {
                SectionChoice::LeftOut { section, reason } => {
                    Some(format!("{}: {reason}", section.key()))
                }
                SectionChoice::Included { .. } => None,
            })
            .collect();
        Ok(Exported {
            written,
            as_of: snapshot.as_of,
            left_out,
            sections: snapshot
                .sections
                .iter()
                .map(|s| s.key().to_string())
                .collect(),
            fingerprint: key.fingerprint(),
            model_sha256: snapshot.provenance.model_hash.clone(),
            version: snapshot
                .versions
                .as_ref()
                .and_then(|v| v.named(&snapshot.provenance.model_hash))
                .map(|v| v.name.clone()),
        })
    }
}

/// The zip encrypted with age to `recipients` (`<dest>.zip.age`), as the vault is; what is
/// checked is the bag before encryption (nobody but the recipients can read the file).
fn write_encrypted(
    snapshot: &Snapshot,
    key: &SigningKey,
    dest: &Path,
    recipients: &[Recipient],
    progress: Reporter<'_>,
) -> AppResult<Written> {
    let zip_path = package::target(dest, Form::Zip);
    let mut name = zip_path.file_name().unwrap_or_default().to_os_string();
    name.push(".age");
    let path = zip_path.with_file_name(name);
    if path.exists() {
        return Err(gatehouse_export::ExportError::DestinationExists(path).into());
    }
    let bag = package::build(snapshot, key, progress)?;
    let zip = bag.to_zip(&package::root_name(dest), snapshot.as_of)?;
    if progress.is_cancelled() {
        return Err(gatehouse_export::ExportError::Cancelled.into());
    }
    gatehouse_vault::save_encrypted(&path, &zip, recipients)?;
    let verification = gatehouse_export::verify::verify(&bag, None);
    Ok(package::written(path, &bag, verification))
}

/// Records a finished export in the vault's audit log and describes it.
pub fn record(workbench: &mut Workbench, done: Exported) -> AppResult<ExportOutcome> {
    let Exported {
        written,
        as_of,
        left_out,
        sections,
        fingerprint,
        model_sha256,
        version,
    } = done;
    let file = written
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let event = workbench.record(
        EXPORT_ACTION,
        format!(
            "audit package {file} as of {}, tag manifest sha256 {}",
            as_of.format("%Y-%m-%d %H:%M UTC"),
            written.tag_manifest_sha256
        ),
        serde_json::json!({
            "file": file,
            "as_of": as_of.to_rfc3339(),
            "sections": sections,
            "tag_manifest_sha256": written.tag_manifest_sha256,
            "signer_certificate_sha256": fingerprint,
            "model_sha256": model_sha256,
            "version": version,
        }),
    )?;
    let folder = if written.path.is_dir() {
        written.path.clone()
    } else {
        written
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    };
    Ok(ExportOutcome {
        path: written.path.display().to_string(),
        folder: folder.display().to_string(),
        as_of,
        tag_manifest_sha256: written.tag_manifest_sha256,
        files: written
            .files
            .into_iter()
            .map(|(name, size)| PackageFile { name, size })
            .collect(),
        passed: written.verification.passed(),
        checks: written.verification.checks,
        left_out,
        event: event.seq,
    })
}

/// Checks the package (folder or zip) at `path`; `signer` is the minisign public key file
/// the auditor trusts.
pub fn verify(path: &Path, signer: Option<&Path>) -> AppResult<Verification> {
    let signer = signer
        .map(|p| fs_err::read_to_string(p).map_err(|e| AppError::new(ErrorCode::Io, e.to_string())))
        .transpose()?;
    let bag = Bag::read(path)?;
    Ok(gatehouse_export::verify::verify(&bag, signer.as_deref()))
}

/// The error for a package that fails a check: the first failing file and what is wrong.
pub fn failed(path: &Path, verification: &Verification) -> Option<AppError> {
    verification.first_failure().map(|c| {
        AppError::new(
            ErrorCode::VerifyFailed,
            format!(
                "{}: {} fails the {} check: {}",
                path.display(),
                c.file,
                c.name,
                c.detail
            ),
        )
    })
}
