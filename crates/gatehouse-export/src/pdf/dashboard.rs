//! The dashboard page: the desktop dashboard's figures on the as-of date, each with what it
//! means, then the open findings by severity over time as a chart and a table.

use gatehouse_core::metrics::FindingsPoint;

use crate::layout::chart::{BarChart, Group};
use crate::layout::{Flow, Style, Table};
use crate::snapshot::Snapshot;

/// At most this many points are drawn (the newest); the table lists them all.
const CHART_POINTS: usize = 12;

pub(super) fn dashboard(flow: &mut Flow, s: &Snapshot) {
    flow.paragraph(
        &format!(
            "The governance figures of the model on {}, as the desktop's dashboard shows them.",
            s.as_of_date()
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    let mut t = Table::auto(&["Figure", "Value", "What it means"], 9.0);
    for f in crate::dashboard::figures(s) {
        t.row(vec![f.name.to_string(), f.value, f.meaning.to_string()]);
    }
    flow.table(&t);
    flow.space(8.0);
    over_time(flow, s);
}

fn label(p: &FindingsPoint) -> String {
    format!("{} ({})", p.label, p.at)
}

fn over_time(flow: &mut Flow, s: &Snapshot) {
    let points = crate::dashboard::findings_over_time(s);
    flow.heading("Open findings over time", 10.0);
    let basis = if s.versions.is_none() {
        "This package was made without the vault's named versions, so only the model as \
         exported is shown."
            .to_string()
    } else if points.len() == 1 {
        "The audit log has no edit before the as-of date and no version of the model was \
         named by it, so only the model as exported is shown."
            .to_string()
    } else {
        format!(
            "The model at the end of each of the last days with edits (\"end of day\", \
             replayed from the audit log) and each named version's model, judged on its day, \
             then the model as exported on {}: how the design's open problems rose or fell.",
            s.as_of_date()
        )
    };
    flow.paragraph(&basis, 8.5, Style::Regular);
    flow.space(3.0);
    let shown = &points[points.len().saturating_sub(CHART_POINTS)..];
    let chart = BarChart {
        groups: shown
            .iter()
            .map(|p| Group {
                label: label(p),
                values: [
                    p.counts.low,
                    p.counts.medium,
                    p.counts.high,
                    p.counts.critical,
                ]
                .map(f64::from)
                .to_vec(),
            })
            .collect(),
        series: ["low", "medium", "high", "critical"]
            .map(String::from)
            .to_vec(),
        unit: String::new(),
        size: 7.5,
        counts: true,
    };
    let drawn = chart.draw(flow.fonts(), flow.content_width());
    let caption = if shown.len() < points.len() {
        format!(
            "Open findings by severity, the newest {} of {} points (bars low, medium, \
             high, critical from light to dark):",
            shown.len(),
            points.len()
        )
    } else {
        "Open findings by severity (bars low, medium, high, critical from light to dark):"
            .to_string()
    };
    super::simulations::chart(flow, &caption, drawn);
    flow.space(4.0);
    let mut t = Table::auto(
        &[
            "Point",
            "Judged on",
            "Critical",
            "High",
            "Medium",
            "Low",
            "Total",
        ],
        8.0,
    );
    for p in &points {
        let c = &p.counts;
        t.row(vec![
            p.label.clone(),
            p.at.to_string(),
            c.critical.to_string(),
            c.high.to_string(),
            c.medium.to_string(),
            c.low.to_string(),
            c.total().to_string(),
        ]);
    }
    flow.table(&t);
}
