//! Entities as a closed set: one kind per list of the model, each with a stable key.
//!
//! Edits, storage and the audit log all speak of "an entity of kind K with key X", so this
//! module is the one place that knows which list of the model holds which kind.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::model::*;

/// Something with a key that is unique among the entities of its kind.
pub trait Keyed {
    fn key(&self) -> String;
}

macro_rules! keyed_by_id {
    ($($t:ty),+) => {$(
        impl Keyed for $t {
            fn key(&self) -> String {
                self.id.clone()
            }
        }
    )+};
}

keyed_by_id!(
    Person,
    Role,
    Capability,
    Environment,
    Assignment,
    Asset,
    SodRule,
    Gate,
    ChangeRequest,
    EscalationPath,
    AccessReview,
    Exception
);

impl Keyed for Grant {
    fn key(&self) -> String {
        grant_key(&self.role, &self.capability, self.environment.as_deref())
    }
}

impl Keyed for Responsibility {
    fn key(&self) -> String {
        format!(
            "{}|{}",
            self.role,
            crate::validate::normalize_name(&self.activity)
        )
    }
}

impl Keyed for Ownership {
    fn key(&self) -> String {
        format!("{}|{}|{}", self.asset, self.kind.as_str(), self.person)
    }
}

/// The key of the grant for `role` × `capability` in `environment` (`*` for every one).
pub fn grant_key(role: &str, capability: &str, environment: Option<&str>) -> String {
    format!("{role}|{capability}|{}", environment.unwrap_or("*"))
}

macro_rules! entities {
    ($($variant:ident($ty:ty) => $field:ident, $text:literal;)+) => {
        /// The kinds of entity in a model.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(TS))]
        pub enum EntityKind {
            $(#[serde(rename = $text)] $variant),+
        }

        impl EntityKind {
            pub const ALL: &'static [EntityKind] = &[$(EntityKind::$variant),+];

            /// Singular snake_case name; also the name of its table in the vault.
            pub fn as_str(self) -> &'static str {
                match self { $(EntityKind::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<EntityKind> {
                match text { $($text => Some(EntityKind::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for EntityKind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// One entity of any kind.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(TS))]
        #[serde(tag = "kind", content = "value")]
        pub enum Entity {
            $(#[serde(rename = $text)] $variant($ty)),+
        }

        impl Entity {
            pub fn kind(&self) -> EntityKind {
                match self { $(Entity::$variant(_) => EntityKind::$variant),+ }
            }

            pub fn key(&self) -> String {
                match self { $(Entity::$variant(e) => e.key()),+ }
            }

            /// The entity as a JSON value (the payload, without the kind tag).
            pub fn to_value(&self) -> serde_json::Value {
                let value = match self { $(Entity::$variant(e) => serde_json::to_value(e)),+ };
                value.expect("model types always serialise to JSON")
            }

            pub fn from_value(
                kind: EntityKind,
                value: serde_json::Value,
            ) -> Result<Entity, serde_json::Error> {
                Ok(match kind {
                    $(EntityKind::$variant => Entity::$variant(serde_json::from_value(value)?)),+
                })
            }

            /// Parses the JSON of an entity of `kind` (the payload, without the kind tag).
            pub fn from_json(kind: EntityKind, text: &str) -> Result<Entity, serde_json::Error> {
                Ok(match kind {
                    $(EntityKind::$variant => Entity::$variant(serde_json::from_str(text)?)),+
                })
            }
        }

        /// How many entities of each kind a model holds.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(TS))]
        pub struct Counts {
            $(pub $field: u32),+
        }

        impl Counts {
            pub fn get(&self, kind: EntityKind) -> u32 {
                match kind { $(EntityKind::$variant => self.$field),+ }
            }
        }

        impl Model {
            pub fn counts(&self) -> Counts {
                Counts { $($field: u32::try_from(self.$field.len()).unwrap_or(u32::MAX)),+ }
            }

            /// Sorts every list by key, the order in which the model is stored and exported.
            pub fn canonicalize(&mut self) {
                $(self.$field.sort_by_key(|e| e.key());)+
            }

            pub fn is_canonical(&self) -> bool {
                $(self.$field.windows(2).all(|w| w[0].key() < w[1].key()))&&+
            }

            /// Every entity, kind by kind, in canonical order.
            pub fn entities(&self) -> impl Iterator<Item = Entity> + '_ {
                std::iter::empty()
                    $(.chain(self.$field.iter().cloned().map(Entity::$variant)))+
            }

            pub fn get(&self, kind: EntityKind, key: &str) -> Option<Entity> {
                match kind {
                    $(EntityKind::$variant => find(&self.$field, key)
                        .map(|i| Entity::$variant(self.$field[i].clone()))),+
                }
            }

            /// Inserts or replaces by key, keeping the list sorted; returns what was there.
            pub fn upsert(&mut self, entity: Entity) -> Option<Entity> {
                match entity {
                    $(Entity::$variant(e) => upsert_sorted(&mut self.$field, e).map(Entity::$variant)),+
                }
            }

            /// Appends to the entity's list without looking for its key: for building a
            /// model from entities that arrive in key order (which keeps lists canonical).
            pub fn push(&mut self, entity: Entity) {
                match entity {
                    $(Entity::$variant(e) => self.$field.push(e)),+
                }
            }

            /// Removes by key; returns what was removed.
            pub fn remove(&mut self, kind: EntityKind, key: &str) -> Option<Entity> {
                match kind {
                    $(EntityKind::$variant => find(&self.$field, key)
                        .map(|i| Entity::$variant(self.$field.remove(i)))),+
                }
            }
        }
    };
}

entities! {
    Person(Person) => people, "person";
    Role(Role) => roles, "role";
    Capability(Capability) => capabilities, "capability";
    Environment(Environment) => environments, "environment";
    Grant(Grant) => grants, "grant";
    Assignment(Assignment) => assignments, "assignment";
    Asset(Asset) => assets, "asset";
    Ownership(Ownership) => ownerships, "ownership";
    SodRule(SodRule) => sod_rules, "sod_rule";
    Gate(Gate) => gates, "gate";
    ChangeRequest(ChangeRequest) => change_requests, "change_request";
    EscalationPath(EscalationPath) => escalation_paths, "escalation_path";
    AccessReview(AccessReview) => access_reviews, "access_review";
    Exception(Exception) => exceptions, "exception";
    Responsibility(Responsibility) => responsibilities, "responsibility";
}

/// Position of `key` in a list; binary search when sorted, a scan otherwise (a model being
/// built from a file may not be canonical yet).
fn find<T: Keyed>(list: &[T], key: &str) -> Option<usize> {
    match list.binary_search_by(|e| e.key().as_str().cmp(key)) {
        Ok(i) => Some(i),
        Err(_) => list.iter().position(|e| e.key() == key),
    }
}

fn upsert_sorted<T: Keyed>(list: &mut Vec<T>, entity: T) -> Option<T> {
    let key = entity.key();
    match list.binary_search_by(|e| e.key().cmp(&key)) {
        Ok(i) => Some(std::mem::replace(&mut list[i], entity)),
        Err(i) => {
            if let Some(j) = list.iter().position(|e| e.key() == key) {
                return Some(std::mem::replace(&mut list[j], entity));
            }
            list.insert(i, entity);
            None
        }
    }
}

impl Counts {
    pub fn total(&self) -> u64 {
        EntityKind::ALL
            .iter()
            .map(|k| u64::from(self.get(*k)))
            .sum()
    }
}
