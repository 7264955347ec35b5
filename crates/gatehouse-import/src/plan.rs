//! From rows to the model: names are matched to existing entities (ignoring case, spaces
//! and line breaks, and through aliases), new ones are made, and the result is one model
//! whose difference from the current one is what the import changes.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};

use gatehouse_core::{
    normalize_name, Action, Assignment, Capability, Effect, Entity, EntityKind, Environment,
    EnvironmentKind, Grant, Model, Person, PersonKind, Responsibility, Role, RoleKind, Severity,
    SodRule, SodTarget,
};
use serde::{Deserialize, Serialize};

use crate::extract::{Extract, Warning};

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
    /// The new and changed entities, when there are at most [`SMALL_CHANGE`] of them.
    pub upserts: Option<Vec<Entity>>,
    pub changes: ChangeCounts,
    pub by_kind: BTreeMap<String, ChangeCounts>,
    /// Names of entities the import creates, by kind.
    pub new_names: BTreeMap<String, Vec<String>>,
    pub warnings: Vec<Warning>,
}

/// [`normalize_name`] in one pass and one allocation (it runs for every name of every row).
fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// Ids by normalised name (and by id) for one kind of entity.
#[derive(Default)]
struct Names {
    by_name: FxHashMap<String, String>,
    ids: FxHashSet<String>,
}

impl Names {
    fn add(&mut self, id: &str, name: &str) {
        self.by_name.insert(normalize_name(name), id.to_string());
        self.by_name.insert(normalize_name(id), id.to_string());
        self.by_name
            .insert(normalize_name(&slug(name)), id.to_string());
        self.ids.insert(id.to_string());
    }

    fn find(&self, name: &str) -> Option<String> {
        self.by_name
            .get(&normalize_name(name))
            .or_else(|| self.by_name.get(&normalize_name(&slug(name))))
            .cloned()
    }

    /// A fresh id for `name`: its slug, numbered when taken.
    fn fresh_id(&self, name: &str) -> String {
        let base = slug(name);
        let base = if base.is_empty() {
            "item".to_string()
        } else {
            base
        };
        if !self.ids.contains(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !self.ids.contains(id))
            .expect("some numbered id is free")
    }
}

/// `IT Administrator` → `it-administrator`; only characters valid in ids, at most 100.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':') {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    out.chars()
        .take(100)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

struct Resolver {
    model: Model,
    roles: Names,
    capabilities: Names,
    people: Names,
    environments: Names,
    aliases: HashMap<String, String>,
    new_names: BTreeMap<String, Vec<String>>,
}

impl Resolver {
    fn alias<'a>(&'a self, name: &'a str) -> &'a str {
        self.aliases
            .get(&name_key(name))
            .map(String::as_str)
            .unwrap_or(name)
    }

    fn created(&mut self, kind: EntityKind, name: &str) {
        self.new_names
            .entry(kind.to_string())
            .or_default()
            .push(name.to_string());
    }

    fn role(&mut self, name: &str) -> String {
        let name = self.alias(name).to_string();
        if let Some(id) = self.roles.find(&name) {
            return id;
        }
        let id = self.roles.fresh_id(&name);
        self.roles.add(&id, &name);
        self.model.roles.push(Role {
            id: id.clone(),
            name: clean(&name),
            description: "imported from a spreadsheet".into(),
            kind: RoleKind::Other,
        });
        self.created(EntityKind::Role, &name);
        id
    }

    fn known_capability(&self, name: &str) -> Option<String> {
        self.capabilities.find(self.alias(name))
    }

    fn capability(&mut self, name: &str) -> String {
        let name = self.alias(name).to_string();
        if let Some(id) = self.capabilities.find(&name) {
            return id;
        }
        let id = self.capabilities.fresh_id(&name);
        self.capabilities.add(&id, &name);
        self.model.capabilities.push(Capability {
            id: id.clone(),
            name: clean(&name),
            description: "imported from a spreadsheet".into(),
            action: action_of(&name),
            classification: None,
            environment: None,
        });
        self.created(EntityKind::Capability, &name);
        id
    }

    fn person(&mut self, name: &str, email: Option<&str>) -> String {
        let name = self.alias(name).to_string();
        if let Some(id) = self.people.find(&name) {
            return id;
        }
        let id = self.people.fresh_id(&name);
        self.people.add(&id, &name);
        self.model.people.push(Person {
            id: id.clone(),
            name: clean(&name),
            email: email.map(str::to_string),
            department: None,
            kind: PersonKind::Other,
        });
        self.created(EntityKind::Person, &name);
        id
    }

    fn environment(&mut self, name: &str) -> String {
        let name = self.alias(name).to_string();
        if let Some(id) = self.environments.find(&name) {
            return id;
        }
        let kind = environment_kind(&name);
        if let Some(same) = self
            .model
            .environments
            .iter()
            .find(|e| e.kind == kind && !e.personal && kind_word(&name))
        {
            return same.id.clone();
        }
        let id = self.environments.fresh_id(&name);
        self.environments.add(&id, &name);
        let order = self
            .model
            .environments
            .iter()
            .map(|e| e.order + 1)
            .max()
            .unwrap_or(0);
        self.model.environments.push(Environment {
            id: id.clone(),
            name: clean(&name),
            kind,
            order,
            personal: false,
        });
        self.created(EntityKind::Environment, &name);
        id
    }
}

/// A name as the model keeps it: single-spaced, no line breaks.
fn clean(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn action_of(name: &str) -> Action {
    let n = name.to_lowercase();
    let has = |w: &[&str]| w.iter().any(|w| n.contains(w));
    if has(&["publish"]) {
        Action::PublishApp
    } else if has(&["deploy", "promote"]) {
        Action::Deploy
    } else if has(&["approve"]) {
        Action::ApproveChange
    } else if has(&["connector", "integration"]) {
        Action::ManageConnectors
    } else if has(&["role", "permission", "access right"])
        && has(&["manage", "assign", "edit", "add", "delete"])
    {
        Action::ManageRoles
    } else if has(&["create app", "build app", "new app"]) {
        Action::CreateApp
    } else if has(&["modify app", "edit app", "change app"]) {
        Action::ModifyApp
    } else if has(&["request"]) {
        Action::RequestChange
    } else if has(&["view", "read", "list"]) {
        Action::View
    } else {
        Action::Other
    }
}

fn environment_kind(name: &str) -> EnvironmentKind {
    let n = name.to_lowercase();
    if n.contains("prod") && !n.contains("pre") || n.contains("live") {
        EnvironmentKind::Production
    } else if n.contains("stag")
        || n.contains("preprod")
        || n.contains("pre-prod")
        || n.contains("uat")
        || n.contains("accept")
    {
        EnvironmentKind::Staging
    } else if n.contains("test") || n.contains("qa") {
        EnvironmentKind::Test
    } else if n.contains("sandbox") {
        EnvironmentKind::Sandbox
    } else {
        EnvironmentKind::Development
    }
}

/// Whether a name is just the stage's usual word (so "Prod" is the model's production).
fn kind_word(name: &str) -> bool {
    [
        "dev",
        "development",
        "test",
        "qa",
        "staging",
        "stage",
        "uat",
        "prod",
        "production",
        "live",
        "sandbox",
        "preprod",
    ]
    .contains(&name.trim().to_lowercase().as_str())
}

fn severity(text: &str) -> Option<Severity> {
    match text.trim().to_lowercase().as_str() {
        "low" | "l" | "1" | "minor" => Some(Severity::Low),
        "medium" | "med" | "m" | "2" | "moderate" => Some(Severity::Medium),
        "high" | "h" | "3" | "major" => Some(Severity::High),
        "critical" | "very high" | "c" | "4" | "severe" => Some(Severity::Critical),
        _ => None,
    }
}

/// Merges what was read into a copy of `current`.
pub fn plan(current: &Model, extract: &Extract) -> Planned {
    let mut r = Resolver {
        model: current.clone(),
        roles: Names::default(),
        capabilities: Names::default(),
        people: Names::default(),
        environments: Names::default(),
        aliases: extract
            .mapping
            .aliases
            .iter()
            .map(|(k, v)| (name_key(k), v.clone()))
            .collect(),
        new_names: BTreeMap::new(),
    };
    for x in &current.roles {
        r.roles.add(&x.id, &x.name);
    }
    for x in &current.capabilities {
        r.capabilities.add(&x.id, &x.name);
    }
    for x in &current.people {
        r.people.add(&x.id, &x.name);
    }
    for x in &current.environments {
        r.environments.add(&x.id, &x.name);
    }
    let mut warnings = Vec::new();
    let mut upserts: Vec<Entity> = Vec::new();
    // An assignment already in the model for the same person, role and environment is
    // updated rather than duplicated.
    let existing: FxHashMap<(String, String, Option<String>), String> = current
        .assignments
        .iter()
        .map(|a| {
            (
                (a.person.clone(), a.role.clone(), a.environment.clone()),
                a.id.clone(),
            )
        })
        .collect();

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
        let triple = (person.clone(), role.clone(), environment.clone());
        let id = match existing.get(&triple) {
            Some(id) => id.clone(),
            None => {
                let mut id = format!("{person}--{role}");
                if let Some(e) = &environment {
                    id = format!("{id}--{e}");
                }
                id.chars().take(128).collect()
            }
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
        let before = current.assignments.iter().find(|x| x.id == id);
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
    for s in &extract.sod_rules {
        let side = |r: &mut Resolver, name: &str| match r.roles.find(r.alias(name)) {
            Some(id) => SodTarget::Role(id),
            None => match r.known_capability(name) {
                Some(id) => SodTarget::Capability(id),
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
                    source: s.source.clone(),
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

    // Upserts by key through an index, then one sort: Model::upsert is for single edits
    // and would be quadratic over a hundred thousand rows.
    let mut all: Vec<((EntityKind, String), Entity)> = r
        .model
        .entities()
        .map(|e| ((e.kind(), e.key()), e))
        .collect();
    let mut at: FxHashMap<(EntityKind, String), usize> = all
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    for e in upserts {
        let k = (e.kind(), e.key());
        match at.get(&k) {
            Some(&i) => all[i].1 = e,
            None => {
                at.insert(k.clone(), all.len());
                all.push((k, e));
            }
        }
    }
    drop(at);
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut model = Model {
        meta: r.model.meta.clone(),
        ..Model::default()
    };
    for (_, e) in all {
        model.push(e);
    }
    let (changes, by_kind, upserts) = diff(current, &model);
    Planned {
        upserts,
        model,
        changes,
        by_kind,
        new_names: r.new_names,
        warnings,
    }
}

/// Counts of entities new, changed and unchanged between two models.
/// Up to this many new or changed entities an import is applied entity by entity (a small
/// edit and a small undo); beyond it, as one replacement of the model.
pub const SMALL_CHANGE: usize = 1_000;

type Diff = (
    ChangeCounts,
    BTreeMap<String, ChangeCounts>,
    Option<Vec<Entity>>,
);

fn diff(before: &Model, after: &Model) -> Diff {
    let mut upserts = Some(Vec::new());
    let mut total = ChangeCounts::default();
    let mut by_kind: BTreeMap<String, ChangeCounts> = BTreeMap::new();
    let old: FxHashMap<(EntityKind, String), Entity> = before
        .entities()
        .map(|e| ((e.kind(), e.key()), e))
        .collect();
    for entity in after.entities() {
        let kind = entity.kind();
        let slot = by_kind.entry(kind.to_string()).or_default();
        let mut keep = |entity: Entity| {
            if let Some(list) = &mut upserts {
                if list.len() < SMALL_CHANGE {
                    list.push(entity);
                } else {
                    upserts = None;
                }
            }
        };
        match old.get(&(kind, entity.key())) {
            None => {
                slot.new += 1;
                total.new += 1;
                keep(entity);
            }
            Some(old) if *old != entity => {
                slot.changed += 1;
                total.changed += 1;
                keep(entity);
            }
            Some(_) => {
                slot.unchanged += 1;
                total.unchanged += 1;
            }
        }
    }
    by_kind.retain(|_, c| c.new + c.changed > 0);
    (total, by_kind, upserts)
}
