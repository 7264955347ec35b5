//! Headless workflows on vault files, as the CLI runs them: each opens, does one thing,
//! and saves when it changed something.

use std::path::Path;
use std::sync::Arc;

use gatehouse_core::{AuditEvent, Edit, Model};
use gatehouse_vault::{Identity, Recipient};

use crate::clock::Clock;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::share::{self, Sharing};
use crate::templates;
use crate::workbench::{Summary, Workbench};

/// Who is acting, and when: passed to every changing workflow.
pub struct Actor {
    pub name: String,
    pub clock: Arc<dyn Clock>,
}

/// Creates a new vault at `path` from `template`, encrypted to `recipients`.
pub fn init(
    path: &Path,
    template: &str,
    recipients: &[Recipient],
    actor: &Actor,
) -> AppResult<Summary> {
    if path.exists() {
        return Err(AppError::new(
            ErrorCode::FileExists,
            format!(
                "{}: a file already exists here; refusing to overwrite it",
                path.display()
            ),
        ));
    }
    if recipients.is_empty() {
        return Err(gatehouse_vault::VaultError::NoRecipients.into());
    }
    let model = templates::load(template)?;
    let how = format!("from template {template}");
    let mut workbench =
        Workbench::create(model, recipients, &how, &actor.name, actor.clock.clone())?;
    workbench.save_as(path, None)?;
    workbench.summary()
}

pub fn open(path: &Path, identity: &Identity, actor: &Actor) -> AppResult<Workbench> {
    Workbench::open(path, identity, &actor.name, actor.clock.clone())
}

/// The model as canonical JSON.
pub fn export_model(path: &Path, identity: &Identity, actor: &Actor) -> AppResult<String> {
    Ok(open(path, identity, actor)?.model().to_canonical_json())
}

/// Replaces the vault's model with the one in `json` (validated), as one audited change.
pub fn import_model(
    path: &Path,
    identity: &Identity,
    json: &str,
    actor: &Actor,
) -> AppResult<Summary> {
    let model = Model::from_json(json)?;
    let mut workbench = open(path, identity, actor)?;
    if workbench.model() == &model {
        return workbench.summary();
    }
    workbench.apply(Edit::Replace {
        model: Box::new(model),
    })?;
    workbench.save()?;
    workbench.summary()
}

/// Adds a recipient (with a label), or relabels one; saved at once.
pub fn add_recipient(
    path: &Path,
    identity: &Identity,
    recipient: Recipient,
    label: Option<&str>,
    actor: &Actor,
) -> AppResult<Sharing> {
    let mut workbench = open(path, identity, actor)?;
    share::add(&mut workbench, recipient, label)?;
    if workbench.is_dirty() {
        workbench.save()?;
    }
    share::sharing(&workbench, Some(&identity.recipient()))
}

/// Removes a recipient. Refuses to remove the last one, or the caller's own key unless
/// `allow_self` (that would lock the caller out of the file).
pub fn remove_recipient(
    path: &Path,
    identity: &Identity,
    recipient: Recipient,
    allow_self: bool,
    actor: &Actor,
) -> AppResult<Sharing> {
    let mut workbench = open(path, identity, actor)?;
    let you = identity.recipient();
    share::remove(&mut workbench, &recipient, Some(&you), allow_self)?;
    workbench.save()?;
    share::sharing(&workbench, Some(&you))
}

pub fn recipients(path: &Path, identity: &Identity, actor: &Actor) -> AppResult<Sharing> {
    let workbench = open(path, identity, actor)?;
    share::sharing(&workbench, Some(&identity.recipient()))
}

/// Writes a hand-over copy of the vault at `path` to `out`, encrypted to `to` only. The
/// vault keeps its model and recipients; the copy is recorded in its audit log, saved.
pub fn copy(
    path: &Path,
    identity: &Identity,
    out: &Path,
    to: &[Recipient],
    actor: &Actor,
) -> AppResult<()> {
    let mut workbench = open(path, identity, actor)?;
    share::save_copy(&mut workbench, out, to)?;
    workbench.save()
}

/// The audit log and, when asked, the chain check's verdict.
pub struct Log {
    pub events: Vec<AuditEvent>,
    /// Events in the whole log (the filter may show fewer).
    pub total: usize,
    pub verified: Option<Result<String, gatehouse_core::ChainError>>,
}

/// The events matching `filter` (oldest first); the chain is checked over all of them.
pub fn log(
    path: &Path,
    identity: &Identity,
    verify: bool,
    filter: &gatehouse_core::AuditFilter,
    actor: &Actor,
) -> AppResult<Log> {
    let workbench = open(path, identity, actor)?;
    let events = workbench.events()?;
    let verified = verify.then(|| gatehouse_core::verify_chain(&events));
    let total = events.len();
    let events = gatehouse_core::audit_log::filter(&events, filter)
        .into_iter()
        .map(|entry| entry.event)
        .collect();
    Ok(Log {
        events,
        total,
        verified,
    })
}

/// Applies one scripted edit to the vault at `path` and saves it.
pub fn edit(
    path: &Path,
    identity: &Identity,
    actor: &Actor,
    make: impl FnOnce(&Model) -> AppResult<Edit>,
) -> AppResult<AuditEvent> {
    edit_described(path, identity, actor, |m| {
        let edit = make(m)?;
        let summary = edit.describe();
        Ok((edit, summary))
    })
}

/// [`edit`], where `make` also says what the audit log is to say of the edit.
pub fn edit_described(
    path: &Path,
    identity: &Identity,
    actor: &Actor,
    make: impl FnOnce(&Model) -> AppResult<(Edit, String)>,
) -> AppResult<AuditEvent> {
    let mut workbench = open(path, identity, actor)?;
    let (edit, summary) = make(workbench.model())?;
    let event = workbench.apply_described(edit, summary)?;
    workbench.save()?;
    Ok(event)
}

/// The findings of the vault's model on `at` (today by the actor's clock when `None`).
pub fn check(
    path: &Path,
    identity: &Identity,
    at: Option<chrono::NaiveDate>,
    actor: &Actor,
) -> AppResult<(chrono::NaiveDate, Vec<gatehouse_core::Finding>)> {
    let workbench = open(path, identity, actor)?;
    let at = at.unwrap_or_else(|| actor.clock.now().date_naive());
    Ok((at, gatehouse_core::findings(workbench.model(), at)))
}

/// Imports a spreadsheet into the vault at `path` and saves it (with `sync`, removing what
/// an earlier import of the file made and this version no longer has).
pub fn import_spreadsheet(
    path: &Path,
    identity: &Identity,
    spreadsheet: &Path,
    mapping: Option<&gatehouse_import::Mapping>,
    sync: bool,
    actor: &Actor,
    report: crate::job::Report<'_>,
) -> AppResult<crate::import::ImportOutcome> {
    let mut workbench = open(path, identity, actor)?;
    let outcome = crate::import::apply(&mut workbench, spreadsheet, mapping, sync, report)?;
    workbench.save()?;
    Ok(outcome)
}

/// Writes the audit package of the vault at `path` signed with `key`, records the export in
/// the vault's audit log and saves it.
pub fn export(
    path: &Path,
    identity: &Identity,
    key: gatehouse_export::sign::SigningKey,
    request: &crate::export::ExportRequest,
    actor: &Actor,
    report: crate::job::Report<'_>,
) -> AppResult<crate::export::ExportOutcome> {
    let mut workbench = open(path, identity, actor)?;
    let work = crate::export::ExportWork::new(&workbench, key, request)?;
    let basis = crate::job::Basis::of(&workbench);
    let done = crate::job::Job::new(work, basis).run(report)?.into_output();
    let outcome = crate::export::record(&mut workbench, done)?;
    workbench.save()?;
    Ok(outcome)
}

/// The exception register of the vault's model on `at` (today when `None`).
pub fn exceptions(
    path: &Path,
    identity: &Identity,
    at: Option<chrono::NaiveDate>,
    within_days: u32,
    actor: &Actor,
) -> AppResult<crate::exceptions::ExceptionRegister> {
    let workbench = open(path, identity, actor)?;
    let at = at.unwrap_or_else(|| actor.clock.now().date_naive());
    Ok(crate::exceptions::register(
        workbench.model(),
        at,
        within_days,
    ))
}

/// Names the vault's current model as a version, and saves.
pub fn add_version(
    path: &Path,
    identity: &Identity,
    input: &crate::versions::VersionInput,
    actor: &Actor,
) -> AppResult<crate::versions::VersionInfo> {
    let mut workbench = open(path, identity, actor)?;
    let info = crate::versions::create(&mut workbench, input)?;
    workbench.save()?;
    Ok(info)
}

pub fn versions(
    path: &Path,
    identity: &Identity,
    actor: &Actor,
) -> AppResult<Vec<crate::versions::VersionInfo>> {
    crate::versions::list(&open(path, identity, actor)?)
}

/// The diff between two versions of the vault's model (see [`crate::versions::compare`]).
pub fn diff(
    path: &Path,
    identity: &Identity,
    from: Option<&str>,
    to: Option<&str>,
    actor: &Actor,
) -> AppResult<crate::versions::VersionDiff> {
    crate::versions::compare(&open(path, identity, actor)?, from, to)
}

/// Restores the version `name` as one audited edit, and saves.
pub fn restore_version(
    path: &Path,
    identity: &Identity,
    name: &str,
    actor: &Actor,
) -> AppResult<Summary> {
    let mut workbench = open(path, identity, actor)?;
    crate::versions::restore(&mut workbench, name)?;
    if workbench.is_dirty() {
        workbench.save()?;
    }
    workbench.summary()
}
