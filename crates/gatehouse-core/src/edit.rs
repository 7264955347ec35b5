//! Edits: the only way a model changes. Each edit is validated as a whole and yields its
//! inverse, which is what undo applies.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::entity::{Entity, EntityKind, KeyChange};
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

    /// The kinds of entity the edit touches; `None` when it replaces the whole model. The
    /// model's meta is not a kind (renaming touches none).
    pub fn kinds(&self) -> Option<std::collections::BTreeSet<EntityKind>> {
        let mut kinds = std::collections::BTreeSet::new();
        let mut stack = vec![self];
        while let Some(edit) = stack.pop() {
            match edit {
                Edit::Upsert { entity } => {
                    kinds.insert(entity.kind());
                }
                Edit::Delete { kind, .. } => {
                    kinds.insert(*kind);
                }
                Edit::SetMeta { .. } => {}
                Edit::Replace { .. } => return None,
                Edit::Batch { edits } => stack.extend(edits),
            }
        }
        Some(kinds)
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
///
/// `model`'s lists must be sorted by key, as every model built by this crate, loaded from
/// a vault or read from JSON is (see [`Model::canonicalize`]).
pub fn apply(model: &mut Model, edit: Edit) -> Result<Edit, EditError> {
    debug_assert!(
        model.is_sorted_by_key(),
        "edits apply to models sorted by key"
    );
    let inverse = apply_without_validation(model, edit)?;
    if let Err(errors) = validate(model) {
        apply_unchecked(model, inverse);
        return Err(EditError::Invalid(errors));
    }
    Ok(inverse)
}

/// The edit that undoes `edit` on `model`, equal to what [`apply`] would return, found
/// without applying it: for a caller that already holds the outcome (an import builds and
/// validates the merged model while previewing, and then only needs the undo step).
///
/// Only for an upsert, a delete of a key the model holds, or a batch of those on distinct
/// keys; `None` for anything else.
pub fn inverse_of(model: &Model, edit: &Edit) -> Option<Edit> {
    let one = |edit: &Edit| match edit {
        Edit::Upsert { entity } => {
            let (kind, key) = (entity.kind(), entity.key());
            Some(match model.get(kind, &key) {
                Some(previous) => Edit::Upsert { entity: previous },
                None => Edit::Delete { kind, key },
            })
        }
        Edit::Delete { kind, key } => model
            .get(*kind, key)
            .map(|previous| Edit::Upsert { entity: previous }),
        _ => None,
    };
    match edit {
        Edit::Batch { edits } => {
            if !plain_and_distinct(edits) {
                return None;
            }
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits.iter().rev() {
                inverses.push(one(edit)?);
            }
            Some(Edit::Batch { edits: inverses })
        }
        edit => one(edit),
    }
}

/// Whether a batch holds only upserts and deletes, each of a different key.
fn plain_and_distinct(edits: &[Edit]) -> bool {
    // Keys borrowed, in a set sized once: 200,000 of them for an import.
    let mut keys = rustc_hash::FxHashSet::default();
    keys.reserve(edits.len());
    edits.iter().all(|e| match e {
        Edit::Upsert { entity } => keys.insert((entity.kind(), entity.key_ref())),
        Edit::Delete { kind, key } => keys.insert((*kind, Cow::Borrowed(key.as_str()))),
        _ => false,
    })
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
        Edit::Batch { edits } if is_plain(&edits) => apply_in_bulk(model, edits)?,
        Edit::Batch { edits } => apply_one_by_one(model, edits)?,
    })
}

/// Applies a batch's edits in order; on error, undoes what it already did.
fn apply_one_by_one(model: &mut Model, edits: Vec<Edit>) -> Result<Edit, EditError> {
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
    Ok(Edit::Batch { edits: inverses })
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
        Edit::Batch { edits } if is_plain(&edits) => {
            // An inverse deletes only what its edit added: it cannot fail.
            let _ = apply_in_bulk(model, edits);
        }
        Edit::Batch { edits } => {
            for edit in edits {
                apply_unchecked(model, edit);
            }
        }
    }
}

/// Whether a batch holds only upserts and deletes (what [`apply_in_bulk`] handles).
fn is_plain(edits: &[Edit]) -> bool {
    edits
        .iter()
        .all(|e| matches!(e, Edit::Upsert { .. } | Edit::Delete { .. }))
}

/// One upsert (`after` is the entity) or delete (`after` is `None`) of a batch, at its
/// position `at` in the batch.
struct Step {
    kind: EntityKind,
    key: String,
    at: usize,
    after: Option<Entity>,
}

/// The state of one key while a batch's steps on it are replayed.
enum State {
    /// The entity the model holds before the batch (still in the model's list).
    Original,
    Absent,
    Set(Entity),
}

/// Applies a batch of upserts and deletes with the same outcome, inverse and error as
/// applying them one by one, in time linear in the model plus `n log n` in the batch:
/// the steps are grouped by kind and key (a key's steps keep their order), replayed key by
/// key to find each step's inverse and the key's final state, and then merged into each
/// list in one pass. Applying them one by one would move a list's tail for every insert,
/// which is quadratic for an import of a hundred thousand entities.
///
/// On error (a delete of a key that is not there at that point) the model is untouched.
fn apply_in_bulk(model: &mut Model, edits: Vec<Edit>) -> Result<Edit, EditError> {
    // Sized once: growing a vector of 200,000 steps by doubling cost an undone import more
    // than the rest of this function.
    let mut steps: Vec<Step> = Vec::with_capacity(edits.len());
    steps.extend(
        edits
            .into_iter()
            .enumerate()
            .filter_map(|(at, edit)| match edit {
                Edit::Upsert { entity } => Some(Step {
                    kind: entity.kind(),
                    key: entity.key(),
                    at,
                    after: Some(entity),
                }),
                Edit::Delete { kind, key } => Some(Step {
                    kind,
                    key,
                    at,
                    after: None,
                }),
                _ => None,
            }),
    );
    // Stable: the steps on one key stay in batch order.
    steps.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));

    let mut inverses: Vec<Option<Edit>> = vec![None; steps.len()];
    let mut changes: Vec<(EntityKind, Vec<KeyChange>)> = Vec::new();
    // The first delete (in batch order) of a key absent at that point: the batch's error.
    let mut missing: Option<(usize, EntityKind, String)> = None;
    let mut steps = steps.into_iter().peekable();
    while let Some(first) = steps.next() {
        let (kind, key, first_at) = (first.kind, first.key.clone(), first.at);
        let existed = model.contains(kind, &key);
        let mut state = if existed {
            State::Original
        } else {
            State::Absent
        };
        let mut step = Some(first);
        while let Some(Step { at, after, .. }) = step {
            inverses[at] = match std::mem::replace(&mut state, State::Absent) {
                // Filled in by the merge, with the entity the list holds.
                State::Original => None,
                State::Set(previous) => Some(Edit::Upsert { entity: previous }),
                State::Absent if after.is_some() => Some(Edit::Delete {
                    kind,
                    key: key.clone(),
                }),
                State::Absent => {
                    if missing.as_ref().is_none_or(|(first, ..)| at < *first) {
                        missing = Some((at, kind, key.clone()));
                    }
                    None
                }
            };
            if let Some(entity) = after {
                state = State::Set(entity);
            }
            step = steps.next_if(|s| s.kind == kind && s.key == key);
        }
        let change = KeyChange {
            key,
            after: match state {
                State::Set(entity) => Some(entity),
                State::Original | State::Absent => None,
            },
            before_slot: existed.then_some(first_at),
        };
        match changes.last_mut() {
            Some((k, list)) if *k == kind => list.push(change),
            _ => changes.push((kind, vec![change])),
        }
    }
    if let Some((_, kind, key)) = missing {
        return Err(EditError::NotFound { kind, key });
    }
    for (kind, list) in changes {
        model.merge_changes(kind, list, &mut inverses);
    }
    // Reversed in place and then unwrapped in place (an `Option<Edit>` is the size of an
    // `Edit`), rather than copied into a new vector.
    inverses.reverse();
    Ok(Edit::Batch {
        edits: inverses
            .into_iter()
            .map(|inverse| inverse.expect("every step of a batch has its inverse"))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::testing::arb_model;

    /// Upserts and deletes drawn from `pool` (entities of the model and of another one, so
    /// that keys are replaced, added, deleted, missing and repeated).
    fn batch(pool: &[Entity], picks: &[(usize, bool)]) -> Vec<Edit> {
        picks
            .iter()
            .map(|&(i, delete)| {
                let entity = &pool[i % pool.len()];
                if delete {
                    Edit::Delete {
                        kind: entity.kind(),
                        key: entity.key(),
                    }
                } else {
                    Edit::Upsert {
                        entity: entity.clone(),
                    }
                }
            })
            .collect()
    }

    /// A model and a batch of edits for it, drawn from its entities and another model's.
    fn model_and_batch() -> impl Strategy<Value = (Model, Vec<Edit>)> {
        (
            arb_model(),
            arb_model(),
            proptest::collection::vec((any::<usize>(), proptest::bool::weighted(0.3)), 0..40),
        )
            .prop_filter_map("no entity to edit", |(model, other, picks)| {
                let pool: Vec<Entity> = model.entities().chain(other.entities()).collect();
                (!pool.is_empty()).then(|| (model, batch(&pool, &picks)))
            })
    }

    #[test]
    fn an_edit_names_the_kinds_it_touches_and_a_replacement_names_none() {
        let edit = Edit::Batch {
            edits: vec![
                Edit::Delete {
                    kind: EntityKind::Role,
                    key: "maker".into(),
                },
                Edit::Batch {
                    edits: vec![Edit::Delete {
                        kind: EntityKind::Grant,
                        key: "maker|build|*".into(),
                    }],
                },
                Edit::SetMeta {
                    meta: ModelMeta::default(),
                },
            ],
        };
        assert_eq!(
            edit.kinds(),
            Some([EntityKind::Role, EntityKind::Grant].into())
        );
        let replace = Edit::Replace {
            model: Box::default(),
        };
        assert_eq!(replace.kinds(), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn inverse_of_is_the_inverse_apply_returns(
            (model, edits) in model_and_batch(),
        ) {
            let distinct = plain_and_distinct(&edits);
            let edit = Edit::Batch { edits };
            let found = inverse_of(&model, &edit);
            let mut applied = model.clone();
            match apply_without_validation(&mut applied, edit) {
                Ok(inverse) if distinct => prop_assert_eq!(found, Some(inverse)),
                // A repeated key, or a delete of a key the model lacks: not covered.
                _ => prop_assert_eq!(found, None),
            }
        }

        #[test]
        fn the_old_model_with_the_part_the_edit_touched_is_the_new_model(
            (model, edits) in model_and_batch(),
        ) {
            // What a front end does: its copy of the model, each list the part names
            // replaced by the part's.
            let edit = Edit::Batch { edits };
            let kinds = edit.kinds().expect("a batch of upserts and deletes replaces nothing");
            let mut after = model.clone();
            if apply_without_validation(&mut after, edit).is_ok() {
                let serde_json::Value::Object(mut merged) = serde_json::to_value(&model).unwrap()
                else { unreachable!() };
                let serde_json::Value::Object(part) =
                    serde_json::to_value(after.part(&kinds)).unwrap()
                else { unreachable!() };
                merged.extend(part);
                let merged: Model = serde_json::from_value(merged.into()).unwrap();
                prop_assert_eq!(merged, after);
            }
        }

        #[test]
        fn a_batch_in_bulk_does_what_its_edits_do_one_by_one(
            (model, edits) in model_and_batch(),
        ) {

            let mut bulk = model.clone();
            let bulk_inverse = apply_in_bulk(&mut bulk, edits.clone());
            let mut sequential = model.clone();
            let sequential_inverse = apply_one_by_one(&mut sequential, edits);

            prop_assert_eq!(&bulk_inverse, &sequential_inverse);
            prop_assert_eq!(&bulk, &sequential);
            prop_assert!(bulk.is_canonical());
            if let Ok(inverse) = bulk_inverse {
                // The inverse restores the model exactly, in bulk as one by one.
                let mut undone = bulk.clone();
                apply_unchecked(&mut undone, inverse.clone());
                prop_assert_eq!(&undone, &model);
                let Edit::Batch { edits } = inverse else { unreachable!() };
                apply_one_by_one(&mut sequential, edits).unwrap();
                prop_assert_eq!(&sequential, &model);
            } else {
                prop_assert_eq!(&bulk, &model);
            }
        }
    }
}
