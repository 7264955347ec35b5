//! The evidence index: each control of the catalogue, where the package evidences it (the
//! binder's sections with their pages, the workbook's sheets) and the model's status for it.

use super::Entry;
use crate::controls::evidence;
use crate::layout::{Flow, Style, Table};
use crate::snapshot::Snapshot;

pub(super) fn index(flow: &mut Flow, s: &Snapshot, entries: &[Entry]) {
    let rows = evidence(s, &s.controls);
    if rows.is_empty() {
        flow.paragraph("The controls catalogue is empty.", 10.0, Style::Regular);
        return;
    }
    let attention = rows.iter().filter(|r| r.attention).count();
    flow.paragraph(
        &format!(
            "{} controls; {attention} ask for attention (marked \"Attention:\"). Pages are \
             this binder's; sheets are binder.xlsx's.",
            rows.len()
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    let mut t = Table::auto(
        &[
            "Framework",
            "Control",
            "Title",
            "Binder (page)",
            "Workbook sheets",
            "Status",
        ],
        8.0,
    );
    for r in rows {
        let sections: Vec<String> = r
            .sections
            .iter()
            .map(
                |sec| match entries.iter().find(|e| e.title == sec.title()) {
                    Some(e) => format!("{} ({})", sec.title(), e.page + 1),
                    None => sec.title().to_string(),
                },
            )
            .collect();
        let sheets: Vec<&str> = r.sheets.iter().map(|sh| sh.name()).collect();
        let status = if r.attention {
            format!("Attention: {}", r.status)
        } else {
            r.status.clone()
        };
        t.row(vec![
            r.framework,
            r.id,
            r.title,
            sections.join("\n"),
            sheets.join(", "),
            status,
        ]);
    }
    flow.table(&t);
}
