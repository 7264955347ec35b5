//! A workbench: one model being worked on, its vault, undo/redo and autosave.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use gatehouse_core::{AuditEvent, Counts, Edit, EntityKind, EventDraft, Model};
use gatehouse_vault::{Identity, MappingWrite, Recipient, StoredMapping, Vault};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{AppError, AppResult, ErrorCode};

/// When the desktop saves by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutosavePolicy {
    pub enabled: bool,
    /// Quiet time after the last edit before saving.
    pub delay_ms: u32,
}

impl Default for AutosavePolicy {
    fn default() -> Self {
        AutosavePolicy {
            enabled: true,
            delay_ms: 1500,
        }
    }
}

/// What a host shows about the open model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Summary {
    pub name: String,
    /// The vault file, or `None` for a model never saved (such as the demo).
    pub path: Option<String>,
    /// Unsaved changes exist.
    pub dirty: bool,
    pub counts: Counts,
    pub chain_head: String,
    #[ts(type = "number")]
    pub events: u64,
    pub recipients: Vec<String>,
    pub can_undo: bool,
    pub can_redo: bool,
    /// The next undo or redo, described.
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
    pub template: Option<String>,
    #[ts(type = "number")]
    pub schema_version: i64,
    pub autosave: AutosavePolicy,
    /// Changes with every change of the model (edit, undo, redo, import, open): work
    /// prepared against another revision, such as an import preview, is stale.
    #[ts(type = "number")]
    pub revision: u64,
    /// Today (`YYYY-MM-DD`, UTC) by the program's clock, which `$GATEHOUSE_NOW` may move: the
    /// front end's "today" for statuses and dates, the same day the findings use.
    pub today: String,
}

struct Step {
    forward: Edit,
    inverse: Edit,
    summary: String,
    /// An import's step: the file's stored mapping before and after it, so that undoing
    /// the import also forgets what the file made (and redoing it records it again).
    mapping: Option<MappingStep>,
}

struct MappingStep {
    before: Option<StoredMapping>,
    after: StoredMapping,
}

impl Step {
    fn mapping_write(&self, undo: bool) -> Option<MappingWrite<'_>> {
        let m = self.mapping.as_ref()?;
        Some(match (undo, &m.before) {
            (true, Some(before)) => MappingWrite::Put(before),
            (true, None) => MappingWrite::Remove(&m.after.source),
            (false, _) => MappingWrite::Put(&m.after),
        })
    }
}

pub struct Workbench {
    model: Model,
    vault: Vault,
    path: Option<PathBuf>,
    /// Unsaved changes that undo does not walk back (recipients, a hand-over record).
    dirty: bool,
    /// How many undo steps lead back from the saved (or initial) state to now: undoing
    /// back to it leaves nothing unsaved. `None` once that state cannot be reached (an
    /// edit after undoing past it).
    saved_depth: Option<usize>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    actor: String,
    clock: Arc<dyn Clock>,
    autosave: AutosavePolicy,
    last_edit: Option<DateTime<Utc>>,
    revision: u64,
    /// The last revisions' changes, oldest first: which kinds each touched, so that a front
    /// end holding the model of an earlier revision is sent only those lists.
    changes: std::collections::VecDeque<Change>,
}

/// One change of revision and the kinds of entity it touched (`None`: everything).
struct Change {
    from: u64,
    to: u64,
    kinds: Option<BTreeSet<EntityKind>>,
}

/// Changes remembered for [`Workbench::touched_since`]; a front end further behind gets
/// the whole model.
const CHANGES_KEPT: usize = 64;

/// Revisions are unique across workbenches, so a model opened in place of another never
/// shares one with it.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, Ordering::Relaxed)
}

impl Workbench {
    /// An unsaved workbench on `model` (e.g. a template), recorded as created by `actor`.
    pub fn create(
        model: Model,
        recipients: &[Recipient],
        how: &str,
        actor: &str,
        clock: Arc<dyn Clock>,
    ) -> AppResult<Workbench> {
        let draft = EventDraft {
            at: clock.now(),
            actor: actor.to_string(),
            action: "model.create".into(),
            summary: format!("created {:?} {how}", model.meta.name),
            before: None,
            after: Some(
                serde_json::json!({ "counts": model.counts(), "model_sha256": model.fingerprint() }),
            ),
        };
        let vault = Vault::create(&model, recipients, draft)?;
        Ok(Workbench::over(model, vault, None, actor, clock))
    }

    pub fn open(
        path: &Path,
        identity: &Identity,
        actor: &str,
        clock: Arc<dyn Clock>,
    ) -> AppResult<Workbench> {
        let vault = Vault::open(path, identity)?;
        let model = vault.model()?;
        gatehouse_core::validate(&model).map_err(gatehouse_vault::VaultError::from)?;
        Ok(Workbench::over(
            model,
            vault,
            Some(path.to_path_buf()),
            actor,
            clock,
        ))
    }

    fn over(
        model: Model,
        vault: Vault,
        path: Option<PathBuf>,
        actor: &str,
        clock: Arc<dyn Clock>,
    ) -> Workbench {
        Workbench {
            model,
            vault,
            path,
            dirty: false,
            saved_depth: Some(0),
            undo: Vec::new(),
            redo: Vec::new(),
            actor: actor.to_string(),
            clock,
            autosave: AutosavePolicy::default(),
            last_edit: None,
            revision: next_revision(),
            changes: std::collections::VecDeque::new(),
        }
    }

    /// Changes whenever the model does (edit, undo, redo, import) and differs between
    /// workbenches: work prepared against one revision (an import preview) is stale once
    /// it changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Moves to a new revision, remembering which kinds the change touched.
    fn bump(&mut self, kinds: Option<BTreeSet<EntityKind>>) {
        let from = self.revision;
        self.revision = next_revision();
        if self.changes.len() == CHANGES_KEPT {
            self.changes.pop_front();
        }
        self.changes.push_back(Change {
            from,
            to: self.revision,
            kinds,
        });
    }

    /// The kinds of entity changed since revision `since` of this workbench's model: none
    /// when it is the current one; `None` when that cannot be told (another workbench's
    /// revision, one too far back, a replacement of the whole model).
    pub fn touched_since(&self, since: u64) -> Option<BTreeSet<EntityKind>> {
        let mut at = since;
        let mut kinds = BTreeSet::new();
        while at != self.revision {
            let change = self.changes.iter().find(|c| c.from == at)?;
            kinds.extend(change.kinds.as_ref()?.iter().copied());
            at = change.to;
        }
        Some(kinds)
    }

    /// Who acts in this session (the recorded actor of its changes).
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The day it is by the workbench's clock (UTC).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().date_naive()
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty || self.saved_depth != Some(self.undo.len())
    }

    /// The saved state is the current one now.
    fn mark_saved(&mut self) {
        self.dirty = false;
        self.saved_depth = Some(self.undo.len());
    }

    /// A new step goes onto the undo stack and the redo stack is dropped: a saved state
    /// among the redone steps cannot be reached again.
    fn push_step(&mut self, step: Step) {
        if self
            .saved_depth
            .is_some_and(|depth| depth > self.undo.len())
        {
            self.saved_depth = None;
        }
        self.undo.push(step);
        self.redo.clear();
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn set_autosave(&mut self, policy: AutosavePolicy) {
        self.autosave = policy;
    }

    /// Applies one edit: validated, recorded as one audit event, undoable.
    pub fn apply(&mut self, edit: Edit) -> AppResult<AuditEvent> {
        let summary = edit.describe();
        self.apply_described(edit, summary)
    }

    /// [`Workbench::apply`] with the event's summary (and the undo step's) given, where
    /// the edit alone does not say what it is for (a version restored, a campaign closed).
    pub fn apply_described(&mut self, edit: Edit, summary: String) -> AppResult<AuditEvent> {
        let (event, inverse) = self.commit(&edit, &summary, "edit", None)?;
        self.push_step(Step {
            forward: edit,
            inverse,
            summary,
            mapping: None,
        });
        Ok(event)
    }

    pub fn undo(&mut self) -> AppResult<AuditEvent> {
        let step = self
            .undo
            .pop()
            .ok_or_else(|| AppError::new(ErrorCode::NothingToUndo, "there is nothing to undo"))?;
        match self.commit(
            &step.inverse,
            &format!("undo: {}", step.summary),
            "undo",
            step.mapping_write(true),
        ) {
            Ok((event, forward)) => {
                discard(forward);
                self.redo.push(step);
                Ok(event)
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    pub fn redo(&mut self) -> AppResult<AuditEvent> {
        let step = self
            .redo
            .pop()
            .ok_or_else(|| AppError::new(ErrorCode::NothingToRedo, "there is nothing to redo"))?;
        match self.commit(
            &step.forward,
            &format!("redo: {}", step.summary),
            "redo",
            step.mapping_write(false),
        ) {
            Ok((event, inverse)) => {
                discard(inverse);
                self.undo.push(step);
                Ok(event)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// Applies `edit` to the model and records it in the vault; on any failure the model
    /// is restored.
    fn commit(
        &mut self,
        edit: &Edit,
        summary: &str,
        how: &str,
        mapping: Option<MappingWrite<'_>>,
    ) -> AppResult<(AuditEvent, Edit)> {
        let inverse = gatehouse_core::apply(&mut self.model, edit.clone())?;
        let action = match how {
            "edit" => edit.action(),
            other => format!("{}.{other}", edit.action()),
        };
        let draft = EventDraft {
            at: self.clock.now(),
            actor: self.actor.clone(),
            action,
            summary: summary.to_string(),
            before: Some(change_record(&inverse)),
            after: Some(change_record(edit)),
        };
        match self.vault.record_with_mapping(Some(edit), mapping, draft) {
            Ok(event) => {
                self.last_edit = Some(event.at);
                self.bump(edit.kinds());
                Ok((event, inverse))
            }
            Err(e) => {
                gatehouse_core::apply(&mut self.model, inverse).map_err(AppError::from)?;
                Err(e.into())
            }
        }
    }

    /// Applies an import: its edit (if it changes anything) and the mapping it used, in one
    /// vault transaction with one audit event; undoable as one step.
    ///
    /// `change` is the import's edit with the model it leads to, which the import built and
    /// validated against this workbench's current model: that model is taken as it is
    /// rather than applying the edit (and validating) a second time.
    pub(crate) fn apply_import(
        &mut self,
        change: Option<(Edit, Model)>,
        mapping: &StoredMapping,
        summary: &str,
        details: serde_json::Value,
    ) -> AppResult<AuditEvent> {
        let change = match change {
            Some((edit, outcome)) => {
                let inverse = gatehouse_core::inverse_of(&self.model, &edit).ok_or_else(|| {
                    AppError::new(
                        ErrorCode::ImportInvalid,
                        "the import's changes repeat an entity; nothing was changed",
                    )
                })?;
                Some((edit, inverse, outcome))
            }
            None => None,
        };
        let draft = EventDraft {
            at: self.clock.now(),
            actor: self.actor.clone(),
            action: "model.import".into(),
            summary: summary.to_string(),
            before: change
                .as_ref()
                .map(|(_, inverse, _)| change_record(inverse)),
            after: Some(details),
        };
        let before = self.vault.import_mapping(&mapping.source)?;
        let edit = change.as_ref().map(|(edit, ..)| edit);
        let event = self.vault.record_import(edit, mapping, draft)?;
        self.last_edit = Some(event.at);
        self.bump(match edit {
            Some(edit) => edit.kinds(),
            None => Some(BTreeSet::new()),
        });
        match change {
            Some((forward, inverse, outcome)) => {
                self.model = outcome;
                self.push_step(Step {
                    forward,
                    inverse,
                    summary: summary.to_string(),
                    mapping: Some(MappingStep {
                        before,
                        after: mapping.clone(),
                    }),
                });
            }
            // Only the mapping was kept: nothing to undo, but something to save.
            None => self.dirty = true,
        }
        Ok(event)
    }

    /// Saves to the file the workbench came from.
    pub fn save(&mut self) -> AppResult<()> {
        let path = self.path.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::NoFile,
                "this model has not been saved yet; use Save As to pick a file",
            )
        })?;
        self.vault.save(&path)?;
        self.mark_saved();
        Ok(())
    }

    /// Saves to `path` and keeps working there. With `recipients`, the vault is encrypted to
    /// them from now on (an audited change).
    pub fn save_as(&mut self, path: &Path, recipients: Option<&[Recipient]>) -> AppResult<()> {
        if let Some(recipients) = recipients {
            if self.vault.recipients()? != recipients {
                self.set_recipients(recipients)?;
            }
        }
        self.vault.save(path)?;
        self.path = Some(path.to_path_buf());
        self.mark_saved();
        Ok(())
    }

    pub fn recipients(&self) -> AppResult<Vec<Recipient>> {
        Ok(self.vault.recipients()?)
    }

    /// Changes who can open the vault from the next save on.
    pub fn set_recipients(&mut self, recipients: &[Recipient]) -> AppResult<AuditEvent> {
        let labels = self.recipient_labels()?;
        self.set_recipients_labelled(recipients, &labels)
    }

    /// The names given to the vault's recipients, by key.
    pub fn recipient_labels(&self) -> AppResult<BTreeMap<String, String>> {
        Ok(self.vault.recipient_labels()?)
    }

    /// Changes who can open the vault, and their labels, from the next save on: one
    /// audited change.
    pub fn set_recipients_labelled(
        &mut self,
        recipients: &[Recipient],
        labels: &BTreeMap<String, String>,
    ) -> AppResult<AuditEvent> {
        let listed = |list: &[Recipient], labels: &BTreeMap<String, String>| -> Vec<String> {
            list.iter()
                .map(|r| {
                    let key = r.to_string();
                    match labels.get(&key) {
                        Some(label) => format!("{key} ({label})"),
                        None => key,
                    }
                })
                .collect()
        };
        let before = listed(&self.vault.recipients()?, &self.vault.recipient_labels()?);
        let after = listed(recipients, labels);
        let draft = EventDraft {
            at: self.clock.now(),
            actor: self.actor.clone(),
            action: "vault.recipients".into(),
            summary: format!("vault encrypted to {} recipient(s)", after.len()),
            before: Some(serde_json::json!(before)),
            after: Some(serde_json::json!(after)),
        };
        let event = self
            .vault
            .set_recipients_labelled(recipients, labels, draft)?;
        self.dirty = true;
        Ok(event)
    }

    /// Writes a hand-over copy of the model as it is now to `path`, encrypted to
    /// `recipients` only, then records it in the audit log (to whom, when, which file). The
    /// vault's own file and recipients are left as they are; the record is saved with the
    /// next save.
    pub fn save_copy(&mut self, path: &Path, recipients: &[Recipient]) -> AppResult<AuditEvent> {
        if self.path.as_deref().is_some_and(|own| same_file(own, path)) {
            return Err(AppError::new(
                ErrorCode::CopyOverSelf,
                format!(
                    "{}: this is the open model's own file; a hand-over copy needs another file",
                    path.display()
                ),
            ));
        }
        self.vault.save_copy(path, recipients)?;
        let to: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let event = self.vault.log(EventDraft {
            at: self.clock.now(),
            actor: self.actor.clone(),
            action: "vault.copy".into(),
            summary: format!("hand-over copy {file} for {} recipient(s)", to.len()),
            before: None,
            after: Some(serde_json::json!({ "file": file, "recipients": to })),
        })?;
        self.dirty = true;
        Ok(event)
    }

    /// Records something done with the model that does not change it (an export), as an
    /// audit event saved with the next save.
    pub fn record(
        &mut self,
        action: &str,
        summary: String,
        after: serde_json::Value,
    ) -> AppResult<AuditEvent> {
        let event = self.vault.log(EventDraft {
            at: self.clock.now(),
            actor: self.actor.clone(),
            action: action.into(),
            summary,
            before: None,
            after: Some(after),
        })?;
        self.dirty = true;
        Ok(event)
    }

    /// Saves when autosave is on, the model has a file, has unsaved changes and the last
    /// edit is at least the policy's delay old. Returns whether it saved.
    pub fn autosave_if_due(&mut self) -> AppResult<bool> {
        let due = match (
            self.autosave.enabled,
            &self.path,
            self.is_dirty(),
            self.last_edit,
        ) {
            (true, Some(_), true, Some(last)) => {
                self.clock.now() - last
                    >= chrono::Duration::milliseconds(i64::from(self.autosave.delay_ms))
            }
            _ => false,
        };
        if due {
            self.save()?;
        }
        Ok(due)
    }

    /// Keeps the model as it is now as the version `name`, recorded in the audit log;
    /// saved with the next save.
    pub(crate) fn name_version(
        &mut self,
        name: &str,
        approved_by: Option<String>,
        note: &str,
    ) -> AppResult<AuditEvent> {
        let at = self.clock.now();
        let version = gatehouse_vault::StoredVersion {
            name: name.to_string(),
            approved_by: approved_by.clone(),
            note: note.to_string(),
            at,
            actor: self.actor.clone(),
            model_sha256: self.model.fingerprint(),
        };
        let draft = EventDraft {
            at,
            actor: self.actor.clone(),
            action: "version.create".into(),
            summary: match &approved_by {
                Some(by) => format!("named the version {name:?}, approved by {by}"),
                None => format!("named the version {name:?}"),
            },
            before: None,
            after: Some(serde_json::json!({
                "name": name,
                "approved_by": approved_by,
                "note": note,
                "model_sha256": version.model_sha256,
                "counts": self.model.counts(),
            })),
        };
        let event = self.vault.add_version(&version, &self.model, draft)?;
        self.dirty = true;
        Ok(event)
    }

    pub fn events(&self) -> AppResult<Vec<AuditEvent>> {
        Ok(self.vault.events()?)
    }

    pub fn summary(&self) -> AppResult<Summary> {
        Ok(Summary {
            name: self.model.meta.name.clone(),
            path: self.path.as_ref().map(|p| p.display().to_string()),
            dirty: self.is_dirty(),
            counts: self.model.counts(),
            chain_head: self.vault.chain_head()?,
            events: self.vault.event_count()?,
            recipients: self
                .vault
                .recipients()?
                .iter()
                .map(|r| r.to_string())
                .collect(),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
            undo_label: self.undo.last().map(|s| s.summary.clone()),
            redo_label: self.redo.last().map(|s| s.summary.clone()),
            template: self.model.meta.template.clone(),
            schema_version: self.vault.schema_version()?,
            autosave: self.autosave,
            revision: self.revision,
            today: self.clock.now().date_naive().to_string(),
        })
    }
}

/// Edits in a batch up to which an audit event keeps each of them.
const RECORDED_BATCH: usize = 200;

/// Frees an edit the workbench no longer needs, on another thread when it is large: freeing
/// the 200,000 entities an undone import held took a tenth of a second the person waited
/// for (BENCHMARKS.md, a 100,000-row import in the desktop).
fn discard(edit: Edit) {
    let large = match &edit {
        Edit::Batch { edits } => edits.len() > RECORDED_BATCH,
        Edit::Replace { .. } => true,
        _ => false,
    };
    if large {
        std::thread::spawn(move || drop(edit));
    }
}

/// What an audit event keeps of an edit: the entities themselves; for a whole-model
/// replacement its fingerprint and counts, and for a large batch (an import) how many
/// edits it held and their SHA-256 (what they changed is in the vault either way).
fn change_record(edit: &Edit) -> serde_json::Value {
    match edit {
        Edit::Replace { model } => serde_json::json!({
            "op": "replace",
            "model_sha256": model.fingerprint(),
            "counts": model.counts(),
        }),
        Edit::Batch { edits } if edits.len() > RECORDED_BATCH => serde_json::json!({
            "op": "batch",
            "edits": edits.len(),
            "sha256": gatehouse_core::audit::sha256_json_hex(edit),
        }),
        other => serde_json::to_value(other).expect("edits serialise"),
    }
}

/// Whether two paths name the same file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs_err::canonicalize(a), fs_err::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
