//! From rows to the model: names are matched to existing entities (ignoring case, spaces
//! and line breaks, and through aliases), new ones are made, and the result is one model
//! whose difference from the current one is what the import changes.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use gatehouse_core::{
    normalize_name, Assignment, Effect, Entity, EntityKind, Grant, Model, Responsibility, Severity,
    SodRule, SodTarget,
};
use serde::{Deserialize, Serialize};

use crate::extract::{Extract, GrantRow, SideKind, Warning};

mod resolve;

pub use resolve::slug;
use resolve::{clean, severity, Names, Resolver};

/// How many entities an import adds, changes and leaves as they were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeCounts {
    pub new: u32,
    pub changed: u32,
    pub unchanged: u32,
}

/// The model after the import, and what differs from before.
pub struct Planned {
    pub model: Model,
    /// Where the new and changed entities are in `model`: kind and index in its list, in
    /// canonical order.
    pub changed: Vec<(EntityKind, usize)>,
    pub changes: ChangeCounts,
    pub by_kind: BTreeMap<String, ChangeCounts>,
    /// Names of entities the import creates, by kind.
    pub new_names: BTreeMap<String, Vec<String>>,
    pub warnings: Vec<Warning>,
    /// Grants a RACI chart makes, where an activity is a capability the model knows (R:
    /// allow, A without R: with approval), with the cell of the letters.
    pub raci_grants: Vec<GrantRow>,
    /// The entities the file's rows make (see [`Held`]).
    pub held: Held,
    /// The model's assignments that rows of the file say are revoked.
    pub revoked: Vec<Revoked>,
}

/// An assignment of the model that a row of the file says is revoked (or disabled, or
/// ended): the import ends it (see `Import::end_revoked`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    pub assignment: String,
    /// The row's cell.
    pub source: String,
}

/// The entities a file's rows make — grants, RACI entries, assignments, SoD rules — as
/// keys by kind, sorted: kept with the file's mapping so that the import of a newer version
/// of the file can say what it no longer has. (Roles, people and the like that a file
/// names are not "from" the file: other files and edits use them too.)
pub type Held = BTreeMap<String, Vec<String>>;

/// Whether entities of `kind` come from a file's rows (and so can be gone from a newer one).
pub fn from_rows(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Grant
            | EntityKind::Responsibility
            | EntityKind::Assignment
            | EntityKind::SodRule
    )
}

/// The current model's names indexed for matching, and its assignments by person, role
/// and environment: made from the model alone, so that [`crate::prepare_with`] makes them
/// on the second core while the file is read.
pub struct ModelIndex<'m> {
    roles: Names,
    capabilities: Names,
    people: Names,
    environments: Names,
    /// An assignment already in the model for the same person, role and environment is
    /// updated rather than duplicated.
    existing: FxHashMap<(&'m str, &'m str, Option<&'m str>), &'m str>,
}

impl<'m> ModelIndex<'m> {
    pub fn of(current: &'m Model) -> ModelIndex<'m> {
        ModelIndex {
            roles: names(current.roles.iter().map(|x| (&x.id, &x.name))),
            capabilities: names(current.capabilities.iter().map(|x| (&x.id, &x.name))),
            people: names(current.people.iter().map(|x| (&x.id, &x.name))),
            environments: names(current.environments.iter().map(|x| (&x.id, &x.name))),
            existing: current
                .assignments
                .iter()
                .map(|a| {
                    (
                        (a.person.as_str(), a.role.as_str(), a.environment.as_deref()),
                        a.id.as_str(),
                    )
                })
                .collect(),
        }
    }
}

/// The names of one kind of the model's entities, from their ids and names.
fn names<'a>(entities: impl ExactSizeIterator<Item = (&'a String, &'a String)>) -> Names {
    let mut names = Names::default();
    names.reserve(entities.len());
    for (id, name) in entities {
        names.add(id, name);
    }
    names.model_loaded();
    names
}

/// Merges what was read into a copy of `current`, whose names `index` holds.
pub fn plan(current: &Model, index: ModelIndex<'_>, extract: &Extract) -> Planned {
    let ModelIndex {
        roles,
        capabilities,
        mut people,
        environments,
        existing,
    } = index;
    // Up to three keys per person a row names (each row names one or two); a model that
    // already has as many people is likely to know most of them.
    people.reserve(
        extract
            .assignments
            .len()
            .saturating_sub(current.people.len()),
    );
    let mut r = Resolver {
        current,
        roles,
        capabilities,
        people,
        environments,
        aliases: extract
            .mapping
            .aliases
            .iter()
            .map(|(k, v)| (normalize_name(k), v.clone()))
            .collect(),
        new_roles: Vec::new(),
        new_capabilities: Vec::new(),
        new_people: Vec::new(),
        new_environments: Vec::new(),
        new_names: BTreeMap::new(),
    };
    let mut warnings = Vec::new();
    let mut upserts: Vec<Entity> =
        Vec::with_capacity(extract.grants.len() + extract.raci.len() + extract.assignments.len());

    for g in &extract.grants {
        let role = r.role(&g.role);
        let capability = r.capability(&g.capability);
        let environment = g.environment.as_deref().map(|e| r.environment(e));
        upserts.push(Entity::Grant(Grant {
            role,
            capability,
            environment,
            effect: g.effect,
        }));
    }
    let mut raci_grants = Vec::new();
    for x in &extract.raci {
        let role = r.role(&x.role);
        upserts.push(Entity::Responsibility(Responsibility {
            role: role.clone(),
            activity: clean(&x.activity),
            letters: x.letters.clone(),
        }));
        // An activity that is a capability the model knows: the chart says who may do it.
        if let Some(capability) = r.known_capability(&x.activity) {
            let effect = if x.letters.contains('R') {
                Some(Effect::Allow)
            } else if x.letters.contains('A') {
                Some(Effect::Approval)
            } else {
                None
            };
            if let Some(effect) = effect {
                raci_grants.push(GrantRow {
                    role: x.role.clone(),
                    capability: x.activity.clone(),
                    environment: None,
                    effect,
                    source: x.source.clone(),
                });
                upserts.push(Entity::Grant(Grant {
                    role,
                    capability,
                    environment: None,
                    effect,
                }));
            }
        }
    }
    for a in &extract.assignments {
        let person = r.person(&a.person, a.email.as_deref());
        let role = r.role(&a.role);
        let environment = a.environment.as_deref().map(|e| r.environment(e));
        let approver = a.granted_by.as_deref().map(|p| r.person(p, None));
        let id = match existing.get(&(person.as_str(), role.as_str(), environment.as_deref())) {
            Some(id) => id.to_string(),
            None => assignment_id(&person, &role, environment.as_deref()),
        };
        let (valid_from, valid_until) = match (a.valid_from, a.valid_until) {
            (Some(f), Some(u)) if u < f => {
                warnings.push(Warning {
                    source: a.source.clone(),
                    message: format!("expiry {u} is before the grant date {f}; grant date ignored"),
                });
                (None, Some(u))
            }
            other => other,
        };
        // The model's lists are sorted by key: the assignment there before, if any.
        let before = current
            .assignments
            .binary_search_by(|x| x.id.as_str().cmp(&id))
            .ok()
            .map(|i| &current.assignments[i]);
        upserts.push(Entity::Assignment(Assignment {
            justification: before.and_then(|b| b.justification.clone()),
            approver: approver.or_else(|| before.and_then(|b| b.approver.clone())),
            id,
            person,
            role,
            environment,
            valid_from,
            valid_until,
        }));
    }
    // Revoked rows: the model's assignment for the same person, role and environment, if
    // it has one (names are looked up, never made), unless an active row of the file
    // names it too.
    let active: FxHashSet<&str> = upserts
        .iter()
        .filter_map(|e| match e {
            Entity::Assignment(a) => Some(a.id.as_str()),
            _ => None,
        })
        .collect();
    let mut ended = Vec::new();
    for a in &extract.revoked {
        let person = r.people.peek(r.alias(&a.person));
        let role = r.roles.peek(r.alias(&a.role));
        let environment = match a.environment.as_deref() {
            Some(e) => r.environments.peek(r.alias(e)).map(Some),
            None => Some(None),
        };
        let (Some(person), Some(role), Some(environment)) = (person, role, environment) else {
            continue;
        };
        if let Some(id) = existing.get(&(person.as_str(), role.as_str(), environment.as_deref())) {
            if active.contains(id) {
                warnings.push(Warning {
                    source: a.source.clone(),
                    message: format!(
                        "{:?} as {:?} is revoked here and active in another row of the file: kept active",
                        a.person, a.role
                    ),
                });
            } else {
                ended.push(Revoked {
                    assignment: id.to_string(),
                    source: a.source.clone(),
                });
            }
        }
    }
    drop(active);
    for s in &extract.sod_rules {
        // A name the model knows is what the model says it is; a new name is what the
        // header calls the sides ("Entitlement A": a capability), a role when it does not.
        let side = |r: &mut Resolver, name: &str| match r.roles.find(r.alias(name)) {
            Some(id) => SodTarget::Role(id),
            None => match r.known_capability(name) {
                Some(id) => SodTarget::Capability(id),
                None if s.sides == Some(SideKind::Capability) => {
                    SodTarget::Capability(r.capability(name))
                }
                None => SodTarget::Role(r.role(name)),
            },
        };
        let left = side(&mut r, &s.left);
        let right = side(&mut r, &s.right);
        if left == right {
            warnings.push(Warning {
                source: s.source.clone(),
                message: format!("both sides of the rule are {:?}; rule ignored", s.left),
            });
            continue;
        }
        let sev = match severity(&s.severity) {
            Some(sev) => sev,
            None => {
                warnings.push(Warning {
                    source: s
                        .severity_source
                        .clone()
                        .unwrap_or_else(|| s.source.clone()),
                    message: format!(
                        "risk level {:?} is not low, medium, high or critical; medium assumed",
                        s.severity
                    ),
                });
                Severity::Medium
            }
        };
        let label = s
            .name
            .clone()
            .unwrap_or_else(|| format!("{} vs {}", clean(&s.left), clean(&s.right)));
        let id = format!("sod-{}", slug(&label));
        let name = match &s.name {
            Some(n) => format!("{n}: {} vs {}", clean(&s.left), clean(&s.right)),
            None => label,
        };
        upserts.push(Entity::SodRule(SodRule {
            id,
            name,
            description: s.description.clone().unwrap_or_default(),
            left,
            right,
            severity: sev,
            mitigation: s.mitigation.clone(),
        }));
    }

    let mut held = Held::new();
    for e in upserts.iter().filter(|e| from_rows(e.kind())) {
        held.entry(e.kind().to_string()).or_default().push(e.key());
    }
    // A revoked row names its assignment too: it is not "no longer in the file".
    if !ended.is_empty() {
        let keys = held.entry(EntityKind::Assignment.to_string()).or_default();
        keys.extend(ended.iter().map(|e| e.assignment.clone()));
    }
    for keys in held.values_mut() {
        keys.sort_unstable();
        keys.dedup();
    }
    let (created, new_names, names) = r.into_parts();
    upserts.extend(created);
    let named: Vec<(EntityKind, u32)> = [
        EntityKind::Role,
        EntityKind::Capability,
        EntityKind::Person,
        EntityKind::Environment,
    ]
    .into_iter()
    .zip(names.iter().map(Names::named_in_file))
    .collect();
    // The name indexes hold a few strings per entity: they are freed on a second thread
    // while the merge runs on this one.
    let merged = std::thread::scope(|scope| {
        scope.spawn(move || drop((names, existing)));
        merge(current, upserts)
    });
    let (mut changes, mut by_kind) = (merged.changes, merged.by_kind);
    // The model's roles, people... the file names are unchanged by the import.
    for (kind, n) in named.into_iter().filter(|(_, n)| *n > 0) {
        changes.unchanged += n;
        by_kind.entry(kind.to_string()).or_default().unchanged += n;
    }
    Planned {
        model: merged.model,
        changed: merged.changed,
        changes,
        by_kind,
        new_names,
        warnings,
        raci_grants,
        held,
        revoked: ended,
    }
}

/// `person--role--environment`, at most 128 characters.
fn assignment_id(person: &str, role: &str, environment: Option<&str>) -> String {
    let mut id = String::with_capacity(person.len() + role.len() + 16);
    id.push_str(person);
    id.push_str("--");
    id.push_str(role);
    if let Some(e) = environment {
        id.push_str("--");
        id.push_str(e);
    }
    if id.chars().count() > 128 {
        id = id.chars().take(128).collect();
    }
    id
}

/// The current model with the import's entities merged in, and what differs.
struct Merged {
    model: Model,
    changed: Vec<(EntityKind, usize)>,
    changes: ChangeCounts,
    by_kind: BTreeMap<String, ChangeCounts>,
}

/// Merges `upserts` (any order; of several with one key the last wins, as applied one by
/// one) into a copy of `current` in one pass over both in canonical order, counting what
/// is new, changed and unchanged on the way. Each entity of `current` is cloned once, and
/// compared only with the upsert of its own key.
fn merge(current: &Model, upserts: Vec<Entity>) -> Merged {
    // Canonical order (kind, then key); a stable sort keeps equal keys in row order.
    let order: Vec<usize> = {
        let keys: Vec<(EntityKind, Cow<str>)> =
            upserts.iter().map(|e| (e.kind(), e.key_ref())).collect();
        let mut order: Vec<usize> = (0..upserts.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        // Of a run of equal keys, the last (the latest row) wins.
        let mut last = Vec::with_capacity(order.len());
        for (i, &at) in order.iter().enumerate() {
            if order.get(i + 1).is_none_or(|&next| keys[next] != keys[at]) {
                last.push(at);
            }
        }
        last
    };
    let mut upserts: Vec<Option<Entity>> = upserts.into_iter().map(Some).collect();

    let mut model = Model {
        meta: current.meta.clone(),
        ..Model::default()
    };
    // Each list once to its full length: at most what there was plus what comes.
    let mut incoming = vec![0usize; EntityKind::ALL.len()];
    for entity in upserts.iter().flatten() {
        incoming[entity.kind() as usize] += 1;
    }
    let had = current.counts();
    for (&kind, n) in EntityKind::ALL.iter().zip(incoming) {
        model.reserve(kind, had.get(kind) as usize + n);
    }
    let mut counts = vec![ChangeCounts::default(); EntityKind::ALL.len()];
    let mut lengths = vec![0usize; EntityKind::ALL.len()];
    let mut changed = Vec::new();
    let mut keep = |model: &mut Model, entity: Entity, change: Change| {
        let kind = entity.kind() as usize;
        let slot = &mut counts[kind];
        match change {
            Change::New => slot.new += 1,
            Change::Changed => slot.changed += 1,
            Change::Unchanged => slot.unchanged += 1,
            Change::Untouched => {}
        }
        if matches!(change, Change::New | Change::Changed) {
            changed.push((entity.kind(), lengths[kind]));
        }
        lengths[kind] += 1;
        model.push(entity);
    };

    let mut old = current.entities().peekable();
    for at in order {
        let Some(entity) = upserts[at].take() else {
            continue;
        };
        let previous = {
            let key = (entity.kind(), entity.key_ref());
            while let Some(e) = old.next_if(|e| (e.kind(), e.key_ref()) < key) {
                keep(&mut model, e, Change::Untouched);
            }
            old.next_if(|e| (e.kind(), e.key_ref()) == key)
        };
        let change = match previous {
            None => Change::New,
            Some(previous) if previous == entity => Change::Unchanged,
            Some(_) => Change::Changed,
        };
        keep(&mut model, entity, change);
    }
    for e in old {
        keep(&mut model, e, Change::Untouched);
    }

    let mut total = ChangeCounts::default();
    let mut by_kind = BTreeMap::new();
    for (&kind, c) in EntityKind::ALL.iter().zip(&counts) {
        total.new += c.new;
        total.changed += c.changed;
        total.unchanged += c.unchanged;
        if c.new + c.changed + c.unchanged > 0 {
            by_kind.insert(kind.to_string(), *c);
        }
    }
    Merged {
        model,
        changed,
        changes: total,
        by_kind,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    New,
    Changed,
    /// In the file, and in the model as it is.
    Unchanged,
    /// In the model, not in the file: kept, not counted.
    Untouched,
}
