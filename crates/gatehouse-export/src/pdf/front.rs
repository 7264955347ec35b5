//! The binder's front and back: cover, production page, contents, signature page.

use super::{BinderOptions, Entry};
use crate::layout::{Flow, Fonts, Item, PageSize, Style, Table};
use crate::snapshot::{SectionChoice, Snapshot};

const BODY: f32 = 10.0;

pub(super) fn cover(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model.meta;
    let p = &s.provenance;
    flow.space(160.0);
    flow.paragraph("Access-governance audit binder", 14.0, Style::Regular);
    flow.space(8.0);
    flow.heading(&m.name, 26.0);
    if !m.description.is_empty() {
        flow.paragraph(&m.description, 11.0, Style::Regular);
    }
    flow.space(30.0);
    flow.rule();
    let mut t = Table::auto(&[], 9.5);
    t.row(vec![
        "As of".into(),
        s.as_of.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    ]);
    t.row(vec!["Organisation".into(), p.organization.clone()]);
    t.row(vec!["Model version".into(), model_version(s)]);
    t.row(vec!["Gatehouse".into(), p.app_version.clone()]);
    t.row(vec![
        "Model snapshot hash (SHA-256)".into(),
        p.model_hash.clone(),
    ]);
    t.row(vec!["Audit-chain head".into(), p.chain_head.clone()]);
    flow.table(&t);
}

/// The model's version as the binder gives it: the named version it is (or the newest it
/// changed from), the length of its audit chain and the template it started from, if any.
fn model_version(s: &Snapshot) -> String {
    let mut text = format!("revision {} of the audit chain", s.provenance.event_count);
    if let Some(v) = &s.versions {
        if let Some(named) = v.named(&s.provenance.model_hash) {
            text = format!("version \"{}\", {text}", named.name);
        } else if let Some(newest) = v.list.last() {
            text = format!("{text}, changed since version \"{}\"", newest.name);
        }
    }
    match &s.model.meta.template {
        Some(t) => format!("{text} (from template {t})"),
        None => text,
    }
}

pub(super) fn production(flow: &mut Flow, s: &Snapshot) {
    let p = &s.provenance;
    flow.heading("How this binder was produced", 16.0);
    flow.paragraph(
        "These facts let an auditor judge the binder's completeness and accuracy: what was \
         exported, from which state of the model, by which program, and what was left out.",
        BODY,
        Style::Regular,
    );
    flow.space(6.0);
    let mut t = Table::auto(&["Fact", "Value"], 9.0);
    t.row(vec!["Scope and filters".into(), p.scope.clone()]);
    t.row(vec!["As of".into(), s.as_of.to_rfc3339()]);
    t.row(vec!["Produced by".into(), p.produced_by.clone()]);
    t.row(vec!["Organisation".into(), p.organization.clone()]);
    t.row(vec!["Gatehouse version".into(), p.app_version.clone()]);
    t.row(vec![
        "Vault schema version".into(),
        p.schema_version.to_string(),
    ]);
    t.row(vec![
        "Model snapshot hash (SHA-256)".into(),
        p.model_hash.clone(),
    ]);
    t.row(vec!["Audit-chain head".into(), p.chain_head.clone()]);
    t.row(vec!["Audit-chain events".into(), p.event_count.to_string()]);
    if let Some(v) = &s.versions {
        t.row(vec!["Changes counted since".into(), v.basis()]);
    }
    flow.table(&t);

    flow.heading("Sections", 12.0);
    let mut t = Table::auto(&["Section", "Rows", "In this binder"], 9.5);
    for choice in s.choices() {
        match choice {
            SectionChoice::Included { section, rows } => {
                t.row(vec![
                    section.title().into(),
                    rows.to_string(),
                    "included".into(),
                ]);
            }
            SectionChoice::LeftOut { section, reason } => {
                t.row(vec![
                    section.title().into(),
                    "–".into(),
                    format!("left out: {reason}"),
                ]);
            }
        }
    }
    flow.table(&t);
    flow.paragraph(
        "Rows: roles, grants (matrix), ownerships and assets, assignments, rules, exceptions, \
         risk tiers, gates, escalation paths, findings on the as-of date, pinned simulation \
         results, named versions and audit events.",
        8.5,
        Style::Regular,
    );
}

/// The contents page's items: each section with its page number (1-based), set on the
/// page kept free for it once the body's pages are known.
pub(super) fn contents(fonts: &Fonts, entries: &[Entry]) -> Vec<Item> {
    let mut flow = Flow::new(fonts);
    flow.new_page(PageSize::A4_PORTRAIT);
    flow.heading("Contents", 16.0);
    for entry in entries {
        let top = flow.cursor();
        flow.right_aligned(&(entry.page + 1).to_string(), 11.0, Style::Regular, top);
        flow.paragraph(&entry.title, 11.0, Style::Regular);
        flow.space(3.0);
    }
    flow.pages.pop().map(|p| p.items).unwrap_or_default()
}

pub(super) fn signature(flow: &mut Flow, s: &Snapshot, options: &BinderOptions) {
    flow.heading("Signature", 16.0);
    flow.paragraph(
        "This binder carries an embedded PDF signature (CMS, adbe.pkcs7.detached, SHA-256) \
         over the whole file except the signature itself, added in an incremental update \
         after this page was written. Any change to the file after signing makes the \
         signature invalid.",
        BODY,
        Style::Regular,
    );
    flow.space(6.0);
    let signer = options
        .signer
        .clone()
        .unwrap_or_else(|| "signed by the certificate in signer-cert.pem".into());
    flow.paragraph(&format!("Signer: {signer}."), BODY, Style::Regular);
    flow.space(6.0);
    flow.paragraph(
        "To check it: `pdfsig binder.pdf` reports \"Signature is Valid\". A self-signed \
         certificate shows as \"Certificate issuer is unknown\" until you trust the \
         certificate in signer-cert.pem; compare its fingerprint with the one the \
         organisation gave you (see VERIFY.txt in the package).",
        BODY,
        Style::Regular,
    );
    flow.space(6.0);
    flow.paragraph(
        &format!(
            "Signing time: {} (the as-of time). Model snapshot hash: {}.",
            s.as_of.to_rfc3339(),
            s.provenance.model_hash
        ),
        BODY,
        Style::Regular,
    );
}
