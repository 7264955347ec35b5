//! Drift: the model against the access a platform actually gives, as an export lists it.
//!
//! Each row of the export (a person, a role, an environment or none, the cell it came from)
//! is matched to the model's people, roles and environments by id or by name, ignoring
//! case and spacing (a person also by e-mail). A row naming something the model does not
//! know is `unmatched`, with what is unknown: never dropped, never guessed. The matched rows
//! are compared with the model's assignments on a date:
//!
//! - **unauthorised**: present in reality, and no assignment of the model gives it;
//! - **expired_present**: present in reality, and the model's assignments that would give
//!   it are all outside their validity window on the date (ended, or not started yet);
//! - **missing**: an assignment of the model valid on the date that reality does not show.
//!
//! Environments: a model assignment without one covers every environment; an export row
//! without one (an export of one environment, or of the whole platform) is compared on
//! person and role alone.

use std::collections::hash_map::Entry;

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::findings::is_valid_on;
use crate::model::{vocabulary, *};
use crate::validate::normalize_name;

mod findings;

pub use findings::drift_findings;

/// One assignment as an actual access export lists it, names as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActualAssignment {
    pub person: String,
    pub role: String,
    pub environment: Option<String>,
    /// The person's e-mail, when the export has a column for it.
    pub email: Option<String>,
    /// The cell the row was read from (`Users!A7`).
    pub source: Option<String>,
}

/// One difference between the model and reality. Matched entries name the model's ids; an
/// unmatched one keeps the export's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DriftEntry {
    pub person: String,
    pub role: String,
    pub environment: Option<String>,
    /// The export's cell (`Users!A7`); `None` for a missing assignment, which no row shows.
    pub source: Option<String>,
}

vocabulary!(
    /// The part of an export's row that the model does not know.
    DriftPart {
        Person => "person",
        Role => "role",
        Environment => "environment",
    }
);

/// A row of the export naming a person, role or environment the model does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnmatchedEntry {
    pub person: String,
    pub role: String,
    pub environment: Option<String>,
    pub source: Option<String>,
    /// What the model does not know, in the order person, role, environment.
    pub unknown: Vec<DriftPart>,
}

/// A model assignment that reality still shows outside its validity window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lapsed {
    pub entry: DriftEntry,
    /// The model's assignment (the first of them when several would give the access).
    pub assignment: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

/// The differences between a model and an export on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// The date validity windows were judged on.
    pub at: NaiveDate,
    /// In the export's order.
    pub unauthorised: Vec<DriftEntry>,
    /// By person, role and environment (ids).
    pub missing: Vec<Missing>,
    /// In the export's order.
    pub expired_present: Vec<Lapsed>,
    /// In the export's order.
    pub unmatched: Vec<UnmatchedEntry>,
    /// Rows compared (matched and counted once: a row repeated in the export counts once).
    pub compared: usize,
}

/// An assignment of the model that the export does not show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    pub entry: DriftEntry,
    pub assignment: String,
}

/// How many differences of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DriftCounts {
    pub unauthorised: u32,
    pub missing: u32,
    pub expired_present: u32,
    pub unmatched: u32,
}

impl DriftCounts {
    pub fn total(&self) -> u32 {
        self.unauthorised + self.missing + self.expired_present + self.unmatched
    }
}

impl Drift {
    pub fn counts(&self) -> DriftCounts {
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        DriftCounts {
            unauthorised: n(self.unauthorised.len()),
            missing: n(self.missing.len()),
            expired_present: n(self.expired_present.len()),
            unmatched: n(self.unmatched.len()),
        }
    }

    /// Whether reality and the model agree (nothing unmatched either).
    pub fn is_empty(&self) -> bool {
        self.counts().total() == 0
    }
}

/// Names and ids of one kind of entity, made comparable: the id as written or lowered, the
/// name ignoring case and spacing.
struct Lookup<'m> {
    by_id: FxHashMap<&'m str, usize>,
    by_name: FxHashMap<String, usize>,
}

impl<'m> Lookup<'m> {
    fn new<T>(list: &'m [T], key: impl Fn(&'m T) -> (&'m str, &'m str)) -> Lookup<'m> {
        let mut by_id = FxHashMap::default();
        let mut by_name = FxHashMap::default();
        for (i, e) in list.iter().enumerate() {
            let (id, name) = key(e);
            by_id.insert(id, i);
            by_name.insert(normalize_name(name), i);
        }
        Lookup { by_id, by_name }
    }

    /// The entity `text` names: an id first (exactly, then in lower case), then a name.
    fn find(&self, text: &str) -> Option<usize> {
        let text = text.trim();
        if let Some(&i) = self.by_id.get(text) {
            return Some(i);
        }
        let norm = normalize_name(text);
        self.by_id
            .get(norm.as_str())
            .or_else(|| self.by_name.get(&norm))
            .copied()
    }
}

/// The people of the model by e-mail (lower case); an address two people share names
/// neither of them.
fn by_email(people: &[Person]) -> FxHashMap<String, Option<usize>> {
    let mut out: FxHashMap<String, Option<usize>> = FxHashMap::default();
    for (i, p) in people.iter().enumerate() {
        if let Some(email) = &p.email {
            match out.entry(email.trim().to_lowercase()) {
                Entry::Vacant(v) => {
                    v.insert(Some(i));
                }
                Entry::Occupied(mut o) => {
                    o.insert(None);
                }
            }
        }
    }
    out
}

/// Lists by person and role (positions in the model).
type ByHolder<T> = FxHashMap<(usize, usize), Vec<T>>;

/// A row matched to the model: person, role and environment positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    person: usize,
    role: usize,
    environment: Option<usize>,
}

/// Whether an assignment scoped to `model` covers access scoped to `actual`.
fn covers(model: Option<usize>, actual: Option<usize>) -> bool {
    match (model, actual) {
        (None, _) | (_, None) => true,
        (Some(m), Some(a)) => m == a,
    }
}

/// The differences between `model` and the `actual` assignments on `at`.
pub fn drift(model: &Model, actual: &[ActualAssignment], at: NaiveDate) -> Drift {
    let people = Lookup::new(&model.people, |p| (p.id.as_str(), p.name.as_str()));
    let roles = Lookup::new(&model.roles, |r| (r.id.as_str(), r.name.as_str()));
    let environments = Lookup::new(&model.environments, |e| (e.id.as_str(), e.name.as_str()));
    let emails = by_email(&model.people);
    let person_of = |row: &ActualAssignment| {
        people.find(&row.person).or_else(|| {
            [Some(&row.person), row.email.as_ref()]
                .into_iter()
                .flatten()
                .find_map(|e| emails.get(&e.trim().to_lowercase()).copied().flatten())
        })
    };

    // The model's assignments by person and role.
    let mut assigned: ByHolder<(&Assignment, Option<usize>)> = FxHashMap::default();
    for a in &model.assignments {
        let (Some(p), Some(r)) = (
            people.by_id.get(a.person.as_str()),
            roles.by_id.get(a.role.as_str()),
        ) else {
            continue;
        };
        let env = a
            .environment
            .as_deref()
            .and_then(|e| environments.by_id.get(e).copied());
        assigned.entry((*p, *r)).or_default().push((a, env));
    }

    let mut out = Drift {
        at,
        unauthorised: Vec::new(),
        missing: Vec::new(),
        expired_present: Vec::new(),
        unmatched: Vec::new(),
        compared: 0,
    };
    // Environments reality shows for each person and role.
    let mut present: ByHolder<Option<usize>> = FxHashMap::default();
    let mut seen: FxHashSet<Key> = FxHashSet::default();
    for row in actual {
        let person = person_of(row);
        let role = roles.find(&row.role);
        let environment = match &row.environment {
            Some(e) => environments.find(e).map(Some),
            None => Some(None),
        };
        let (Some(person), Some(role), Some(environment)) = (person, role, environment) else {
            let unknown = [
                person.is_none().then_some(DriftPart::Person),
                role.is_none().then_some(DriftPart::Role),
                environment.is_none().then_some(DriftPart::Environment),
            ];
            out.unmatched.push(UnmatchedEntry {
                person: row.person.trim().to_string(),
                role: row.role.trim().to_string(),
                environment: row.environment.as_ref().map(|e| e.trim().to_string()),
                source: row.source.clone(),
                unknown: unknown.into_iter().flatten().collect(),
            });
            continue;
        };
        let key = Key {
            person,
            role,
            environment,
        };
        if !seen.insert(key) {
            continue;
        }
        out.compared += 1;
        present.entry((person, role)).or_default().push(environment);
        let entry = DriftEntry {
            person: model.people[person].id.clone(),
            role: model.roles[role].id.clone(),
            environment: environment.map(|e| model.environments[e].id.clone()),
            source: row.source.clone(),
        };
        let candidates: Vec<&Assignment> = (assigned.get(&(person, role)).into_iter().flatten())
            .filter(|(_, env)| covers(*env, environment))
            .map(|(a, _)| *a)
            .collect();
        if candidates.iter().any(|a| is_valid_on(a, at)) {
            continue;
        }
        match candidates.first() {
            Some(a) => out.expired_present.push(Lapsed {
                entry,
                assignment: a.id.clone(),
                valid_from: a.valid_from,
                valid_until: a.valid_until,
            }),
            None => out.unauthorised.push(entry),
        }
    }

    for a in model.assignments.iter().filter(|a| is_valid_on(a, at)) {
        let (Some(&p), Some(&r)) = (
            people.by_id.get(a.person.as_str()),
            roles.by_id.get(a.role.as_str()),
        ) else {
            continue;
        };
        let env = a
            .environment
            .as_deref()
            .and_then(|e| environments.by_id.get(e).copied());
        let shown = present
            .get(&(p, r))
            .is_some_and(|envs| envs.iter().any(|&e| covers(env, e)));
        if !shown {
            out.missing.push(Missing {
                entry: DriftEntry {
                    person: a.person.clone(),
                    role: a.role.clone(),
                    environment: a.environment.clone(),
                    source: None,
                },
                assignment: a.id.clone(),
            });
        }
    }
    out.missing.sort_by(|x, y| x.entry.cmp(&y.entry));
    out
}
