//! Random valid models for property tests (feature `testing`).
//!
//! Raw random material (strings, numbers, flags) is drawn first; references are then
//! resolved by index modulo the lists that exist, so every generated model is valid.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use crate::model::*;

fn text() -> impl Strategy<Value = String> {
    // Printable text including non-ASCII, quotes and spreadsheet-formula starters.
    "[ -~ÄÖÜäöüßéçłŁ€½≤≥✓\"'=+@-]{0,24}"
}

fn date(days: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date")
        + chrono::Days::new(u64::from(days % 2000))
}

fn time(seconds: u32) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + i64::from(seconds), 0)
        .single()
        .expect("valid time")
}

fn pick<T: Copy>(all: &[T], n: u32) -> T {
    all[n as usize % all.len()]
}

/// Raw material for one entity: a few strings, numbers and flags.
#[derive(Debug, Clone)]
struct Raw {
    texts: (String, String),
    numbers: (u32, u32, u32, u32),
    flags: (bool, bool, bool),
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        (text(), text()),
        any::<(u32, u32, u32, u32)>(),
        any::<(bool, bool, bool)>(),
    )
        .prop_map(|(texts, numbers, flags)| Raw {
            texts,
            numbers,
            flags,
        })
}

fn raws(max: usize) -> impl Strategy<Value = Vec<Raw>> {
    proptest::collection::vec(raw(), 0..=max)
}

fn name(prefix: &str, i: usize, t: &str) -> String {
    // Unique by construction; the random part exercises escaping and Unicode.
    format!("{prefix} {i} {}", t.trim())
}

fn opt(flag: bool, s: &str) -> Option<String> {
    flag.then(|| s.to_string())
}

/// A random model that passes validation.
pub fn arb_model() -> impl Strategy<Value = Model> {
    (
        (text(), text()),
        (raws(8), raws(6), raws(8), 1usize..5),
        (raws(20), raws(12), raws(6), raws(6)),
        (raws(5), raws(3), raws(3), raws(3), raws(2), raws(2)),
    )
        .prop_map(
            |(meta, (p, r, c, n_env), (g, a, s, o), (rules, gates, crs, esc, revs, exc))| {
                build(
                    meta, p, r, c, n_env, g, a, s, o, rules, gates, crs, esc, revs, exc,
                )
            },
        )
}

#[allow(clippy::too_many_arguments)]
fn build(
    meta: (String, String),
    p: Vec<Raw>,
    r: Vec<Raw>,
    c: Vec<Raw>,
    n_env: usize,
    g: Vec<Raw>,
    a: Vec<Raw>,
    s: Vec<Raw>,
    o: Vec<Raw>,
    rules: Vec<Raw>,
    gates: Vec<Raw>,
    crs: Vec<Raw>,
    esc: Vec<Raw>,
    revs: Vec<Raw>,
    exc: Vec<Raw>,
) -> Model {
    let mut m = Model {
        meta: ModelMeta {
            name: format!("Model {}", meta.0),
            description: meta.1,
            template: None,
        },
        ..Model::default()
    };
    m.people = p
        .iter()
        .enumerate()
        .map(|(i, x)| Person {
            id: format!("p{i}"),
            name: name("Person", i, &x.texts.0),
            email: opt(x.flags.0, &x.texts.1),
            department: opt(x.flags.1, &x.texts.1),
            kind: pick(PersonKind::ALL, x.numbers.0),
        })
        .collect();
    m.roles = r
        .iter()
        .enumerate()
        .map(|(i, x)| Role {
            id: format!("r{i}"),
            name: name("Role", i, &x.texts.0),
            description: x.texts.1.clone(),
            kind: pick(RoleKind::ALL, x.numbers.0),
        })
        .collect();
    m.capabilities = c
        .iter()
        .enumerate()
        .map(|(i, x)| Capability {
            id: format!("c{i}"),
            name: name("Capability", i, &x.texts.0),
            description: x.texts.1.clone(),
            action: pick(Action::ALL, x.numbers.0),
            classification: x.flags.0.then(|| pick(Classification::ALL, x.numbers.1)),
            environment: None,
        })
        .collect();
    m.environments = (0..n_env)
        .map(|i| Environment {
            id: format!("e{i}"),
            name: format!("Environment {i}"),
            kind: pick(EnvironmentKind::ALL, i as u32),
            order: i as u32 * 10,
            personal: false,
        })
        .collect();
    let envs: Vec<String> = m.environments.iter().map(|e| e.id.clone()).collect();
    let env_ref = |n: u32, present: bool| present.then(|| envs[n as usize % envs.len()].clone());
    if !m.roles.is_empty() && !m.capabilities.is_empty() {
        for x in &g {
            let grant = Grant {
                role: m.roles[x.numbers.0 as usize % m.roles.len()].id.clone(),
                capability: m.capabilities[x.numbers.1 as usize % m.capabilities.len()]
                    .id
                    .clone(),
                environment: env_ref(x.numbers.2, x.flags.0),
                effect: pick(Effect::ALL, x.numbers.3),
            };
            m.upsert(crate::Entity::Grant(grant));
        }
    }
    if !m.people.is_empty() && !m.roles.is_empty() {
        m.assignments = a
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let from = date(x.numbers.2);
                Assignment {
                    id: format!("a{i}"),
                    person: m.people[x.numbers.0 as usize % m.people.len()].id.clone(),
                    role: m.roles[x.numbers.1 as usize % m.roles.len()].id.clone(),
                    environment: env_ref(x.numbers.3, x.flags.0),
                    valid_from: x.flags.1.then_some(from),
                    valid_until: x
                        .flags
                        .2
                        .then(|| from + chrono::Days::new(u64::from(x.numbers.3 % 400))),
                    justification: opt(x.flags.0, &x.texts.0),
                    approver: x
                        .flags
                        .1
                        .then(|| m.people[x.numbers.3 as usize % m.people.len()].id.clone()),
                }
            })
            .collect();
    }
    m.assets = s
        .iter()
        .enumerate()
        .map(|(i, x)| Asset {
            id: format!("s{i}"),
            name: name("Asset", i, &x.texts.0),
            kind: pick(AssetKind::ALL, x.numbers.0),
            classification: pick(Classification::ALL, x.numbers.1),
            criticality: pick(Criticality::ALL, x.numbers.2),
            user_facing: x.flags.0,
            vetting: x.flags.1.then(|| pick(Vetting::ALL, x.numbers.3)),
            version: opt(x.flags.2, &x.texts.1),
            // Only earlier assets, so an asset never uses itself.
            uses: if i > 0 && x.flags.2 {
                vec![format!("s{}", x.numbers.3 as usize % i)]
            } else {
                vec![]
            },
            use_approvals: vec![],
        })
        .collect();
    if !m.assets.is_empty() && !m.people.is_empty() {
        for x in &o {
            let ownership = Ownership {
                asset: m.assets[x.numbers.0 as usize % m.assets.len()].id.clone(),
                person: m.people[x.numbers.1 as usize % m.people.len()].id.clone(),
                kind: pick(OwnershipKind::ALL, x.numbers.2),
            };
            m.upsert(crate::Entity::Ownership(ownership));
        }
    }
    if m.roles.len() >= 2 && !m.capabilities.is_empty() {
        m.sod_rules = rules
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let left =
                    SodTarget::Role(m.roles[x.numbers.0 as usize % m.roles.len()].id.clone());
                let right = if x.flags.0 {
                    SodTarget::Capability(
                        m.capabilities[x.numbers.1 as usize % m.capabilities.len()]
                            .id
                            .clone(),
                    )
                } else {
                    let j = (x.numbers.0 as usize + 1 + x.numbers.1 as usize % (m.roles.len() - 1))
                        % m.roles.len();
                    SodTarget::Role(m.roles[j].id.clone())
                };
                SodRule {
                    id: format!("sod{i}"),
                    name: name("Rule", i, &x.texts.0),
                    description: x.texts.1.clone(),
                    left,
                    right,
                    severity: pick(Severity::ALL, x.numbers.2),
                    mitigation: opt(x.flags.1, &x.texts.1),
                }
            })
            .collect();
    }
    if m.environments.len() >= 2 && !m.roles.is_empty() {
        m.gates = gates
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let from = x.numbers.0 as usize % (m.environments.len() - 1);
                let to = from + 1 + x.numbers.1 as usize % (m.environments.len() - from - 1);
                let condition = match x.numbers.2 % 4 {
                    0 => Condition::Always,
                    1 => Condition::UserFacing,
                    2 => Condition::ClassificationAtLeast(pick(Classification::ALL, x.numbers.3)),
                    _ => Condition::CriticalityAtLeast(pick(Criticality::ALL, x.numbers.3)),
                };
                let mut requirements = vec![Requirement::Approval {
                    roles: vec![m.roles[x.numbers.3 as usize % m.roles.len()].id.clone()],
                    count: 1 + x.numbers.3 % 3,
                    condition,
                    all: false,
                    name: None,
                }];
                if x.flags.0 {
                    requirements.push(Requirement::NoSelfApproval);
                }
                if x.flags.1 {
                    requirements.push(Requirement::WaitTimer {
                        hours: x.numbers.2 % 72,
                    });
                }
                if x.flags.2 {
                    let start = date(x.numbers.1);
                    requirements.push(Requirement::FreezeWindow {
                        start,
                        end: start + chrono::Days::new(u64::from(x.numbers.2 % 30)),
                        reason: x.texts.1.clone(),
                    });
                }
                Gate {
                    id: format!("g{i}"),
                    name: name("Gate", i, &x.texts.0),
                    from: envs[from].clone(),
                    to: envs[to].clone(),
                    requirements,
                    calendar: None,
                }
            })
            .collect();
    }
    if !m.assets.is_empty()
        && !m.people.is_empty()
        && m.environments.len() >= 2
        && !m.roles.is_empty()
    {
        m.change_requests = crs
            .iter()
            .enumerate()
            .map(|(i, x)| ChangeRequest {
                id: format!("cr{i}"),
                title: x.texts.0.clone(),
                asset: m.assets[x.numbers.0 as usize % m.assets.len()].id.clone(),
                requester: m.people[x.numbers.1 as usize % m.people.len()].id.clone(),
                from: envs[0].clone(),
                to: envs[1].clone(),
                touches_end_users: x.flags.0,
                status: pick(ChangeStatus::ALL, x.numbers.2),
                created: time(x.numbers.3 % 10_000_000),
                sign_offs: if x.flags.1 {
                    vec![SignOff {
                        person: m.people[x.numbers.2 as usize % m.people.len()].id.clone(),
                        role: m.roles[x.numbers.3 as usize % m.roles.len()].id.clone(),
                        decision: pick(Decision::ALL, x.numbers.0),
                        at: time(x.numbers.3 % 10_000_000 + 3600),
                        comment: opt(x.flags.2, &x.texts.1),
                        answers: None,
                        near_miss: None,
                    }]
                } else {
                    vec![]
                },
                track: Box::default(),
            })
            .collect();
    }
    if !m.roles.is_empty() {
        m.escalation_paths = esc
            .iter()
            .enumerate()
            .map(|(i, x)| EscalationPath {
                id: format!("esc{i}"),
                name: name("Path", i, &x.texts.0),
                kind: pick(EscalationKind::ALL, x.numbers.0),
                steps: vec![EscalationStep {
                    role: m.roles[x.numbers.1 as usize % m.roles.len()].id.clone(),
                    response_hours: x.numbers.2 % 100,
                }],
                // Half the paths name a calendar of their own (when the model has one).
                calendar: (x.numbers.1 % 2 == 0)
                    .then(|| m.calendars.first().map(|c| c.id.clone()))
                    .flatten(),
            })
            .collect();
    }
    if !m.people.is_empty() {
        m.access_reviews = revs
            .iter()
            .enumerate()
            .map(|(i, x)| AccessReview {
                id: format!("rev{i}"),
                name: name("Review", i, &x.texts.0),
                reviewer: m.people[x.numbers.0 as usize % m.people.len()].id.clone(),
                roles: m
                    .roles
                    .iter()
                    .take(x.numbers.1 as usize % 3)
                    .map(|r| r.id.clone())
                    .collect(),
                due: date(x.numbers.2),
                recurrence_days: x.flags.0.then_some(x.numbers.3 % 365 + 1),
                decisions: match (&m.assignments[..], x.flags.1) {
                    ([first, ..], true) => vec![ReviewDecision {
                        assignment: first.id.clone(),
                        decision: pick(ReviewDecisionKind::ALL, x.numbers.3),
                        by: m.people[0].id.clone(),
                        at: time(x.numbers.2 % 1_000_000),
                        end_date: None,
                        comment: None,
                    }],
                    _ => vec![],
                },
                environments: Box::default(),
                assets: Box::default(),
                reviewers_from: ReviewerSource::default(),
                status: ReviewStatus::default(),
                started: None,
                items: Box::default(),
                closed: None,
            })
            .collect();
        if !m.sod_rules.is_empty() {
            m.exceptions = exc
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    let start = date(x.numbers.0);
                    Exception {
                        id: format!("x{i}"),
                        waives: Waiver::SodRule(
                            m.sod_rules[x.numbers.1 as usize % m.sod_rules.len()]
                                .id
                                .clone(),
                        ),
                        person: m.people[x.numbers.2 as usize % m.people.len()].id.clone(),
                        justification: x.texts.0.clone(),
                        approver: m.people[x.numbers.3 as usize % m.people.len()].id.clone(),
                        start,
                        end: start + chrono::Days::new(u64::from(x.numbers.3 % 90)),
                        review: x.flags.0.then(|| start + chrono::Days::new(30)),
                    }
                })
                .collect();
        }
    }
    m.canonicalize();
    m
}
