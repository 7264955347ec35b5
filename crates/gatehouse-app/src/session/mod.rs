//! A desktop session: the user's identity (locked or unlocked) and the open workbench.
//! Every method is one host command; the desktop shell forwards to these one-to-one.
//!
//! Each capability of the session is a module of its own, with its operations: the
//! identity ([`identity`]), the model's files ([`files`]), editing ([`editing`]), the
//! analysis ([`analysis`]), the import wizard ([`import`]) and the audit package
//! ([`export`]).

mod analysis;
mod audit;
mod change;
mod drift;
mod editing;
pub use editing::ModelDelta;
mod exceptions;
mod export;
mod files;
mod identity;
mod import;
mod review;
mod share;
mod simulation;
mod versions;

use std::path::PathBuf;
use std::sync::Arc;

use gatehouse_vault::Identity;

use crate::clock::Clock;
use crate::error::AppResult;
use crate::templates::{self, DEMO_TEMPLATE};
use crate::wizard::Wizard;
use crate::workbench::{Summary, Workbench};

pub use export::{ExportSection, ExportSetup, ImportSigningKey, NewSigningKey, SigningKeyStatus};

pub struct Session {
    /// A file named on the command line, opened once the identity is unlocked.
    pending: Option<PathBuf>,
    identity_path: PathBuf,
    identity: Option<Identity>,
    workbench: Workbench,
    actor: String,
    clock: Arc<dyn Clock>,
    /// The import wizard, while one is open.
    wizard: Option<Wizard>,
    /// A spreadsheet named on the command line, for the import wizard to open.
    pending_import: Option<PathBuf>,
    /// The Export page's signing key and last package.
    export: export::ExportState,
}

impl Session {
    /// A session showing the demo model (the generic template, unsaved), identity locked.
    pub fn demo(identity_path: PathBuf, actor: &str, clock: Arc<dyn Clock>) -> AppResult<Session> {
        let workbench = from_template(DEMO_TEMPLATE, actor, clock.clone())?;
        Ok(Session {
            pending: None,
            identity_path,
            identity: None,
            workbench,
            actor: actor.to_string(),
            clock,
            wizard: None,
            pending_import: None,
            export: export::ExportState::default(),
        })
    }

    pub fn workbench(&self) -> &Workbench {
        &self.workbench
    }

    pub fn summary(&self) -> AppResult<Summary> {
        self.workbench.summary()
    }
}

fn from_template(template: &str, actor: &str, clock: Arc<dyn Clock>) -> AppResult<Workbench> {
    let model = templates::load(template)?;
    Workbench::create(
        model,
        &[],
        &format!("from template {template}"),
        actor,
        clock,
    )
}
