//! Access review campaigns as hosts use them: starting one (names resolved), deciding an
//! item, closing (the decisions applied as one audited edit), and the campaigns' board on a
//! date with progress, overdue and each item's names.

use chrono::{DateTime, NaiveDate, Utc};
use gatehouse_core::review::{self as rules, DecisionInput, ReviewError};
use gatehouse_core::{
    is_valid_id, AccessReview, Edit, EntityKind, Model, ReviewDecision, ReviewDecisionKind,
    ReviewItem, ReviewProgress, ReviewStatus, ReviewerSource,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::edits::resolve;
use crate::error::{AppError, AppResult, ErrorCode};

/// A campaign as a person sets it up: people, roles, environments and assets by id or name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewInput {
    pub name: String,
    /// `None`: made from the name.
    pub id: Option<String>,
    /// The named reviewer (with ownership: the last one of each chain).
    pub reviewer: String,
    pub reviewers_from: ReviewerSource,
    /// Scope; an empty list allows everything.
    pub roles: Vec<String>,
    pub environments: Vec<String>,
    pub assets: Vec<String>,
    pub due: NaiveDate,
    pub recurrence_days: Option<u32>,
}

/// A decision as a reviewer gives it (the reviewer by id or name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecideInput {
    pub campaign: String,
    pub assignment: String,
    pub decision: ReviewDecisionKind,
    pub end_date: Option<NaiveDate>,
    pub comment: Option<String>,
    pub by: String,
}

/// One item of a campaign, with names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewItemView {
    pub item: ReviewItem,
    pub person_name: String,
    pub role_name: String,
    pub environment_name: Option<String>,
    /// The item's reviewer (the first of its chain), by name; `None`: nobody may decide.
    pub reviewer_name: Option<String>,
    pub decision: Option<ReviewDecision>,
    /// The deciding reviewer, by name.
    pub decided_by_name: Option<String>,
}

/// One campaign on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewView {
    pub review: AccessReview,
    pub reviewer_name: String,
    pub progress: ReviewProgress,
    pub items: Vec<ReviewItemView>,
}

/// Every campaign on a date: open first, then scheduled, then closed; each by due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewBoard {
    pub at: NaiveDate,
    pub campaigns: Vec<ReviewView>,
    /// Ids of the overdue campaigns.
    pub overdue: Vec<String>,
}

pub(crate) fn error(e: ReviewError, model: &Model) -> AppError {
    let code = match &e {
        ReviewError::NotFound(_) => ErrorCode::ReviewNotFound,
        ReviewError::UnknownItem { .. } => ErrorCode::ReviewItemNotFound,
        ReviewError::SelfDecision { .. } => ErrorCode::ReviewSelfDecision,
        ReviewError::NotReviewer { .. } => ErrorCode::ReviewNotReviewer,
        ReviewError::Closed(_) => ErrorCode::ReviewClosed,
        ReviewError::NotStarted(_) => ErrorCode::ReviewNotStarted,
        ReviewError::AlreadyExists(_) | ReviewError::AlreadyOpen(_) => ErrorCode::ReviewExists,
        ReviewError::EmptyScope
        | ReviewError::ChangeNeedsEndDate
        | ReviewError::EndDateWithoutChange
        | ReviewError::EndDateInPast(_) => ErrorCode::ReviewInvalid,
    };
    let message = match &e {
        ReviewError::NotFound(_) if !model.access_reviews.is_empty() => {
            let known: Vec<&str> = model.access_reviews.iter().map(|r| r.id.as_str()).collect();
            format!("{e}; the campaigns are: {}", known.join(", "))
        }
        ReviewError::SelfDecision { person, assignment } => format!(
            "{} may not decide on their own access ({assignment}): the item goes to the next reviewer of its chain; nothing was recorded",
            person_name(model, person)
        ),
        ReviewError::NotReviewer { by, assignment, .. } => {
            let item = model
                .access_reviews
                .iter()
                .flat_map(|r| r.items.iter())
                .find(|i| &i.assignment == assignment);
            let names: Vec<String> = item
                .map(|i| i.reviewers.iter().map(|p| person_name(model, p)).collect())
                .unwrap_or_default();
            let who = if names.is_empty() {
                "nobody may decide on it: it stays open with a finding".to_string()
            } else {
                format!("its reviewers are {}", names.join(", "))
            };
            format!(
                "{} is not a reviewer of {assignment}; {who}; nothing was recorded",
                person_name(model, by)
            )
        }
        _ => format!("{e}; nothing was recorded"),
    };
    AppError::new(code, message)
}

fn invalid(message: String) -> AppError {
    AppError::new(ErrorCode::ReviewInvalid, message)
}

/// An id made from a campaign's name (`rev-` and its letters and digits).
fn id_from_name(name: &str) -> String {
    let mut id = String::from("rev");
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        id.push('-');
        id.push_str(&word.to_ascii_lowercase());
    }
    id
}

/// The edit that starts the campaign `input` at `now`.
pub fn start(model: &Model, input: &ReviewInput, now: DateTime<Utc>) -> AppResult<Edit> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(invalid("a campaign needs a name".into()));
    }
    if input.due < now.date_naive() {
        return Err(invalid(format!(
            "the due date {} is in the past",
            input.due
        )));
    }
    if input.recurrence_days == Some(0) {
        return Err(invalid(
            "a recurrence is a number of days, at least 1".into(),
        ));
    }
    let id = input.id.clone().unwrap_or_else(|| id_from_name(name));
    if !is_valid_id(&id) {
        return Err(invalid(format!(
            "{id:?} is not a valid id: use lowercase letters, digits and dashes"
        )));
    }
    if let Some(other) = model.access_reviews.iter().find(|r| {
        r.id != id
            && gatehouse_core::normalize_name(&r.name) == gatehouse_core::normalize_name(name)
    }) {
        return Err(AppError::new(
            ErrorCode::ReviewExists,
            format!("the campaign {} is already called {name:?}", other.id),
        ));
    }
    let all = |kind, list: &[String]| -> AppResult<Vec<String>> {
        list.iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| resolve(model, kind, t.trim()))
            .collect()
    };
    let review = AccessReview {
        id,
        name: name.to_string(),
        reviewer: resolve(model, EntityKind::Person, input.reviewer.trim())?,
        roles: all(EntityKind::Role, &input.roles)?,
        environments: Box::new(all(EntityKind::Environment, &input.environments)?),
        assets: Box::new(all(EntityKind::Asset, &input.assets)?),
        reviewers_from: input.reviewers_from,
        due: input.due,
        recurrence_days: input.recurrence_days,
        status: ReviewStatus::Scheduled,
        started: None,
        items: Box::default(),
        decisions: vec![],
        closed: None,
    };
    rules::start(model, review, now).map_err(|e| error(e, model))
}

/// The edit that starts the scheduled campaign `id` (e.g. the next of a recurrence).
pub fn start_scheduled(model: &Model, id: &str, now: DateTime<Utc>) -> AppResult<Edit> {
    rules::start_scheduled(model, id, now).map_err(|e| error(e, model))
}

/// The edit that records a reviewer's decision at `now`.
pub fn decide(model: &Model, input: &DecideInput, now: DateTime<Utc>) -> AppResult<Edit> {
    let by = resolve(model, EntityKind::Person, input.by.trim())?;
    let decision = DecisionInput {
        assignment: input.assignment.trim().to_string(),
        decision: input.decision,
        end_date: input.end_date,
        comment: input.comment.clone(),
        by,
    };
    rules::decide(model, input.campaign.trim(), decision, now).map_err(|e| error(e, model))
}

/// The edit that closes the campaign `id` at `now`, recorded as closed by `by` (the
/// actor): one batch, one audit event, one undo step.
pub fn close(model: &Model, id: &str, by: &str, now: DateTime<Utc>) -> AppResult<Edit> {
    rules::close(model, id.trim(), by, now).map_err(|e| error(e, model))
}

/// What the audit log says of closing the campaign `id` with `edit`.
pub fn close_summary(id: &str, edit: &Edit) -> String {
    format!("close access review {:?}: {}", id.trim(), edit.describe())
}

fn name_of<'m>(list: impl IntoIterator<Item = (&'m str, &'m str)>, id: &str) -> String {
    list.into_iter()
        .find(|(i, _)| *i == id)
        .map_or(id, |(_, n)| n)
        .to_string()
}

fn person_name(model: &Model, id: &str) -> String {
    name_of(
        model
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str())),
        id,
    )
}

fn view(model: &Model, r: &AccessReview, at: NaiveDate) -> ReviewView {
    let items = r
        .items
        .iter()
        .map(|i| {
            let decision = r.decision(&i.assignment).cloned();
            ReviewItemView {
                person_name: person_name(model, &i.person),
                role_name: name_of(
                    model.roles.iter().map(|x| (x.id.as_str(), x.name.as_str())),
                    &i.role,
                ),
                environment_name: i.environment.as_deref().map(|e| {
                    name_of(
                        model
                            .environments
                            .iter()
                            .map(|x| (x.id.as_str(), x.name.as_str())),
                        e,
                    )
                }),
                reviewer_name: i.reviewers.first().map(|p| person_name(model, p)),
                decided_by_name: decision.as_ref().map(|d| person_name(model, &d.by)),
                decision,
                item: i.clone(),
            }
        })
        .collect();
    ReviewView {
        review: r.clone(),
        reviewer_name: person_name(model, &r.reviewer),
        progress: r.progress(at),
        items,
    }
}

/// One campaign on `at`.
pub fn campaign(model: &Model, id: &str, at: NaiveDate) -> AppResult<ReviewView> {
    let id = id.trim();
    match model.access_reviews.iter().find(|r| r.id == id) {
        Some(r) => Ok(view(model, r, at)),
        None => Err(error(ReviewError::NotFound(id.to_string()), model)),
    }
}

/// Every campaign on `at`.
pub fn board(model: &Model, at: NaiveDate) -> ReviewBoard {
    let rank = |s: ReviewStatus| match s {
        ReviewStatus::Open => 0,
        ReviewStatus::Scheduled => 1,
        ReviewStatus::Closed => 2,
    };
    let mut campaigns: Vec<ReviewView> = model
        .access_reviews
        .iter()
        .map(|r| view(model, r, at))
        .collect();
    campaigns.sort_by(|a, b| {
        (rank(a.review.status), a.review.due, &a.review.id).cmp(&(
            rank(b.review.status),
            b.review.due,
            &b.review.id,
        ))
    });
    ReviewBoard {
        at,
        overdue: campaigns
            .iter()
            .filter(|c| c.progress.overdue)
            .map(|c| c.review.id.clone())
            .collect(),
        campaigns,
    }
}
