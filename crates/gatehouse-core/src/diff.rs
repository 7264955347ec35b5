//! The difference between two models: every entity added, removed or changed (grants,
//! assignments, ownership, gates, SoD rules, exceptions and every other kind), each with
//! its before and after, and whether the model's name or description changed.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::entity::{Entity, EntityKind};
use crate::model::{vocabulary, Model, ModelMeta};

vocabulary!(
    ChangeKind {
        Added => "added",
        Removed => "removed",
        Changed => "changed",
    }
);

/// One entity that differs between the two models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct EntityDiff {
    pub kind: EntityKind,
    pub key: String,
    pub change: ChangeKind,
    /// In the first model (absent when added).
    pub before: Option<Entity>,
    /// In the second model (absent when removed).
    pub after: Option<Entity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ModelDiff {
    /// The model's name and description, when they differ: (before, after).
    pub meta: Option<(ModelMeta, ModelMeta)>,
    /// By kind, then key.
    pub entities: Vec<EntityDiff>,
}

impl ModelDiff {
    pub fn is_empty(&self) -> bool {
        self.meta.is_none() && self.entities.is_empty()
    }

    /// How many entities of `kind` were added, removed or changed.
    pub fn count(&self, kind: EntityKind, change: ChangeKind) -> usize {
        self.entities
            .iter()
            .filter(|d| d.kind == kind && d.change == change)
            .count()
    }
}

/// What changed from `from` to `to`. Linear in the two models (both sorted by key, as
/// every model is after [`Model::canonicalize`]).
pub fn diff(from: &Model, to: &Model) -> ModelDiff {
    let ordered = |m: &Model| {
        let mut list: Vec<(EntityKind, String, Entity)> =
            m.entities().map(|e| (e.kind(), e.key(), e)).collect();
        // Already in order for a canonical model; a cheap check otherwise.
        if !list.is_sorted_by(|a, b| (a.0, &a.1) <= (b.0, &b.1)) {
            list.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        }
        list
    };
    let (a, b) = (ordered(from), ordered(to));
    let mut entities = Vec::new();
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => (x.0, &x.1).cmp(&(y.0, &y.1)),
        };
        match order {
            std::cmp::Ordering::Less => {
                let (kind, key, e) = a.next().expect("peeked");
                entities.push(EntityDiff {
                    kind,
                    key,
                    change: ChangeKind::Removed,
                    before: Some(e),
                    after: None,
                });
            }
            std::cmp::Ordering::Greater => {
                let (kind, key, e) = b.next().expect("peeked");
                entities.push(EntityDiff {
                    kind,
                    key,
                    change: ChangeKind::Added,
                    before: None,
                    after: Some(e),
                });
            }
            std::cmp::Ordering::Equal => {
                let ((kind, key, x), (_, _, y)) =
                    (a.next().expect("peeked"), b.next().expect("peeked"));
                if x != y {
                    entities.push(EntityDiff {
                        kind,
                        key,
                        change: ChangeKind::Changed,
                        before: Some(x),
                        after: Some(y),
                    });
                }
            }
        }
    }
    ModelDiff {
        meta: (from.meta != to.meta).then(|| (from.meta.clone(), to.meta.clone())),
        entities,
    }
}
