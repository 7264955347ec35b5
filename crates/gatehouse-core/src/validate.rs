//! Validation: what makes a model well-formed, with typed errors that say where.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::entity::{EntityKind, Keyed};
use crate::model::*;

/// One reason a model is not well-formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("the model has no name")]
    MissingModelName,
    #[error("{kind} id {id:?} is not valid: use 1 to 128 letters, digits, '.', '_', ':' or '-'")]
    InvalidId { kind: EntityKind, id: String },
    #[error("{kind} {key:?} appears more than once")]
    DuplicateKey { kind: EntityKind, key: String },
    #[error("{kind} {id:?} has an empty name")]
    EmptyName { kind: EntityKind, id: String },
    #[error("{kind} name {name:?} is used by both {first:?} and {second:?}")]
    DuplicateName {
        kind: EntityKind,
        name: String,
        first: String,
        second: String,
    },
    #[error("{kind} {key:?}: {field} refers to {target_kind} {target:?}, which does not exist")]
    UnknownReference {
        kind: EntityKind,
        key: String,
        field: &'static str,
        target_kind: EntityKind,
        target: String,
    },
    #[error("{kind} {key:?}: {field} ends ({end}) before it starts ({start})")]
    WindowOrder {
        kind: EntityKind,
        key: String,
        field: &'static str,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    },
    #[error("environments {first:?} and {second:?} share position {order} in the promotion path")]
    DuplicateEnvironmentOrder {
        first: String,
        second: String,
        order: u32,
    },
    #[error(
        "gate {gate:?} promotes from {from:?} to {to:?}, but {to:?} does not come after {from:?}"
    )]
    GateOrder {
        gate: String,
        from: String,
        to: String,
    },
    #[error("{kind} {key:?}: {message}")]
    Invalid {
        kind: EntityKind,
        key: String,
        message: String,
    },
}

/// Every reason a model is not well-formed (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = 3;
        for (i, e) in self.0.iter().take(shown).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        if self.0.len() > shown {
            write!(f, " (and {} more problems)", self.0.len() - shown)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Checks that ids are valid and unique, names unique, every reference resolves, validity
/// windows are ordered and gates go forward through ordered environments.
pub fn validate(model: &Model) -> Result<(), ValidationErrors> {
    let mut v = Validator { errors: Vec::new() };
    v.check(model);
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(v.errors))
    }
}

/// Whether `id` may be used as an entity id.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'))
}

/// A name as compared for uniqueness: case, spacing and line breaks ignored.
pub fn normalize_name(name: &str) -> String {
    if !name.is_ascii() {
        return name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    // The same in one pass and one allocation (it runs for every name of a large import).
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

struct Validator {
    errors: Vec<ValidationError>,
}

type Ids<'a> = FxHashSet<&'a str>;

impl Validator {
    fn check(&mut self, m: &Model) {
        if m.meta.name.trim().is_empty() {
            self.errors.push(ValidationError::MissingModelName);
        }
        let people = self.named(EntityKind::Person, &m.people, |p| (&p.id, &p.name));
        let roles = self.named(EntityKind::Role, &m.roles, |r| (&r.id, &r.name));
        let capabilities = self.named(EntityKind::Capability, &m.capabilities, |c| {
            (&c.id, &c.name)
        });
        let environments = self.named(EntityKind::Environment, &m.environments, |e| {
            (&e.id, &e.name)
        });
        let assets = self.named(EntityKind::Asset, &m.assets, |a| (&a.id, &a.name));
        let rules = self.named(EntityKind::SodRule, &m.sod_rules, |r| (&r.id, &r.name));
        let gates = self.named(EntityKind::Gate, &m.gates, |g| (&g.id, &g.name));
        let tiers = self.named(EntityKind::RiskTier, &m.risk_tiers, |t| (&t.id, &t.name));
        let calendars = self.named(EntityKind::Calendar, &m.calendars, |c| (&c.id, &c.name));
        self.named(EntityKind::PinnedSimulation, &m.pinned_simulations, |p| {
            (&p.id, &p.name)
        });
        self.named(EntityKind::EscalationPath, &m.escalation_paths, |p| {
            (&p.id, &p.name)
        });
        self.named(EntityKind::AccessReview, &m.access_reviews, |r| {
            (&r.id, &r.name)
        });
        self.keyed(EntityKind::Assignment, &m.assignments, true);
        self.keyed(EntityKind::ChangeRequest, &m.change_requests, true);
        self.keyed(EntityKind::Exception, &m.exceptions, true);
        let grants = self.keyed(EntityKind::Grant, &m.grants, false);
        self.keyed(EntityKind::Ownership, &m.ownerships, false);
        self.keyed(EntityKind::Responsibility, &m.responsibilities, false);

        let order = self.environment_order(&m.environments);

        let r = Refs {
            people: &people,
            roles: &roles,
            capabilities: &capabilities,
            environments: &environments,
            assets: &assets,
            tiers: &tiers,
            calendars: &calendars,
        };
        self.risk_tiers(&r, &m.risk_tiers);
        for c in &m.calendars {
            self.calendar(c);
        }
        for g in &m.grants {
            let key = g.key();
            self.reference(
                &r,
                EntityKind::Grant,
                &key,
                "role",
                EntityKind::Role,
                &g.role,
            );
            let cap = &g.capability;
            self.reference(
                &r,
                EntityKind::Grant,
                &key,
                "capability",
                EntityKind::Capability,
                cap,
            );
            if let Some(env) = &g.environment {
                self.reference(
                    &r,
                    EntityKind::Grant,
                    &key,
                    "environment",
                    EntityKind::Environment,
                    env,
                );
            }
        }
        for a in &m.assignments {
            let k = EntityKind::Assignment;
            self.reference(&r, k, &a.id, "person", EntityKind::Person, &a.person);
            self.reference(&r, k, &a.id, "role", EntityKind::Role, &a.role);
            if let Some(env) = &a.environment {
                self.reference(&r, k, &a.id, "environment", EntityKind::Environment, env);
            }
            if let Some(approver) = &a.approver {
                self.reference(&r, k, &a.id, "approver", EntityKind::Person, approver);
            }
            if let (Some(start), Some(end)) = (a.valid_from, a.valid_until) {
                self.window(k, &a.id, "validity window", start, end);
            }
        }
        for c in &m.capabilities {
            if let Some(env) = &c.environment {
                let k = EntityKind::Capability;
                self.reference(&r, k, &c.id, "environment", EntityKind::Environment, env);
            }
        }
        for a in &m.assets {
            for approval in &a.use_approvals {
                let k = EntityKind::Asset;
                self.reference(
                    &r,
                    k,
                    &a.id,
                    "approved use",
                    EntityKind::Asset,
                    &approval.asset,
                );
                self.reference(
                    &r,
                    k,
                    &a.id,
                    "use approved by",
                    EntityKind::Person,
                    &approval.by,
                );
                if !a.uses.contains(&approval.asset) {
                    self.invalid(
                        k,
                        &a.id,
                        &format!(
                            "approves the use of {:?}, which the asset does not use",
                            approval.asset
                        ),
                    );
                }
            }
            for used in &a.uses {
                self.reference(
                    &r,
                    EntityKind::Asset,
                    &a.id,
                    "uses",
                    EntityKind::Asset,
                    used,
                );
                if used == &a.id {
                    self.invalid(EntityKind::Asset, &a.id, "an asset cannot use itself");
                }
            }
        }
        for o in &m.ownerships {
            let key = o.key();
            self.reference(
                &r,
                EntityKind::Ownership,
                &key,
                "asset",
                EntityKind::Asset,
                &o.asset,
            );
            self.reference(
                &r,
                EntityKind::Ownership,
                &key,
                "person",
                EntityKind::Person,
                &o.person,
            );
        }
        for resp in &m.responsibilities {
            let key = resp.key();
            let k = EntityKind::Responsibility;
            self.reference(&r, k, &key, "role", EntityKind::Role, &resp.role);
            if resp.activity.trim().is_empty() {
                self.invalid(k, &key, "the activity has no name");
            }
            if !Responsibility::letters_are_canonical(&resp.letters) {
                self.invalid(
                    k,
                    &key,
                    "letters must be some of A, C, I, R, each once, in that order",
                );
            }
        }
        for rule in &m.sod_rules {
            self.sod_target(&r, &rule.id, "left", &rule.left);
            self.sod_target(&r, &rule.id, "right", &rule.right);
            if rule.left == rule.right {
                self.invalid(
                    EntityKind::SodRule,
                    &rule.id,
                    "both sides of the rule are the same",
                );
            }
        }
        for g in &m.gates {
            self.gate(&r, &order, g);
        }
        for c in &m.change_requests {
            let k = EntityKind::ChangeRequest;
            self.reference(&r, k, &c.id, "asset", EntityKind::Asset, &c.asset);
            self.reference(&r, k, &c.id, "requester", EntityKind::Person, &c.requester);
            self.reference(&r, k, &c.id, "from", EntityKind::Environment, &c.from);
            self.reference(&r, k, &c.id, "to", EntityKind::Environment, &c.to);
            if let Some(p) = &c.track.promotion {
                self.reference(&r, k, &c.id, "promoted by", EntityKind::Person, &p.by);
            }
            for s in &c.sign_offs {
                self.reference(
                    &r,
                    k,
                    &c.id,
                    "sign-off person",
                    EntityKind::Person,
                    &s.person,
                );
                // An owner's sign-off is through ownership, not a role.
                if !s.role.is_empty() {
                    self.reference(&r, k, &c.id, "sign-off role", EntityKind::Role, &s.role);
                }
            }
        }
        for p in &m.escalation_paths {
            if p.steps.is_empty() {
                self.invalid(EntityKind::EscalationPath, &p.id, "the path has no steps");
            }
            for s in &p.steps {
                let k = EntityKind::EscalationPath;
                self.reference(&r, k, &p.id, "step role", EntityKind::Role, &s.role);
            }
            if let Some(calendar) = &p.calendar {
                let k = EntityKind::EscalationPath;
                self.reference(&r, k, &p.id, "calendar", EntityKind::Calendar, calendar);
            }
        }
        for review in &m.access_reviews {
            let k = EntityKind::AccessReview;
            self.reference(
                &r,
                k,
                &review.id,
                "reviewer",
                EntityKind::Person,
                &review.reviewer,
            );
            for role in &review.roles {
                self.reference(&r, k, &review.id, "roles", EntityKind::Role, role);
            }
            for e in review.environments.iter() {
                self.reference(
                    &r,
                    k,
                    &review.id,
                    "environments",
                    EntityKind::Environment,
                    e,
                );
            }
            for a in review.assets.iter() {
                self.reference(&r, k, &review.id, "assets", EntityKind::Asset, a);
            }
            // Decisions and items name assignments as they were: a revoked one is gone
            // from the model, the campaign keeps it as evidence.
            for d in &review.decisions {
                self.reference(&r, k, &review.id, "decision by", EntityKind::Person, &d.by);
            }
        }
        for e in &m.exceptions {
            let k = EntityKind::Exception;
            self.reference(&r, k, &e.id, "person", EntityKind::Person, &e.person);
            self.reference(&r, k, &e.id, "approver", EntityKind::Person, &e.approver);
            self.window(k, &e.id, "exception period", e.start, e.end);
            let (target_kind, target, known) = match &e.waives {
                Waiver::SodRule(id) => (EntityKind::SodRule, id, rules.contains(id.as_str())),
                Waiver::Gate(id) => {
                    // A gate, or one of its requirements by position (`gate#N`, from 1).
                    let known = e.waives.gate().is_some_and(|(gate, n)| {
                        gates.contains(gate)
                            && n.is_none_or(|n| {
                                (m.gates.iter().find(|g| g.id == gate))
                                    .is_some_and(|g| n < g.requirements.len())
                            })
                    });
                    (EntityKind::Gate, id, known)
                }
                Waiver::Grant(key) => (EntityKind::Grant, key, grants.contains(key.as_str())),
                Waiver::Access(_) => {
                    let (role, env) = e.waives.access().expect("an access waiver");
                    self.reference(&r, k, &e.id, "waives", EntityKind::Role, role);
                    if let Some(env) = env {
                        self.reference(&r, k, &e.id, "waives", EntityKind::Environment, env);
                    }
                    continue;
                }
            };
            if !known {
                self.errors.push(ValidationError::UnknownReference {
                    kind: k,
                    key: e.id.clone(),
                    field: "waives",
                    target_kind,
                    target: target.clone(),
                });
            }
        }
    }

    /// Ids valid and unique, names non-empty and unique; returns the set of ids.
    fn named<'a, T>(
        &mut self,
        kind: EntityKind,
        list: &'a [T],
        id_name: impl Fn(&'a T) -> (&'a String, &'a String),
    ) -> Ids<'a> {
        let mut ids = FxHashSet::with_capacity_and_hasher(list.len(), Default::default());
        let mut names: FxHashMap<String, &str> =
            FxHashMap::with_capacity_and_hasher(list.len(), Default::default());
        for item in list {
            let (id, name) = id_name(item);
            self.id(kind, id, &mut ids);
            if name.trim().is_empty() {
                self.errors.push(ValidationError::EmptyName {
                    kind,
                    id: id.clone(),
                });
            } else if let Some(first) = names.insert(normalize_name(name), id) {
                self.errors.push(ValidationError::DuplicateName {
                    kind,
                    name: name.clone(),
                    first: first.to_string(),
                    second: id.clone(),
                });
            }
        }
        ids
    }

    /// Keys unique (and, for id-keyed kinds, ids valid); returns the set of keys.
    fn keyed<'a, T: Keyed>(
        &mut self,
        kind: EntityKind,
        list: &'a [T],
        has_id: bool,
    ) -> FxHashSet<Cow<'a, str>> {
        let mut keys = FxHashSet::with_capacity_and_hasher(list.len(), Default::default());
        for item in list {
            let key = item.key_ref();
            if has_id && !is_valid_id(&key) {
                self.errors.push(ValidationError::InvalidId {
                    kind,
                    id: key.to_string(),
                });
            }
            if keys.contains(&key) {
                self.errors.push(ValidationError::DuplicateKey {
                    kind,
                    key: key.into_owned(),
                });
            } else {
                keys.insert(key);
            }
        }
        keys
    }

    fn id<'a>(&mut self, kind: EntityKind, id: &'a str, ids: &mut Ids<'a>) {
        if !is_valid_id(id) {
            self.errors.push(ValidationError::InvalidId {
                kind,
                id: id.to_string(),
            });
        }
        if !ids.insert(id) {
            self.errors.push(ValidationError::DuplicateKey {
                kind,
                key: id.to_string(),
            });
        }
    }

    fn environment_order<'a>(&mut self, envs: &'a [Environment]) -> HashMap<&'a str, u32> {
        let mut by_order: HashMap<u32, &str> = HashMap::new();
        let mut order = HashMap::new();
        for e in envs {
            // Personal sandboxes share a stage with each other by design.
            if !e.personal {
                if let Some(first) = by_order.insert(e.order, &e.id) {
                    self.errors
                        .push(ValidationError::DuplicateEnvironmentOrder {
                            first: first.to_string(),
                            second: e.id.clone(),
                            order: e.order,
                        });
                }
            }
            order.insert(e.id.as_str(), e.order);
        }
        order
    }

    fn gate(&mut self, r: &Refs, order: &HashMap<&str, u32>, g: &Gate) {
        let k = EntityKind::Gate;
        self.reference(r, k, &g.id, "from", EntityKind::Environment, &g.from);
        self.reference(r, k, &g.id, "to", EntityKind::Environment, &g.to);
        if let (Some(from), Some(to)) = (order.get(g.from.as_str()), order.get(g.to.as_str())) {
            if from >= to {
                self.errors.push(ValidationError::GateOrder {
                    gate: g.id.clone(),
                    from: g.from.clone(),
                    to: g.to.clone(),
                });
            }
        }
        if let Some(calendar) = &g.calendar {
            self.reference(r, k, &g.id, "calendar", EntityKind::Calendar, calendar);
        }
        for req in &g.requirements {
            match req {
                Requirement::Approval {
                    roles,
                    count,
                    condition,
                    all,
                    ..
                } => {
                    if roles.is_empty() {
                        self.invalid(k, &g.id, "an approval requirement names no role");
                    }
                    if *count == 0 && !*all {
                        self.invalid(k, &g.id, "an approval requirement asks for 0 approvals");
                    }
                    for role in roles {
                        self.reference(r, k, &g.id, "approval role", EntityKind::Role, role);
                    }
                    self.condition(r, k, &g.id, condition, true);
                }
                Requirement::OwnerApproval {
                    count,
                    condition,
                    all,
                    ..
                } => {
                    if *count == 0 && !*all {
                        self.invalid(k, &g.id, "an ownership approval asks for 0 approvals");
                    }
                    self.condition(r, k, &g.id, condition, true);
                }
                Requirement::FreezeWindow { start, end, .. } => {
                    self.window(k, &g.id, "freeze window", *start, *end);
                }
                Requirement::NoSelfApproval | Requirement::WaitTimer { .. } => {}
            }
        }
    }

    /// Tier references resolve; a tier's own criteria do not refer to tiers.
    fn condition(&mut self, r: &Refs, kind: EntityKind, key: &str, c: &Condition, tiers: bool) {
        match c {
            Condition::TierAtLeast(t) if tiers => {
                self.reference(r, kind, key, "condition tier", EntityKind::RiskTier, t);
            }
            Condition::TierAtLeast(_) => {
                self.invalid(kind, key, "a risk tier's criteria cannot refer to a tier");
            }
            Condition::AllOf(list) | Condition::AnyOf(list) => {
                for c in list {
                    self.condition(r, kind, key, c, tiers);
                }
            }
            _ => {}
        }
    }

    fn risk_tiers(&mut self, r: &Refs, tiers: &[RiskTier]) {
        let mut ranks: HashMap<u32, &str> = HashMap::new();
        for t in tiers {
            if let Some(first) = ranks.insert(t.rank, &t.id) {
                self.invalid(
                    EntityKind::RiskTier,
                    &t.id,
                    &format!("shares rank {} with the tier {first:?}", t.rank),
                );
            }
            self.condition(r, EntityKind::RiskTier, &t.id, &t.when, false);
        }
    }

    fn calendar(&mut self, c: &Calendar) {
        let k = EntityKind::Calendar;
        if c.working_days.is_empty() {
            self.invalid(k, &c.id, "a calendar needs at least one working day");
        }
        if c.closes <= c.opens {
            self.invalid(k, &c.id, "the working day closes before it opens");
        }
        if !(-18 * 60..=18 * 60).contains(&c.utc_offset_minutes) {
            self.invalid(k, &c.id, "the UTC offset is beyond ±18 hours");
        }
    }

    fn sod_target(&mut self, r: &Refs, rule: &str, field: &'static str, t: &SodTarget) {
        let (target_kind, id) = match t {
            SodTarget::Role(id) => (EntityKind::Role, id),
            SodTarget::Capability(id) => (EntityKind::Capability, id),
        };
        self.reference(r, EntityKind::SodRule, rule, field, target_kind, id);
    }

    fn reference(
        &mut self,
        r: &Refs,
        kind: EntityKind,
        key: &str,
        field: &'static str,
        target_kind: EntityKind,
        target: &str,
    ) {
        let known = match target_kind {
            EntityKind::Person => r.people.contains(target),
            EntityKind::Role => r.roles.contains(target),
            EntityKind::Capability => r.capabilities.contains(target),
            EntityKind::Environment => r.environments.contains(target),
            EntityKind::Asset => r.assets.contains(target),
            EntityKind::RiskTier => r.tiers.contains(target),
            EntityKind::Calendar => r.calendars.contains(target),
            _ => true,
        };
        if !known {
            self.errors.push(ValidationError::UnknownReference {
                kind,
                key: key.to_string(),
                field,
                target_kind,
                target: target.to_string(),
            });
        }
    }

    fn window(
        &mut self,
        kind: EntityKind,
        key: &str,
        field: &'static str,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    ) {
        if end < start {
            self.errors.push(ValidationError::WindowOrder {
                kind,
                key: key.to_string(),
                field,
                start,
                end,
            });
        }
    }

    fn invalid(&mut self, kind: EntityKind, key: &str, message: &str) {
        self.errors.push(ValidationError::Invalid {
            kind,
            key: key.to_string(),
            message: message.to_string(),
        });
    }
}

struct Refs<'a> {
    people: &'a Ids<'a>,
    roles: &'a Ids<'a>,
    capabilities: &'a Ids<'a>,
    environments: &'a Ids<'a>,
    assets: &'a Ids<'a>,
    tiers: &'a Ids<'a>,
    calendars: &'a Ids<'a>,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::normalize_name;

    proptest! {
        #[test]
        fn normalize_name_is_split_join_lowercase(name in "[ a-zA-Z0-9\t\n\r\u{b}\u{c}ÄßΣσ\u{a0}\u{2003}-]{0,16}") {
            let plain = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            prop_assert_eq!(normalize_name(&name), plain);
        }
    }
}
