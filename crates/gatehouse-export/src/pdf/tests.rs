//! The binder's history sections read back with pdftotext: pinned results with their
//! numbers and chart, named versions and the changes since one.

use std::process::Command;

use super::*;
use crate::fixture;
use crate::history::PinnedResult;
use crate::layout::Item;

/// The PDF's text (pdftotext, reading order), whitespace collapsed so wrapped lines join.
fn text_of(bytes: &[u8], layout: bool) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("binder.pdf");
    fs_err::write(&file, bytes).expect("write the binder");
    if let Ok(keep) = std::env::var("GATEHOUSE_KEEP_PDF") {
        let _ = fs_err::write(std::path::Path::new(&keep).join("history.pdf"), bytes);
    }
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    if layout {
        text
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[test]
fn pinned_results_show_their_summary_verdict_and_percentiles() {
    let s = fixture::history_snapshot();
    let bytes = binder(&s).expect("binder");
    let text = text_of(&bytes, false);
    assert!(text.contains("Simulation results"), "the section is there");
    for pin in &s.model.pinned_simulations {
        assert!(text.contains(&pin.name), "{} is listed", pin.name);
    }
    let request = &s.model.pinned_simulations[2];
    assert!(
        text.contains(&request.summary),
        "the request's verdict sentence: {}",
        request.summary
    );
    assert!(
        text.contains("changed since: re-run the simulation"),
        "the deck's pin is of an older model and says so"
    );
    let PinnedResult::MonteCarlo(mc) = PinnedResult::read(&s.model.pinned_simulations[1]) else {
        panic!("the second pin is a Monte Carlo run");
    };
    for g in &mc.gates {
        for p in [g.hours.p50, g.hours.p90, g.hours.p99] {
            let n = format!("{p:.2}");
            assert!(
                text.contains(&n),
                "{}'s percentile {n} is in the binder",
                g.name
            );
        }
    }
    let overall = mc.overall.as_ref().expect("requests got through");
    assert!(text.contains(&format!("{:.2}", overall.p90)), "overall p90");
    let PinnedResult::Deck(deck) = PinnedResult::read(&s.model.pinned_simulations[0]) else {
        panic!("the first pin is a deck");
    };
    for e in deck.timeline.iter().take(3) {
        let start: String = e
            .text
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(&start), "the deck's timeline: {start}");
    }
}

#[test]
fn the_production_page_counts_the_pins_and_the_versions() {
    let s = fixture::history_snapshot();
    let pages = layout(&s, &BinderOptions::default());
    let production: Vec<&str> = pages[1].texts().collect();
    let at = production
        .iter()
        .position(|t| *t == "Simulation results")
        .expect("the production page lists the section");
    assert_eq!(production[at + 1], "3", "three pinned results");
    let at = production
        .iter()
        .position(|t| *t == "Versions")
        .expect("and the versions");
    assert_eq!(production[at + 1], "2", "two named versions");
    let at = production
        .iter()
        .position(|t| *t == "Changes counted since")
        .expect("the page says which version the changes count from");
    assert!(production[at + 1].starts_with("version \"v1.1\", the newest"));
}

#[test]
fn the_monte_carlo_chart_is_drawn_inside_the_page() {
    let s = fixture::history_snapshot();
    let pages = layout(&s, &BinderOptions::default());
    let page = pages
        .iter()
        .find(|p| p.texts().any(|t| t == "p99") && p.texts().any(|t| t == "p50"))
        .expect("a page carries the chart's legend");
    let bars: Vec<_> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Shade {
                x,
                y,
                width,
                height,
                ..
            } => Some((*x, *y, *width, *height)),
            _ => None,
        })
        .collect();
    assert!(bars.len() >= 3, "the chart's bars are drawn: {bars:?}");
    for (x, y, w, h) in bars {
        assert!(
            x >= crate::layout::page::MARGIN - 0.01
                && x + w <= page.size.width - crate::layout::page::MARGIN + 0.01
                && y >= 0.0
                && y + h <= page.size.height - crate::layout::page::MARGIN,
            "a box at ({x}, {y}) {w}×{h} stays inside the margins"
        );
    }
}

#[test]
fn versions_and_the_changes_since_the_newest_are_listed() {
    let s = fixture::history_snapshot();
    let text = text_of(&binder(&s).expect("binder"), false);
    for v in ["v1.0", "v1.1", "note of v1.0", "the CAB"] {
        assert!(text.contains(v), "{v} in the versions list");
    }
    assert!(
        text.contains("Changes since version \"v1.1\""),
        "the changes are counted from the newest version"
    );
    assert!(
        text.contains("the newest named version (no earlier audit package names a version)"),
        "and the binder says which version that is"
    );
    assert!(text.contains("Renamed role"), "the renamed role's old name");
    assert!(
        text.contains("changed since version \"v1.1\""),
        "the cover's model version"
    );
}

#[test]
fn a_model_without_pins_or_versions_says_so() {
    let s = fixture::snapshot().with_versions(crate::history::Versions::default());
    let text = text_of(&binder(&s).expect("binder"), false);
    assert!(text.contains("The model has no pinned simulation results"));
    assert!(text.contains("No version of the model has been named yet"));
}

#[test]
fn two_history_binders_are_byte_identical() {
    let a = binder(&fixture::history_snapshot()).expect("binder");
    let b = binder(&fixture::history_snapshot()).expect("binder");
    assert!(a == b, "same snapshot, same bytes");
}

#[test]
fn a_long_list_of_changes_is_cut_in_the_binder_saying_where_it_is_whole() {
    let mut s = fixture::history_snapshot();
    let everything = gatehouse_core::diff(&gatehouse_core::Model::default(), &s.model);
    if let Some(c) = s.versions.as_mut().and_then(|v| v.changes.as_mut()) {
        c.diff = everything;
    }
    let pages = layout(&s, &BinderOptions::default());
    let texts: Vec<&str> = pages.iter().flat_map(|p| p.texts()).collect();
    let caption = texts
        .iter()
        .find(|t| t.starts_with("The first 400 of "))
        .expect("the table says it lists the first 400 field changes");
    assert!(
        caption.contains("\"Changes since version\" lists all"),
        "and where the rest is: {caption}"
    );
}

#[test]
fn the_change_log_lists_each_change_with_its_sign_offs_and_time_to_approval() {
    let snap = crate::fixture::snapshot_of(crate::fixture::model_with_a_change());
    let text = text_of(&binder(&snap).unwrap(), false);
    let from = text
        .find("Change log 2 change request(s)")
        .expect("the change log section");
    let section = &text[from..];
    for fact in [
        "1 promoted",
        "chg-1 Receipt upload field",
        "approved by 王芳 2026-03-02 10:30 UTC",
        "Checked in test",
        "Eva Novák",
        "01:30:00",
        "02:00:00",
        "cr-0001",
    ] {
        assert!(
            section.contains(fact),
            "{fact:?} in the change log: {section:.1500}"
        );
    }
}

#[test]
fn escalation_paths_show_each_steps_target_and_coverage_on_the_as_of_date() {
    let mut m = fixture::model();
    // The security step of the incident path: its holders' assignments ended in 2025.
    let path = m.escalation_paths[0].clone();
    let role = path.steps[1].role.clone();
    for a in m.assignments.iter_mut().filter(|a| a.role == role) {
        a.valid_until = chrono::NaiveDate::from_ymd_opt(2025, 12, 31);
    }
    let s = fixture::snapshot_of(m);
    let at = s.as_of.date_naive();
    let coverage = gatehouse_core::escalation::coverage(&s.model, at);
    let step = &coverage[0].steps[1];
    assert_eq!(step.status, gatehouse_core::escalation::StepStatus::Expired);
    let text = text_of(&binder(&s).expect("binder"), false);
    assert!(
        text.contains(&format!(
            "{} ({}, {}): 1 of {} steps uncovered on 2026-03-01",
            path.name,
            path.id,
            path.kind,
            path.steps.len()
        )),
        "the path's heading says how many steps are uncovered"
    );
    assert!(
        text.contains(&format!(
            "nobody: every assignment to {} has ended, the last on 2025-12-31",
            step.role_name
        )),
        "the uncovered step says why"
    );
    assert!(
        text.contains(&coverage[0].steps[0].response),
        "the target in business hours"
    );
}

/// Whether the words of `phrase` occur in `text` in order: a table cell's text, which
/// wraps over lines that pdftotext interleaves with the neighbouring cells'.
fn reads_in_order(text: &str, phrase: &str) -> bool {
    let mut words = text.split_whitespace();
    phrase
        .split_whitespace()
        .all(|w| words.by_ref().any(|t| t == w))
}

#[test]
fn the_dashboard_page_lists_each_figure_with_its_meaning() {
    let s = crate::xlsx::tests::with_drift_check();
    let text = text_of(&binder(&s).expect("binder"), false);
    let page = &text[text.find("Policy adherence").expect("the dashboard page")..];
    for f in crate::dashboard::figures(&s) {
        assert!(page.contains(f.name), "{} is on the page", f.name);
        let row = &page[page.find(f.name).unwrap()..];
        assert!(
            reads_in_order(row, &f.value),
            "{}: {} is shown",
            f.name,
            f.value
        );
        assert!(
            reads_in_order(row, f.meaning),
            "{}: its meaning is shown",
            f.name
        );
    }
    assert!(reads_in_order(
        page,
        "Drift at last check 2 unauthorised, 1 missing, 0 expired still present, 3 unmatched (users.csv, checked 2026-02-20)"
    ));
    assert!(reads_in_order(
        page,
        "Unauthorised deployments avoided 0 in change requests (0 rejected, 0 promotions refused), 0 in 0 pinned decks; 0 near-misses"
    ));
    assert!(
        !reads_in_order(page, "Drift at last check 3 unauthorised"),
        "the check is not loose"
    );
}

#[test]
fn a_closed_review_campaign_is_kept_with_its_items_and_what_closing_did() {
    let m = fixture::model_with_a_closed_review();
    let reviewer = fixture::reviewer_of_the_closed_review(&m);
    let s = fixture::snapshot_of(m);
    let text = text_of(&binder(&s).expect("binder"), false);
    let from = text.find("Access reviews").expect("the section");
    let section = &text[from..];
    for fact in [
        "Q1 access review (q1): closed, 1 of 1 decided, due 2026-02-15, recurring every 90 days",
        "Closed 2026-02-10 09:00 UTC by",
        "1 revoked, 0 given a new end date, 0 kept, 0 left undecided",
        "revoke",
        "left the team",
    ] {
        assert!(section.contains(fact), "{fact:?} in {section:.1200}");
    }
    assert!(section.contains(&reviewer.name));
}

#[test]
fn the_dashboard_page_charts_the_open_findings_at_each_version_and_as_exported() {
    let s = crate::xlsx::tests::with_findings_over_time();
    let text = text_of(&binder(&s).expect("binder"), false);
    let from = text.find("Open findings over time").expect("the part");
    let part = &text[from..];
    let now = gatehouse_core::metrics::metrics(&s.model, s.as_of_date()).open_findings;
    for fact in [
        "v1.0 (2026-02-09)".to_string(),
        "v1.1 (2026-02-19)".to_string(),
        "as exported (2026-03-01)".to_string(),
        "bars low, medium, high, critical".to_string(),
        "v1.0 2026-02-09 2 1 0 3 6".to_string(),
        "v1.1 2026-02-19 0 4 1 0 5".to_string(),
        format!(
            "as exported 2026-03-01 {} {} {} {} {}",
            now.critical,
            now.high,
            now.medium,
            now.low,
            now.total()
        ),
    ] {
        assert!(part.contains(&fact), "{fact:?} in {part:.1500}");
    }
    assert!(
        !part.contains("v2.0"),
        "a version named after the as-of date is not shown"
    );
}

#[test]
fn without_named_versions_the_dashboard_page_says_it_shows_the_model_as_exported_only() {
    let s = fixture::snapshot();
    let text = text_of(&binder(&s).expect("binder"), false);
    assert!(text.contains(
        "This package was made without the vault's named versions, so only the model as exported is shown."
    ));
}
