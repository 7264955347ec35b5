//! Findings and exceptions: which findings an exception in force accepts, and what is wrong
//! with the exceptions themselves (an approver who may not approve, a review date passed).

use super::{Acceptance, EntityRef, Finding, FindingCode, Index};
use crate::eligibility::Holdings;
use crate::entity::EntityKind;
use crate::exceptions::approval_problem_with;
use crate::model::*;

/// Marks each finding that an exception in force accepts: one that names the waived rule
/// (SoD rule, gate or grant) and no person but the exception's. Of several, the one that
/// lasts longest is named. A finding on a role's grant, which names no person, is
/// accepted when everyone holding the role on the date has an exception waiving that
/// grant (see [`every_holder_excepted`]).
pub(super) fn accept(ix: &Index, out: &mut [Finding]) {
    let mut in_force: Vec<&Exception> =
        ix.m.exceptions
            .iter()
            .filter(|e| e.in_force(ix.at))
            .collect();
    if in_force.is_empty() {
        return;
    }
    in_force.sort_by(|a, b| (b.end, &a.id).cmp(&(a.end, &b.id)));
    for f in out.iter_mut() {
        let mut people = f.entities.iter().filter(|e| e.kind == EntityKind::Person);
        let covering = match (people.next(), people.next()) {
            (Some(person), None) => in_force.iter().copied().find(|e| {
                e.person == person.key
                    && e.waived_entity().is_some_and(|(kind, key)| {
                        f.entities.iter().any(|r| r.kind == kind && r.key == key)
                    })
            }),
            (None, _) => every_holder_excepted(ix, f, &in_force),
            _ => None,
        };
        if let Some(e) = covering {
            f.accepted = Some(Acceptance {
                exception: e.id.clone(),
                until: e.end,
                justification: e.justification.clone(),
            });
        }
    }
}

/// For a finding on a role's grant (a role and a grant, no person): when each person who
/// holds the role on the date has an exception in force waiving that grant, the one that
/// ends first (the acceptance lapses with it); `None` when someone has none, or nobody
/// holds the role (an exception is for a person, never for a role).
fn every_holder_excepted<'e>(
    ix: &Index,
    f: &Finding,
    in_force: &[&'e Exception],
) -> Option<&'e Exception> {
    let of = |kind: EntityKind| f.entities.iter().find(|r| r.kind == kind);
    let (role, grant) = (of(EntityKind::Role)?, of(EntityKind::Grant)?);
    let holders = ix.members_of(&role.key);
    let mut first_to_end: Option<&Exception> = None;
    for &p in holders {
        let person = ix.person_id(p);
        let e = in_force.iter().copied().find(|e| {
            e.person == person && e.waived_entity() == Some((EntityKind::Grant, grant.key.as_str()))
        })?;
        if first_to_end.is_none_or(|first| e.end < first.end) {
            first_to_end = Some(e);
        }
    }
    first_to_end
}

/// Exceptions in force approved by someone who may not approve them, and those whose
/// review date has passed.
pub(super) fn register(ix: &Index, out: &mut Vec<Finding>) {
    let mut holdings = None;
    for e in ix.m.exceptions.iter().filter(|e| e.in_force(ix.at)) {
        let entities = vec![
            EntityRef::new(EntityKind::Exception, &e.id),
            EntityRef::new(EntityKind::Person, &e.person),
        ];
        let holdings = holdings.get_or_insert_with(|| Holdings::new(ix.m, ix.at));
        if let Some(problem) = approval_problem_with(holdings, ix.m, e) {
            let mut entities = entities.clone();
            entities.push(EntityRef::new(EntityKind::Person, &e.approver));
            out.push(Finding {
                code: FindingCode::ExceptionApproverInvalid,
                severity: Severity::High,
                message: format!(
                    "The exception {} for {} stands on an approval that does not count: {problem}.",
                    e.id,
                    ix.person(&e.person),
                ),
                entities,
                fix: format!(
                    "Have the exception {} approved again by someone who is neither {} nor in SoD conflict with them, or end it.",
                    e.id,
                    ix.person(&e.person)
                ),
                accepted: None,
            });
        }
        if let Some(review) = e.review.filter(|r| *r < ix.at) {
            out.push(Finding {
                code: FindingCode::ExceptionReviewDue,
                severity: Severity::Medium,
                message: format!(
                    "The exception {} for {} was due for review on {review} and is still in force until {}.",
                    e.id,
                    ix.person(&e.person),
                    e.end
                ),
                entities,
                fix: format!(
                    "Review the exception {}: end it, or record the review with a new review date.",
                    e.id
                ),
                accepted: None,
            });
        }
    }
}
