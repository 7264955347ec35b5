//! Entities as a closed set: one kind per list of the model, each with a stable key.
//!
//! Edits, storage and the audit log all speak of "an entity of kind K with key X", so this
//! module is the one place that knows which list of the model holds which kind.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::edit::Edit;
use crate::model::*;

/// Something with a key that is unique among the entities of its kind.
pub trait Keyed {
    fn key(&self) -> String;

    /// The key, borrowed where the entity holds it as is (its id), so that searching and
    /// sorting by key does not allocate for most kinds.
    fn key_ref(&self) -> Cow<'_, str> {
        Cow::Owned(self.key())
    }
}

macro_rules! keyed_by_id {
    ($($t:ty),+) => {$(
        impl Keyed for $t {
            fn key(&self) -> String {
                self.id.clone()
            }

            fn key_ref(&self) -> Cow<'_, str> {
                Cow::Borrowed(&self.id)
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
    Exception,
    RiskTier,
    Calendar,
    PinnedSimulation
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

            /// The key, borrowed where possible (see [`Keyed::key_ref`]).
            pub fn key_ref(&self) -> Cow<'_, str> {
                match self { $(Entity::$variant(e) => e.key_ref()),+ }
            }

            /// The entity as a JSON value (the payload, without the kind tag).
            pub fn to_value(&self) -> serde_json::Value {
                let value = match self { $(Entity::$variant(e) => serde_json::to_value(e)),+ };
                value.expect("model types always serialise to JSON")
            }

            /// The entity as compact JSON text (the payload, without the kind tag), written
            /// straight from the entity, fields in declaration order: what the vault stores.
            pub fn to_json(&self) -> String {
                let text = match self { $(Entity::$variant(e) => serde_json::to_string(e)),+ };
                text.expect("model types always serialise to JSON")
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

            /// Counts one more of `kind`.
            pub fn add(&mut self, kind: EntityKind) {
                match kind { $(EntityKind::$variant => self.$field += 1),+ }
            }
        }

        /// A model's meta and the lists of some kinds, serialised as part of a model (the
        /// same field names): what a front end holding an older copy of the model needs
        /// after an edit that touched only those kinds.
        pub struct ModelPart<'a> {
            model: &'a Model,
            kinds: &'a std::collections::BTreeSet<EntityKind>,
        }

        impl Serialize for ModelPart<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("meta", &self.model.meta)?;
                $(
                    if self.kinds.contains(&EntityKind::$variant) {
                        map.serialize_entry(stringify!($field), &self.model.$field)?;
                    }
                )+
                map.end()
            }
        }

        impl Model {
            /// The meta and the lists of `kinds`, to serialise (see [`ModelPart`]).
            pub fn part<'a>(
                &'a self,
                kinds: &'a std::collections::BTreeSet<EntityKind>,
            ) -> ModelPart<'a> {
                ModelPart { model: self, kinds }
            }

            pub fn counts(&self) -> Counts {
                Counts { $($field: u32::try_from(self.$field.len()).unwrap_or(u32::MAX)),+ }
            }

            /// Sorts every list by key, the order in which the model is stored and exported.
            /// Every model is kept in this order (lookups by key rely on it); lists already
            /// in order are only checked, without sorting.
            pub fn canonicalize(&mut self) {
                $(sort_by_key(&mut self.$field);)+
            }

            /// Whether every list is in strictly increasing key order (sorted, no key twice).
            pub fn is_canonical(&self) -> bool {
                $(self.$field.windows(2).all(|w| w[0].key_ref() < w[1].key_ref()))&&+
            }

            /// Whether every list is sorted by key (a key may repeat: an invalid model that
            /// validation will refuse, but one that lookups by key still handle).
            pub(crate) fn is_sorted_by_key(&self) -> bool {
                $(is_sorted_by_key(&self.$field))&&+
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

            /// Room for `additional` more entities of `kind`.
            pub fn reserve(&mut self, kind: EntityKind, additional: usize) {
                match kind {
                    $(EntityKind::$variant => self.$field.reserve(additional)),+
                }
            }

            /// Appends to the entity's list without looking for its key: for building a
            /// model from entities that arrive in key order (which keeps lists canonical).
            pub fn push(&mut self, entity: Entity) {
                match entity {
                    $(Entity::$variant(e) => self.$field.push(e)),+
                }
            }

            /// The entity at `index` in the list of `kind` (in canonical order).
            pub fn entity_at(&self, kind: EntityKind, index: usize) -> Option<Entity> {
                match kind {
                    $(EntityKind::$variant => self.$field.get(index).cloned().map(Entity::$variant)),+
                }
            }

            /// Where the entity of `kind` with `key` is in its list (canonical order).
            pub fn position(&self, kind: EntityKind, key: &str) -> Option<usize> {
                match kind {
                    $(EntityKind::$variant => find(&self.$field, key)),+
                }
            }

            /// Whether the model holds an entity of `kind` with `key`.
            pub fn contains(&self, kind: EntityKind, key: &str) -> bool {
                match kind {
                    $(EntityKind::$variant => find(&self.$field, key).is_some()),+
                }
            }

            /// Applies `changes` to the list of `kind` in one pass (see [`merge_sorted`]).
            pub(crate) fn merge_changes(
                &mut self,
                kind: EntityKind,
                changes: Vec<KeyChange>,
                inverses: &mut [Option<Edit>],
            ) {
                match kind {
                    $(EntityKind::$variant => merge_sorted(
                        &mut self.$field,
                        changes,
                        inverses,
                        |e| match e {
                            Entity::$variant(x) => x,
                            other => unreachable!("a {} among changes of {kind}", other.kind()),
                        },
                        Entity::$variant,
                    )),+
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
    RiskTier(RiskTier) => risk_tiers, "risk_tier";
    Calendar(Calendar) => calendars, "calendar";
    PinnedSimulation(PinnedSimulation) => pinned_simulations, "pinned_simulation";
}

/// Position of `key` in a list sorted by key (every model's lists are: see
/// [`Model::canonicalize`]).
fn find<T: Keyed>(list: &[T], key: &str) -> Option<usize> {
    list.binary_search_by(|e| e.key_ref().as_ref().cmp(key))
        .ok()
}

fn upsert_sorted<T: Keyed>(list: &mut Vec<T>, entity: T) -> Option<T> {
    let key = entity.key();
    match list.binary_search_by(|e| e.key_ref().as_ref().cmp(key.as_str())) {
        Ok(i) => Some(std::mem::replace(&mut list[i], entity)),
        Err(i) => {
            list.insert(i, entity);
            None
        }
    }
}

/// What a bulk edit does to one key of one kind.
pub(crate) struct KeyChange {
    pub key: String,
    /// The entity the key ends with; `None`: the key ends absent.
    pub after: Option<Entity>,
    /// When the list holds the key before the edit: the index, among the edit's inverses,
    /// of the upsert that restores the entity it held (filled in by the merge).
    pub before_slot: Option<usize>,
}

/// Applies `changes` (sorted by key, each key once) to a list sorted by key, keeping it
/// sorted: in place when every change replaces an entity that is there, otherwise in one
/// merge pass over the list (linear, where inserting or removing one by one would move
/// the list's tail for every change). Each displaced entity goes into `inverses` as the
/// upsert that restores it.
fn merge_sorted<T: Keyed>(
    list: &mut Vec<T>,
    changes: Vec<KeyChange>,
    inverses: &mut [Option<Edit>],
    unwrap: impl Fn(Entity) -> T,
    wrap: impl Fn(T) -> Entity,
) {
    let restore = |inverses: &mut [Option<Edit>], slot: usize, previous: T| {
        inverses[slot] = Some(Edit::Upsert {
            entity: wrap(previous),
        });
    };
    if changes
        .iter()
        .all(|c| c.before_slot.is_some() && c.after.is_some())
    {
        for change in changes {
            if let (Some(i), Some(slot), Some(after)) =
                (find(list, &change.key), change.before_slot, change.after)
            {
                let previous = std::mem::replace(&mut list[i], unwrap(after));
                restore(inverses, slot, previous);
            }
        }
        return;
    }
    let mut old = std::mem::take(list).into_iter().peekable();
    let mut merged = Vec::with_capacity(old.len() + changes.len());
    for change in changes {
        while let Some(e) = old.next_if(|e| e.key_ref().as_ref() < change.key.as_str()) {
            merged.push(e);
        }
        if let Some(slot) = change.before_slot {
            if let Some(previous) = old.next_if(|e| e.key_ref().as_ref() == change.key.as_str()) {
                restore(inverses, slot, previous);
            }
        }
        if let Some(after) = change.after {
            merged.push(unwrap(after));
        }
    }
    merged.extend(old);
    *list = merged;
}

fn is_sorted_by_key<T: Keyed>(list: &[T]) -> bool {
    list.windows(2).all(|w| w[0].key_ref() <= w[1].key_ref())
}

/// Stable sort by key, computing each key once; nothing to do when already sorted.
fn sort_by_key<T: Keyed>(list: &mut [T]) {
    if !is_sorted_by_key(list) {
        list.sort_by_cached_key(|e| e.key());
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
