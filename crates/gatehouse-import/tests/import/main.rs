//! The importer on real files: the public corpus beside the repository, the project's own
//! samples, generated hostile files, and imports into a real vault.

mod apply;
mod cellref;
mod corpus;
mod crud;
mod hostile;
mod layouts;
mod marks;
mod messy;
mod progress;
mod samples;
mod shapes;
mod silent;

use std::path::{Path, PathBuf};

use gatehouse_core::{Model, ModelMeta};
use gatehouse_import::{prepare, Import, ImportError, Limits, Mapping, Preview, Source, Warning};

/// A file of the real-world corpus: `$GATEHOUSE_CORPUS`, else `../shared/corpus` beside the
/// repository. The corpus stays outside the repository (its files keep their own licenses);
/// where it is absent, `make test` leaves the `corpus::` tests out and says so in one line.
pub fn corpus(name: &str) -> PathBuf {
    let dir = match std::env::var_os("GATEHOUSE_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: the corpus suite needs ../shared/corpus beside the repository or \
         GATEHOUSE_CORPUS=DIR (`make test` leaves it out when the folder is absent)",
        path.display()
    );
    path
}

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
}

pub fn empty_model() -> Model {
    Model {
        meta: ModelMeta {
            name: "test".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    }
}

/// The generic no-code template: the model an admin usually imports into.
pub fn template() -> Model {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/generic-nocode/model.json");
    Model::from_json(&fs_err::read_to_string(path).unwrap()).unwrap()
}

pub fn import_into(path: &Path, model: &Model, mapping: &Mapping) -> Result<Import, ImportError> {
    let limits = Limits::default();
    prepare(&Source::read(path, &limits)?, model, mapping, &limits)
}

/// The sample `name` imported into the template with the mapping it detects.
pub fn sample_into_template(name: &str) -> Import {
    import_into(&sample(name), &template(), &Mapping::default())
        .unwrap_or_else(|e| panic!("{name} should import into the template: {e}"))
}

pub fn preview(path: &Path) -> Preview {
    import_into(path, &empty_model(), &Mapping::default())
        .unwrap_or_else(|e| panic!("{} should import: {e}", path.display()))
        .preview
}

pub fn bytes_preview(name: &str, bytes: Vec<u8>) -> Result<Preview, ImportError> {
    bytes_preview_with(name, bytes, &Mapping::default())
}

/// The preview of a file called `name` holding `bytes`, read as `mapping` says, into an
/// empty model.
pub fn bytes_preview_with(
    name: &str,
    bytes: Vec<u8>,
    mapping: &Mapping,
) -> Result<Preview, ImportError> {
    let source = Source {
        name: name.into(),
        bytes,
    };
    prepare(&source, &empty_model(), mapping, &Limits::default()).map(|i| i.preview)
}

pub fn has_warning(p: &Preview, source: &str, needle: &str) -> bool {
    p.warnings
        .iter()
        .any(|w| w.source == source && w.message.contains(needle))
}

/// Asserts a warning at `source` whose message contains `needle`; a failure lists them all.
#[track_caller]
pub fn assert_warns(p: &Preview, source: &str, needle: &str) {
    assert!(
        has_warning(p, source, needle),
        "no warning at {source} saying {needle:?} among:\n{}",
        warnings_text(p)
    );
}

/// The preview's one warning; a failure lists them all.
#[track_caller]
pub fn only_warning(p: &Preview) -> &Warning {
    assert_eq!(p.warnings.len(), 1, "{}", warnings_text(p));
    &p.warnings[0]
}

/// Asserts that the preview has no warnings; a failure lists them.
#[track_caller]
pub fn assert_no_warnings(p: &Preview) {
    assert!(p.warnings.is_empty(), "{}", warnings_text(p));
}

pub fn warnings_text(p: &Preview) -> String {
    p.warnings
        .iter()
        .map(|w| format!("{}: {}", w.source, w.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An ods workbook whose one table `Access` holds `rows` (content.xml table rows).
pub fn ods(rows: &str) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Access">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A text cell of an ods table, repeated across `repeated` columns.
pub fn ods_cell(text: &str, repeated: u32) -> String {
    format!(
        r#"<table:table-cell table:number-columns-repeated="{repeated}" office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// A row of ods `cells`, repeated down `repeated` rows.
pub fn ods_row(cells: &[String], repeated: u32) -> String {
    format!(
        r#"<table:table-row table:number-rows-repeated="{repeated}">{}</table:table-row>"#,
        cells.concat()
    )
}
