//! The trace as sentences: one per request, tier, gate and requirement, each naming the
//! rule it comes from. The CLI prints them; the desktop shows them beside the structure.

use chrono::{DateTime, Utc};

use super::condition::attribute_words;
use super::*;

struct Names<'m> {
    m: &'m Model,
}

impl Names<'_> {
    fn person(&self, id: &str) -> String {
        by_id(&self.m.people, id, |x| &x.id).map_or_else(|| id.to_string(), |x| x.name.clone())
    }

    fn role(&self, id: &str) -> String {
        by_id(&self.m.roles, id, |x| &x.id).map_or_else(|| id.to_string(), |x| x.name.clone())
    }

    fn asset(&self, id: &str) -> String {
        by_id(&self.m.assets, id, |x| &x.id).map_or_else(|| id.to_string(), |x| x.name.clone())
    }

    fn environment(&self, id: &str) -> String {
        by_id(&self.m.environments, id, |x| &x.id)
            .map_or_else(|| id.to_string(), |x| x.name.clone())
    }

    fn rule(&self, id: &str) -> String {
        by_id(&self.m.sod_rules, id, |x| &x.id).map_or_else(|| id.to_string(), |x| x.name.clone())
    }

    fn people(&self, ids: &[String]) -> String {
        list(
            &ids.iter().map(|p| self.person(p)).collect::<Vec<_>>(),
            "and",
        )
    }
}

/// The entity with `id` in a list sorted by id (every model's lists are).
fn by_id<'a, T>(list: &'a [T], id: &str, key: impl Fn(&T) -> &String) -> Option<&'a T> {
    list.binary_search_by(|x| key(x).as_str().cmp(id))
        .ok()
        .map(|i| &list[i])
}

fn list(items: &[String], word: &str) -> String {
    match items {
        [] => "nobody".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

pub(super) fn time(t: DateTime<Utc>) -> String {
    t.format("%a %Y-%m-%d %H:%M UTC").to_string()
}

pub(super) fn sentences(model: &Model, s: &Simulation) -> Vec<Sentence> {
    let n = Names { m: model };
    let r = &s.request;
    let mut out = Vec::new();
    let attributes = if r.attributes.is_empty() {
        String::new()
    } else {
        let words: Vec<String> = r
            .attributes
            .iter()
            .map(|a| attribute_words(*a).to_string())
            .collect();
        format!(" (the change is {})", list(&words, "and"))
    };
    out.push(Sentence {
        rule: None,
        text: format!(
            "{} asks to promote \"{}\" from {} to {} on {}{attributes}.",
            n.person(&r.requester),
            n.asset(&r.asset),
            n.environment(r.from.as_deref().unwrap_or_default()),
            n.environment(&r.to),
            time(r.at)
        ),
    });
    match &s.tier {
        Some(t) => out.push(Sentence {
            rule: Some(RuleRef {
                entity: EntityRef {
                    kind: EntityKind::RiskTier,
                    key: t.tier.clone(),
                },
                requirement: None,
                name: t.name.clone(),
            }),
            text: format!("Risk tier {}: {}.", t.name, t.why),
        }),
        None if !model.risk_tiers.is_empty() => out.push(Sentence {
            rule: None,
            text: "No risk tier's criteria hold for this change.".into(),
        }),
        None => {}
    }
    for g in &s.gates {
        out.push(Sentence {
            rule: (!g.gate.is_empty()).then(|| RuleRef {
                entity: EntityRef {
                    kind: EntityKind::Gate,
                    key: g.gate.clone(),
                },
                requirement: None,
                name: g.name.clone(),
            }),
            text: gate_line(&n, g),
        });
        for step in &g.requirements {
            out.push(Sentence {
                rule: Some(step.rule.clone()),
                text: step.sentence.clone(),
            });
        }
    }
    out.push(Sentence {
        rule: None,
        text: match (s.verdict, s.earliest) {
            (Verdict::Allowed, _) => "Verdict: the promotion is allowed now.".into(),
            (Verdict::Blocked, _) => {
                "Verdict: blocked; the promotion cannot happen as the model stands.".into()
            }
            (Verdict::NeedsApprovals, Some(t)) => format!(
                "Verdict: needs approvals; with prompt approvals the change reaches {} at the earliest on {}.",
                n.environment(&r.to),
                time(t)
            ),
            (_, Some(t)) => format!(
                "Verdict: waiting; the change may reach {} on {}.",
                n.environment(&r.to),
                time(t)
            ),
            (_, None) => "Verdict: blocked.".into(),
        },
    });
    out
}

fn gate_line(n: &Names, g: &GateStep) -> String {
    let head = if g.gate.is_empty() {
        format!(
            "No gate leads from {} towards {}: the promotion has no path.",
            n.environment(&g.from),
            n.environment(&g.to)
        )
    } else {
        let state = match (g.verdict, g.earliest) {
            (Verdict::Allowed, _) => "allowed now".to_string(),
            (Verdict::Blocked, _) => "blocked".to_string(),
            (Verdict::NeedsApprovals, _) => "needs approvals".to_string(),
            (Verdict::Waiting, Some(t)) => format!("waiting until {}", time(t)),
            (Verdict::Waiting, None) => "waiting".to_string(),
        };
        format!(
            "Gate \"{}\" ({} to {}): {state}.",
            g.name,
            n.environment(&g.from),
            n.environment(&g.to)
        )
    };
    match &g.waived_by {
        Some(e) => {
            format!("{head} Its approvals are waived for the requester by the exception {e}.")
        }
        None => head,
    }
}

/// Fills in each requirement's sentence.
pub(super) fn requirement_sentences(model: &Model, g: &Gate, step: &mut GateStep, requester: &str) {
    let n = Names { m: model };
    for (r, s) in g.requirements.iter().zip(step.requirements.iter_mut()) {
        s.sentence = requirement_line(&n, r, s, requester);
    }
}

fn requirement_line(n: &Names, r: &Requirement, s: &RequirementStep, requester: &str) -> String {
    let label = &s.rule.name;
    match (r, s.outcome) {
        (_, Outcome::NotApplicable) => format!("{label} does not apply: {}.", s.why),
        (_, Outcome::Waived) => format!(
            "{label} is waived for {} by the exception {}.",
            n.person(requester),
            s.waived_by.as_deref().unwrap_or("?")
        ),
        (Requirement::NoSelfApproval, _) => {
            format!(
                "{label}: {} may not approve this change.",
                n.person(requester)
            )
        }
        (Requirement::WaitTimer { .. }, Outcome::Delays) => format!(
            "{label}: {}; the promotion waits until {}.",
            s.why,
            s.until.map(time).unwrap_or_default()
        ),
        (Requirement::WaitTimer { .. }, _) => format!("{label}: {}.", s.why),
        (Requirement::FreezeWindow { .. }, Outcome::Delays) => format!(
            "{label}: {}; the promotion moves to {}.",
            s.why,
            s.until.map(time).unwrap_or_default()
        ),
        (Requirement::FreezeWindow { .. }, _) => {
            format!("{label}: {} (not in force then).", s.why)
        }
        (Requirement::OwnerApproval { owner, .. }, Outcome::Met) => format!(
            "{label} applies ({}), but the change involves no {}: nothing to approve.",
            s.why,
            match owner {
                OwnershipKind::AppOwner => "app",
                OwnershipKind::DataSteward => "data set",
                OwnershipKind::IntegrationOwner => "connector",
            }
        ),
        (_, outcome) => {
            let groups: Vec<String> = s
                .groups
                .iter()
                .map(|grp| group_line(n, r, grp, requester))
                .collect();
            let verb = if outcome == Outcome::Blocked {
                "blocks the promotion"
            } else {
                "needs approvals"
            };
            format!(
                "{label} applies ({}) and {verb}: {}.",
                s.why,
                groups.join("; ")
            )
        }
    }
}

fn group_line(n: &Names, r: &Requirement, grp: &ApproverGroup, requester: &str) -> String {
    let who = match (r, &grp.about) {
        (Requirement::Approval { roles, .. }, _) => {
            list(&roles.iter().map(|x| n.role(x)).collect::<Vec<_>>(), "or")
        }
        (Requirement::OwnerApproval { owner, .. }, Some(about)) => format!(
            "{} of \"{}\"",
            owner.as_str().replace('_', " "),
            n.asset(&about.key)
        ),
        _ => "approvers".into(),
    };
    let excluded: Vec<String> = grp
        .excluded
        .iter()
        .map(|x| {
            let name = n.person(&x.person);
            match x.reason {
                Exclusion::Requester => format!("{name} is the requester"),
                Exclusion::SodConflict => format!(
                    "{name} is held back by the SoD rule \"{}\"",
                    x.rule.as_deref().map(|r| n.rule(r)).unwrap_or_default()
                ),
                Exclusion::OutsideValidity => {
                    format!("{name}'s assignment is not valid at the moment")
                }
                Exclusion::OtherEnvironment => {
                    format!("{name}'s assignment is for another environment")
                }
            }
        })
        .collect();
    let the = if grp.about.is_some() { "the " } else { "" };
    let blocked = grp.eligible.len() < grp.needed as usize;
    let mut line = if blocked && grp.eligible.is_empty() {
        format!("no eligible {who}")
    } else if blocked {
        format!(
            "{} approval(s) from {the}{who}, but only {} may give them",
            grp.needed,
            n.people(&grp.eligible)
        )
    } else {
        format!(
            "{} approval(s) from {the}{who}, which {} can give",
            grp.needed,
            n.people(&grp.eligible)
        )
    };
    if !excluded.is_empty() {
        let sole = grp.excluded.len() == 1 && grp.eligible.is_empty();
        line += &if sole && grp.excluded[0].person == requester {
            format!(": the only one is the requester, {}", n.person(requester))
        } else {
            format!(" ({})", excluded.join(", "))
        };
    } else if blocked && grp.eligible.is_empty() {
        line += ": nobody holds it";
    }
    line
}
