//! The one boundary between hosts (the desktop shell, the CLI) and Gatehouse's logic: a
//! workbench session over the model and its vault, request/response types with generated
//! TypeScript declarations, and errors that cross as `{code, message}`.

pub mod audit;
pub mod change;
pub mod clock;
pub mod dashboard;
pub mod drift;
pub mod edits;
pub mod error;
pub mod exceptions;
pub mod export;
pub mod identity;
pub mod import;
pub mod job;
pub mod monte_carlo;
pub mod ops;
pub mod pin;
pub mod review;
pub mod review_xlsx;
pub mod session;
pub mod share;
pub mod signing;
pub mod simulate;
pub mod templates;
pub mod versions;
pub mod what_if;
pub mod wizard;
pub mod workbench;

pub use clock::{host_clock, Clock, FixedClock, SystemClock};
pub use error::{AppError, AppResult, ErrorCode};
pub use identity::IdentityStatus;
pub use session::{ModelDelta, Session};
pub use templates::TemplateInfo;
pub use workbench::{AutosavePolicy, Summary, Workbench};

pub use gatehouse_core as core;
pub use gatehouse_vault as vault;

/// The name recorded as the actor of changes made on this machine: `$GATEHOUSE_ACTOR`, else
/// the operating-system user (`$USER`, `$LOGNAME`, `$USERNAME`, else the account of the
/// process's user id). Never "unknown": a user id without an account is recorded as
/// `uid 1000`, and [`Actor::is_fallback`] says so, for the caller to warn.
pub fn local_actor() -> String {
    local_actor_from(|name| std::env::var(name).ok()).name
}

/// Who the actor is and where the name came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalActor {
    pub name: String,
    /// Where the name came from: `$GATEHOUSE_ACTOR`, `$USER`, …, `the account of uid 0`.
    pub source: String,
    /// No variable named anyone and the user id has no account: the name is the id.
    pub is_fallback: bool,
}

/// [`local_actor`] with its source, reading variables through `var` (tests pass a map).
pub fn local_actor_from(var: impl Fn(&str) -> Option<String>) -> LocalActor {
    for name in ["GATEHOUSE_ACTOR", "USER", "LOGNAME", "USERNAME"] {
        if let Some(value) = var(name).filter(|v| !v.trim().is_empty()) {
            return LocalActor {
                name: value.trim().to_string(),
                source: format!("${name}"),
                is_fallback: false,
            };
        }
    }
    os_account()
}

#[cfg(unix)]
fn os_account() -> LocalActor {
    let uid = nix::unistd::Uid::current();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) if !user.name.is_empty() => LocalActor {
            name: user.name,
            source: format!("the account of uid {uid}"),
            is_fallback: false,
        },
        _ => LocalActor {
            name: format!("uid {uid}"),
            source: format!("uid {uid}, which has no account name"),
            is_fallback: true,
        },
    }
}

#[cfg(not(unix))]
fn os_account() -> LocalActor {
    LocalActor {
        name: "unknown".to_string(),
        source: "no variable names the user".to_string(),
        is_fallback: true,
    }
}

/// Writes the TypeScript declarations of every type that crosses to the front end into
/// `dir` (one file per type).
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    Summary::export_all_to(dir)?;
    AppError::export_all_to(dir)?;
    ErrorCode::export_all_to(dir)?;
    IdentityStatus::export_all_to(dir)?;
    TemplateInfo::export_all_to(dir)?;
    share::Sharing::export_all_to(dir)?;
    gatehouse_core::Model::export_all_to(dir)?;
    session::ModelDelta::export_all_to(dir)?;
    gatehouse_core::Edit::export_all_to(dir)?;
    gatehouse_core::AuditEvent::export_all_to(dir)?;
    gatehouse_core::Finding::export_all_to(dir)?;
    gatehouse_core::FindingCode::export_all_to(dir)?;
    gatehouse_core::escalation::PathCoverage::export_all_to(dir)?;
    exceptions::ExceptionInput::export_all_to(dir)?;
    audit::AuditLogView::export_all_to(dir)?;
    versions::VersionInput::export_all_to(dir)?;
    versions::VersionInfo::export_all_to(dir)?;
    versions::VersionDiff::export_all_to(dir)?;
    gatehouse_core::AuditFilter::export_all_to(dir)?;
    exceptions::ExceptionRegister::export_all_to(dir)?;
    review::ReviewInput::export_all_to(dir)?;
    review::DecideInput::export_all_to(dir)?;
    review::ReviewBoard::export_all_to(dir)?;
    review_xlsx::ReviewImportOutcome::export_all_to(dir)?;
    gatehouse_import::Preview::export_all_to(dir)?;
    import::ImportOutcome::export_all_to(dir)?;
    wizard::ImportFile::export_all_to(dir)?;
    wizard::SheetChoice::export_all_to(dir)?;
    wizard::ImportReview::export_all_to(dir)?;
    wizard::CellWindow::export_all_to(dir)?;
    wizard::ImportDone::export_all_to(dir)?;
    wizard::SampleInfo::export_all_to(dir)?;
    job::Step::export_all_to(dir)?;
    simulate::SimulateInput::export_all_to(dir)?;
    gatehouse_core::Simulation::export_all_to(dir)?;
    gatehouse_core::Deck::export_all_to(dir)?;
    gatehouse_core::DeckReport::export_all_to(dir)?;
    export::ExportRequest::export_all_to(dir)?;
    export::ExportOutcome::export_all_to(dir)?;
    signing::SignerInfo::export_all_to(dir)?;
    session::ExportSetup::export_all_to(dir)?;
    session::NewSigningKey::export_all_to(dir)?;
    session::ImportSigningKey::export_all_to(dir)?;
    gatehouse_export::verify::Verification::export_all_to(dir)?;
    monte_carlo::MonteCarloInput::export_all_to(dir)?;
    drift::DriftReport::export_all_to(dir)?;
    drift::LastDriftCheck::export_all_to(dir)?;
    dashboard::Dashboard::export_all_to(dir)?;
    gatehouse_core::MonteCarloReport::export_all_to(dir)?;
    gatehouse_core::Difference::export_all_to(dir)?;
    gatehouse_core::WhatIf::<gatehouse_core::Simulation>::export_all_to(dir)?;
    change::ChangeInput::export_all_to(dir)?;
    change::ChangeRequested::export_all_to(dir)?;
    change::SignChange::export_all_to(dir)?;
    change::ChangeList::export_all_to(dir)?;
    Ok(())
}
