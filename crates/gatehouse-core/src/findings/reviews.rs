//! Findings about access review campaigns: overdue campaigns, and items of open campaigns
//! that nobody may decide on (the person's only reviewer was themselves).

use super::{EntityRef, Finding, FindingCode, Index};
use crate::entity::EntityKind;
use crate::model::*;

pub(super) fn campaigns(ix: &Index, out: &mut Vec<Finding>) {
    for r in &ix.m.access_reviews {
        let campaign = EntityRef::new(EntityKind::AccessReview, &r.id);
        if r.is_overdue(ix.at) {
            let p = r.progress(ix.at);
            let state = match r.status {
                ReviewStatus::Scheduled => "has not been started".to_string(),
                _ => format!("has {} of {} item(s) decided", p.decided, p.total),
            };
            out.push(Finding {
                code: FindingCode::ReviewOverdue,
                severity: Severity::Medium,
                message: format!(
                    "The access review {} was due on {} and {state}.",
                    r.name, r.due
                ),
                entities: vec![campaign.clone()],
                fix: format!(
                    "Have the reviewers decide the remaining items of {} and close it, or move its due date.",
                    r.name
                ),
                accepted: None,
            });
        }
        if r.status != ReviewStatus::Open {
            continue;
        }
        for item in r
            .items
            .iter()
            .filter(|i| i.reviewers.is_empty() && r.decision(&i.assignment).is_none())
        {
            out.push(Finding {
                code: FindingCode::ReviewItemUnreviewable,
                severity: Severity::Medium,
                message: format!(
                    "Nobody may review {}'s assignment to {} in {}: the only reviewer would be {} themselves.",
                    ix.person(&item.person),
                    ix.role_name(&item.role),
                    r.name,
                    ix.person(&item.person),
                ),
                entities: vec![
                    campaign.clone(),
                    EntityRef::new(EntityKind::Assignment, &item.assignment),
                    EntityRef::new(EntityKind::Person, &item.person),
                ],
                fix: "Name another reviewer for the campaign, or record an owner of what the access reaches, and start the next campaign with them.".to_string(),
                accepted: None,
            });
        }
    }
}
