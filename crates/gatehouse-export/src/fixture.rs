//! A model for the crate's tests: the generic template with SoD conflicts (one accepted by an
//! exception), temporary access in each state, non-ASCII names and a formula-looking role.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gatehouse_core::{
    Assignment, AuditEvent, Effect, EventDraft, Exception, Grant, Model, Role, RoleKind, Severity,
    SodRule, SodTarget, Waiver, GENESIS_HASH,
};

use crate::{Provenance, Section, Snapshot};

pub const FORMULA_ROLE: &str = "=HYPERLINK(\"http://x\",\"y\")";

pub fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn assignment(id: &str, person: &str, role: &str, until: Option<NaiveDate>) -> Assignment {
    Assignment {
        id: id.into(),
        person: person.into(),
        role: role.into(),
        environment: None,
        valid_from: None,
        valid_until: until,
        justification: Some("+cover for the quarter close".into()),
        approver: Some("eva-novak".into()),
    }
}

pub fn model() -> Model {
    let mut m: Model =
        serde_json::from_str(include_str!("../../../templates/generic-nocode/model.json"))
            .expect("the generic template parses");
    m.people[0].name = "Łucja Müller".into();
    m.people[1].name = "Zoë Café".into();
    m.people[2].name = "王芳".into();
    m.people[3].name = "فريد حداد".into();
    m.people[8].name = "@ines".into();
    m.roles.push(Role {
        id: "formula-role".into(),
        name: FORMULA_ROLE.into(),
        description: "-looks like a formula".into(),
        kind: RoleKind::Other,
    });
    m.grants.push(Grant {
        role: "formula-role".into(),
        capability: m.capabilities[0].id.clone(),
        environment: None,
        effect: Effect::Allow,
    });
    m.sod_rules.push(SodRule {
        id: "sod-build-approve".into(),
        name: "Builder vs IT approver".into(),
        description: String::new(),
        left: SodTarget::Role("citizen-developer".into()),
        right: SodTarget::Role("it-approver".into()),
        severity: Severity::Critical,
        mitigation: None,
    });
    m.assignments.extend([
        assignment("asg-ana-approver", "ana-lima", "it-approver", None),
        assignment(
            "asg-hugo-approver",
            "hugo-silva",
            "it-approver",
            day(2026, 3, 20),
        ),
        assignment("asg-ines-owner", "ines-berg", "app-owner", day(2026, 1, 31)),
        assignment(
            "asg-ines-formula",
            "ines-berg",
            "formula-role",
            day(2026, 12, 31),
        ),
    ]);
    m.exceptions.push(Exception {
        id: "exc-hugo".into(),
        waives: Waiver::SodRule("sod-build-approve".into()),
        person: "hugo-silva".into(),
        justification: "Covers the approver's leave.".into(),
        approver: "eva-novak".into(),
        start: day(2026, 2, 1).unwrap(),
        end: day(2026, 3, 20).unwrap(),
        review: None,
    });
    m
}

pub fn events() -> Vec<AuditEvent> {
    let mut prev = GENESIS_HASH.to_string();
    let drafts = [
        (
            "model.create",
            "Created the model from the generic template",
            None,
            None,
        ),
        (
            "role.upsert",
            "Added the role =HYPERLINK(\"http://x\",\"y\")",
            None,
            Some(
                serde_json::json!({"id": "formula-role", "name": FORMULA_ROLE, "n": 1.5, "z": [1, "é"]}),
            ),
        ),
        (
            "assignment.upsert",
            "Gave Łucja Müller the role IT approver\ttab",
            Some(serde_json::json!({"b": null, "a": "\u{1}x/\"y\\"})),
            Some(serde_json::json!({"id": "asg-ana-approver", "big": 12345678901234u64})),
        ),
    ];
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, (action, summary, before, after))| {
            let draft = EventDraft {
                at: as_of() - chrono::Duration::days(30 - i as i64)
                    + chrono::Duration::microseconds(123_456 * i as i64),
                actor: "Łucja Müller".into(),
                action: action.into(),
                summary: summary.into(),
                before,
                after,
            };
            let e = AuditEvent::link(draft, i as u64 + 1, &prev);
            prev = e.hash.clone();
            e
        })
        .collect()
}

pub fn snapshot() -> Snapshot {
    snapshot_of(model())
}

pub fn snapshot_of(model: Model) -> Snapshot {
    let events = events();
    let provenance = Provenance {
        app_version: "0.1.0".into(),
        schema_version: 7,
        model_hash: model.fingerprint(),
        chain_head: events.last().map(|e| e.hash.clone()).unwrap_or_default(),
        event_count: events.len() as u64,
        produced_by: "Łucja Müller".into(),
        organization: "Example Org".into(),
        scope: "whole model".into(),
    };
    Snapshot::new(model, events, as_of(), Section::ALL.to_vec(), provenance)
}

/// The fixture's model with three real results pinned (a request, the sample deck, a
/// Monte Carlo run; the deck's pin computed on an older model), and two named versions:
/// the template as it was, then a version with one role renamed.
pub fn history_snapshot() -> Snapshot {
    use gatehouse_core::montecarlo::Sequential;
    use gatehouse_core::progress::Reporter;
    use gatehouse_core::{
        MonteCarloOptions, PinnedSimulation, RequestMix, SimulationKind, SimulationRequest,
    };

    let mut m = model();
    m.canonicalize();
    let fingerprint = m.simulated_fingerprint();
    let request = SimulationRequest {
        requester: "ana-lima".into(),
        asset: "expense-claims".into(),
        from: None,
        to: "production".into(),
        attributes: vec![],
        at: as_of(),
    };
    let sim = gatehouse_core::simulate(&m, &request).expect("the request simulates");
    let deck: gatehouse_core::Deck = toml::from_str(include_str!(
        "../../../samples/decks/citizen-developer-to-production.toml"
    ))
    .expect("the sample deck parses");
    let played = gatehouse_core::play(&m, &deck).expect("the sample deck plays");
    let options = MonteCarloOptions {
        runs: 2_000,
        seed: 42,
        start: as_of(),
    };
    let mc = gatehouse_core::monte_carlo(
        &m,
        &RequestMix::default(),
        &options,
        Reporter::none(),
        &Sequential,
    )
    .expect("the Monte Carlo run completes");
    let pin = |id: &str, kind, seed, summary: String, result: String, fingerprint: &str| {
        PinnedSimulation {
            id: id.into(),
            name: format!("Pinned {id}"),
            kind,
            fingerprint: fingerprint.into(),
            seed,
            pinned_at: as_of() - chrono::Duration::days(2),
            pinned_by: "Zoë Café".into(),
            summary,
            result,
        }
    };
    fn json(v: &impl serde::Serialize) -> String {
        serde_json::to_string(v).expect("results serialise")
    }
    m.pinned_simulations = vec![
        pin(
            "deck",
            SimulationKind::Deck,
            None,
            format!(
                "deck \"{}\": {} promotion(s)",
                played.name, played.metrics.promotions
            ),
            json(&played),
            &"0".repeat(64),
        ),
        pin(
            "monte-carlo",
            SimulationKind::MonteCarlo,
            Some(42),
            format!(
                "2000 requests, seed 42: p50 {} h",
                mc.overall.as_ref().map_or(0.0, |o| o.p50)
            ),
            json(&mc),
            &fingerprint,
        ),
        pin(
            "request",
            SimulationKind::Request,
            None,
            sim.sentences
                .last()
                .map(|x| x.text.clone())
                .unwrap_or_default(),
            json(&sim),
            &fingerprint,
        ),
    ];
    let mut original = model();
    original.canonicalize();
    let mut renamed = original.clone();
    renamed.roles[0].name = "Renamed role".into();
    let version = |name: &str, model: &Model, days: i64| crate::history::NamedVersion {
        name: name.into(),
        approved_by: Some("the CAB".into()),
        note: format!("note of {name}"),
        at: as_of() - chrono::Duration::days(days),
        actor: "Zoë Café".into(),
        model_sha256: model.fingerprint(),
    };
    let versions = crate::history::Versions {
        list: vec![
            version("v1.0", &original, 20),
            version("v1.1", &renamed, 10),
        ],
        changes: Some(crate::history::Changes {
            since: "v1.1".into(),
            basis: crate::history::ChangesBasis::Newest,
            diff: gatehouse_core::diff(&renamed, &m),
        }),
        findings: [("v1.0", &original, 20), ("v1.1", &renamed, 10)]
            .into_iter()
            .map(|(name, model, days)| {
                let day = (as_of() - chrono::Duration::days(days)).date_naive();
                gatehouse_core::metrics::findings_point(name, model, day)
            })
            .collect(),
    };
    snapshot_of(m).with_versions(versions)
}

/// The fixture's model with one change through the gates: requested by Ana Lima (shown as
/// Łucja Müller) on 2026-03-02 09:00, approved 90 minutes later by Chloé Martin (王芳, the
/// app owner), promoted to test at 11:00 by Eva Novák.
pub fn model_with_a_change() -> Model {
    use gatehouse_core::change::{promote, request, sign, Proposal, SignInput};
    let mut m = model();
    let at = |h: u32, min: u32| Utc.with_ymd_and_hms(2026, 3, 2, h, min, 0).unwrap();
    let record = |m: &mut Model, cr: gatehouse_core::ChangeRequest| {
        m.change_requests.retain(|c| c.id != cr.id);
        m.change_requests.push(cr);
        m.change_requests.sort_by(|a, b| a.id.cmp(&b.id));
    };
    let proposal = Proposal {
        id: "chg-1".into(),
        title: "Receipt upload field".into(),
        asset: "expense-claims".into(),
        requester: "ana-lima".into(),
        from: None,
        to: "test".into(),
        attributes: vec![],
        description: "Adds a receipt upload field".into(),
    };
    let (cr, _) = request(&m, &proposal, at(9, 0)).expect("the fixture's change is valid");
    record(&mut m, cr);
    let input = SignInput {
        person: "chloe-martin".into(),
        decision: gatehouse_core::Decision::Approved,
        comment: Some("Checked in test".into()),
        answers: None,
    };
    let cr = sign(&m, "chg-1", &input, at(10, 30)).expect("the app owner may sign");
    record(&mut m, cr);
    let cr = promote(&m, "chg-1", "eva-novak", at(11, 0)).expect("the gate is satisfied");
    record(&mut m, cr);
    m
}

/// The fixture model with one access review campaign, "q1", closed: its one item (the first
/// assignment) revoked by a reviewer who is not the person, with a comment.
pub fn model_with_a_closed_review() -> Model {
    use gatehouse_core::{
        AccessReview, ReviewClosure, ReviewDecision, ReviewDecisionKind, ReviewItem, ReviewStatus,
        ReviewerSource,
    };
    let mut m = model();
    let a = m.assignments[0].clone();
    let reviewer = m.people.iter().find(|p| p.id != a.person).unwrap().clone();
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 2, 10, 9, 0, 0).unwrap();
    m.access_reviews = vec![AccessReview {
        id: "q1".into(),
        name: "Q1 access review".into(),
        reviewer: reviewer.id.clone(),
        roles: vec![],
        environments: Box::default(),
        assets: Box::default(),
        reviewers_from: ReviewerSource::Named,
        due: chrono::NaiveDate::from_ymd_opt(2026, 2, 15).unwrap(),
        recurrence_days: Some(90),
        status: ReviewStatus::Closed,
        started: Some(at),
        items: Box::new(vec![ReviewItem {
            assignment: a.id.clone(),
            person: a.person.clone(),
            role: a.role.clone(),
            environment: a.environment.clone(),
            valid_until: a.valid_until,
            reviewers: vec![reviewer.id.clone()],
        }]),
        decisions: vec![ReviewDecision {
            assignment: a.id.clone(),
            decision: ReviewDecisionKind::Revoke,
            by: reviewer.id.clone(),
            at,
            end_date: None,
            comment: Some("left the team".into()),
        }],
        closed: Some(Box::new(ReviewClosure {
            at,
            by: reviewer.id.clone(),
            revoked: vec![a.id.clone()],
            changed: vec![],
            kept: vec![],
            undecided: vec![],
            next: None,
        })),
    }];
    m
}

/// The reviewer of [`model_with_a_closed_review`]'s campaign.
pub fn reviewer_of_the_closed_review(m: &Model) -> gatehouse_core::Person {
    let id = &m.access_reviews[0].reviewer;
    m.people.iter().find(|p| p.id == *id).unwrap().clone()
}
