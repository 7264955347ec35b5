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

/// The generic template's model with names from several scripts, a short audit chain, all
/// sections asked for.
pub fn snapshot() -> gatehouse_export::Snapshot {
    use gatehouse_core::{AuditEvent, EventDraft, Model};
    let mut model = Model::from_json(include_str!(
        "../../../../templates/generic-nocode/model.json"
    ))
    .expect("the template reads");
    model.meta.name = "Zürich Łódź 北京 الرياض".into();
    let mut events = Vec::new();
    let mut prev = gatehouse_core::GENESIS_HASH.to_string();
    for (seq, action) in (1..).zip(["vault.create", "model.grant", "model.assign"]) {
        let draft = EventDraft {
            at: as_of() - chrono::Duration::days(10 - seq as i64),
            actor: "José".into(),
            action: action.into(),
            summary: format!("{action} by José"),
            before: None,
            after: Some(serde_json::json!({ "n": seq })),
        };
        let event = AuditEvent::link(draft, seq, &prev);
        prev = event.hash.clone();
        events.push(event);
    }
    let provenance = gatehouse_export::Provenance {
        app_version: "0.1.0".into(),
        schema_version: 1,
        model_hash: model.fingerprint(),
        chain_head: prev,
        event_count: events.len() as u64,
        produced_by: "José".into(),
        organization: "Exämple GmbH".into(),
        scope: "whole model".into(),
    };
    gatehouse_export::Snapshot::new(
        model,
        events,
        as_of(),
        gatehouse_export::Section::ALL.to_vec(),
        provenance,
    )
}
