//! Findings: what is wrong with a model on a given date, each with a stable code, a
//! severity, a sentence a person understands, the entities involved and a suggested fix.
//!
//! Only assignments valid on the date count (a person holds a role from `valid_from` to
//! `valid_until`, both inclusive). An exception in force on the date that waives a rule for
//! a person accepts the findings about that rule and that person: they are still listed,
//! marked accepted with the exception named; once it expires, they are open again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::entity::{EntityKind, Keyed};
use crate::model::{vocabulary, *};

mod exceptions;
mod gates;
mod quorum;
mod raci;
mod reviews;

use gates::{applies_to, gates, least_needed, names, requesters};

vocabulary!(
    /// What a finding is about: a stable code that JSON output, the CLI and the front end
    /// act on (the TypeScript union is generated from this list).
    FindingCode {
        SodConflict => "sod_conflict",
        AssetWithoutOwner => "asset_without_owner",
        DataSetWithoutSteward => "data_set_without_steward",
        GateUnsatisfiable => "gate_unsatisfiable",
        SelfApprovalPath => "self_approval_path",
        WeakProductionQuorum => "weak_production_quorum",
        CitizenDeveloperDeploysToProduction => "citizen_developer_deploys_to_production",
        ExpiredAccess => "expired_access",
        RoleWithoutMembers => "role_without_members",
        PersonWithoutRole => "person_without_role",
        UnvettedDependency => "unvetted_dependency",
        UnapprovedUse => "unapproved_use",
        EscalationStepUnstaffed => "escalation_step_unstaffed",
        QuorumUnreachable => "quorum_unreachable",
        ExceptionApproverInvalid => "exception_approver_invalid",
        ExceptionReviewDue => "exception_review_due",
        ActivityWithoutAccountable => "activity_without_accountable",
        ActivitySeveralAccountable => "activity_several_accountable",
        DriftUnauthorised => "drift_unauthorised",
        DriftMissing => "drift_missing",
        DriftExpiredPresent => "drift_expired_present",
        DriftUnmatched => "drift_unmatched",
        ReviewOverdue => "review_overdue",
        ReviewItemUnreviewable => "review_item_unreviewable",
    }
);

impl FindingCode {
    /// What the code means, in one line, for documentation and the code list test.
    pub fn meaning(self) -> &'static str {
        match self {
            FindingCode::SodConflict => {
                "a person holds two roles or capabilities that an SoD rule keeps apart"
            }
            FindingCode::AssetWithoutOwner => "an asset has no app owner",
            FindingCode::DataSetWithoutSteward => "a data set has no data steward",
            FindingCode::GateUnsatisfiable => {
                "a gate needs more approvals than the people holding its roles can give"
            }
            FindingCode::SelfApprovalPath => {
                "at a gate that allows self-approval, someone could request a change and approve it"
            }
            FindingCode::WeakProductionQuorum => {
                "a production gate accepts any one of several roles' approval for sensitive assets"
            }
            FindingCode::CitizenDeveloperDeploysToProduction => {
                "a citizen-developer role may deploy or publish to production"
            }
            FindingCode::ExpiredAccess => "a temporary assignment has ended but is still recorded",
            FindingCode::RoleWithoutMembers => "nobody holds the role on the date",
            FindingCode::PersonWithoutRole => "a person holds no role on the date",
            FindingCode::UnvettedDependency => {
                "an app uses a connector or component that is not vetted (pending, retired or unknown)"
            }
            FindingCode::UnapprovedUse => {
                "an app uses a confidential data set or a connector without its owner's approval"
            }
            FindingCode::EscalationStepUnstaffed => {
                "a step of an escalation path has nobody validly assigned to its role on the date, or only temporary access"
            }
            FindingCode::QuorumUnreachable => {
                "a gate's approval quorum cannot be reached once the requester and people in SoD conflict are excluded"
            }
            FindingCode::ExceptionApproverInvalid => {
                "an exception in force was approved by its beneficiary or by someone in SoD conflict with them"
            }
            FindingCode::ExceptionReviewDue => {
                "an exception in force has passed its review date"
            }
            FindingCode::ActivityWithoutAccountable => {
                "no role is accountable (A) for an activity of a RACI chart"
            }
            FindingCode::ActivitySeveralAccountable => {
                "several roles are accountable (A) for one activity of a RACI chart"
            }
            FindingCode::DriftUnauthorised => {
                "an actual access export shows an assignment that the model does not give"
            }
            FindingCode::DriftMissing => {
                "an assignment of the model valid on the date is not in the actual access export"
            }
            FindingCode::DriftExpiredPresent => {
                "an actual access export shows an assignment that the model has outside its validity window"
            }
            FindingCode::DriftUnmatched => {
                "a row of an actual access export names a person, role or environment the model does not have"
            }
            FindingCode::ReviewOverdue => {
                "an access review campaign is past its due date and not closed"
            }
            FindingCode::ReviewItemUnreviewable => {
                "an item of an open access review has no reviewer but the person whose access it is"
            }
        }
    }
}

/// A reference to one entity of the model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct EntityRef {
    pub kind: EntityKind,
    pub key: String,
}

impl EntityRef {
    fn new(kind: EntityKind, key: &str) -> EntityRef {
        EntityRef {
            kind,
            key: key.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub message: String,
    pub entities: Vec<EntityRef>,
    pub fix: String,
    /// The exception in force that accepts the finding: shown, not hidden, and not open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub accepted: Option<Acceptance>,
}

/// An exception accepting a finding: which one, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Acceptance {
    pub exception: String,
    pub until: NaiveDate,
    pub justification: String,
}

impl Finding {
    /// Not accepted by an exception: what needs fixing.
    pub fn is_open(&self) -> bool {
        self.accepted.is_none()
    }
}

/// Whether `a` gives its person the role on `at`.
pub fn is_valid_on(a: &Assignment, at: NaiveDate) -> bool {
    a.valid_from.is_none_or(|from| from <= at) && a.valid_until.is_none_or(|until| until >= at)
}

/// Every finding on `at`, most severe first, then by code and entities.
pub fn findings(model: &Model, at: NaiveDate) -> Vec<Finding> {
    let ix = Index::new(model, at);
    let mut out = Vec::new();
    sod_conflicts(&ix, &mut out);
    ownership(&ix, &mut out);
    gates(&ix, &mut out);
    quorum::unreachable(&ix, &mut out);
    citizen_developer_production(&ix, &mut out);
    assignments(&ix, &mut out);
    dependencies(&ix, &mut out);
    escalation(&ix, &mut out);
    exceptions::register(&ix, &mut out);
    exceptions::accept(&ix, &mut out);
    raci::gaps(&ix, &mut out);
    reviews::campaigns(&ix, &mut out);
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            // By the code's text, as when codes were strings.
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
            .then_with(|| a.entities.cmp(&b.entities))
    });
    out
}

/// Lookups built once per analysis, so each check is linear in what it reads. People and
/// roles are numbered by their position in the model (canonical order: by id).
struct Index<'m> {
    m: &'m Model,
    at: NaiveDate,
    person_name: FxHashMap<&'m str, &'m str>,
    role: FxHashMap<&'m str, &'m Role>,
    role_pos: FxHashMap<&'m str, usize>,
    capability: FxHashMap<&'m str, &'m Capability>,
    environment: FxHashMap<&'m str, &'m Environment>,
    asset: FxHashMap<&'m str, &'m Asset>,
    /// Roles each person holds on the date (by person position), sorted.
    roles_of: Vec<Vec<usize>>,
    /// People holding each role on the date (by role position), sorted.
    members: Vec<Vec<usize>>,
    /// Roles granting each capability (allow or with approval), sorted.
    roles_granting: FxHashMap<&'m str, Vec<usize>>,
}

fn positions<T>(list: &[T], id: impl Fn(&T) -> &str) -> FxHashMap<&str, usize> {
    list.iter().enumerate().map(|(i, e)| (id(e), i)).collect()
}

fn sort_dedup(lists: &mut [Vec<usize>]) {
    for list in lists {
        list.sort_unstable();
        list.dedup();
    }
}

impl<'m> Index<'m> {
    fn new(m: &'m Model, at: NaiveDate) -> Index<'m> {
        let person_pos = positions(&m.people, |p| &p.id);
        let role_pos = positions(&m.roles, |r| &r.id);
        let mut roles_of = vec![Vec::new(); m.people.len()];
        let mut members = vec![Vec::new(); m.roles.len()];
        for a in m.assignments.iter().filter(|a| is_valid_on(a, at)) {
            if let (Some(&p), Some(&r)) = (
                person_pos.get(a.person.as_str()),
                role_pos.get(a.role.as_str()),
            ) {
                roles_of[p].push(r);
                members[r].push(p);
            }
        }
        sort_dedup(&mut roles_of);
        sort_dedup(&mut members);
        let mut roles_granting: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for g in m.grants.iter().filter(|g| g.effect != Effect::Deny) {
            if let Some(&r) = role_pos.get(g.role.as_str()) {
                roles_granting.entry(&g.capability).or_default().push(r);
            }
        }
        for list in roles_granting.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Index {
            m,
            at,
            person_name: m
                .people
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .collect(),
            role: m.roles.iter().map(|r| (r.id.as_str(), r)).collect(),
            role_pos,
            capability: m.capabilities.iter().map(|c| (c.id.as_str(), c)).collect(),
            environment: m.environments.iter().map(|e| (e.id.as_str(), e)).collect(),
            asset: m.assets.iter().map(|a| (a.id.as_str(), a)).collect(),
            roles_of,
            members,
            roles_granting,
        }
    }

    fn person_id(&self, p: usize) -> &'m str {
        &self.m.people[p].id
    }

    fn role_id(&self, r: usize) -> &'m str {
        &self.m.roles[r].id
    }

    /// People (positions) holding the role `id` on the date.
    fn members_of(&self, id: &str) -> &[usize] {
        self.role_pos
            .get(id)
            .map(|&r| self.members[r].as_slice())
            .unwrap_or(&[])
    }

    fn person(&self, id: &str) -> &'m str {
        self.person_name
            .get(id)
            .copied()
            .unwrap_or("(unknown person)")
    }

    fn role_name(&self, id: &str) -> &'m str {
        self.role
            .get(id)
            .map(|r| r.name.as_str())
            .unwrap_or("(unknown role)")
    }

    fn target_name(&self, t: &SodTarget) -> String {
        match t {
            SodTarget::Role(id) => format!("the role {}", self.role_name(id)),
            SodTarget::Capability(id) => self
                .capability
                .get(id.as_str())
                .map(|c| c.name.clone())
                .unwrap_or_else(|| id.clone()),
        }
    }

    /// The roles (positions) through which people hold one side of an SoD rule.
    fn roles_for(&self, t: &SodTarget) -> Vec<usize> {
        match t {
            SodTarget::Role(id) => self
                .role_pos
                .get(id.as_str())
                .map(|&r| vec![r])
                .unwrap_or_default(),
            SodTarget::Capability(id) => self
                .roles_granting
                .get(id.as_str())
                .cloned()
                .unwrap_or_default(),
        }
    }

    fn is_production(&self, env: &str) -> bool {
        self.environment
            .get(env)
            .is_some_and(|e| e.kind == EnvironmentKind::Production)
    }

    fn members_of_any(&self, roles: &[String]) -> BTreeSet<&'m str> {
        roles
            .iter()
            .flat_map(|r| self.members_of(r))
            .map(|&p| self.person_id(p))
            .collect()
    }

    fn roles_list(&self, roles: &[String]) -> String {
        let names: Vec<_> = roles.iter().map(|r| self.role_name(r)).collect();
        match &names[..] {
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
            [] => "(no role)".to_string(),
        }
    }
}

fn sod_conflicts(ix: &Index, out: &mut Vec<Finding>) {
    let (mut left_mask, mut right_mask) =
        (vec![false; ix.m.roles.len()], vec![false; ix.m.roles.len()]);
    for rule in &ix.m.sod_rules {
        let (left, right) = (ix.roles_for(&rule.left), ix.roles_for(&rule.right));
        if left.is_empty() || right.is_empty() {
            continue;
        }
        left.iter().for_each(|&r| left_mask[r] = true);
        right.iter().for_each(|&r| right_mask[r] = true);
        // People holding a left-side role; then whether they also hold a right-side one.
        let mut holders: Vec<usize> = left
            .iter()
            .flat_map(|&r| ix.members[r].iter().copied())
            .collect();
        holders.sort_unstable();
        holders.dedup();
        for p in holders {
            let roles = &ix.roles_of[p];
            let (Some(&l), Some(&r)) = (
                roles.iter().find(|&&r| left_mask[r]),
                roles.iter().find(|&&r| right_mask[r]),
            ) else {
                continue;
            };
            let (person, l, r) = (ix.person_id(p), ix.role_id(l), ix.role_id(r));
            let through = if l == r {
                format!("both through the role {}", ix.role_name(l))
            } else {
                format!(
                    "through the roles {} and {}",
                    ix.role_name(l),
                    ix.role_name(r)
                )
            };
            let mut entities = vec![
                EntityRef::new(EntityKind::Person, person),
                EntityRef::new(EntityKind::SodRule, &rule.id),
                EntityRef::new(EntityKind::Role, l),
            ];
            if l != r {
                entities.push(EntityRef::new(EntityKind::Role, r));
            }
            out.push(Finding {
                accepted: None,
                code: FindingCode::SodConflict,
                severity: rule.severity,
                message: format!(
                    "{} holds both {} and {} ({through}), which the rule \"{}\" keeps apart.",
                    ix.person(person),
                    ix.target_name(&rule.left),
                    ix.target_name(&rule.right),
                    rule.name
                ),
                entities,
                fix: match &rule.mitigation {
                    Some(m) => format!(
                        "Remove one of the roles from {}, or record an exception citing the mitigating control: {m}",
                        ix.person(person)
                    ),
                    None => format!(
                        "Remove one of the roles from {}, or record a time-boxed exception with a mitigating control.",
                        ix.person(person)
                    ),
                },
            });
        }
        left.iter().for_each(|&r| left_mask[r] = false);
        right.iter().for_each(|&r| right_mask[r] = false);
    }
}

fn ownership(ix: &Index, out: &mut Vec<Finding>) {
    let mut kinds: HashMap<&str, BTreeSet<OwnershipKind>> = HashMap::new();
    for o in &ix.m.ownerships {
        kinds.entry(&o.asset).or_default().insert(o.kind);
    }
    for a in &ix.m.assets {
        let owned = kinds.get(a.id.as_str());
        if owned.is_none() {
            out.push(Finding {
                accepted: None,
                code: FindingCode::AssetWithoutOwner,
                severity: if a.criticality >= Criticality::High {
                    Severity::High
                } else {
                    Severity::Medium
                },
                message: format!("Nobody owns the {} \"{}\".", describe_kind(a.kind), a.name),
                entities: vec![EntityRef::new(EntityKind::Asset, &a.id)],
                fix: format!(
                    "Name an {} for \"{}\" in the ownership register.",
                    owner_kind(a.kind),
                    a.name
                ),
            });
        }
        let sensitive =
            a.kind == AssetKind::DataSet && a.classification >= Classification::Confidential;
        if sensitive && !owned.is_some_and(|k| k.contains(&OwnershipKind::DataSteward)) {
            out.push(Finding {
                accepted: None,
                code: FindingCode::DataSetWithoutSteward,
                severity: Severity::High,
                message: format!(
                    "The {} data set \"{}\" has no data steward.",
                    a.classification, a.name
                ),
                entities: vec![EntityRef::new(EntityKind::Asset, &a.id)],
                fix: format!(
                    "Name a data steward for \"{}\": they approve who may use {} data and how.",
                    a.name, a.classification
                ),
            });
        }
    }
}

fn describe_kind(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::App => "app",
        AssetKind::DataSet => "data set",
        AssetKind::Connector => "connector",
        AssetKind::Component => "component",
    }
}

fn owner_kind(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::App => "app owner",
        AssetKind::DataSet => "owner or data steward",
        AssetKind::Connector | AssetKind::Component => "integration owner",
    }
}

fn citizen_developer_production(ix: &Index, out: &mut Vec<Finding>) {
    for g in ix.m.grants.iter().filter(|g| g.effect != Effect::Deny) {
        let (Some(role), Some(cap)) = (
            ix.role.get(g.role.as_str()),
            ix.capability.get(g.capability.as_str()),
        ) else {
            continue;
        };
        if role.kind != RoleKind::CitizenDeveloper
            || !matches!(cap.action, Action::Deploy | Action::PublishApp)
        {
            continue;
        }
        let production = match (&cap.environment, &g.environment) {
            (Some(env), _) => ix.is_production(env),
            (None, Some(env)) => ix.is_production(env),
            // Unscoped: every environment, production included (if the model has one).
            (None, None) => {
                ix.m.environments
                    .iter()
                    .any(|e| e.kind == EnvironmentKind::Production)
            }
        };
        if production {
            out.push(Finding {
                accepted: None,
                code: FindingCode::CitizenDeveloperDeploysToProduction,
                severity: Severity::Critical,
                message: format!(
                    "The citizen-developer role {} holds \"{}\"{} ({}): citizen developers must not reach production themselves.",
                    role.name,
                    cap.name,
                    // A capability bound to production says so in its own name.
                    if cap.environment.is_some() { "" } else { " in production" },
                    if g.effect == Effect::Approval { "with approval" } else { "allowed" }
                ),
                entities: vec![EntityRef::new(EntityKind::Role, &role.id), EntityRef::new(EntityKind::Grant, &g.key())],
                fix: format!(
                    "Deny \"{}\" to {}: IT deploys to production after the gate's sign-offs.",
                    cap.name, role.name
                ),
            });
        }
    }
}

fn assignments(ix: &Index, out: &mut Vec<Finding>) {
    for a in &ix.m.assignments {
        if let Some(until) = a.valid_until.filter(|u| *u < ix.at) {
            out.push(Finding {
                accepted: None,
                code: FindingCode::ExpiredAccess,
                severity: Severity::Medium,
                message: format!(
                    "{}'s temporary access as {} ended on {until} but is still recorded.",
                    ix.person(&a.person),
                    ix.role_name(&a.role)
                ),
                entities: vec![
                    EntityRef::new(EntityKind::Assignment, &a.id),
                    EntityRef::new(EntityKind::Person, &a.person),
                    EntityRef::new(EntityKind::Role, &a.role),
                ],
                fix: "Remove the assignment (and the access on the platform), or extend it with a new justification and approval.".into(),
            });
        }
    }
    let granting: BTreeSet<&str> = ix.m.grants.iter().map(|g| g.role.as_str()).collect();
    let charted: BTreeSet<&str> = (ix.m.responsibilities.iter())
        .map(|r| r.role.as_str())
        .collect();
    let mut chart_only = Vec::new();
    for r in &ix.m.roles {
        if ix.members_of(&r.id).is_empty() {
            if charted.contains(r.id.as_str()) && !granting.contains(r.id.as_str()) {
                chart_only.push(r.id.as_str());
                continue;
            }
            out.push(Finding {
                accepted: None,
                code: FindingCode::RoleWithoutMembers,
                severity: Severity::Low,
                message: format!("Nobody holds the role {}.", r.name),
                entities: vec![EntityRef::new(EntityKind::Role, &r.id)],
                fix: format!(
                    "Assign someone to {}, or remove the role if it is not needed.",
                    r.name
                ),
            });
        }
    }
    raci::chart_only_roles(ix, &chart_only, out);
    for (i, p) in ix.m.people.iter().enumerate() {
        if ix.roles_of[i].is_empty() {
            out.push(Finding {
                accepted: None,
                code: FindingCode::PersonWithoutRole,
                severity: Severity::Low,
                message: format!("{} holds no role.", p.name),
                entities: vec![EntityRef::new(EntityKind::Person, &p.id)],
                fix: format!("Assign {} a role, or remove them from the model.", p.name),
            });
        }
    }
}

/// The people recorded in each kind of ownership of each asset.
fn owners_by_asset(m: &Model) -> FxHashMap<(&str, OwnershipKind), BTreeSet<&str>> {
    let mut owners: FxHashMap<(&str, OwnershipKind), BTreeSet<&str>> = FxHashMap::default();
    for o in &m.ownerships {
        owners
            .entry((&o.asset, o.kind))
            .or_default()
            .insert(&o.person);
    }
    owners
}

fn dependencies(ix: &Index, out: &mut Vec<Finding>) {
    let owners = owners_by_asset(ix.m);
    for app in ix.m.assets.iter().filter(|a| a.kind == AssetKind::App) {
        for used in app.uses.iter().filter_map(|u| ix.asset.get(u.as_str())) {
            let entities = vec![
                EntityRef::new(EntityKind::Asset, &app.id),
                EntityRef::new(EntityKind::Asset, &used.id),
            ];
            if matches!(used.kind, AssetKind::Connector | AssetKind::Component) {
                let status = match used.vetting {
                    Some(Vetting::Vetted) => None,
                    Some(Vetting::Retired) => Some(("retired", Severity::High)),
                    Some(Vetting::Pending) => Some(("still pending vetting", Severity::Medium)),
                    None => Some(("not vetted", Severity::Medium)),
                };
                if let Some((status, severity)) = status {
                    out.push(Finding {
                        accepted: None,
                        code: FindingCode::UnvettedDependency,
                        severity,
                        message: format!(
                            "The app \"{}\" uses the {} \"{}\", which is {status}.",
                            app.name,
                            describe_kind(used.kind),
                            used.name
                        ),
                        entities: entities.clone(),
                        fix: format!(
                            "Have IT vet \"{}\" (or move \"{}\" to a vetted alternative).",
                            used.name, app.name
                        ),
                    });
                }
            }
            let needs = match used.kind {
                AssetKind::DataSet if used.classification >= Classification::Confidential => {
                    Some(OwnershipKind::DataSteward)
                }
                AssetKind::Connector => Some(OwnershipKind::IntegrationOwner),
                _ => None,
            };
            let Some(needs) = needs else { continue };
            let approvers = owners.get(&(used.id.as_str(), needs));
            let approved = app.use_approvals.iter().any(|u| {
                u.asset == used.id && approvers.is_some_and(|a| a.contains(u.by.as_str()))
            });
            if !approved {
                let who = match needs {
                    OwnershipKind::DataSteward => "data steward",
                    _ => "integration owner",
                };
                let what = match used.kind {
                    AssetKind::DataSet => {
                        format!("the {} data set \"{}\"", used.classification, used.name)
                    }
                    _ => format!("the integration \"{}\"", used.name),
                };
                out.push(Finding {
                    accepted: None,
                    code: FindingCode::UnapprovedUse,
                    severity: Severity::High,
                    message: format!(
                        "The app \"{}\" uses {what} without the approval of its {who}.",
                        app.name
                    ),
                    entities,
                    fix: format!(
                        "Record the {who}'s approval of this use (or stop using \"{}\").",
                        used.name
                    ),
                });
            }
        }
    }
}

/// A step of an escalation path nobody can be escalated to on the date (medium), or one
/// covered only by temporary access (low), from [`crate::escalation::coverage`].
fn escalation(ix: &Index, out: &mut Vec<Finding>) {
    use crate::escalation::StepStatus;
    for path in crate::escalation::coverage(ix.m, ix.at) {
        for step in &path.steps {
            let (severity, fix) = match step.status {
                StepStatus::Covered => continue,
                StepStatus::TemporaryOnly => (
                    Severity::Low,
                    format!(
                        "Give {} to someone standing, or extend the temporary access before it ends.",
                        step.role_name
                    ),
                ),
                _ => (
                    Severity::Medium,
                    format!(
                        "Assign someone to {}, or route the step to a staffed role.",
                        step.role_name
                    ),
                ),
            };
            out.push(Finding {
                accepted: None,
                code: FindingCode::EscalationStepUnstaffed,
                severity,
                message: format!(
                    "Step {} of the {} escalation path \"{}\" goes to {} (target {}): {}.",
                    step.step,
                    path.kind.as_str().replace('_', " "),
                    path.name,
                    step.role_name,
                    step.response,
                    step.note
                ),
                entities: vec![
                    EntityRef::new(EntityKind::EscalationPath, &path.id),
                    EntityRef::new(EntityKind::Role, &step.role),
                ],
                fix,
            });
        }
    }
}
