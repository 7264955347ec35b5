//! The "Dashboard" sheet: the dashboard's figures on the as-of date, each with what it
//! means, then the open findings by severity over time (each named version, then the model
//! as exported) as a table and a stacked column chart beside it.

use rust_xlsxwriter::{Chart, ChartFormat, ChartSolidFill, ChartType};

use super::cells::{wrap, Cell, SheetWriter};
use crate::{ExportError, Snapshot};

/// The severities' columns and colours (the desktop dashboard's, critical to low).
const SEVERITIES: [(&str, u32); 4] = [
    ("Critical", 0x9B1C1C),
    ("High", 0xD9480F),
    ("Medium", 0xE8A317),
    ("Low", 0x6B7280),
];

pub(super) fn dashboard(w: &mut SheetWriter, s: &Snapshot) -> Result<(), ExportError> {
    let rows = crate::dashboard::figures(s).into_iter().map(|f| {
        vec![
            Cell::from(f.name),
            Cell::from(f.value),
            Cell::from(f.meaning),
        ]
    });
    let last = w.register(
        0,
        &["Figure", "Value", "What it means"],
        rows,
        "No figures.",
    )?;

    let points = crate::dashboard::findings_over_time(s);
    let title = last + 2;
    w.header(
        title,
        0,
        "Open findings over time: the model at the end of each of the last days with edits (\"end of day\", replayed from the audit log) and each named version's model on the day it was named, then the model as exported",
    )?;
    let first = title + 1;
    let mut cols = vec!["Point", "Judged on"];
    cols.extend(SEVERITIES.map(|(name, _)| name));
    cols.push("Total");
    let rows = points.iter().map(|p| {
        let c = &p.counts;
        let mut row = vec![Cell::from(p.label.as_str()), Cell::Date(p.at)];
        row.extend(
            [c.critical, c.high, c.medium, c.low, c.total()].map(|n| Cell::Number(f64::from(n))),
        );
        row
    });
    let end = w.register_as("Findings_over_time", first, &cols, rows, "No points.")?;

    // A chart of the table: one stacked column per point, a series per severity.
    let sheet = w.sheet.name();
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (i, (_, colour)) in SEVERITIES.into_iter().enumerate() {
        let col = 2 + i as u16;
        chart
            .add_series()
            .set_name((sheet, first, col))
            .set_categories((sheet, first + 1, 0, end, 0))
            .set_values((sheet, first + 1, col, end, col))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour)));
    }
    chart.title().set_name("Open findings by severity");
    chart.y_axis().set_name("Open findings").set_min(0);
    // Whole findings: a step of one while that is readable (Excel picks halves otherwise).
    if points.iter().map(|p| p.counts.total()).max().unwrap_or(0) <= 10 {
        chart.y_axis().set_major_unit(1);
    }
    chart
        .x_axis()
        .set_name("Named version, then the model as exported");
    chart.set_width(640).set_height(320);
    w.ws.insert_chart(end + 2, 0, &chart)
        .map_err(wrap(w.sheet))?;
    Ok(())
}
