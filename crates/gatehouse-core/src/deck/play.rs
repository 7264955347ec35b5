//! Playing a deck: the requests' approvals kept per requirement (and per owned asset),
//! each promotion attempt judged on them at its moment.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::*;
use crate::edit::apply;
use crate::entity::{Entity, EntityKind};
use crate::simulate::gate::hours;
use crate::simulate::{simulate, Outcome, Simulation, SimulationRequest};

/// One approval counted towards one requirement (and owned asset) of one gate.
struct Given {
    gate: String,
    requirement: u32,
    about: Option<String>,
    by: String,
    at: DateTime<Utc>,
    /// The approver could give it only thanks to temporary access or an SoD exception.
    near_miss: bool,
    /// It rests on an exception (an SoD waiver for the approver).
    waived: bool,
}

enum Status {
    Open,
    Rejected,
    Promoted,
}

struct Open {
    request: SimulationRequest,
    created: DateTime<Utc>,
    given: Vec<Given>,
    status: Status,
}

pub(super) struct Player {
    pub(super) model: Model,
    requests: BTreeMap<String, Open>,
    timeline: Vec<TimelineEntry>,
    gate_hours: BTreeMap<String, Vec<f64>>,
    promotion_hours: Vec<f64>,
    blocked: u32,
    near_misses: u32,
    adherent: u32,
    promotions: u32,
    next_assignment: usize,
}

/// Plays `deck` on a copy of `model` (canonical, valid).
pub fn play(model: &Model, deck: &Deck) -> Result<DeckReport, DeckError> {
    let mut p = Player::new(model);
    let mut last: Option<DateTime<Utc>> = None;
    for (index, event) in deck.events.iter().enumerate() {
        let fail = |message: String| DeckError { index, message };
        if last.is_some_and(|t| event.at < t) {
            return Err(fail(format!(
                "it happens at {}, before the event above it",
                event.at.to_rfc3339()
            )));
        }
        last = Some(event.at);
        let (result, text) = p.event(event).map_err(fail)?;
        p.timeline.push(TimelineEntry {
            index: index as u32,
            at: event.at,
            result,
            text,
        });
    }
    let end = last.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let stuck = p
        .requests
        .iter()
        .filter(|(_, r)| matches!(r.status, Status::Open))
        .filter(|(_, r)| {
            let mut at = r.request.clone();
            at.at = end;
            simulate(&p.model, &at).is_ok_and(|s| s.verdict == crate::Verdict::Blocked)
        })
        .map(|(id, _)| id.clone())
        .collect();
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let metrics = DeckMetrics {
        requests: p.requests.len() as u32,
        promotions: p.promotions,
        time_to_approval: p
            .gate_hours
            .iter()
            .map(|(gate, hours)| GateTime {
                gate: gate.clone(),
                requests: hours.len() as u32,
                mean_hours: mean(hours).unwrap_or_default(),
                max_hours: hours.iter().copied().fold(0.0, f64::max),
            })
            .collect(),
        mean_hours_to_promotion: mean(&p.promotion_hours),
        blocked_attempts: p.blocked,
        near_misses: p.near_misses,
        policy_adherence: (p.promotions > 0)
            .then(|| f64::from(p.adherent) / f64::from(p.promotions)),
        stuck,
    };
    Ok(DeckReport {
        name: deck.name.clone(),
        timeline: p.timeline,
        metrics,
    })
}

fn hours_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_seconds() as f64 / 3600.0
}

impl Player {
    pub(super) fn new(model: &Model) -> Player {
        Player {
            model: model.clone(),
            requests: BTreeMap::new(),
            timeline: Vec::new(),
            gate_hours: BTreeMap::new(),
            promotion_hours: Vec::new(),
            blocked: 0,
            near_misses: 0,
            adherent: 0,
            promotions: 0,
            next_assignment: 0,
        }
    }

    fn edit(&mut self, edit: Edit) -> Result<(), String> {
        apply(&mut self.model, edit)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn open(&self, id: &str) -> Result<&Open, String> {
        self.requests
            .get(id)
            .ok_or_else(|| format!("no request {id:?} was made earlier in the deck"))
    }

    fn simulate_at(&self, id: &str, at: DateTime<Utc>) -> Result<Simulation, String> {
        let mut request = self.open(id)?.request.clone();
        request.at = at;
        simulate(&self.model, &request).map_err(|e| e.to_string())
    }

    fn name(&self, person: &str) -> String {
        self.model
            .people
            .iter()
            .find(|p| p.id == person)
            .map_or_else(|| person.to_string(), |p| p.name.clone())
    }

    pub(super) fn event(&mut self, event: &DeckEvent) -> Result<(EventResult, String), String> {
        let now = event.at;
        let today = now.date_naive();
        match &event.action {
            DeckAction::Request {
                request,
                requester,
                asset,
                from,
                to,
                attributes,
            } => {
                if self.requests.contains_key(request) {
                    return Err(format!("the request {request:?} was already made"));
                }
                let r = SimulationRequest {
                    requester: requester.clone(),
                    asset: asset.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    attributes: attributes.clone(),
                    at: now,
                };
                let s = simulate(&self.model, &r).map_err(|e| e.to_string())?;
                self.requests.insert(
                    request.clone(),
                    Open {
                        request: s.request.clone(),
                        created: now,
                        given: Vec::new(),
                        status: Status::Open,
                    },
                );
                let verdict = s
                    .sentences
                    .last()
                    .map(|x| x.text.clone())
                    .unwrap_or_default();
                Ok((
                    EventResult::Requested,
                    format!("{} requests {request}: {verdict}", self.name(requester)),
                ))
            }
            DeckAction::Approve { request, by } | DeckAction::Reject { request, by } => {
                let approve = matches!(event.action, DeckAction::Approve { .. });
                if !matches!(self.open(request)?.status, Status::Open) {
                    return Ok((
                        EventResult::NotCounted,
                        format!(
                            "{request} is no longer open; {}'s decision does not count.",
                            self.name(by)
                        ),
                    ));
                }
                let s = self.simulate_at(request, now)?;
                let counted = self.decide(request, by, &s, now, approve);
                let who = self.name(by);
                if counted.is_empty() {
                    let why = s
                        .gates
                        .iter()
                        .flat_map(|g| &g.requirements)
                        .flat_map(|r| &r.groups)
                        .flat_map(|g| &g.excluded)
                        .find(|x| x.person == *by)
                        .map(|x| match x.reason {
                            crate::simulate::Exclusion::Requester => {
                                "they are the requester".to_string()
                            }
                            crate::simulate::Exclusion::SodConflict => format!(
                                "the SoD rule {} keeps them from approving",
                                x.rule.as_deref().unwrap_or_default()
                            ),
                            crate::simulate::Exclusion::OutsideValidity => {
                                "their assignment is not valid now".to_string()
                            }
                            crate::simulate::Exclusion::OtherEnvironment => {
                                "their assignment is for another environment".to_string()
                            }
                        })
                        .unwrap_or_else(|| {
                            "they are not an approver of any open requirement".into()
                        });
                    return Ok((
                        EventResult::NotCounted,
                        format!(
                            "{who}'s {} of {request} does not count: {why}.",
                            if approve { "approval" } else { "rejection" }
                        ),
                    ));
                }
                if approve {
                    Ok((
                        EventResult::Counted,
                        format!(
                            "{who} approves {request}: counts for {}.",
                            counted.join(", ")
                        ),
                    ))
                } else {
                    if let Some(r) = self.requests.get_mut(request) {
                        r.status = Status::Rejected;
                    }
                    Ok((
                        EventResult::Rejected,
                        format!(
                            "{who} rejects {request} ({}); the request ends.",
                            counted.join(", ")
                        ),
                    ))
                }
            }
            DeckAction::Promote { request } => self.promote(request, now),
            DeckAction::Grant {
                person,
                role,
                environment,
                until,
            } => {
                let id = loop {
                    self.next_assignment += 1;
                    let id = format!("deck-{}", self.next_assignment);
                    if !self.model.contains(EntityKind::Assignment, &id) {
                        break id;
                    }
                };
                self.edit(Edit::Upsert {
                    entity: Entity::Assignment(Assignment {
                        id,
                        person: person.clone(),
                        role: role.clone(),
                        environment: environment.clone(),
                        valid_from: Some(today),
                        valid_until: *until,
                        justification: Some("scenario deck".into()),
                        approver: None,
                    }),
                })?;
                let span = until.map_or_else(String::new, |u| format!(" until {u}"));
                Ok((
                    EventResult::Done,
                    format!("{} gets the role {role}{span}.", self.name(person)),
                ))
            }
            DeckAction::Revoke { person, role } => {
                let ids: Vec<String> = self
                    .model
                    .assignments
                    .iter()
                    .filter(|a| a.person == *person && a.role == *role)
                    .map(|a| a.id.clone())
                    .collect();
                if ids.is_empty() {
                    return Err(format!("{person} does not hold the role {role}"));
                }
                for key in ids {
                    self.edit(Edit::Delete {
                        kind: EntityKind::Assignment,
                        key,
                    })?;
                }
                Ok((
                    EventResult::Done,
                    format!("{} loses the role {role}.", self.name(person)),
                ))
            }
            DeckAction::AddException { exception } => {
                self.edit(Edit::Upsert {
                    entity: Entity::Exception(exception.clone()),
                })?;
                Ok((
                    EventResult::Done,
                    format!(
                        "The exception {} for {} is recorded ({} to {}).",
                        exception.id,
                        self.name(&exception.person),
                        exception.start,
                        exception.end
                    ),
                ))
            }
            DeckAction::EndException { id } => {
                match crate::exceptions::end(&self.model, id, today) {
                    Ok(edit) => self.edit(edit)?,
                    // An earlier end stays as it was.
                    Err(crate::exceptions::EndError::AlreadyEnded { .. }) => {}
                    Err(e) => return Err(e.to_string()),
                }
                Ok((EventResult::Done, format!("The exception {id} ends.")))
            }
            DeckAction::Edit { edit } => {
                let action = edit.action();
                self.edit(edit.clone())?;
                Ok((EventResult::Done, format!("Rule change: {action}.")))
            }
            DeckAction::Advance => Ok((EventResult::Done, "The clock moves on.".into())),
        }
    }

    /// Counts `by`'s approval (or finds the groups their rejection speaks for); returns
    /// the requirements it counts for.
    fn decide(
        &mut self,
        request: &str,
        by: &str,
        s: &Simulation,
        now: DateTime<Utc>,
        approve: bool,
    ) -> Vec<String> {
        let sod_waiver = self.model.exceptions.iter().any(|e| {
            e.person == by
                && matches!(e.waives, Waiver::SodRule(_))
                && e.start <= now.date_naive()
                && now.date_naive() <= e.end
        });
        let mut counted = Vec::new();
        let mut new = Vec::new();
        let given = &self.requests[request].given;
        for g in &s.gates {
            for step in &g.requirements {
                if !matches!(step.outcome, Outcome::NeedsApprovals | Outcome::Blocked) {
                    continue;
                }
                let index = step.rule.requirement.unwrap_or_default();
                for group in &step.groups {
                    let about = group.about.as_ref().map(|a| a.key.clone());
                    let same =
                        |x: &&Given| x.gate == g.gate && x.requirement == index && x.about == about;
                    let have = given.iter().filter(same).count();
                    let mine = given.iter().filter(same).any(|x| x.by == by);
                    if group.eligible.iter().any(|p| p == by)
                        && !mine
                        && have < group.needed as usize
                    {
                        let temporary = self.temporary(by, &g.gate, index);
                        counted.push(match &about {
                            Some(a) => format!("{} ({a})", step.rule.name),
                            None => step.rule.name.clone(),
                        });
                        new.push(Given {
                            gate: g.gate.clone(),
                            requirement: index,
                            about,
                            by: by.to_string(),
                            at: now,
                            near_miss: temporary || sod_waiver,
                            waived: sod_waiver,
                        });
                    }
                }
            }
        }
        if approve {
            if let Some(r) = self.requests.get_mut(request) {
                r.given.extend(new);
            }
        }
        counted
    }

    /// Whether `person` holds the approving role of the requirement only temporarily.
    fn temporary(&self, person: &str, gate: &str, index: u32) -> bool {
        let Some(Requirement::Approval { roles, .. }) = self
            .model
            .gates
            .iter()
            .find(|g| g.id == gate)
            .and_then(|g| g.requirements.get(index as usize))
        else {
            return false;
        };
        let held: Vec<&Assignment> = self
            .model
            .assignments
            .iter()
            .filter(|a| a.person == person && roles.contains(&a.role))
            .collect();
        !held.is_empty() && held.iter().all(|a| a.valid_until.is_some())
    }

    fn promote(
        &mut self,
        request: &str,
        now: DateTime<Utc>,
    ) -> Result<(EventResult, String), String> {
        let r = self.open(request)?;
        if !matches!(r.status, Status::Open) {
            return Ok((
                EventResult::Blocked,
                format!("{request} is no longer open: nothing to promote."),
            ));
        }
        let s = self.simulate_at(request, now)?;
        let mut missing = Vec::new();
        let mut waived = false;
        let mut approvals_done: Vec<(String, DateTime<Utc>)> = Vec::new();
        for g in &s.gates {
            let Some(gate) = self.model.gates.iter().find(|x| x.id == g.gate) else {
                missing.push(format!("no gate leads from {} towards {}", g.from, g.to));
                continue;
            };
            let mine: Vec<&Given> = r.given.iter().filter(|x| x.gate == g.gate).collect();
            let last = mine.iter().map(|x| x.at).max();
            if let Some(t) = last {
                approvals_done.push((g.gate.clone(), t));
            }
            waived |= g.waived_by.is_some() || g.requirements.iter().any(|r| r.waived_by.is_some());
            let gate_hours = hours(&self.model, gate);
            for (step, req) in g.requirements.iter().zip(&gate.requirements) {
                let index = step.rule.requirement.unwrap_or_default();
                match (req, step.outcome) {
                    (_, Outcome::NeedsApprovals | Outcome::Blocked) => {
                        for group in &step.groups {
                            let about = group.about.as_ref().map(|a| a.key.clone());
                            let theirs: Vec<&&Given> = mine
                                .iter()
                                .filter(|x| x.requirement == index && x.about == about)
                                .collect();
                            // An approval counts while its approver is still eligible: one
                            // given before losing the role (or gaining a conflict) does not.
                            let (have, lapsed): (Vec<&&Given>, Vec<&&Given>) = theirs
                                .into_iter()
                                .partition(|x| group.eligible.contains(&x.by));
                            if have.len() < group.needed as usize {
                                let lapsed: Vec<&str> =
                                    lapsed.iter().map(|x| x.by.as_str()).collect();
                                let note = if lapsed.is_empty() {
                                    String::new()
                                } else {
                                    format!(
                                        "; no longer counted: {}, not eligible any more",
                                        lapsed.join(", ")
                                    )
                                };
                                missing.push(format!(
                                    "{} ({}) has {} of {} approval(s){note}",
                                    step.rule.name,
                                    g.name,
                                    have.len(),
                                    group.needed
                                ));
                            }
                        }
                    }
                    (Requirement::WaitTimer { hours: h }, _) => {
                        let from = last.unwrap_or(r.created);
                        if let Some(until) = gate_hours.add_working_hours(from, *h) {
                            if until > now {
                                missing.push(format!(
                                    "the wait timer of {} runs until {}",
                                    g.name,
                                    until.to_rfc3339()
                                ));
                            }
                        }
                    }
                    (Requirement::FreezeWindow { start, end, reason }, _) => {
                        let day = gate_hours.local_date(now);
                        if *start <= day && day <= *end {
                            missing.push(format!(
                                "{} is frozen from {start} to {end} ({reason})",
                                g.name
                            ));
                        }
                    }
                    _ => {}
                }
            }
            if gate_hours.next_open(now) != Some(now) {
                missing.push(format!("{} is outside its business hours", g.name));
            }
        }
        if !missing.is_empty() {
            self.blocked += 1;
            return Ok((
                EventResult::Blocked,
                format!("Promotion of {request} stopped: {}.", missing.join("; ")),
            ));
        }
        let r = self.requests.get_mut(request).expect("checked above");
        r.status = Status::Promoted;
        let near_miss = waived || r.given.iter().any(|x| x.near_miss);
        let adherent = !waived && !r.given.iter().any(|x| x.waived);
        let created = r.created;
        self.promotions += 1;
        self.near_misses += u32::from(near_miss);
        self.adherent += u32::from(adherent);
        self.promotion_hours.push(hours_between(created, now));
        for (gate, t) in approvals_done {
            self.gate_hours
                .entry(gate)
                .or_default()
                .push(hours_between(created, t));
        }
        let note = if near_miss {
            " (a near-miss: it got through thanks to an exception or temporary access)"
        } else {
            ""
        };
        Ok((
            EventResult::Promoted,
            format!("{request} is promoted to {}{note}.", s.request.to),
        ))
    }
}
