//! The dashboard's figures for the binder's dashboard page and the workbook's "Dashboard"
//! sheet: the desktop dashboard's figures on the as-of date (`gatehouse_core::metrics`),
//! drift at the last `drift.check` in the audit log, and the open findings over time (the
//! model at the end of each of the last days with edits, replayed from the audit log, and
//! each named version's model on the day it was named, as the desktop's chart shows them,
//! then the model as exported).

use gatehouse_core::metrics::{metrics, FindingsPoint, SeverityCounts};

use crate::Snapshot;

/// One figure: its name, its value in words, and what it means.
pub struct Figure {
    pub name: &'static str,
    pub value: String,
    pub meaning: &'static str,
}

fn hours(h: f64) -> String {
    format!("{h:.1} h")
}

/// The label of the model as exported among the findings over time.
pub const AS_EXPORTED: &str = "as exported";

/// The open findings by severity at each past point (days from the audit log and named
/// versions, oldest first), then of the model as exported on the as-of date. A snapshot
/// made without the vault's versions has only the last.
pub fn findings_over_time(s: &Snapshot) -> Vec<FindingsPoint> {
    let at = s.as_of_date();
    let mut points: Vec<FindingsPoint> = (s.versions.iter())
        .flat_map(|v| v.findings.iter())
        .filter(|p| p.at <= at)
        .cloned()
        .collect();
    // The snapshot's findings are the model's on the as-of date: counted, not judged again.
    points.push(FindingsPoint {
        label: AS_EXPORTED.to_string(),
        at,
        counts: SeverityCounts::of_open(&s.findings),
    });
    points
}

/// The figures of `s` in the dashboard's order.
pub fn figures(s: &Snapshot) -> Vec<Figure> {
    let m = metrics(&s.model, s.as_of_date());
    let a = &m.adherence;
    let f = &m.open_findings;
    let sim = &m.simulated;
    let drift = (s.events.iter().rev())
        .find(|e| e.action == "drift.check")
        .and_then(|e| {
            let c = e.after.as_ref()?.get("counts")?;
            let n = |k: &str| c.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
            let file = e.after.as_ref()?.get("file")?.as_str()?.to_string();
            Some(format!(
                "{} unauthorised, {} missing, {} expired still present, {} unmatched ({file}, checked {})",
                n("unauthorised"),
                n("missing"),
                n("expired_present"),
                n("unmatched"),
                e.at.date_naive()
            ))
        });
    vec![
        Figure {
            name: "Policy adherence",
            value: match a.rate {
                Some(r) => format!(
                    "{:.0}% ({} of {} grants and assignments)",
                    r * 100.0,
                    a.grants_clean + a.assignments_clean,
                    a.grants + a.assignments
                ),
                None => "no grants or assignments".into(),
            },
            meaning: "share of permissions granted and role assignments that no open finding is about",
        },
        Figure {
            name: "Open findings",
            value: format!(
                "{} ({} critical, {} high, {} medium, {} low)",
                f.total(),
                f.critical,
                f.high,
                f.medium,
                f.low
            ),
            meaning: "problems in the design on the as-of date that no exception accepts",
        },
        Figure {
            name: "Time to approve changes",
            value: match m.approvals.mean_hours {
                Some(h) => format!(
                    "mean {}, median {} over {} approved changes",
                    hours(h),
                    hours(m.approvals.median_hours.unwrap_or(h)),
                    m.approvals.approved
                ),
                None => format!(
                    "no approved change yet ({} open)",
                    m.approvals.open
                ),
            },
            meaning: "from a change request's creation to its last approving sign-off",
        },
        Figure {
            name: "Simulated time to approval",
            value: match (sim.p50_hours, sim.p90_hours, sim.deck_mean_hours) {
                (Some(p50), Some(p90), _) => {
                    format!("median {}, 90th percentile {} (Monte Carlo)", hours(p50), hours(p90))
                }
                (_, _, Some(mean)) => format!("mean {} over {} pinned decks", hours(mean), sim.decks),
                _ => "no simulation pinned".into(),
            },
            meaning: "what the pinned simulations predict a change waits for its sign-offs",
        },
        Figure {
            name: "Unauthorised deployments avoided",
            value: format!(
                "{} in change requests ({} rejected, {} promotions refused), {} in {} pinned decks; {} near-misses",
                m.approvals.deployments_avoided,
                m.approvals.rejected,
                m.approvals.promotions_refused,
                sim.deployments_avoided,
                sim.decks,
                m.approvals.near_misses + sim.near_misses
            ),
            meaning: "change requests rejected at a sign-off, promotions the gates refused, and attempts stopped in the pinned scenarios; near-misses got through only on an exception or temporary access",
        },
        Figure {
            name: "Exceptions expiring",
            value: format!("{} within 30 days", m.exceptions_expiring.len()),
            meaning: "waivers in force that end within 30 days",
        },
        Figure {
            name: "Reviews overdue",
            value: m.reviews_overdue.len().to_string(),
            meaning: "access reviews whose due date has passed",
        },
        Figure {
            name: "Drift at last check",
            value: drift.unwrap_or_else(|| "no check recorded".into()),
            meaning: "differences between the model and the platform's real access at the last check",
        },
    ]
}
