//! What the package says of the model's history beyond the audit chain: its named versions
//! and the changes since the version a reader last saw, and its pinned simulation results
//! read back from their JSON.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use gatehouse_core::metrics::FindingsPoint;
use gatehouse_core::{
    ChangeKind, DeckReport, Entity, ModelDiff, MonteCarloReport, PinnedSimulation, Simulation,
    SimulationKind,
};

/// A named version as the package lists it (the vault keeps its model too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedVersion {
    pub name: String,
    pub approved_by: Option<String>,
    pub note: String,
    pub at: DateTime<Utc>,
    /// Who named it.
    pub actor: String,
    /// `Model::fingerprint` of the version's model.
    pub model_sha256: String,
}

/// Which version the changes are counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangesBasis {
    /// The version the previous audit package was exported at (its audit event names it).
    LastExported,
    /// The newest named version (no earlier package names one).
    Newest,
}

impl ChangesBasis {
    /// How the binder and the workbook say which version this is.
    pub fn describe(self) -> &'static str {
        match self {
            ChangesBasis::LastExported => "the version the previous audit package was exported at",
            ChangesBasis::Newest => {
                "the newest named version (no earlier audit package names a version)"
            }
        }
    }
}

/// The changes from one named version to the model as exported.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub since: String,
    pub basis: ChangesBasis,
    pub diff: ModelDiff,
}

/// The named versions, oldest first, and the changes since one of them (none when no
/// version has been named).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Versions {
    pub list: Vec<NamedVersion>,
    pub changes: Option<Changes>,
    /// The open findings of the model at the end of each of the last days with edits (from
    /// the audit log) and of each named version's model on the day it was named, oldest
    /// first (days and versions after the as-of date left out): the past points of the
    /// dashboard's findings over time ([`crate::dashboard::findings_over_time`]); empty when
    /// the package has no dashboard.
    pub findings: Vec<FindingsPoint>,
}

impl Versions {
    /// Which version the changes are counted from, and why that one, in a line (the
    /// production page and the workbook's "Provenance" sheet).
    pub fn basis(&self) -> String {
        match &self.changes {
            Some(c) => format!("version \"{}\", {}", c.since, c.basis.describe()),
            None => "none: no version of the model has been named".into(),
        }
    }

    /// The version whose model is `fingerprint`, the newest if several are.
    pub fn named(&self, fingerprint: &str) -> Option<&NamedVersion> {
        self.list
            .iter()
            .rev()
            .find(|v| v.model_sha256 == fingerprint)
    }
}

/// One line of a change: a field of the entity with its value before and after (empty
/// when the entity did not exist on that side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields of an entity as compact JSON values, by name.
fn fields(entity: Option<&Entity>) -> BTreeMap<String, String> {
    let Some(entity) = entity else {
        return BTreeMap::new();
    };
    let value = serde_json::to_value(entity).unwrap_or_default();
    match value.get("value") {
        Some(serde_json::Value::Object(map)) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect(),
        Some(other) => BTreeMap::from([("value".to_string(), other.to_string())]),
        None => BTreeMap::new(),
    }
}

/// The fields that differ between `before` and `after` (all of them for an entity added or
/// removed), in field order.
pub fn field_changes(
    change: ChangeKind,
    before: Option<&Entity>,
    after: Option<&Entity>,
) -> Vec<FieldChange> {
    let (b, a) = (fields(before), fields(after));
    let mut names: Vec<&String> = b.keys().chain(a.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let before = b.get(name).cloned().unwrap_or_default();
            let after = a.get(name).cloned().unwrap_or_default();
            (change != ChangeKind::Changed || before != after).then(|| FieldChange {
                field: name.clone(),
                before,
                after,
            })
        })
        .collect()
}

/// `text` cut to its first `max` characters, saying how long it is and where it is whole
/// (a pinned result's JSON runs to megabytes; a spreadsheet cell holds 32,767 characters).
pub fn clip(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({n} characters in all; data/model.json holds it whole)")
}

/// A pinned result's JSON read back as what its kind says it is.
#[derive(Debug, Clone, PartialEq)]
pub enum PinnedResult {
    Request(Box<Simulation>),
    Deck(Box<DeckReport>),
    MonteCarlo(Box<MonteCarloReport>),
    /// The JSON is not a result of the pin's kind (made by another version of Gatehouse):
    /// the binder shows the summary and says why the detail is missing.
    Unreadable(String),
}

impl PinnedResult {
    pub fn read(pin: &PinnedSimulation) -> PinnedResult {
        fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<Box<T>, PinnedResult> {
            serde_json::from_str(text)
                .map(Box::new)
                .map_err(|e| PinnedResult::Unreadable(e.to_string()))
        }
        let read = match pin.kind {
            SimulationKind::Request => parse(&pin.result).map(PinnedResult::Request),
            SimulationKind::Deck => parse(&pin.result).map(PinnedResult::Deck),
            SimulationKind::MonteCarlo => parse(&pin.result).map(PinnedResult::MonteCarlo),
        };
        read.unwrap_or_else(|e| e)
    }
}

/// A pinned result with what the package says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pinned<'s> {
    pub pin: &'s PinnedSimulation,
    pub result: PinnedResult,
    /// Whether the model as exported is still the one the result was computed on.
    pub current: bool,
}

/// Every pinned result of `model`, in the model's order (by id), with whether each still
/// matches the model.
pub fn pinned(model: &gatehouse_core::Model) -> Vec<Pinned<'_>> {
    if model.pinned_simulations.is_empty() {
        return Vec::new();
    }
    let now = model.simulated_fingerprint();
    model
        .pinned_simulations
        .iter()
        .map(|pin| Pinned {
            pin,
            result: PinnedResult::read(pin),
            current: pin.fingerprint == now,
        })
        .collect()
}

/// The audit event that pinned `pin` (the latest edit that set it), if the chain holds it:
/// the model's revision the result was kept at.
pub fn pinned_event(events: &[gatehouse_core::AuditEvent], pin: &PinnedSimulation) -> Option<u64> {
    let summary = format!("set pinned_simulation {:?}", pin.id);
    events
        .iter()
        .rev()
        .find(|e| e.action == "pinned_simulation.upsert" && e.summary == summary)
        .map(|e| e.seq)
}

/// "matches the current model" or what to do about it, as both outputs say it.
pub fn currency(current: bool) -> &'static str {
    if current {
        "matches the model as exported"
    } else {
        "the model has changed since: re-run the simulation to refresh it"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_core::{Person, PersonKind};

    fn person(name: &str, email: Option<&str>) -> Entity {
        Entity::Person(Person {
            id: "ana".into(),
            name: name.into(),
            email: email.map(str::to_string),
            department: None,
            kind: PersonKind::Business,
        })
    }

    #[test]
    fn a_changed_entity_lists_only_the_fields_that_differ() {
        let before = person("Ana", None);
        let after = person("Ana Silva", Some("ana@example.org"));
        let changes = field_changes(ChangeKind::Changed, Some(&before), Some(&after));
        let names: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(names, ["email", "name"], "id and kind did not change");
        assert_eq!(changes[1].before, "Ana");
        assert_eq!(changes[1].after, "Ana Silva");
        assert_eq!(changes[0].before, "", "no e-mail before");
    }

    #[test]
    fn a_long_value_is_clipped_saying_where_it_is_whole() {
        assert_eq!(clip("short", 10), "short");
        let long = "é".repeat(50);
        let clipped = clip(&long, 10);
        assert!(clipped.starts_with(&"é".repeat(10)) && clipped.contains("50 characters"));
    }

    #[test]
    fn an_added_entity_lists_every_field_with_nothing_before() {
        let after = person("Ana", None);
        let changes = field_changes(ChangeKind::Added, None, Some(&after));
        assert!(changes.iter().any(|c| c.field == "id" && c.after == "ana"));
        assert!(changes.iter().all(|c| c.before.is_empty()));
    }

    #[test]
    fn a_result_that_is_not_of_its_kind_is_unreadable_not_a_panic() {
        let pin = PinnedSimulation {
            id: "p".into(),
            name: "p".into(),
            kind: SimulationKind::MonteCarlo,
            fingerprint: String::new(),
            seed: Some(1),
            pinned_at: chrono::DateTime::UNIX_EPOCH,
            pinned_by: "x".into(),
            summary: "s".into(),
            result: "{\"not\": \"a report\"}".into(),
        };
        assert!(matches!(
            PinnedResult::read(&pin),
            PinnedResult::Unreadable(_)
        ));
    }
}
