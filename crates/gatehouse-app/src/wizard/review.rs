//! What the wizard shows of a finished preview before applying it.

use std::collections::HashSet;

use gatehouse_import::{fields_of, Import, SheetMapping};

use super::marks::{SheetIndex, WINDOW_COLUMNS};
use super::transport::{ImportReview, NewNames, ReviewSheet};

/// Warnings and new names sent to the front end at most; the counts say how many in all.
const SHOWN_WARNINGS: usize = 1_000;
const SHOWN_NAMES: usize = 50;

/// The review of `import`, previewed on the model's `revision`.
/// The entries "no longer in the file" a review lists.
const SHOWN_GONE: usize = 1_000;

pub(crate) fn review(import: &Import, revision: u64) -> ImportReview {
    let p = &import.preview;
    let sheets = &import.workbook.sheets;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let index = SheetIndex::new(sheets);
    let (mut read, mut warned) = (vec![0u32; sheets.len()], vec![0u32; sheets.len()]);
    // A cell read twice (a RACI letter that is also a grant) counts once.
    let mut cells = HashSet::new();
    for i in p
        .rows()
        .iter()
        .map(|row| row.source())
        .filter(|s| cells.insert(*s))
        .filter_map(|s| index.sheet_of(s))
    {
        read[i] = read[i].saturating_add(1);
    }
    for i in p.warnings.iter().filter_map(|w| index.sheet_of(&w.source)) {
        warned[i] = warned[i].saturating_add(1);
    }
    ImportReview {
        file: p.file.clone(),
        sha256: p.sha256.clone(),
        format: p.format.clone(),
        sheets: p
            .sheets
            .iter()
            .zip(sheets)
            .enumerate()
            .map(|(i, (r, s))| ReviewSheet {
                name: r.name.clone(),
                layout: r.layout,
                chosen: import
                    .asked
                    .sheet(&r.name)
                    .filter(|m| m.is_layout_only())
                    .map(|m| m.layout),
                header_row: r.header_row,
                note: r.note.clone(),
                rows: s.height(),
                columns: s.width(),
                read: read[i],
                warnings: warned[i],
                truncated: s.truncated.clone(),
                mapping: (import.mapping.sheet(&r.name).cloned())
                    .unwrap_or_else(|| SheetMapping::new(&r.name, r.layout)),
                fields: fields_of(r.layout).iter().map(|f| f.to_string()).collect(),
                headers: match r.header_row {
                    Some(h) => (0..s.width().min(WINDOW_COLUMNS))
                        .map(|c| s.text(h - 1, c).trim().to_string())
                        .collect(),
                    None => Vec::new(),
                },
            })
            .collect(),
        gone: p.gone.iter().take(SHOWN_GONE).cloned().collect(),
        gone_total: count(p.gone.len()),
        rows: p.rows().counts(),
        changes: p.changes,
        changes_by_kind: p.changes_by_kind.clone(),
        new_entities: p
            .new_entities
            .iter()
            .map(|(kind, names)| {
                (
                    kind.clone(),
                    NewNames {
                        total: count(names.len()),
                        names: names.iter().take(SHOWN_NAMES).cloned().collect(),
                    },
                )
            })
            .collect(),
        warnings: p.warnings.iter().take(SHOWN_WARNINGS).cloned().collect(),
        warnings_total: count(p.warnings.len()),
        mapping: p.mapping.clone(),
        revision,
    }
}
