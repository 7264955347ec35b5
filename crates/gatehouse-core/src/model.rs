//! The governance model: every vocabulary item of the design, as plain data.
//!
//! Entities refer to each other by `id` (a short stable slug such as `citizen-developer`);
//! names are for people and must be unique per kind, ignoring case and spacing.

use chrono::{DateTime, NaiveDate, Utc};
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

/// When a gate requirement applies to a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "when", content = "value", rename_all = "snake_case")]
pub enum Condition {
    Always,
    /// The change touches something end users see.
    UserFacing,
    ClassificationAtLeast(Classification),
    CriticalityAtLeast(Criticality),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Requirement {
    /// `count` approvals from people holding any of `roles`, when `condition` holds.
    Approval {
        roles: Vec<String>,
        count: u32,
        condition: Condition,
    },
    /// The requester of a change may not approve it.
    NoSelfApproval,
    /// Hours to wait after the last approval before promotion.
    WaitTimer { hours: u32 },
    /// No promotion between these dates (inclusive).
    FreezeWindow {
        start: NaiveDate,
        end: NaiveDate,
        reason: String,
    },
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ReviewDecision {
    pub assignment: String,
    pub decision: ReviewDecisionKind,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A campaign asking reviewers to keep or revoke assignments of some roles by a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AccessReview {
    pub id: String,
    pub name: String,
    pub reviewer: String,
    /// Roles whose assignments are under review; empty means all.
    #[serde(default)]
    pub roles: Vec<String>,
    pub due: NaiveDate,
    /// Repeat every this many days after `due`.
    #[serde(default)]
    pub recurrence_days: Option<u32>,
    #[serde(default)]
    pub decisions: Vec<ReviewDecision>,
}

/// What an exception waives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Waiver {
    SodRule(String),
    Gate(String),
    Grant(String),
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
