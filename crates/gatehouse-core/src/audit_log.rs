//! Reading the audit log: what each event touched, and the events that match a filter by
//! kind, entity and person.
//!
//! An edit's event keeps the edit itself (`after`) and its inverse (`before`), from which
//! the touched entities are read; a whole-model replacement or a large batch keeps only its
//! counts and hash, so such events name no entity.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::audit::AuditEvent;
use crate::edit::Edit;
use crate::entity::{Entity, EntityKind};
use crate::findings::EntityRef;

/// Which events to show; an empty field matches every event.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AuditFilter {
    /// The kind of event: the first part of its action (`role`, `assignment`, `model`,
    /// `vault`, ...).
    #[serde(default)]
    pub kind: Option<String>,
    /// Part of the key of an entity the event touched (case ignored).
    #[serde(default)]
    pub entity: Option<String>,
    /// Who made the change (the actor), or a person of the model the change is about (by
    /// id); case ignored.
    #[serde(default)]
    pub person: Option<String>,
}

/// An event with what it touched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AuditEntry {
    pub event: AuditEvent,
    /// The first part of the action (`role` of `role.upsert`).
    pub kind: String,
    /// The entities the change touched, each once, in the order the edit names them.
    pub entities: Vec<EntityRef>,
    /// The people of the model the change is about (by id): a person edited, or the
    /// person (or approver) of an assignment, ownership or exception edited.
    pub people: Vec<String>,
}

/// The kind of an action: its part before the first dot.
pub fn kind_of(action: &str) -> &str {
    action.split('.').next().unwrap_or(action)
}

/// The entities an event's change touched and the people it is about (none for events that
/// are not edits, or keep only a summary of them).
pub fn touched(event: &AuditEvent) -> (Vec<EntityRef>, Vec<String>) {
    let mut out = (Vec::new(), Vec::new());
    for side in [&event.after, &event.before].into_iter().flatten() {
        if let Ok(edit) = serde_json::from_value::<Edit>(side.clone()) {
            collect(&edit, &mut out);
        }
    }
    out
}

fn collect(edit: &Edit, out: &mut (Vec<EntityRef>, Vec<String>)) {
    let (entities, people) = out;
    let mut push = |kind: EntityKind, key: String| {
        if !entities
            .iter()
            .any(|r: &EntityRef| r.kind == kind && r.key == key)
        {
            entities.push(EntityRef { kind, key });
        }
    };
    match edit {
        Edit::Upsert { entity } => {
            push(entity.kind(), entity.key());
            let mut about: Vec<String> = match entity {
                Entity::Person(p) => vec![p.id.clone()],
                Entity::Assignment(a) => a.approver.iter().chain([&a.person]).cloned().collect(),
                Entity::Ownership(o) => vec![o.person.clone()],
                Entity::Exception(e) => vec![e.person.clone(), e.approver.clone()],
                _ => vec![],
            };
            about.retain(|p| !people.contains(p));
            people.extend(about);
        }
        Edit::Delete { kind, key } => push(*kind, key.clone()),
        Edit::Batch { edits } => edits.iter().for_each(|e| collect(e, out)),
        Edit::SetMeta { .. } | Edit::Replace { .. } => {}
    }
}

/// The events that match `filter`, oldest first, each with what it touched.
pub fn filter(events: &[AuditEvent], filter: &AuditFilter) -> Vec<AuditEntry> {
    let wanted = |f: &Option<String>| {
        f.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase)
    };
    let (kind, entity, person) = (
        wanted(&filter.kind),
        wanted(&filter.entity),
        wanted(&filter.person),
    );
    events
        .iter()
        .filter(|e| {
            kind.as_deref()
                .is_none_or(|k| kind_of(&e.action).eq_ignore_ascii_case(k))
        })
        .map(|e| {
            let (entities, people) = touched(e);
            AuditEntry {
                kind: kind_of(&e.action).to_string(),
                entities,
                people,
                event: e.clone(),
            }
        })
        .filter(|entry| {
            entity.as_deref().is_none_or(|text| {
                entry
                    .entities
                    .iter()
                    .any(|r| r.key.to_lowercase().contains(text))
            })
        })
        .filter(|entry| {
            person.as_deref().is_none_or(|who| {
                entry.event.actor.to_lowercase() == who
                    || entry.people.iter().any(|p| p.to_lowercase() == who)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::audit::{EventDraft, GENESIS_HASH};
    use crate::model::{Assignment, Role, RoleKind};

    fn event(seq: u64, actor: &str, edit: &Edit, inverse: &Edit) -> AuditEvent {
        AuditEvent::link(
            EventDraft {
                at: Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap(),
                actor: actor.into(),
                action: edit.action(),
                summary: edit.describe(),
                before: Some(serde_json::to_value(inverse).unwrap()),
                after: Some(serde_json::to_value(edit).unwrap()),
            },
            seq,
            GENESIS_HASH,
        )
    }

    fn log() -> Vec<AuditEvent> {
        let role = Edit::Upsert {
            entity: Entity::Role(Role {
                id: "auditor".into(),
                name: "Auditor".into(),
                description: String::new(),
                kind: RoleKind::Reviewer,
            }),
        };
        let assign = Edit::Upsert {
            entity: Entity::Assignment(Assignment {
                id: "a1".into(),
                person: "ann".into(),
                role: "auditor".into(),
                environment: None,
                valid_from: None,
                valid_until: None,
                justification: None,
                approver: Some("bob".into()),
            }),
        };
        let delete = Edit::Delete {
            kind: EntityKind::Assignment,
            key: "a1".into(),
        };
        vec![
            event(
                1,
                "lead",
                &role,
                &Edit::Delete {
                    kind: EntityKind::Role,
                    key: "auditor".into(),
                },
            ),
            event(2, "lead", &assign, &delete),
            event(3, "Cy", &delete, &assign),
        ]
    }

    fn seqs(f: AuditFilter) -> Vec<u64> {
        filter(&log(), &f).iter().map(|e| e.event.seq).collect()
    }

    #[test]
    fn filters_by_kind_entity_and_person() {
        assert_eq!(seqs(AuditFilter::default()), [1, 2, 3]);
        let kind = |k: &str| AuditFilter {
            kind: Some(k.into()),
            ..Default::default()
        };
        assert_eq!(seqs(kind("assignment")), [2, 3]);
        assert_eq!(seqs(kind("Role")), [1]);
        let entity = |k: &str| AuditFilter {
            entity: Some(k.into()),
            ..Default::default()
        };
        assert_eq!(seqs(entity("AUDIT")), [1]);
        assert_eq!(seqs(entity("a1")), [2, 3]);
        let person = |p: &str| AuditFilter {
            person: Some(p.into()),
            ..Default::default()
        };
        // The actor, or a person the change is about (a deletion names them by its inverse).
        assert_eq!(seqs(person("cy")), [3]);
        assert_eq!(seqs(person("ann")), [2, 3]);
        assert_eq!(seqs(person("bob")), [2, 3]);
        assert_eq!(seqs(person("  ")), [1, 2, 3], "a blank field matches all");
    }

    #[test]
    fn an_event_names_what_it_touched() {
        let entries = filter(&log(), &AuditFilter::default());
        assert_eq!(entries[1].kind, "assignment");
        assert_eq!(
            entries[1].entities,
            [EntityRef {
                kind: EntityKind::Assignment,
                key: "a1".into()
            }]
        );
        assert_eq!(entries[1].people, ["bob", "ann"]);
    }
}
