//! Editing the session's model: one edit at a time, undo and redo.

use gatehouse_core::{Edit, Model};
use serde::Serialize;
use serde_json::value::RawValue;
use ts_rs::TS;

use super::Session;
use crate::error::AppResult;
use crate::workbench::Summary;

/// What changed in the model since the revision a front end holds: the lists of the kinds
/// an edit touched (and the meta), or the whole model when that cannot be told. A model of
/// 100,000 assignments is not sent again when one grant changes.
#[derive(Debug, Serialize, TS)]
pub struct ModelDelta {
    /// The revision the model now has (what to ask from next time).
    #[ts(type = "number")]
    pub revision: u64,
    /// Whether `model` is the whole model (else only the lists that changed).
    pub full: bool,
    /// The model's meta and the changed lists, by the model's field names.
    #[ts(type = "Partial<import(\"./Model\").Model>")]
    pub model: Box<RawValue>,
}

impl Session {
    pub fn model(&self) -> Model {
        self.workbench.model().clone()
    }

    /// The model's changes since revision `since` (the whole model for `None`, or when the
    /// changes since are not known).
    pub fn model_delta(&self, since: Option<u64>) -> ModelDelta {
        let model = self.workbench.model();
        let kinds = since.and_then(|r| self.workbench.touched_since(r));
        let json = match &kinds {
            Some(kinds) => serde_json::to_string(&model.part(kinds)),
            None => serde_json::to_string(model),
        };
        let json = json.expect("models always serialise to JSON");
        ModelDelta {
            revision: self.workbench.revision(),
            full: kinds.is_none(),
            model: RawValue::from_string(json).expect("serde_json writes valid JSON"),
        }
    }

    pub fn apply_edit(&mut self, edit: Edit) -> AppResult<Summary> {
        self.workbench.apply(edit)?;
        self.summary()
    }

    pub fn undo(&mut self) -> AppResult<Summary> {
        self.workbench.undo()?;
        self.summary()
    }

    pub fn redo(&mut self) -> AppResult<Summary> {
        self.workbench.redo()?;
        self.summary()
    }
}
