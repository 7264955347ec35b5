//! Change requests as hosts use them: names resolved, the pure rules of
//! `gatehouse_core::change` run at the clock's moment, and each step an audited edit of
//! the model (request, sign, promote); the list with each open change's standing.

use chrono::{DateTime, SubsecRound, Utc};
use gatehouse_core::change::{
    self as rules, ChangeError, ChangeLogEntry, Proposal, SignInput, Standing,
};
use gatehouse_core::{
    ChangeAttribute, ChangeRequest, Decision, Edit, Entity, EntityKind, Model, Simulation,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::edits::resolve;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::simulate::{self, SimulateInput};

/// A change as its requester proposes it: people, assets and environments by id or name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeInput {
    pub requester: String,
    pub asset: String,
    /// `None`: the stage just before `to`.
    pub from: Option<String>,
    pub to: String,
    #[serde(default)]
    pub attributes: Vec<ChangeAttribute>,
    /// `None` or empty: made from the asset and the target.
    pub title: Option<String>,
    pub description: String,
}

/// What a request gives (recorded, or only evaluated on a dry run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeRequested {
    pub change: ChangeRequest,
    pub simulation: Simulation,
    pub recorded: bool,
    /// The session's summary once recorded (the desktop reloads its model from it).
    pub summary: Option<crate::workbench::Summary>,
}

/// A sign-off as a person gives it (the person by id or name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignChange {
    pub change: String,
    pub person: String,
    pub decision: Decision,
    pub comment: Option<String>,
}

/// A person as pages offer them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// One change of the list: its log entry, and for an open change where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeRow {
    pub entry: ChangeLogEntry,
    pub description: String,
    pub attributes: Vec<ChangeAttribute>,
    /// The simulation's verdict and trace at request time.
    pub evaluation: Option<gatehouse_core::ChangeEvaluation>,
    /// Open changes only.
    pub standing: Option<Standing>,
    /// Who may sign it now (eligible for a requirement that still needs approvals).
    pub signers: Vec<Named>,
}

/// Every change of the model at a moment, the latest request first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeList {
    pub at: DateTime<Utc>,
    pub rows: Vec<ChangeRow>,
    /// Everyone of the model, for the sign-off picker (those not eligible are refused
    /// with the reason).
    pub people: Vec<Named>,
}

fn error(e: ChangeError) -> AppError {
    let code = match &e {
        ChangeError::Simulate(_) => ErrorCode::InvalidRoute,
        ChangeError::Unknown(_) => ErrorCode::ChangeUnknown,
        ChangeError::UnknownPerson(_) => ErrorCode::UnknownPerson,
        ChangeError::Closed { .. } => ErrorCode::ChangeClosed,
        ChangeError::Ineligible { .. } => ErrorCode::ChangeIneligibleSigner,
        ChangeError::AlreadySigned { .. } => ErrorCode::ChangeAlreadySigned,
        ChangeError::NotSatisfied { .. } => ErrorCode::ChangeGateUnsatisfied,
    };
    let message = format!("{e}; nothing was recorded");
    AppError::new(code, message)
}

fn unknown(model: &Model, id: &str) -> AppError {
    let known: Vec<&str> = model
        .change_requests
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let hint = if known.is_empty() {
        "the model has no change requests yet".to_string()
    } else {
        format!("the model has: {}", known.join(", "))
    };
    AppError::new(
        ErrorCode::ChangeUnknown,
        format!("no change request {id:?}; {hint}"),
    )
}

fn mapped(model: &Model, e: ChangeError) -> AppError {
    match e {
        ChangeError::Unknown(id) => unknown(model, &id),
        e => error(e),
    }
}

/// Evaluates `input` with the gate simulation at `now` and gives the change to record,
/// with a fresh id (`chg-N`).
pub fn request(
    model: &Model,
    input: &ChangeInput,
    now: DateTime<Utc>,
) -> AppResult<ChangeRequested> {
    // Whole seconds: the log's times and durations read exactly.
    let now = now.trunc_subsecs(0);
    let description = input.description.trim();
    if description.is_empty() {
        return Err(AppError::new(
            ErrorCode::ChangeInvalid,
            "a change request needs a description: say what the change does",
        ));
    }
    let sim = simulate::run(
        model,
        &SimulateInput {
            requester: input.requester.clone(),
            asset: input.asset.clone(),
            from: input.from.clone(),
            to: input.to.clone(),
            attributes: input.attributes.clone(),
            at: Some(now),
        },
        now,
    )?;
    let next = model
        .change_requests
        .iter()
        .filter_map(|c| c.id.strip_prefix("chg-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let title = match input.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            let asset = model.assets.iter().find(|a| a.id == sim.request.asset);
            let to = model.environments.iter().find(|e| e.id == sim.request.to);
            format!(
                "{} to {}",
                asset.map_or(sim.request.asset.as_str(), |a| a.name.as_str()),
                to.map_or(sim.request.to.as_str(), |e| e.name.as_str())
            )
        }
    };
    let proposal = Proposal {
        id: format!("chg-{next}"),
        title,
        asset: sim.request.asset.clone(),
        requester: sim.request.requester.clone(),
        from: sim.request.from.clone(),
        to: sim.request.to.clone(),
        attributes: sim.request.attributes.clone(),
        description: description.to_string(),
    };
    let (change, simulation) = rules::request(model, &proposal, now).map_err(error)?;
    Ok(ChangeRequested {
        change,
        simulation,
        recorded: false,
        summary: None,
    })
}

/// The edit that records a requested change.
pub fn record(change: &ChangeRequest) -> Edit {
    Edit::Upsert {
        entity: Entity::ChangeRequest(change.clone()),
    }
}

/// The edit that records `input`'s sign-off at `now`.
pub fn sign(model: &Model, input: &SignChange, now: DateTime<Utc>) -> AppResult<Edit> {
    // Whole seconds: the log's times and durations read exactly.
    let now = now.trunc_subsecs(0);
    let id = input.change.trim();
    rules::find(model, id).map_err(|e| mapped(model, e))?;
    let person = resolve(model, EntityKind::Person, &input.person)?;
    let signed = rules::sign(
        model,
        id,
        &SignInput {
            person,
            decision: input.decision,
            comment: input.comment.clone(),
            answers: None,
        },
        now,
    )
    .map_err(|e| mapped(model, e))?;
    Ok(record(&signed))
}

/// What an attempt to promote a change gives.
#[derive(Debug)]
pub enum Attempt {
    /// The edit that promotes the change.
    Promoted(Edit),
    /// The gates refused it: the edit that records the refused attempt on the change (the
    /// evidence of an unauthorised deployment avoided, audited as `summary`), and the
    /// refusal to report once it is recorded.
    Refused {
        record: Edit,
        summary: String,
        refusal: AppError,
    },
}

/// Promotes the change `id` by `by` at `now` if every gate is satisfied; otherwise gives
/// the refused attempt to record.
pub fn promote(model: &Model, id: &str, by: &str, now: DateTime<Utc>) -> AppResult<Attempt> {
    // Whole seconds: the log's times and durations read exactly.
    let now = now.trunc_subsecs(0);
    let id = id.trim();
    rules::find(model, id).map_err(|e| mapped(model, e))?;
    let by = resolve(model, EntityKind::Person, by)?;
    match rules::promote(model, id, &by, now) {
        Ok(promoted) => Ok(Attempt::Promoted(record(&promoted))),
        Err(
            ref e @ ChangeError::NotSatisfied {
                ref change,
                ref refusal,
            },
        ) => {
            let refused = rules::record_refusal(model, id, &by, now, refusal).map_err(error)?;
            Ok(Attempt::Refused {
                record: record(&refused),
                summary: format!(
                    "refused promotion of change request \"{change}\" by {}",
                    rules::person_name(model, &by)
                ),
                refusal: AppError::new(
                    ErrorCode::ChangeGateUnsatisfied,
                    format!(
                        "{e}; the refused attempt is recorded on {change} (an unauthorised deployment avoided)"
                    ),
                ),
            })
        }
        Err(e) => Err(mapped(model, e)),
    }
}

/// Every change of `model` at `now`, each open one with its standing.
pub fn list(model: &Model, now: DateTime<Utc>) -> AppResult<ChangeList> {
    let now = now.trunc_subsecs(0);
    let named = |id: &str| Named {
        id: id.to_string(),
        name: model
            .people
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone()),
    };
    let mut rows = Vec::new();
    for entry in rules::change_log(model) {
        let cr = rules::find(model, &entry.id).map_err(error)?;
        let open = !matches!(
            cr.status,
            gatehouse_core::ChangeStatus::Rejected | gatehouse_core::ChangeStatus::Deployed
        );
        let standing = if open {
            Some(rules::standing(model, cr, now).map_err(error)?)
        } else {
            None
        };
        let mut signers: Vec<String> = standing
            .iter()
            .flat_map(|s| s.needs.iter().filter(|n| !n.satisfied))
            .flat_map(|n| {
                n.eligible
                    .iter()
                    .filter(|p| !n.approvals.contains(p))
                    .cloned()
            })
            .collect();
        signers.sort();
        signers.dedup();
        rows.push(ChangeRow {
            description: cr.track.description.clone(),
            attributes: cr.track.attributes.clone(),
            evaluation: cr.track.evaluation.clone(),
            signers: signers.iter().map(|p| named(p)).collect(),
            standing,
            entry,
        });
    }
    Ok(ChangeList {
        at: now,
        rows,
        people: model.people.iter().map(|p| named(&p.id)).collect(),
    })
}
