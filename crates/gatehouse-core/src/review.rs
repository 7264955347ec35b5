//! Access review campaigns: which assignments a campaign reviews, who reviews each, the
//! decisions, progress, and closing (the decisions applied as one edit).
//!
//! A campaign's scope is what all of its `roles`, `environments` and `assets` lists allow
//! (an empty list allows everything). An assignment reaches an environment when it is to
//! that environment or to every environment; it reaches an asset through its role's grants
//! (allow or with approval, in the assignment's environment or everywhere): data sets
//! through data-access capabilities whose classification is at least the data set's (or
//! unclassified ones), connectors through connector management, apps and components
//! through the app actions (create, modify, publish, deploy, view, request or approve a
//! change).
//!
//! Each item has a reviewer chain: with reviewers from ownership, the data stewards and app
//! owners of what the access reaches (most critical asset first), then the campaign's named
//! reviewer; with named reviewers, the named reviewer alone. The person whose access it is
//! is never in their own chain: their item goes to the next reviewer, and an item whose
//! chain is empty stays open with a finding.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::edit::Edit;
use crate::entity::{Entity, EntityKind};
use crate::findings::is_valid_on;
use crate::model::{vocabulary, *};

vocabulary!(
    /// Where a campaign stands (a campaign recorded before campaigns ran reads as scheduled).
    #[derive(Default)]
    ReviewStatus {
        /// Set up (or scheduled by the previous campaign of a recurrence), not started.
        #[default]
        Scheduled => "scheduled",
        /// Started: its items wait for decisions.
        Open => "open",
        /// Closed: its decisions were applied; kept as evidence.
        Closed => "closed",
    }
);

vocabulary!(
    /// Who reviews a campaign's items.
    #[derive(Default)]
    ReviewerSource {
        /// The campaign's named reviewer.
        #[default]
        Named => "named",
        /// The data steward or app owner of what the access reaches, then the named reviewer.
        Ownership => "ownership",
    }
);

/// One assignment under review, as it was when the campaign started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ReviewItem {
    pub assignment: String,
    pub person: String,
    pub role: String,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    /// Who may decide, in order: the first is the item's reviewer. Empty: nobody may (the
    /// item stays open with a finding).
    #[serde(default)]
    pub reviewers: Vec<String>,
}

/// How a campaign was closed: when, by whom, and what its decisions did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ReviewClosure {
    pub at: DateTime<Utc>,
    pub by: String,
    /// Assignments removed.
    pub revoked: Vec<String>,
    /// Assignments given a new end date.
    pub changed: Vec<String>,
    pub kept: Vec<String>,
    /// Items nobody decided on (left as they were).
    pub undecided: Vec<String>,
    /// The next campaign of the recurrence, scheduled on closing.
    #[serde(default)]
    pub next: Option<String>,
}

/// A campaign's progress on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ReviewProgress {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub decided: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: usize,
    /// Items nobody may decide on.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unreviewable: usize,
    /// Not closed and past its due date.
    pub overdue: bool,
}

/// Why a review operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("there is no access review campaign {0:?}")]
    NotFound(String),
    #[error("a campaign {0:?} already exists")]
    AlreadyExists(String),
    #[error("the campaign {0:?} is scheduled but not started: start it first")]
    NotStarted(String),
    #[error("the campaign {0:?} is closed: its decisions were applied and are kept as evidence")]
    Closed(String),
    #[error("the campaign {0:?} is already open")]
    AlreadyOpen(String),
    #[error("nothing is in the campaign's scope: no assignment matches its roles, environments and assets")]
    EmptyScope,
    #[error("the campaign {campaign:?} has no item for the assignment {assignment:?}")]
    UnknownItem {
        campaign: String,
        assignment: String,
    },
    #[error("{person} may not decide on their own access ({assignment})")]
    SelfDecision { person: String, assignment: String },
    #[error("{by} is not a reviewer of {assignment}; {reviewers}")]
    NotReviewer {
        by: String,
        assignment: String,
        reviewers: String,
    },
    #[error("a change decision needs the assignment's new end date")]
    ChangeNeedsEndDate,
    #[error("only a change decision takes an end date (keep or revoke take none)")]
    EndDateWithoutChange,
    #[error("the new end date {0} is in the past: revoke the assignment instead")]
    EndDateInPast(NaiveDate),
}

impl AccessReview {
    /// The latest decision on the item for `assignment`.
    pub fn decision(&self, assignment: &str) -> Option<&ReviewDecision> {
        self.decisions
            .iter()
            .rev()
            .find(|d| d.assignment == assignment)
    }

    pub fn progress(&self, at: NaiveDate) -> ReviewProgress {
        let decided = self
            .items
            .iter()
            .filter(|i| self.decision(&i.assignment).is_some())
            .count();
        ReviewProgress {
            decided,
            total: self.items.len(),
            unreviewable: self.items.iter().filter(|i| i.reviewers.is_empty()).count(),
            overdue: self.is_overdue(at),
        }
    }

    /// Not closed and past its due date on `at`.
    pub fn is_overdue(&self, at: NaiveDate) -> bool {
        self.status != ReviewStatus::Closed && at > self.due
    }
}

fn reaches_asset(action: Action, classification: Option<Classification>, asset: &Asset) -> bool {
    match asset.kind {
        AssetKind::DataSet => {
            action == Action::AccessData && classification.is_none_or(|c| c >= asset.classification)
        }
        AssetKind::Connector => action == Action::ManageConnectors,
        AssetKind::App | AssetKind::Component => matches!(
            action,
            Action::CreateApp
                | Action::ModifyApp
                | Action::PublishApp
                | Action::Deploy
                | Action::View
                | Action::RequestChange
                | Action::ApproveChange
        ),
    }
}

/// The assets `a` reaches through its role's grants, most critical first, then by id.
pub fn reached_assets<'m>(model: &'m Model, a: &Assignment) -> Vec<&'m Asset> {
    let capabilities: Vec<&Capability> = model
        .grants
        .iter()
        .filter(|g| g.role == a.role && g.effect != Effect::Deny)
        .filter(|g| match (&g.environment, &a.environment) {
            (None, _) | (_, None) => true,
            (Some(g), Some(e)) => g == e,
        })
        .filter_map(|g| model.capabilities.iter().find(|c| c.id == g.capability))
        .collect();
    let mut out: Vec<&Asset> = model
        .assets
        .iter()
        .filter(|asset| {
            capabilities
                .iter()
                .any(|c| reaches_asset(c.action, c.classification, asset))
        })
        .collect();
    out.sort_by(|x, y| (y.criticality, &x.id).cmp(&(x.criticality, &y.id)));
    out
}

fn in_scope(model: &Model, review: &AccessReview, a: &Assignment) -> bool {
    (review.roles.is_empty() || review.roles.contains(&a.role))
        && (review.environments.is_empty()
            || a.environment
                .as_ref()
                .is_none_or(|e| review.environments.contains(e)))
        && (review.assets.is_empty()
            || reached_assets(model, a)
                .iter()
                .any(|asset| review.assets.contains(&asset.id)))
}

/// Who may decide on `a` in `review`, in order (never the person whose access it is).
pub fn reviewer_chain(model: &Model, review: &AccessReview, a: &Assignment) -> Vec<String> {
    let mut chain: Vec<String> = Vec::new();
    if review.reviewers_from == ReviewerSource::Ownership {
        for asset in reached_assets(model, a)
            .into_iter()
            .filter(|x| review.assets.is_empty() || review.assets.contains(&x.id))
        {
            let kinds = match asset.kind {
                AssetKind::DataSet => [OwnershipKind::DataSteward, OwnershipKind::AppOwner],
                _ => [OwnershipKind::AppOwner, OwnershipKind::DataSteward],
            };
            for kind in kinds {
                let mut owners: Vec<&str> = model
                    .ownerships
                    .iter()
                    .filter(|o| o.asset == asset.id && o.kind == kind)
                    .map(|o| o.person.as_str())
                    .collect();
                owners.sort_unstable();
                chain.extend(owners.into_iter().map(str::to_string));
            }
        }
    }
    chain.push(review.reviewer.clone());
    let mut seen = std::collections::HashSet::new();
    chain.retain(|p| *p != a.person && seen.insert(p.clone()));
    chain
}

/// The items a campaign would have if started on `at`: the assignments in scope that are
/// valid then or start later, each with its reviewer chain.
pub fn items_in_scope(model: &Model, review: &AccessReview, at: NaiveDate) -> Vec<ReviewItem> {
    model
        .assignments
        .iter()
        .filter(|a| is_valid_on(a, at) || a.valid_from.is_some_and(|f| f > at))
        .filter(|a| in_scope(model, review, a))
        .map(|a| ReviewItem {
            assignment: a.id.clone(),
            person: a.person.clone(),
            role: a.role.clone(),
            environment: a.environment.clone(),
            valid_until: a.valid_until,
            reviewers: reviewer_chain(model, review, a),
        })
        .collect()
}

fn campaign(model: &Model, id: &str) -> Result<AccessReview, ReviewError> {
    match model.get(EntityKind::AccessReview, id) {
        Some(Entity::AccessReview(r)) => Ok(r),
        _ => Err(ReviewError::NotFound(id.to_string())),
    }
}

fn upsert(review: AccessReview) -> Edit {
    Edit::Upsert {
        entity: Entity::AccessReview(review),
    }
}

/// The edit that starts `review` at `now`: a new campaign, or one that was scheduled (same
/// id, its settings as given). Its items are the assignments in scope on that day.
pub fn start(
    model: &Model,
    mut review: AccessReview,
    now: DateTime<Utc>,
) -> Result<Edit, ReviewError> {
    if let Some(Entity::AccessReview(existing)) = model.get(EntityKind::AccessReview, &review.id) {
        match existing.status {
            ReviewStatus::Scheduled => {}
            ReviewStatus::Open => return Err(ReviewError::AlreadyOpen(review.id)),
            ReviewStatus::Closed => return Err(ReviewError::AlreadyExists(review.id)),
        }
    }
    *review.items = items_in_scope(model, &review, now.date_naive());
    if review.items.is_empty() {
        return Err(ReviewError::EmptyScope);
    }
    review.status = ReviewStatus::Open;
    review.started = Some(now);
    review.decisions.clear();
    review.closed = None;
    Ok(upsert(review))
}

/// The edit that starts the scheduled campaign `id` with its own settings.
pub fn start_scheduled(model: &Model, id: &str, now: DateTime<Utc>) -> Result<Edit, ReviewError> {
    let review = campaign(model, id)?;
    start(model, review, now)
}

fn open_campaign(model: &Model, id: &str) -> Result<AccessReview, ReviewError> {
    let review = campaign(model, id)?;
    match review.status {
        ReviewStatus::Open => Ok(review),
        ReviewStatus::Scheduled => Err(ReviewError::NotStarted(review.id)),
        ReviewStatus::Closed => Err(ReviewError::Closed(review.id)),
    }
}

/// A decision as a reviewer gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput {
    pub assignment: String,
    pub decision: ReviewDecisionKind,
    pub end_date: Option<NaiveDate>,
    pub comment: Option<String>,
    /// The reviewer (person id).
    pub by: String,
}

/// The edit that records `input` on the open campaign `id` at `now` (replacing an earlier
/// decision on the same item).
pub fn decide(
    model: &Model,
    id: &str,
    input: DecisionInput,
    now: DateTime<Utc>,
) -> Result<Edit, ReviewError> {
    let mut review = open_campaign(model, id)?;
    let item = review
        .items
        .iter()
        .find(|i| i.assignment == input.assignment)
        .ok_or_else(|| ReviewError::UnknownItem {
            campaign: id.to_string(),
            assignment: input.assignment.clone(),
        })?;
    if item.person == input.by {
        return Err(ReviewError::SelfDecision {
            person: input.by,
            assignment: input.assignment,
        });
    }
    if !item.reviewers.contains(&input.by) {
        return Err(ReviewError::NotReviewer {
            by: input.by,
            assignment: input.assignment,
            reviewers: if item.reviewers.is_empty() {
                "nobody may decide on it: it stays open with a finding".to_string()
            } else {
                format!("its reviewers are: {}", item.reviewers.join(", "))
            },
        });
    }
    match (input.decision, input.end_date) {
        (ReviewDecisionKind::Change, None) => return Err(ReviewError::ChangeNeedsEndDate),
        (ReviewDecisionKind::Change, Some(end)) if end < now.date_naive() => {
            return Err(ReviewError::EndDateInPast(end))
        }
        (ReviewDecisionKind::Keep | ReviewDecisionKind::Revoke, Some(_)) => {
            return Err(ReviewError::EndDateWithoutChange)
        }
        _ => {}
    }
    review
        .decisions
        .retain(|d| d.assignment != input.assignment);
    review.decisions.push(ReviewDecision {
        assignment: input.assignment,
        decision: input.decision,
        by: input.by,
        at: now,
        end_date: input.end_date,
        comment: input
            .comment
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
    });
    Ok(upsert(review))
}

/// `text` without a trailing `{open}YYYY-MM-DD{close}` (the due date a recurrence added).
fn strip_date_suffix<'t>(text: &'t str, open: &str, close: &str) -> &'t str {
    let Some(rest) = text.strip_suffix(close) else {
        return text;
    };
    match rest.len().checked_sub(10) {
        Some(cut)
            if rest.is_char_boundary(cut)
                && rest[..cut].ends_with(open)
                && NaiveDate::parse_from_str(&rest[cut..], "%Y-%m-%d").is_ok() =>
        {
            &rest[..cut - open.len()]
        }
        _ => text,
    }
}

/// The id of the campaign after `review` in its recurrence, due on `due`.
fn next_id(model: &Model, review: &AccessReview, due: NaiveDate) -> String {
    let root = strip_date_suffix(&review.id, "-", "");
    let base = format!("{root}-{due}");
    (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|id| model.get(EntityKind::AccessReview, id).is_none())
        .expect("an unused id exists")
}

/// The edit that closes the open campaign `id` at `now`, by `by`: ONE batch that removes
/// the revoked assignments, gives the changed ones their new end date, keeps the campaign
/// (closed, with its decisions) and schedules the next one of a recurrence.
pub fn close(model: &Model, id: &str, by: &str, now: DateTime<Utc>) -> Result<Edit, ReviewError> {
    let mut review = open_campaign(model, id)?;
    let mut edits = Vec::new();
    let mut closure = ReviewClosure {
        at: now,
        by: by.to_string(),
        revoked: vec![],
        changed: vec![],
        kept: vec![],
        undecided: vec![],
        next: None,
    };
    for item in review.items.iter() {
        let current = model.assignments.iter().find(|a| a.id == item.assignment);
        match (review.decision(&item.assignment), current) {
            (None, _) => closure.undecided.push(item.assignment.clone()),
            (Some(d), _) if d.decision == ReviewDecisionKind::Keep => {
                closure.kept.push(item.assignment.clone())
            }
            // Already gone from the model: nothing to apply.
            (Some(_), None) => {}
            (Some(d), Some(_)) if d.decision == ReviewDecisionKind::Revoke => {
                edits.push(Edit::Delete {
                    kind: EntityKind::Assignment,
                    key: item.assignment.clone(),
                });
                closure.revoked.push(item.assignment.clone());
            }
            (Some(d), Some(a)) => {
                let mut a = a.clone();
                a.valid_until = d.end_date;
                edits.push(Edit::Upsert {
                    entity: Entity::Assignment(a),
                });
                closure.changed.push(item.assignment.clone());
            }
        }
    }
    if let Some(days) = review.recurrence_days.filter(|d| *d > 0) {
        let due = review
            .due
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(review.due);
        let id = next_id(model, &review, due);
        let root = strip_date_suffix(&review.name, " (", ")");
        let mut name = format!("{root} ({due})");
        if model.access_reviews.iter().any(|r| r.name == name) {
            name = format!("{root} ({id})");
        }
        let next = AccessReview {
            id,
            name,
            due,
            status: ReviewStatus::Scheduled,
            started: None,
            items: Box::default(),
            decisions: vec![],
            closed: None,
            ..review.clone()
        };
        closure.next = Some(next.id.clone());
        edits.push(upsert(next));
    }
    review.status = ReviewStatus::Closed;
    review.closed = Some(Box::new(closure));
    edits.push(upsert(review));
    Ok(Edit::Batch { edits })
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
