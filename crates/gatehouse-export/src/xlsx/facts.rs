//! The "Provenance" sheet (the production page's facts: how the package was made, which
//! sections it holds with their row counts, which were left out and why) and the "Controls"
//! sheet (the evidence index: control → where → status).

use super::cells::{Cell, SheetWriter};
use crate::{controls, ExportError, SectionChoice, Snapshot};

pub(crate) fn provenance(w: &mut SheetWriter, s: &Snapshot) -> Result<(), ExportError> {
    let p = &s.provenance;
    let mut facts: Vec<(&str, Cell)> = vec![
        ("Model", Cell::from(s.model.meta.name.as_str())),
        (
            "Model snapshot hash (SHA-256 of data/model.json)",
            Cell::from(p.model_hash.as_str()),
        ),
        ("As of (UTC)", Cell::DateTime(s.as_of)),
        (
            "As of (RFC 3339)",
            Cell::from(s.as_of.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ),
        ("Scope and filters", Cell::from(p.scope.as_str())),
        ("Produced by", Cell::from(p.produced_by.as_str())),
        ("Organization", Cell::from(p.organization.as_str())),
        ("Gatehouse version", Cell::from(p.app_version.as_str())),
        (
            "Vault schema version",
            Cell::Number(f64::from(p.schema_version)),
        ),
        ("Audit events", Cell::Number(p.event_count as f64)),
        ("Audit-chain head", Cell::from(p.chain_head.as_str())),
    ];
    if let Some(v) = &s.versions {
        facts.push(("Changes counted since", Cell::from(v.basis())));
    }
    w.header(0, 0, "Fact")?;
    w.header(0, 1, "Value")?;
    let mut row = 0;
    for (fact, value) in &facts {
        row += 1;
        w.text(row, 0, fact)?;
        w.cell(row, 1, value)?;
    }
    let rows = s.choices().into_iter().map(|choice| match choice {
        SectionChoice::Included { section, rows } => vec![
            Cell::from(section.title()),
            Cell::from(section.key()),
            Cell::from("included"),
            Cell::Number(rows as f64),
            Cell::Empty,
        ],
        SectionChoice::LeftOut { section, reason } => vec![
            Cell::from(section.title()),
            Cell::from(section.key()),
            Cell::from("left out"),
            Cell::Empty,
            Cell::from(reason),
        ],
    });
    let cols = ["Section", "Key", "In this package", "Rows", "Why left out"];
    w.register(row + 2, &cols, rows, "")?;
    w.ws.set_freeze_panes(1, 0)
        .map_err(super::cells::wrap(w.sheet))?;
    Ok(())
}

pub(crate) fn controls(w: &mut SheetWriter, s: &Snapshot) -> Result<(), ExportError> {
    let evidence = controls::evidence(s, &s.controls);
    let rows = evidence.iter().map(|e| {
        let sections: Vec<&str> = e.sections.iter().map(|s| s.title()).collect();
        let sheets: Vec<&str> = e.sheets.iter().map(|s| s.name()).collect();
        vec![
            Cell::from(e.framework.as_str()),
            Cell::from(e.id.as_str()),
            Cell::from(e.title.as_str()),
            Cell::from(sections.join("; ")),
            Cell::from(sheets.join("; ")),
            Cell::from(e.status.as_str()),
            Cell::from(if e.attention { "yes" } else { "no" }),
        ]
    });
    let cols = [
        "Framework",
        "Control",
        "Title",
        "Binder sections",
        "Workbook sheets",
        "Status",
        "Needs attention",
    ];
    w.register(0, &cols, rows, "The controls catalogue is empty.")?;
    Ok(())
}
