//! The governance model: every vocabulary item of the design, as plain data.
//!
//! Entities refer to each other by `id` (a short stable slug such as `citizen-developer`);
//! names are for people and must be unique per kind, ignoring case and spacing.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

pub use crate::change::record::{
    ChangeEvaluation, ChangeTrack, Promotion, RefusedPromotion, SignedFor,
};
pub use crate::review::{ReviewClosure, ReviewItem, ReviewStatus, ReviewerSource};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// Declares a plain string-valued enum with serde and (optionally) TypeScript support.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(TS))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
// Findings' codes are vocabulary too.
pub(crate) use vocabulary;

vocabulary!(
    /// What kind of person someone is in the organisation.
    PersonKind {
        CitizenDeveloper => "citizen_developer",
        It => "it",
        Business => "business",
        Security => "security",
        Other => "other",
    }
);

vocabulary!(
    /// The persona a role stands for; analysis uses it (e.g. "citizen developers never
    /// deploy to production").
    RoleKind {
        CitizenDeveloper => "citizen_developer",
        ItAdministrator => "it_administrator",
        AppOwner => "app_owner",
        DataSteward => "data_steward",
        Approver => "approver",
        Validator => "validator",
        Reviewer => "reviewer",
        Viewer => "viewer",
        Requester => "requester",
        Other => "other",
    }
);

vocabulary!(
    /// The action a capability permits.
    Action {
        CreateApp => "create_app",
        ModifyApp => "modify_app",
        PublishApp => "publish_app",
        View => "view",
        RequestChange => "request_change",
        AccessData => "access_data",
        ManageConnectors => "manage_connectors",
        Deploy => "deploy",
        ApproveChange => "approve_change",
        ManageRoles => "manage_roles",
        Other => "other",
    }
);

vocabulary!(
    /// Stage of an environment in the promotion path.
    EnvironmentKind {
        Sandbox => "sandbox",
        Development => "development",
        Test => "test",
        Staging => "staging",
        Production => "production",
    }
);

vocabulary!(
    /// Outcome of a grant: the cell of the permission matrix.
    Effect {
        Allow => "allow",
        Approval => "approval",
        Deny => "deny",
    }
);

vocabulary!(
    AssetKind {
        App => "app",
        DataSet => "data_set",
        Connector => "connector",
        Component => "component",
    }
);

vocabulary!(
    /// Data classification, from least to most sensitive.
    Classification {
        Public => "public",
        Internal => "internal",
        Confidential => "confidential",
        Restricted => "restricted",
    }
);

vocabulary!(
    /// Business criticality, from least to most critical.
    Criticality {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
);

vocabulary!(
    /// IT's curation status of a connector or reusable component.
    Vetting {
        Vetted => "vetted",
        Pending => "pending",
        Retired => "retired",
    }
);

vocabulary!(
    OwnershipKind {
        AppOwner => "app_owner",
        DataSteward => "data_steward",
        IntegrationOwner => "integration_owner",
    }
);

vocabulary!(
    /// What a change does, beyond the asset it is about: the impact side of the risk tier.
    ChangeAttribute {
        /// End users see the change.
        UserFacing => "user_facing",
        /// It touches a connector or an integration with another system.
        TouchesIntegration => "touches_integration",
        /// It changes how data is mapped between systems or data sets.
        ChangesDataMapping => "changes_data_mapping",
        /// A new asset, not a modification of one in use.
        NewAsset => "new_asset",
    }
);

vocabulary!(
    /// A day of the week, for business-hours calendars.
    Weekday {
        Mon => "mon",
        Tue => "tue",
        Wed => "wed",
        Thu => "thu",
        Fri => "fri",
        Sat => "sat",
        Sun => "sun",
    }
);

vocabulary!(
    Severity {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
);

vocabulary!(
    ChangeStatus {
        Draft => "draft",
        Submitted => "submitted",
        Approved => "approved",
        Rejected => "rejected",
        Deployed => "deployed",
    }
);

vocabulary!(
    Decision {
        Approved => "approved",
        Rejected => "rejected",
    }
);

vocabulary!(
    EscalationKind {
        Incident => "incident",
        Change => "change",
        FeatureRequest => "feature_request",
    }
);

vocabulary!(
    ReviewDecisionKind {
        Keep => "keep",
        Revoke => "revoke",
        /// Keep the assignment until a new end date.
        Change => "change",
    }
);

/// The whole governance model. Lists are kept sorted by each entity's key (see
/// [`crate::Model::canonicalize`]), so two equal models serialise to the same bytes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Model {
    pub meta: ModelMeta,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    #[serde(default)]
    pub environments: Vec<Environment>,
    #[serde(default)]
    pub grants: Vec<Grant>,
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    #[serde(default)]
    pub assets: Vec<Asset>,
    #[serde(default)]
    pub ownerships: Vec<Ownership>,
    #[serde(default)]
    pub sod_rules: Vec<SodRule>,
    #[serde(default)]
    pub gates: Vec<Gate>,
    #[serde(default)]
    pub change_requests: Vec<ChangeRequest>,
    #[serde(default)]
    pub escalation_paths: Vec<EscalationPath>,
    #[serde(default)]
    pub access_reviews: Vec<AccessReview>,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
    #[serde(default)]
    pub responsibilities: Vec<Responsibility>,
    /// The decision criteria: which risk tier a change falls in (empty: no tiers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risk_tiers: Vec<RiskTier>,
    /// Business-hours calendars that gates' wait timers and promotions run on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendars: Vec<Calendar>,
    /// Simulation results kept for the audit binder, with what they were computed on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned_simulations: Vec<PinnedSimulation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ModelMeta {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The template the model was started from, if any.
    #[serde(default)]
    pub template: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    pub kind: PersonKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub kind: RoleKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Capability {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub action: Action,
    /// For data access: the classification of data this capability reaches.
    #[serde(default)]
    pub classification: Option<Classification>,
    /// For capabilities that act on one stage (e.g. "Deploy to production"): that
    /// environment. `None`: whichever environment a grant scopes it to.
    #[serde(default)]
    pub environment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Environment {
    pub id: String,
    pub name: String,
    pub kind: EnvironmentKind,
    /// Position in the promotion path; lower comes first. Unique per model.
    pub order: u32,
    /// A personal sandbox (one per citizen developer) rather than a shared stage.
    #[serde(default)]
    pub personal: bool,
}

/// A cell of the permission matrix: a role's capability, optionally scoped to one
/// environment (`None` means every environment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Grant {
    pub role: String,
    pub capability: String,
    #[serde(default)]
    pub environment: Option<String>,
    pub effect: Effect,
}

/// A person holding a role, possibly only for a while (temporary access is an exception
/// and must be visible once expired).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Assignment {
    pub id: String,
    pub person: String,
    pub role: String,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    #[serde(default)]
    pub justification: Option<String>,
    /// The person who approved the assignment.
    #[serde(default)]
    pub approver: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Asset {
    pub id: String,
    pub name: String,
    pub kind: AssetKind,
    pub classification: Classification,
    pub criticality: Criticality,
    #[serde(default)]
    pub user_facing: bool,
    /// Connectors and components: IT's vetting status.
    #[serde(default)]
    pub vetting: Option<Vetting>,
    #[serde(default)]
    pub version: Option<String>,
    /// Apps: the connectors, components and data sets they use (asset ids).
    #[serde(default)]
    pub uses: Vec<String>,
    /// Apps: who approved the use of a sensitive data set or an integration (the data
    /// steward or integration owner of the used asset).
    #[serde(default)]
    pub use_approvals: Vec<UseApproval>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UseApproval {
    /// The used asset.
    pub asset: String,
    /// The person who approved the use.
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Ownership {
    pub asset: String,
    pub person: String,
    pub kind: OwnershipKind,
}

/// One side of a separation-of-duties rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum SodTarget {
    Role(String),
    Capability(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SodRule {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub left: SodTarget,
    pub right: SodTarget,
    pub severity: Severity,
    #[serde(default)]
    pub mitigation: Option<String>,
}

/// When a gate requirement (or a risk tier) applies to a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "when", content = "value", rename_all = "snake_case")]
pub enum Condition {
    Always,
    /// The change touches something end users see: the asset is user-facing, or the change
    /// is marked `user_facing`.
    UserFacing,
    /// The asset's own classification is at least this.
    ClassificationAtLeast(Classification),
    CriticalityAtLeast(Criticality),
    /// Data sensitivity is at least this: the highest classification of the asset and of
    /// the data sets it uses.
    DataSensitivityAtLeast(Classification),
    /// The change has this attribute.
    Attribute(ChangeAttribute),
    /// The change's risk tier (by id) ranks at least as high as this one. Not allowed in a
    /// tier's own criteria.
    TierAtLeast(String),
    /// Every one of these holds (an empty list always holds).
    AllOf(Vec<Condition>),
    /// At least one of these holds (an empty list never holds).
    AnyOf(Vec<Condition>),
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Requirement {
    /// `count` approvals from people holding any of `roles` (or, with `all`, from every
    /// eligible holder), when `condition` holds.
    Approval {
        roles: Vec<String>,
        count: u32,
        condition: Condition,
        /// Every eligible person must approve (`count` is then ignored).
        #[serde(default, skip_serializing_if = "is_false")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        all: bool,
        /// The requirement's name in the gate's policy ("IT sign-off").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        name: Option<String>,
    },
    /// Approvals derived from ownership: the asset's app owner(s), the data steward(s) of
    /// each data set the change touches, or the integration owner(s) of each connector it
    /// uses; `count` of each owned asset's eligible owners (or all of them).
    OwnerApproval {
        owner: OwnershipKind,
        count: u32,
        condition: Condition,
        #[serde(default, skip_serializing_if = "is_false")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        all: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        name: Option<String>,
    },
    /// The requester of a change may not approve it.
    NoSelfApproval,
    /// Hours to wait after the last approval before promotion (working hours when the gate
    /// has a calendar).
    WaitTimer { hours: u32 },
    /// No promotion between these dates (inclusive; in the gate calendar's time zone).
    FreezeWindow {
        start: NaiveDate,
        end: NaiveDate,
        reason: String,
    },
}

impl Requirement {
    /// The requirement's name as people read it: its own, or one from its kind.
    pub fn label(&self) -> String {
        match self {
            Requirement::Approval { name: Some(n), .. }
            | Requirement::OwnerApproval { name: Some(n), .. } => n.clone(),
            Requirement::Approval { .. } => "Approval".into(),
            Requirement::OwnerApproval { owner, .. } => match owner {
                OwnershipKind::AppOwner => "App owner approval".into(),
                OwnershipKind::DataSteward => "Data steward approval".into(),
                OwnershipKind::IntegrationOwner => "Integration owner approval".into(),
            },
            Requirement::NoSelfApproval => "No self-approval".into(),
            Requirement::WaitTimer { .. } => "Wait timer".into(),
            Requirement::FreezeWindow { .. } => "Freeze window".into(),
        }
    }
}

/// A promotion from one environment to the next, with what it requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Gate {
    pub id: String,
    pub name: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    /// The business-hours calendar (by id) its wait timers and promotions run on; none:
    /// around the clock, in UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub calendar: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SignOff {
    pub person: String,
    pub role: String,
    pub decision: Decision,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub comment: Option<String>,
    /// The gate requirement the sign-off answers (absent in sign-offs recorded before
    /// change requests went through the gates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub answers: Option<SignedFor>,
    /// For an approval the signer could give only through a temporary assignment or under
    /// an exception waiving an SoD rule for them: which (a promotion counting it is a
    /// near-miss). Absent from plain approvals and from sign-offs recorded before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub near_miss: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ChangeRequest {
    pub id: String,
    pub title: String,
    pub asset: String,
    pub requester: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub touches_end_users: bool,
    pub status: ChangeStatus,
    pub created: DateTime<Utc>,
    #[serde(default)]
    pub sign_offs: Vec<SignOff>,
    /// Its way through the gates (flattened: the fields sit beside the others in JSON;
    /// boxed: every edit carries an entity, and most requests' tracks are small).
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub track: Box<ChangeTrack>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct EscalationStep {
    pub role: String,
    /// Response target in hours.
    pub response_hours: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct EscalationPath {
    pub id: String,
    pub name: String,
    pub kind: EscalationKind,
    pub steps: Vec<EscalationStep>,
    /// The calendar (id) the steps' response targets are counted on; `None`: the model's
    /// first calendar, said so wherever the targets are shown (a vault written before
    /// paths had a calendar reads as `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub calendar: Option<String>,
}

/// A reviewer's decision on one item of a campaign (the latest per item counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ReviewDecision {
    pub assignment: String,
    pub decision: ReviewDecisionKind,
    pub by: String,
    pub at: DateTime<Utc>,
    /// `change`: the assignment's new last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub end_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub comment: Option<String>,
}

/// A campaign asking reviewers to keep, revoke or end assignments in a scope by a date
/// (see [`crate::review`]). The scope is what all of `roles`, `environments` and `assets`
/// allow (an empty list allows everything).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AccessReview {
    pub id: String,
    pub name: String,
    /// The campaign's named reviewer: who reviews every item (named reviewers), or the
    /// last one in each item's ownership chain.
    pub reviewer: String,
    /// Roles whose assignments are under review; empty means all.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Environments the access is to (an assignment to every environment reaches each).
    /// (This and the other lists a campaign added are boxed, to keep [`crate::Entity`] small.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environments: Box<Vec<String>>,
    /// Assets the access reaches (through the role's grants).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Box<Vec<String>>,
    #[serde(default)]
    pub reviewers_from: ReviewerSource,
    pub due: NaiveDate,
    /// Repeat every this many days after `due`.
    #[serde(default)]
    pub recurrence_days: Option<u32>,
    #[serde(default)]
    pub status: ReviewStatus,
    /// When it was started: its items are the assignments in scope then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub started: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Box<Vec<ReviewItem>>,
    #[serde(default)]
    pub decisions: Vec<ReviewDecision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub closed: Option<Box<ReviewClosure>>,
}

/// What an exception waives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Waiver {
    SodRule(String),
    /// A gate for the person as requester: `gate` (its approval requirements and
    /// no-self-approval), or one requirement of it, `gate#N` (N from 1, in the gate's order).
    Gate(String),
    /// A cell of the permission matrix (its key `role|capability|environment`): the person
    /// may use what the matrix denies or gives only with approval.
    Grant(String),
    /// Access the platform gives outside the model: holding the role (`role`, or
    /// `role|environment` for one environment; ids) though no assignment of the model gives
    /// it. It accepts the drift checks' findings of that access (unauthorised, or expired in
    /// the model and still present).
    Access(String),
}

/// A documented, time-boxed waiver of one rule for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Exception {
    pub id: String,
    pub waives: Waiver,
    pub person: String,
    pub justification: String,
    pub approver: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(default)]
    pub review: Option<NaiveDate>,
}

/// A role's part in an activity, as a RACI chart gives it: which of Responsible,
/// Accountable, Consulted and Informed the role is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Responsibility {
    pub role: String,
    /// The activity, as named in the chart (a step, a task, a process).
    pub activity: String,
    /// Some of `A`, `C`, `I`, `R`, each once, in that order (e.g. `AR`).
    pub letters: String,
}

impl Responsibility {
    /// Whether `letters` is a valid, canonical set of RACI letters.
    pub fn letters_are_canonical(letters: &str) -> bool {
        !letters.is_empty()
            && letters.chars().all(|c| matches!(c, 'A' | 'C' | 'I' | 'R'))
            && letters.as_bytes().windows(2).all(|w| w[0] < w[1])
    }
}

/// One row of the risk-tier table: a change falls in the highest-ranked tier whose
/// criteria hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RiskTier {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Higher ranks are riskier; unique per model.
    pub rank: u32,
    /// The decision criteria (data sensitivity, impact, criticality); may not refer to tiers.
    pub when: Condition,
}

/// Business hours: when approvers answer, wait timers run and promotions may happen.
///
/// The time zone is a fixed offset from UTC (no daylight-saving rules: a calendar for a
/// zone that changes offset needs its offset updated when the clocks change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Calendar {
    pub id: String,
    pub name: String,
    pub working_days: Vec<Weekday>,
    /// Opening and closing time of a working day, local time (closes after opens).
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    /// Minutes east of UTC (e.g. 60 for UTC+01:00, -300 for UTC-05:00).
    #[serde(default)]
    pub utc_offset_minutes: i32,
    /// Days off (local dates), besides the days that are not working days.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

vocabulary!(
    /// Which kind of simulation a pinned result is.
    SimulationKind {
        /// One request walked through its gates.
        Request => "request",
        /// A scenario deck played.
        Deck => "deck",
        /// A Monte Carlo run.
        MonteCarlo => "monte_carlo",
    }
);

/// A simulation result kept in the model for the audit binder: what it was computed on
/// (the model's fingerprint without pinned results, the seed), when and by whom, and the
/// result itself as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PinnedSimulation {
    pub id: String,
    pub name: String,
    pub kind: SimulationKind,
    /// [`Model::simulated_fingerprint`] of the model the result was computed on.
    pub fingerprint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "number | null", optional))]
    pub seed: Option<u64>,
    pub pinned_at: DateTime<Utc>,
    pub pinned_by: String,
    /// The result in one line, as the binder lists it.
    pub summary: String,
    /// The result's JSON (a `Simulation`, `DeckReport` or `MonteCarloReport`).
    pub result: String,
}
