//! The words of headers: which header names a person, a role, a capability, a side of
//! a rule; which labels read like roles; which names are environments.

/// A header cell made comparable: lower case, `_`/`-`/`:` as spaces, single-spaced.
pub(crate) fn norm(text: &str) -> String {
    text.to_lowercase()
        .replace(['_', '-', ':', '.'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A header cell made comparable as [`norm`] does, its words first parted where the
/// header runs them together: `RiskLevel`, `RoleName`, `EntitlementA` are `risk level`,
/// `role name`, `entitlement a` (a capital after a small letter starts a word).
pub(crate) fn norm_header(text: &str) -> String {
    let mut parted = String::with_capacity(text.len() + 4);
    let mut prev_lower = false;
    for ch in text.chars() {
        if ch.is_uppercase() && prev_lower {
            parted.push(' ');
        }
        prev_lower = ch.is_lowercase();
        parted.push(ch);
    }
    norm(&parted)
}

pub(crate) const PERSON: &[&str] = &[
    "user",
    "username",
    "user name",
    "user id",
    "userid",
    "person",
    "employee",
    "name",
    "full name",
    "employee name",
    "user display name",
    "display name",
    "member",
    "login",
    "account",
    "account name",
    "identity",
    "staff",
    "holder",
    "assignee",
];
pub(crate) const ROLE: &[&str] = &[
    "role",
    "roles",
    "role name",
    "role technical name",
    "technical role",
    "group",
    "group name",
    "group id",
    "group id id",
    "role id",
    "profile",
    "persona",
    "security role",
    "permission set",
    "business role",
    "job role",
    "security roles",
    "groups",
    "member of",
    "assigned roles",
    "role names",
];
/// Role headers whose cells list several roles ("Citizen Developer; IT Administrator"),
/// as user exports of Power Platform, Entra ID or ServiceNow write them.
pub(crate) const ROLES_IN_ONE_CELL: &[&str] = &[
    "roles",
    "security roles",
    "groups",
    "member of",
    "assigned roles",
    "role names",
];
/// What one row of an access list grants on: a system, a screen, a target.
pub(crate) const RESOURCE: &[&str] = &[
    "system",
    "system name",
    "target system",
    "screen",
    "screen name",
    "target",
    "resource",
    "resource name",
    "application",
    "application name",
    "app",
    "app name",
    "object",
    "module",
    "page",
    "menu",
    "feature",
];
/// The access an access list's row grants on its resource (`Read`, `admin`).
pub(crate) const ACCESS_LEVEL: &[&str] = &[
    "access level",
    "access",
    "level",
    "access type",
    "access right",
    "access rights",
    "permission level",
    "privilege level",
    "permission",
    "privilege",
    "rights",
];
/// Columns saying whether a row's access is in force.
pub(crate) const STATUS: &[&str] = &[
    "status",
    "state",
    "active",
    "enabled",
    "account status",
    "user status",
    "decision",
    "review decision",
    "certification decision",
    "access decision",
];
/// Entitlement-like sides of an SoD rule name capabilities, not roles.
pub(crate) const ENTITLEMENT: &[&str] = &[
    "entitlement",
    "entitlement name",
    "entitlements",
    "access item",
    "access",
    "permission",
    "privilege",
];
pub(crate) const EMAIL: &[&str] = &["email", "e mail", "mail", "email address", "e mail address"];
pub(crate) const ENVIRONMENT: &[&str] = &["environment", "env", "stage", "environment name"];
pub(crate) const VALID_FROM: &[&str] = &[
    "granted",
    "granted on",
    "granted date",
    "start",
    "start date",
    "valid from",
    "from",
    "since",
    "assigned on",
    "date granted",
];
pub(crate) const VALID_UNTIL: &[&str] = &[
    "expiry",
    "expires",
    "expiry date",
    "expiration",
    "expiration date",
    "valid until",
    "valid to",
    "until",
    "end",
    "end date",
];
pub(crate) const GRANTED_BY: &[&str] = &["granted by", "approved by", "approver", "assigned by"];
pub(crate) const SEVERITY: &[&str] = &[
    "risk level",
    "severity",
    "risk",
    "level",
    "risk rating",
    "rating",
    "criticality",
];
pub(crate) const MITIGATION: &[&str] = &[
    "mitigation",
    "mitigating control",
    "control",
    "compensating control",
];
pub(crate) const RULE_NAME: &[&str] = &[
    "risk id",
    "rule id",
    "rule",
    "id",
    "rule name",
    "conflict",
    "name",
];
pub(crate) const DESCRIPTION: &[&str] = &["description", "risk description", "comment", "notes"];
pub(crate) const CAPABILITY: &[&str] = &[
    "capability",
    "permission",
    "permissions",
    "privilege",
    "object",
    "model",
    "model id id",
    "resource",
    "function",
    "action",
    "entitlement",
    "activity",
    "transaction",
];
/// Headers that can only mean people (unlike "Name", which a capability has too): a
/// matrix with these down the side says who holds which role.
pub(crate) const PEOPLE: &[&str] = &[
    "user",
    "users",
    "username",
    "user name",
    "user id",
    "person",
    "people",
    "employee",
    "employees",
    "employee name",
    "full name",
    "display name",
    "staff",
    "login",
    "assignee",
    "email",
    "e mail",
    "email address",
    "user principal name",
    "upn",
    "employee id",
    "employee number",
    "emp no",
    "account",
    "account name",
];

/// Descriptive headers that never head a role or capability, whatever their cells hold
/// (a SOX flag of Y/N is marks, but not a grant). The other [`METADATA`] headers (Risk,
/// Status, Type...) can name a team or a capability, so a column of marks under them is
/// still read.
pub(crate) const ALWAYS_DESCRIPTIVE: &[&str] = &[
    "sox",
    "sox relevant",
    "active",
    "sensitive",
    "id",
    "code",
    "description",
    "notes",
    "note",
    "comment",
    "comments",
    "remarks",
    "ticket",
];

/// Headers of columns that describe a row rather than grant anything (a module, a risk
/// rating, a status, a SOX flag): never read as role columns, and not reported as unread.
pub(crate) const METADATA: &[&str] = &[
    "module",
    "area",
    "category",
    "type",
    "risk",
    "risk level",
    "rating",
    "status",
    "sox",
    "sox relevant",
    "sensitive",
    "active",
    "priority",
    "level",
    "system",
    "application",
    "notes",
    "note",
    "comment",
    "comments",
    "remarks",
    "ticket",
    "id",
    "code",
    "description",
    "department",
    "division",
    "location",
];

/// Headers over the activities of a RACI chart.
pub(crate) const ACTIVITY: &[&str] = &[
    "activity",
    "activities",
    "task",
    "tasks",
    "deliverable",
    "deliverables",
    "process",
    "step",
    "steps",
];
const SIDE_WORDS: &[&str] = &[
    "role",
    "function",
    "entitlement",
    "duty",
    "activity",
    "permission",
    "task",
    "conflicting role",
    "capability",
    "privilege",
    "transaction",
];

/// What a side of an SoD rule names, as its header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SideKind {
    /// "Role A", "Conflicting role 1".
    Role,
    /// "Entitlement A", "Function 1", "Permission B"...
    Capability,
}

/// The kind a rule's side header names: `None` for "Left", "First" (either kind).
pub(crate) fn sod_side_kind(h: &str) -> Option<SideKind> {
    let (stem, _) = h.rsplit_once(' ')?;
    match stem {
        "role" | "conflicting role" => Some(SideKind::Role),
        s if SIDE_WORDS.contains(&s) => Some(SideKind::Capability),
        _ => None,
    }
}

/// A system column beside one side of a rule ("System A", "System_1").
pub(crate) fn sod_system(h: &str) -> Option<&'static str> {
    let (stem, last) = h.rsplit_once(' ')?;
    if !["system", "application", "app"].contains(&stem) {
        return None;
    }
    match last {
        "a" | "1" => Some("left"),
        "b" | "2" => Some("right"),
        _ => None,
    }
}

/// A side of a rule that stands for anything (`<any>`, `*`, `ANY`).
pub(crate) fn is_wildcard(text: &str) -> bool {
    matches!(
        norm(text).trim_matches(['<', '>', '(', ')', '[', ']']),
        "*" | "any" | "all" | "anything" | "%"
    )
}

/// Headers of columns that flag or measure a row (`InBaseline`, `SoD_Violation`,
/// `SoD_Sensitive`, `Is privileged`): their Y/N cells are facts about the row, never a
/// role or a capability.
pub(crate) fn is_flag_header(h: &str) -> bool {
    const FLAG_WORDS: &[&str] = &[
        "violation",
        "violations",
        "sensitive",
        "flag",
        "flagged",
        "baseline",
        "sod",
        "privileged",
        "excessive",
        "orphan",
        "orphaned",
        "dormant",
        "compliant",
        "score",
        "count",
        "mfa",
    ];
    let words: Vec<&str> = h.split(' ').collect();
    words.iter().any(|w| FLAG_WORDS.contains(w))
        || (words.len() > 1 && ["is", "in", "has"].contains(&words[0]))
}

/// Headers of row identifiers (`Cert ID`, `Rule #`, `Ref`): an identifier, never part of
/// a name.
pub(crate) fn is_id_header(h: &str) -> bool {
    h == "id"
        || h == "#"
        || h.ends_with(" id")
        || h.ends_with(" #")
        || ["no", "nr", "ref", "key", "number", "row", "uid", "guid"].contains(&h)
}

/// What a status cell says of the access on its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    Active,
    /// Revoked, disabled, terminated...: not active access.
    Ended,
    /// Kept as an exception to the rules: active, and noted.
    Exception,
}

/// A status or decision cell read (`None` when the word is not one Gatehouse knows).
pub(crate) fn standing(text: &str) -> Option<Standing> {
    match norm(text).as_str() {
        "" | "active" | "enabled" | "yes" | "y" | "true" | "1" | "keep" | "kept" | "approve"
        | "approved" | "certify" | "certified" | "retain" | "maintain" | "granted" | "valid"
        | "ok" => Some(Standing::Active),
        "revoke" | "revoked" | "disabled" | "disable" | "inactive" | "terminated" | "removed"
        | "remove" | "deleted" | "no" | "n" | "false" | "0" | "suspended" | "locked"
        | "expired" | "deprovisioned" | "rejected" | "deny" | "denied" => Some(Standing::Ended),
        "exception" | "keep with exception" | "exception approved" | "accepted risk" => {
            Some(Standing::Exception)
        }
        _ => None,
    }
}

pub(crate) fn sod_side(h: &str) -> Option<&'static str> {
    if ["left", "first"].contains(&h) {
        return Some("left");
    }
    if ["right", "second"].contains(&h) {
        return Some("right");
    }
    let (stem, last) = h.rsplit_once(' ')?;
    if !SIDE_WORDS.contains(&stem) {
        return None;
    }
    match last {
        "a" | "1" => Some("left"),
        "b" | "2" => Some("right"),
        _ => None,
    }
}

pub(crate) fn words_in(h: &str, list: &[&str]) -> bool {
    list.contains(&h)
}

/// Words that suggest a label names a role rather than a capability.
const ROLE_WORDS: &[&str] = &[
    "admin",
    "administrator",
    "manager",
    "owner",
    "developer",
    "user",
    "viewer",
    "approver",
    "steward",
    "maker",
    "student",
    "teacher",
    "family",
    "counselor",
    "instructor",
    "lead",
    "analyst",
    "officer",
    "auditor",
    "member",
    "reviewer",
    "requester",
    "validator",
    "engineer",
    "citizen",
    "support",
    "operator",
    "guest",
    "editor",
    "contributor",
    "author",
    "business",
    "it",
    "security",
    "team",
    "head",
    "director",
    "clerk",
    "accountant",
    "sde",
    "tpm",
    "pm",
    "sdm",
    "role",
    "group",
];
const CAPABILITY_WORDS: &[&str] = &[
    "create",
    "read",
    "write",
    "edit",
    "delete",
    "view",
    "publish",
    "deploy",
    "manage",
    "approve",
    "export",
    "import",
    "list",
    "add",
    "access",
    "modify",
    "run",
    "request",
    "update",
    "share",
    "configure",
    "install",
    "connect",
    "submit",
    "post",
    "get",
    "put",
];

pub(crate) fn role_likeness(labels: &[String]) -> f64 {
    if labels.is_empty() {
        return 0.0;
    }
    let score: f64 = labels
        .iter()
        .map(|l| {
            let n = norm(l);
            let words: Vec<&str> = n.split(' ').collect();
            let mut s = 0.0;
            if words.iter().any(|w| ROLE_WORDS.contains(w)) {
                s += 1.0;
            }
            if words.iter().any(|w| CAPABILITY_WORDS.contains(w))
                || l.contains(':')
                || l.contains('/')
            {
                s -= 1.0;
            }
            s
        })
        .sum();
    score / labels.len() as f64
}

pub(crate) fn is_env_name(text: &str) -> bool {
    let n = norm(text);
    [
        "dev",
        "development",
        "test",
        "testing",
        "qa",
        "uat",
        "staging",
        "stage",
        "preprod",
        "pre production",
        "prod",
        "production",
        "sandbox",
        "live",
        "acceptance",
    ]
    .contains(&n.as_str())
        || n.ends_with(" environment")
        || n.starts_with("env ")
}

pub(crate) fn is_header_word(t: &str) -> bool {
    [PERSON, ROLE, EMAIL, CAPABILITY, SEVERITY, VALID_UNTIL]
        .iter()
        .any(|list| list.contains(&t))
        || sod_side(t).is_some()
}

/// A risk level as a conflict matrix may write it in its cells.
pub(crate) fn is_severity_word(text: &str) -> bool {
    matches!(
        norm(text).as_str(),
        "low" | "l" | "medium" | "med" | "m" | "high" | "h" | "critical" | "very high" | "c"
    )
}
