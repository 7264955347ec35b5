//! A newer version of a file: what an earlier import of the file made that this version no
//! longer has. Listed in the preview and kept unless the import is asked to sync, which
//! removes them in the same edit as the rest of the import.

use gatehouse_core::{Entity, EntityKind, Model};
use serde::{Deserialize, Serialize};

use crate::error::ImportError;
use crate::plan::{from_rows, Held};
use crate::Import;

/// An entity an earlier import of the file made, still in the model, that this version of
/// the file no longer has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gone {
    /// `grant`, `responsibility`, `assignment` or `sod_rule`.
    pub kind: String,
    pub key: String,
    /// The entity in words, with the model's names.
    pub what: String,
}

impl Import {
    /// Lists in the preview what `previous` (the entities the last import of this file
    /// made) has that this version of the file does not, among what the model still holds.
    pub fn note_gone(&mut self, previous: &Held) {
        let mut gone = Vec::new();
        for (kind_name, keys) in previous {
            let Some(kind) = EntityKind::parse(kind_name).filter(|k| from_rows(*k)) else {
                continue;
            };
            let now = self.held.get(kind_name).map_or(&[][..], Vec::as_slice);
            for key in keys {
                if now.binary_search(key).is_err() {
                    if let Some(entity) = self.model.get(kind, key) {
                        gone.push(Gone {
                            kind: kind_name.clone(),
                            key: key.clone(),
                            what: describe(&self.model, &entity),
                        });
                    }
                }
            }
        }
        self.preview.gone = gone;
    }

    /// Removes what the preview lists as gone from the model the import leads to, in the
    /// import's one edit. Refused, changing nothing, when that would leave the model
    /// invalid (an exception waiving an SoD rule the file no longer has, say).
    pub fn sync(&mut self) -> Result<(), ImportError> {
        if self.preview.gone.is_empty() {
            return Ok(());
        }
        let mut model = self.model.clone();
        let mut removed = Vec::new();
        // Positions removed, by kind, to move the changed entities' positions down.
        let mut positions: Vec<(EntityKind, usize)> = Vec::new();
        for g in &self.preview.gone {
            let kind = EntityKind::parse(&g.kind).expect("a gone entity's kind is one of ours");
            if let Some(at) = self.model.position(kind, &g.key) {
                positions.push((kind, at));
            }
            model.remove(kind, &g.key);
            removed.push((kind, g.key.clone()));
        }
        gatehouse_core::validate(&model).map_err(|e| ImportError::SyncRefused {
            file: self.preview.file.clone(),
            reason: e.to_string(),
        })?;
        positions.sort_unstable();
        for (kind, at) in &mut self.changed {
            let before = positions.partition_point(|p| *p < (*kind, *at));
            let of_kind = positions.partition_point(|p| p.0 < *kind);
            *at -= before - of_kind;
        }
        self.model = model;
        self.removed = removed;
        self.preview.synced = true;
        Ok(())
    }
}

/// One line for an entity a file made, with the model's names where it has them.
fn describe(m: &Model, e: &Entity) -> String {
    let name = |kind: EntityKind, id: &str| match m.get(kind, id) {
        Some(Entity::Person(p)) => p.name,
        Some(Entity::Role(r)) => r.name,
        Some(Entity::Capability(c)) => c.name,
        Some(Entity::Environment(e)) => e.name,
        _ => id.to_string(),
    };
    let scope = |env: &Option<String>| match env {
        Some(e) => format!(" in {}", name(EntityKind::Environment, e)),
        None => String::new(),
    };
    match e {
        Entity::Grant(g) => format!(
            "{} has {} ({}){}",
            name(EntityKind::Role, &g.role),
            name(EntityKind::Capability, &g.capability),
            g.effect,
            scope(&g.environment)
        ),
        Entity::Assignment(a) => format!(
            "{} holds {}{}",
            name(EntityKind::Person, &a.person),
            name(EntityKind::Role, &a.role),
            scope(&a.environment)
        ),
        Entity::Responsibility(r) => format!(
            "{} is {} for {}",
            name(EntityKind::Role, &r.role),
            r.letters,
            r.activity
        ),
        Entity::SodRule(s) => format!("SoD rule {}", s.name),
        other => other.key(),
    }
}
