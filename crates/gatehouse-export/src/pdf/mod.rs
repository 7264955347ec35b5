//! INTERIM (dropped at merge; the "pdf" helper owns this module): a one-page binder.

use lopdf::{dictionary, Document, Object, Stream};

use crate::Snapshot;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PdfError(String);

pub fn binder(snapshot: &Snapshot) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let name: String = snapshot
        .model
        .meta
        .name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let text = format!("BT /F1 18 Tf 72 720 Td (Binder {name}) Tj ET");
    let content = doc.add_object(Stream::new(dictionary! {}, text.into_bytes()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Count" => 1, "Kids" => vec![page.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| PdfError(e.to_string()))?;
    Ok(out)
}
