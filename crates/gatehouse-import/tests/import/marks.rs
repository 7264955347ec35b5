//! Every mark form of the vocabulary, read from a real generated workbook.

use gatehouse_core::Effect;
use gatehouse_import::marks::raci_letters;

use crate::{assert_no_warnings, assert_warns, bytes_preview, has_warning, warnings_text};

/// A matrix with one capability per mark form, for role "Maker".
fn matrix_of(marks: &[&str]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("M").unwrap();
    ws.write_row(0, 0, ["Capability", "Maker"]).unwrap();
    ws.write(0, 2, "Checker").unwrap();
    for (i, m) in marks.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write(r, 0, format!("cap {i}")).unwrap();
        ws.write(r, 1, *m).unwrap();
        ws.write(r, 2, "x").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn effects(marks: &[&str]) -> (Vec<Option<Effect>>, gatehouse_import::Preview) {
    let p = bytes_preview("marks.xlsx", matrix_of(marks)).unwrap();
    let effects = (0..marks.len())
        .map(|i| {
            p.grants
                .iter()
                .find(|g| g.role == "Maker" && g.capability == format!("cap {i}"))
                .map(|g| g.effect)
        })
        .collect();
    (effects, p)
}

#[test]
fn every_allow_mark_grants() {
    let marks = [
        "x", "X", "✓", "✔", "●", "yes", "y", "ja", "oui", "sí", "1", "true", " Yes ",
    ];
    let (effects, _) = effects(&marks);
    for (m, e) in marks.iter().zip(effects) {
        assert_eq!(e, Some(Effect::Allow), "mark {m:?}");
    }
}

#[test]
fn approval_words_grant_with_approval() {
    let marks = ["with approval", "Approval", "WITH  APPROVAL"];
    let (effects, _) = effects(&marks);
    assert!(
        effects.iter().all(|e| *e == Some(Effect::Approval)),
        "{effects:?}"
    );
}

#[test]
fn no_marks_grant_nothing_and_warn_about_nothing() {
    let marks = ["n", "no", "nein", "non", "0", "-", "NO"];
    let (effects, p) = effects(&marks);
    assert!(effects.iter().all(Option::is_none), "{effects:?}");
    assert_no_warnings(&p);
}

#[test]
fn unknown_tokens_are_warnings_at_their_cell() {
    let (effects, p) = effects(&["x", "maybe", "A"]);
    assert_eq!(effects, vec![Some(Effect::Allow), None, None]);
    assert_warns(&p, "M!B3", "unknown mark \"maybe\"");
    assert!(
        has_warning(&p, "M!B4", "unknown mark \"A\""),
        "A means approval only where a legend says so"
    );
}

#[test]
fn a_legend_block_in_the_same_sheet_defines_a() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("M").unwrap();
    ws.write_row(0, 0, ["Capability", "Maker"]).unwrap();
    ws.write(0, 2, "Checker").unwrap();
    ws.write(1, 0, "Deploy").unwrap();
    ws.write(1, 1, "A").unwrap();
    ws.write(1, 2, "x").unwrap();
    ws.write(4, 0, "A = needs approval by the CAB").unwrap();
    let p = bytes_preview("legend.xlsx", wb.save_to_buffer().unwrap()).unwrap();
    let g = p.grants.iter().find(|g| g.role == "Maker").unwrap();
    assert_eq!(g.effect, Effect::Approval);
}

#[test]
fn raci_letters_in_all_written_forms() {
    for (text, want) in [
        ("R", Some("R")),
        ("A/R", Some("AR")),
        ("R / A", Some("AR")),
        ("(R)", Some("R")),
        ("R (A)", Some("AR")),
        (" c ", Some("C")),
        ("R, C, I", Some("CIR")),
        ("x", None),
        ("Role", None),
        ("", None),
    ] {
        assert_eq!(raci_letters(text).as_deref(), want, "{text:?}");
    }
}

#[test]
fn deny_words_and_a_deny_legend_make_explicit_denies() {
    let (effects, _) = effects(&["deny", "Denied", "forbidden"]);
    assert!(
        effects.iter().all(|e| *e == Some(Effect::Deny)),
        "{effects:?}"
    );
    let p = bytes_preview(
        "access.csv",
        b"Capability,Admin,Guest\nRead,x,D\nWrite,x,D\n\nLegend\nx,Allowed\nD,Explicitly denied\n"
            .to_vec(),
    )
    .unwrap();
    let guest: Vec<Effect> = p
        .grants
        .iter()
        .filter(|g| g.role == "Guest")
        .map(|g| g.effect)
        .collect();
    assert_eq!(guest, [Effect::Deny, Effect::Deny], "{}", warnings_text(&p));
}
