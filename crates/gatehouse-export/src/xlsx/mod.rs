//! `binder.xlsx`: one sheet per register, the matrix with conditional formatting, frozen
//! headers, filters and fitted widths, the registers as Excel tables to pivot, a
//! "Provenance" sheet with the production facts and a "Controls" sheet (the evidence index).
//!
//! Byte-reproducible: the document's creation time is the as-of time (rust_xlsxwriter would
//! otherwise read the clock) and rust_xlsxwriter's zip entries carry a fixed date. Safe:
//! every text cell a spreadsheet would evaluate is written quote-prefixed ([`cells`]).

mod cells;
mod facts;
mod matrix;
mod registers;

use std::collections::HashMap;

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
    let names = Names::new(snapshot);
    for &sheet in sheets {
        let ws = book.add_worksheet();
        let mut w = cells::SheetWriter::new(ws, &formats, sheet)?;
        match sheet {
            Sheet::Provenance => facts::provenance(&mut w, snapshot)?,
            Sheet::Controls => facts::controls(&mut w, snapshot)?,
            Sheet::Matrix => matrix::matrix(&mut w, snapshot, &names)?,
            Sheet::Grants => matrix::grants(&mut w, snapshot, &names)?,
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

/// Names by id, for the sheets that show both.
pub(crate) struct Names<'a> {
    people: HashMap<&'a str, &'a str>,
    roles: HashMap<&'a str, &'a str>,
    capabilities: HashMap<&'a str, &'a str>,
    environments: HashMap<&'a str, &'a str>,
    assets: HashMap<&'a str, &'a str>,
    rules: HashMap<&'a str, &'a str>,
}

fn by_id<'a, T>(
    items: &'a [T],
    f: impl Fn(&'a T) -> (&'a str, &'a str),
) -> HashMap<&'a str, &'a str> {
    items.iter().map(f).collect()
}

impl<'a> Names<'a> {
    fn new(s: &'a Snapshot) -> Names<'a> {
        let m = &s.model;
        Names {
            people: by_id(&m.people, |x| (&x.id, &x.name)),
            roles: by_id(&m.roles, |x| (&x.id, &x.name)),
            capabilities: by_id(&m.capabilities, |x| (&x.id, &x.name)),
            environments: by_id(&m.environments, |x| (&x.id, &x.name)),
            assets: by_id(&m.assets, |x| (&x.id, &x.name)),
            rules: by_id(&m.sod_rules, |x| (&x.id, &x.name)),
        }
    }

    /// The name for `id`, or the id itself when the model does not know it (a dangling
    /// reference shows as what it is rather than as a blank).
    fn get<'b>(map: &HashMap<&'a str, &'a str>, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        map.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn person<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.people, id)
    }
    pub(crate) fn role<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.roles, id)
    }
    pub(crate) fn capability<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.capabilities, id)
    }
    pub(crate) fn environment<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.environments, id)
    }
    pub(crate) fn asset<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.assets, id)
    }
    pub(crate) fn rule<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.rules, id)
    }
}

#[cfg(test)]
mod tests;
