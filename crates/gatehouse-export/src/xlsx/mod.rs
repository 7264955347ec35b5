//! `binder.xlsx`: one sheet per register, the matrix with conditional formatting, frozen
//! headers, filters and fitted widths, the registers as Excel tables to pivot, a
//! "Provenance" sheet with the production facts and a "Controls" sheet (the evidence index).
//!
//! Byte-reproducible: the document's creation time is the as-of time (rust_xlsxwriter would
//! otherwise read the clock) and rust_xlsxwriter's zip entries carry a fixed date. Safe:
//! every text cell a spreadsheet would evaluate is written quote-prefixed ([`cells`]).

mod cells;
mod dashboard;
mod facts;
mod history;
mod matrix;
mod registers;
mod reviews;

use crate::names::Names;

use rust_xlsxwriter::{DocProperties, Workbook};

use crate::{ExportError, Sheet, Snapshot};

/// The workbook of `snapshot`, as the bytes of an `.xlsx` file.
pub fn workbook(snapshot: &Snapshot) -> Result<Vec<u8>, ExportError> {
    write(snapshot, &Sheet::included(snapshot))
}

/// A workbook of one sheet of `snapshot` (what the benchmark times for the Grants sheet).
pub fn single_sheet(snapshot: &Snapshot, sheet: Sheet) -> Result<Vec<u8>, ExportError> {
    write(snapshot, &[sheet])
}

fn write(snapshot: &Snapshot, sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let properties = DocProperties::new()
        .set_title(format!("{}: audit workbook", snapshot.model.meta.name))
        .set_author(&snapshot.provenance.produced_by)
        .set_company(&snapshot.provenance.organization)
        .set_comment(format!("Model hash {}", snapshot.provenance.model_hash))
        .set_creation_datetime(&cells::excel_datetime(snapshot.as_of));
    book.set_properties(&properties);
    let formats = cells::Formats::new();
    let names = Names::new(&snapshot.model);
    for &sheet in sheets {
        let ws = book.add_worksheet();
        let mut w = cells::SheetWriter::new(ws, &formats, sheet)?;
        match sheet {
            Sheet::Provenance => facts::provenance(&mut w, snapshot)?,
            Sheet::Controls => facts::controls(&mut w, snapshot)?,
            Sheet::Matrix => matrix::matrix(&mut w, snapshot, &names)?,
            Sheet::Grants => matrix::grants(&mut w, snapshot, &names)?,
            Sheet::Simulations | Sheet::SimulationPercentiles => {
                history::simulations(&mut w, snapshot)?
            }
            Sheet::Versions | Sheet::Changes => history::versions(&mut w, snapshot)?,
            Sheet::AccessReviews => reviews::reviews(&mut w, snapshot, &names)?,
            Sheet::Dashboard => dashboard::dashboard(&mut w, snapshot)?,
            _ => registers::write(&mut w, snapshot, &names)?,
        }
        w.finish(sheet != Sheet::Matrix)?;
    }
    book.save_to_buffer()
        .map_err(|source| ExportError::Workbook {
            sheet: "(the whole workbook)".into(),
            source,
        })
}

#[cfg(test)]
pub(crate) mod tests;
