//! Edits: the only way a model changes. Each edit is validated as a whole and yields its
//! inverse, which is what undo applies.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::entity::{Entity, EntityKind};
use crate::model::{Model, ModelMeta};
use crate::validate::{validate, ValidationErrors};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Add an entity, or replace the one with the same key.
    Upsert { entity: Entity },
    /// Remove the entity of `kind` with `key`.
    Delete { kind: EntityKind, key: String },
    /// Rename or re-describe the model.
    SetMeta { meta: ModelMeta },
    /// Replace the whole model (model import, undo of an import).
    Replace { model: Box<Model> },
    /// Several edits applied together as one step (e.g. filling a range of the matrix):
    /// all or nothing, one audit event, one undo.
    Batch { edits: Vec<Edit> },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("there is no {kind} {key:?} to delete")]
    NotFound { kind: EntityKind, key: String },
    #[error("the edit would leave the model invalid: {0}")]
    Invalid(#[from] ValidationErrors),
}

impl Edit {
    /// A short, stable name for the audit log, e.g. `role.upsert`.
    pub fn action(&self) -> String {
        match self {
            Edit::Upsert { entity } => format!("{}.upsert", entity.kind()),
            Edit::Delete { kind, .. } => format!("{kind}.delete"),
            Edit::SetMeta { .. } => "model.meta".to_string(),
            Edit::Replace { .. } => "model.replace".to_string(),
            Edit::Batch { .. } => "model.batch".to_string(),
        }
    }

    /// One line a person understands.
    pub fn describe(&self) -> String {
        match self {
            Edit::Upsert { entity } => format!("set {} {:?}", entity.kind(), entity.key()),
            Edit::Delete { kind, key } => format!("delete {kind} {key:?}"),
            Edit::SetMeta { meta } => format!("rename the model to {:?}", meta.name),
            Edit::Replace { model } => {
                format!(
                    "replace the model with {:?} ({} entities)",
                    model.meta.name,
                    model.counts().total()
                )
            }
            Edit::Batch { edits } => match &edits[..] {
                [one] => one.describe(),
                _ => format!("{} changes at once", edits.len()),
            },
        }
    }
}

/// Applies `edit` to `model` and returns the edit that undoes it. On error the model is
/// left exactly as it was.
pub fn apply(model: &mut Model, edit: Edit) -> Result<Edit, EditError> {
    let inverse = apply_without_validation(model, edit)?;
    if let Err(errors) = validate(model) {
        apply_unchecked(model, inverse);
        return Err(EditError::Invalid(errors));
    }
    Ok(inverse)
}

/// Applies one edit and returns its inverse; validation is the caller's (a batch is valid
/// as a whole, not step by step).
fn apply_without_validation(model: &mut Model, edit: Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::Upsert { entity } => {
            let (kind, key) = (entity.kind(), entity.key());
            match model.upsert(entity) {
                Some(previous) => Edit::Upsert { entity: previous },
                None => Edit::Delete { kind, key },
            }
        }
        Edit::Delete { kind, key } => match model.remove(kind, &key) {
            Some(previous) => Edit::Upsert { entity: previous },
            None => return Err(EditError::NotFound { kind, key }),
        },
        Edit::SetMeta { meta } => Edit::SetMeta {
            meta: std::mem::replace(&mut model.meta, meta),
        },
        Edit::Replace {
            model: mut replacement,
        } => {
            replacement.canonicalize();
            Edit::Replace {
                model: Box::new(std::mem::replace(model, *replacement)),
            }
        }
        Edit::Batch { edits } => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply_without_validation(model, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        // Undo what this batch already did, newest first.
                        for inverse in inverses.into_iter().rev() {
                            apply_unchecked(model, inverse);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch { edits: inverses }
        }
    })
}

/// Applies an inverse that is known to restore a valid model.
fn apply_unchecked(model: &mut Model, edit: Edit) {
    match edit {
        Edit::Upsert { entity } => {
            model.upsert(entity);
        }
        Edit::Delete { kind, key } => {
            model.remove(kind, &key);
        }
        Edit::SetMeta { meta } => model.meta = meta,
        Edit::Replace { model: previous } => *model = *previous,
        Edit::Batch { edits } => {
            for edit in edits {
                apply_unchecked(model, edit);
            }
        }
    }
}
