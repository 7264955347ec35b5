use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gatehouse_export::sign::SigningKey;
use lopdf::{dictionary, Document, Object, Stream};

pub fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 17, 0, 0).unwrap()
}

/// One key for the whole test binary (key generation is the slow part of nothing, but one
/// signer is what an organisation has).
pub fn key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| {
        SigningKey::generate(
            "Ana Łukasiewicz, Compliance",
            "Exämple GmbH",
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .expect("a signing key is made")
    })
}

/// A real PDF of `pages` pages with text on each, made with lopdf.
pub fn pdf(pages: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let kids: Vec<Object> = (0..pages)
        .map(|i| {
            let text = format!("BT /F1 24 Tf 72 720 Td (Binder page {}) Tj ET", i + 1);
            let content = doc.add_object(Stream::new(dictionary! {}, text.into_bytes()));
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Contents" => content,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Count" => pages as i64, "Kids" => kids,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("the test PDF is written");
    out
}

/// Runs a tool, returning (success, stdout + stderr).
pub fn run(program: &str, args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (installed by scripts/install-deps.sh): {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The file with one byte changed at `at` (xor 1).
pub fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] ^= 1;
    b
}
