//! INTERIM (dropped at merge; the "xlsx" helper owns this module): a one-cell workbook.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::Snapshot;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct XlsxError(String);

pub fn workbook(snapshot: &Snapshot) -> Result<Vec<u8>, XlsxError> {
    let err = |e: rust_xlsxwriter::XlsxError| XlsxError(e.to_string());
    let mut book = Workbook::new();
    let when = ExcelDateTime::from_timestamp(snapshot.as_of.timestamp()).map_err(err)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&when));
    book.add_worksheet()
        .write_string(0, 0, &snapshot.model.meta.name)
        .map_err(err)?;
    book.save_to_buffer().map_err(err)
}
