//! The named versions of the model, then the changes since one of them (the version the
//! previous package was exported at, else the newest), each field before and after.

use gatehouse_core::ChangeKind;

use crate::history::{clip, field_changes, Changes};
use crate::layout::{Flow, Style, Table};
use crate::snapshot::Snapshot;

const SIZE: f32 = 8.0;
/// Field changes the binder lists; the workbook lists them all.
pub const CHANGE_ROWS: usize = 400;
/// Characters of a value the binder shows (a pinned result's JSON is long).
const VALUE_CHARS: usize = 240;

pub(super) fn versions(flow: &mut Flow, s: &Snapshot) {
    let Some(v) = &s.versions else {
        return;
    };
    if v.list.is_empty() {
        flow.paragraph(
            "No version of the model has been named yet (name one with `gatehouse version \
             add VAULT NAME`); there is no version to count changes from.",
            10.0,
            Style::Regular,
        );
        return;
    }
    let exported = match v.named(&s.provenance.model_hash) {
        Some(n) => format!("The model as exported is the version \"{}\".", n.name),
        None => "The model as exported is not a named version.".into(),
    };
    flow.paragraph(
        &format!(
            "{} named versions, oldest first. {exported} Model SHA-256 is the fingerprint of \
             the version's canonical model (data/model.json of a package of it).",
            v.list.len()
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    let mut t = Table::auto(
        &[
            "Version",
            "Named",
            "By",
            "Approved by",
            "Note",
            "Model SHA-256",
        ],
        SIZE,
    );
    for n in &v.list {
        t.row(vec![
            n.name.clone(),
            n.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            n.actor.clone(),
            n.approved_by.clone().unwrap_or_default(),
            n.note.clone(),
            n.model_sha256.clone(),
        ]);
    }
    flow.table(&t);
    if let Some(c) = &v.changes {
        changes(flow, c);
    }
}

fn changes(flow: &mut Flow, c: &Changes) {
    flow.heading(&format!("Changes since version \"{}\"", c.since), 12.0);
    let d = &c.diff;
    let count = |k| d.entities.iter().filter(|e| e.change == k).count();
    flow.paragraph(
        &format!(
            "Counted from \"{}\": {}. {} entities differ from it in the model as exported: {} \
             added, {} removed, {} changed{}.",
            c.since,
            c.basis.describe(),
            d.entities.len(),
            count(ChangeKind::Added),
            count(ChangeKind::Removed),
            count(ChangeKind::Changed),
            if d.meta.is_some() {
                "; the model's name or description changed too"
            } else {
                ""
            }
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    if d.is_empty() {
        flow.paragraph("Nothing changed since that version.", 9.0, Style::Regular);
        return;
    }
    let mut t = Table::new(
        &[1.3, 1.6, 0.9, 1.2, 2.6, 2.6],
        flow.content_width(),
        &["Kind", "Key", "Change", "Field", "Before", "After"],
        SIZE,
    );
    let mut total = 0usize;
    if let Some((before, after)) = &d.meta {
        let template = |m: &gatehouse_core::ModelMeta| m.template.clone().unwrap_or_default();
        for (field, b, a) in [
            ("name", before.name.clone(), after.name.clone()),
            (
                "description",
                before.description.clone(),
                after.description.clone(),
            ),
            ("template", template(before), template(after)),
        ] {
            if b != a {
                total += 1;
                t.row(vec![
                    "model".into(),
                    String::new(),
                    "changed".into(),
                    field.into(),
                    b,
                    a,
                ]);
            }
        }
    }
    for e in &d.entities {
        let fields = field_changes(e.change, e.before.as_ref(), e.after.as_ref());
        for (i, f) in fields.into_iter().enumerate() {
            total += 1;
            if t.rows.len() >= CHANGE_ROWS {
                continue;
            }
            let first = i == 0;
            t.row(vec![
                if first {
                    e.kind.to_string().replace('_', " ")
                } else {
                    String::new()
                },
                if first { e.key.clone() } else { String::new() },
                if first {
                    e.change.to_string()
                } else {
                    String::new()
                },
                f.field,
                clip(&f.before, VALUE_CHARS),
                clip(&f.after, VALUE_CHARS),
            ]);
        }
    }
    if total > t.rows.len() {
        t.caption = Some(format!(
            "The first {} of {total} field changes (the workbook's sheet \"Changes since version\" lists all)",
            t.rows.len()
        ));
    }
    flow.table(&t);
}
