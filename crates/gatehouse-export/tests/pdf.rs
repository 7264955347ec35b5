//! binder.pdf read back by the real tools: qpdf checks it, pdftotext extracts it, pdffonts
//! lists its fonts.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use gatehouse_core::{AuditEvent, Model};
use gatehouse_export::{binder, Provenance, Section, Snapshot};

/// The generic no-code template (a real model of the repository) with people, a role and
/// an exception added whose names test the font and the escaping.
fn model() -> Model {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/generic-nocode/model.json");
    let text = fs_err::read_to_string(path).expect("the template is in the repository");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("the template is JSON");
    let people = json["people"].as_array_mut().expect("people");
    for (id, name) in [
        ("juergen", "Jürgen Müller"),
        ("lukasz", "Łukasz Wiśniewski"),
        ("elodie", "Élodie Dubois"),
        ("zhang", "张伟"),
        ("sara", "سارة علي"),
    ] {
        people.push(serde_json::json!({"id": id, "name": name, "kind": "business"}));
    }
    json["roles"]
        .as_array_mut()
        .expect("roles")
        .push(serde_json::json!({
            "id": "formula", "name": "=HYPERLINK(\"http://x\",\"y\")", "kind": "reviewer",
            "description": "A role whose name a spreadsheet would run as a formula."
        }));
    let assignments = json["assignments"].as_array_mut().expect("assignments");
    for (i, (person, until)) in [
        ("juergen", Some("2026-12-20")),
        ("lukasz", Some("2026-11-01")),
        ("elodie", None),
        ("zhang", None),
        ("sara", None),
    ]
    .into_iter()
    .enumerate()
    {
        assignments.push(serde_json::json!({
            "id": format!("asg-x{i}"), "person": person, "role": "formula",
            "valid_until": until, "justification": "Temporary cover."
        }));
    }
    json["exceptions"] = serde_json::json!([{
        "id": "exc-1", "waives": {"kind": "sod_rule", "id": "sod-request-approve"},
        "person": "zhang", "justification": "Only approver during the year-end freeze.",
        "approver": "grace-kim", "start": "2026-11-15", "end": "2027-01-15"
    }]);
    serde_json::from_value(json).expect("the extended template is a model")
}

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0)
        .single()
        .expect("a valid time")
}

fn events() -> Vec<AuditEvent> {
    (1..=3)
        .map(|seq| AuditEvent {
            seq,
            at: Utc
                .with_ymd_and_hms(2026, 11, seq as u32, 9, 0, 0)
                .single()
                .expect("time"),
            actor: "grace-kim".into(),
            action: if seq == 1 {
                "model.create"
            } else {
                "model.edit"
            }
            .into(),
            summary: format!("event {seq}"),
            before: None,
            after: None,
            prev_hash: format!("{:064x}", seq - 1),
            hash: format!("{seq:064x}"),
        })
        .collect()
}

fn snapshot_of(model: Model) -> Snapshot {
    snapshot_with(model, Section::ALL.to_vec())
}

fn snapshot_with(model: Model, sections: Vec<Section>) -> Snapshot {
    let events = events();
    let provenance = Provenance {
        app_version: "0.1.0".into(),
        schema_version: 7,
        model_hash: model.fingerprint(),
        chain_head: events.last().map(|e| e.hash.clone()).unwrap_or_default(),
        event_count: events.len() as u64,
        produced_by: "grace-kim".into(),
        organization: "Example Org".into(),
        scope: "whole model".into(),
    };
    Snapshot::new(model, events, as_of(), sections, provenance)
}

fn snapshot() -> Snapshot {
    snapshot_of(model())
}

/// Writes a binder into the test's temp dir; with `GATEHOUSE_KEEP_PDF=DIR` also into DIR
/// (named after the test), to look at its pages (`pdftoppm -r 50 -png`).
fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    fs_err::write(&path, bytes).expect("write the binder");
    if let Ok(keep) = std::env::var("GATEHOUSE_KEEP_PDF") {
        let test = std::thread::current()
            .name()
            .unwrap_or("binder")
            .replace("::", "-");
        fs_err::write(Path::new(&keep).join(format!("{test}.pdf")), bytes).expect("keep a copy");
    }
    path
}

fn run(cmd: &str, args: &[&str], file: &Path) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is installed (scripts/install-deps.sh): {e}"));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// The text of the whole PDF, or of one page (1-based).
fn pdftotext(file: &Path, page: Option<usize>) -> String {
    let mut args = vec!["-layout".to_string()];
    if let Some(p) = page {
        args.extend(["-f".into(), p.to_string(), "-l".into(), p.to_string()]);
    }
    let mut cmd = Command::new("pdftotext");
    cmd.args(&args).arg(file).arg("-");
    let out = cmd
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

fn pages(file: &Path) -> usize {
    let (ok, info) = run("pdfinfo", &[], file);
    assert!(ok, "{info}");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

#[test]
fn the_binder_passes_qpdf_check_and_embeds_its_fonts_subset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = binder(&snapshot()).expect("binder");
    let file = write(dir.path(), "binder.pdf", &bytes);
    let (ok, out) = run("qpdf", &["--check"], &file);
    assert!(
        ok && out.contains("No syntax or stream encoding errors"),
        "qpdf --check: {out}"
    );
    let (ok, fonts) = run("pdffonts", &[], &file);
    assert!(ok, "{fonts}");
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        embedded.len() >= 2,
        "regular, bold and the CJK fallback are used: {fonts}"
    );
    for line in &embedded {
        assert!(line.contains("CID TrueType"), "a TrueType font: {line}");
        let flags: Vec<&str> = line.split_whitespace().skip(4).take(3).collect();
        assert_eq!(
            flags,
            ["yes", "yes", "yes"],
            "embedded, subset, with a ToUnicode map: {line}"
        );
    }
    // The three shipped fonts weigh 4.9 MB; subset to the glyphs used they are small.
    assert!(
        bytes.len() < 400_000,
        "fonts are subset: the binder is {} bytes",
        bytes.len()
    );
}

#[test]
fn names_in_every_script_and_a_formula_like_role_arrive_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "binder.pdf",
        &binder(&snapshot()).expect("binder"),
    );
    // In content order, with the lines of a wrapped cell joined (names wrap in narrow
    // cells), and as laid out on the page (where pdftotext orders right-to-left words).
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let raw = String::from_utf8(out.stdout).expect("UTF-8");
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let layout = pdftotext(&file, None);
    for name in [
        "Citizen Developer",
        "IT Administrator",
        "Jürgen Müller",
        "Łukasz Wiśniewski",
        "Élodie Dubois",
        "张伟",
        "سارة علي",
        "=HYPERLINK(\"http://x\",\"y\")",
    ] {
        assert!(
            raw.contains(name) || layout.contains(name),
            "{name:?} is in the binder's text"
        );
    }
}

#[test]
fn the_matrix_shows_each_grant_in_its_role_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let snapshot = snapshot();
    let file = write(
        dir.path(),
        "binder.pdf",
        &binder(&snapshot).expect("binder"),
    );
    let text = pdftotext(&file, None);
    // Citizen developers may create apps in their sandbox: column 1 of the first block.
    let row = text
        .lines()
        .find(|l| l.contains("Citizen Developer (citizen-developer)"))
        .expect("the role's row");
    assert!(
        row.contains("A:san"),
        "the cell for create-app in the sandbox: {row}"
    );
    assert!(
        text.contains("columns 1–15 of 15"),
        "the one block says what it holds"
    );
}

#[test]
fn the_production_page_says_what_was_left_out_and_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = snapshot();
    let file = write(dir.path(), "binder.pdf", &binder(&s).expect("binder"));
    let production = pdftotext(&file, Some(2));
    for fact in [
        s.provenance.model_hash.as_str(),
        s.provenance.chain_head.as_str(),
        "whole model",
    ] {
        assert!(production.contains(fact), "{fact} on the production page");
    }
    for section in Section::ALL {
        if let Some(reason) = section.not_built() {
            let start = &reason[..30];
            assert!(
                production.contains(start),
                "{section:?} left out with why: {production}"
            );
        }
    }
}

#[test]
fn the_contents_gives_the_page_each_section_starts_on_and_every_page_has_its_footer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = snapshot();
    let file = write(dir.path(), "binder.pdf", &binder(&s).expect("binder"));
    let total = pages(&file);
    let contents = pdftotext(&file, Some(3));
    let mut checked = 0;
    for title in [
        "Role catalogue",
        "Permission matrix",
        "Findings",
        "Audit log",
        "Signature",
    ] {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(title))
            .expect(title);
        let page: usize = line
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .expect("a page number");
        let text = pdftotext(&file, Some(page));
        assert!(
            text.lines().any(|l| l.trim() == title),
            "{title} begins on page {page} as the contents says: {text}"
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
    for page in [1, total / 2, total] {
        let text = pdftotext(&file, Some(page));
        assert!(
            text.contains(&format!("page {page} of {total}")),
            "footer on page {page}"
        );
        assert!(
            text.contains(&s.provenance.model_hash),
            "model hash on page {page}"
        );
    }
    let signature = pdftotext(&file, Some(total));
    assert!(signature.contains("signed by the certificate in signer-cert.pem"));
}

#[test]
fn two_binders_of_one_snapshot_in_one_process_are_byte_identical() {
    let s = snapshot();
    let a = binder(&s).expect("binder");
    let b = binder(&s).expect("binder");
    assert!(a == b, "same snapshot, same bytes");
    let mut other = model();
    other.meta.name = "Another model".into();
    let c = binder(&snapshot_of(other)).expect("binder");
    assert!(a != c, "a different model gives a different binder");
}

/// Set by [`two_processes_give_byte_identical_binders`] for the child process it starts.
const CHILD_OUT: &str = "GATEHOUSE_TEST_BINDER_OUT";

#[test]
fn write_the_binder_for_the_parent_process() {
    let bytes = binder(&snapshot()).expect("binder");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    if let Ok(path) = std::env::var(CHILD_OUT) {
        fs_err::write(path, &bytes).expect("write for the parent");
    }
}

#[test]
fn two_processes_give_byte_identical_binders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("child.pdf");
    let status = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            "write_the_binder_for_the_parent_process",
            "--test-threads",
            "1",
        ])
        .env(CHILD_OUT, &path)
        .status()
        .expect("start the child process");
    assert!(status.success());
    let child = fs_err::read(&path).expect("the child wrote its binder");
    // This process has made other documents before (printpdf's counter has moved on).
    let _ = binder(&snapshot()).expect("binder");
    let mine = binder(&snapshot()).expect("binder");
    assert!(
        child == mine,
        "the binder does not depend on the process that made it"
    );
}

/// 200 roles by 300 capabilities; role i is allowed capability j when (i + 2j) % 7 == 0.
fn wide_model() -> Model {
    let roles: Vec<_> = (1..=200)
        .map(|i| serde_json::json!({"id": format!("role-{i:03}"), "name": format!("Role {i:03}"), "kind": "approver"}))
        .collect();
    let caps: Vec<_> = (1..=300)
        .map(|j| serde_json::json!({"id": format!("cap-{j:03}"), "name": format!("Capability {j:03}"), "action": "view"}))
        .collect();
    let mut grants = Vec::new();
    for i in 1..=200 {
        for j in 1..=300 {
            if (i + 2 * j) % 7 == 0 {
                grants.push(serde_json::json!({"role": format!("role-{i:03}"), "capability": format!("cap-{j:03}"), "effect": "allow"}));
            }
        }
    }
    serde_json::from_value(serde_json::json!({
        "meta": {"name": "Wide matrix"}, "roles": roles, "capabilities": caps, "grants": grants
    }))
    .expect("a model")
}

#[test]
fn a_200_by_300_matrix_splits_across_pages_and_loses_no_row_column_or_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = wide_model();
    let grants = model.grants.len();
    let file = write(
        dir.path(),
        "binder.pdf",
        &binder(&snapshot_with(model, vec![Section::Matrix])).expect("binder"),
    );
    let (ok, out) = run("qpdf", &["--check"], &file);
    assert!(ok, "{out}");
    let text = pdftotext(&file, None);

    // The blocks' captions cover columns 1 to 300, each once, in order.
    let mut covered = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.contains("Key to Permission matrix, columns"))
    {
        let range = line.split("columns ").nth(1).expect("a range");
        let (from, rest) = range.split_once('–').expect("an en dash");
        let to = rest.split(" of ").next().expect("of");
        assert!(rest.contains("of 300"), "{line}");
        covered.extend(
            from.trim().parse::<usize>().expect("from")..=to.trim().parse::<usize>().expect("to"),
        );
    }
    assert_eq!(
        covered,
        (1..=300).collect::<Vec<_>>(),
        "every column in exactly one block"
    );
    let blocks = text
        .lines()
        .filter(|l| l.contains("Key to Permission matrix, columns"))
        .count();
    assert!(blocks > 1, "300 columns do not fit one page");

    for j in 1..=300 {
        assert!(
            text.contains(&format!("cap-{j:03}")),
            "capability {j} is in a key"
        );
    }
    // Every role's row is repeated in every block, and its cells hold all its grants.
    let mut cells = 0;
    for i in 1..=200 {
        let header = format!("Role {i:03} (role-{i:03})");
        let rows: Vec<&str> = text.lines().filter(|l| l.contains(&header)).collect();
        assert_eq!(
            rows.len(),
            blocks,
            "{header} heads its row in each of the {blocks} blocks"
        );
        let allowed = rows
            .iter()
            .flat_map(|l| l.split_whitespace())
            .filter(|t| *t == "A")
            .count();
        let expected = (1..=300).filter(|j| (i + 2 * j) % 7 == 0).count();
        assert_eq!(allowed, expected, "{header}: one A per grant");
        cells += allowed;
    }
    assert_eq!(
        cells, grants,
        "every grant of the model is a cell of the matrix"
    );
    let pages = pages(&file);
    assert!(
        text.contains("(continued)") && pages > blocks,
        "blocks continue over pages: {pages}"
    );
}

#[test]
fn the_evidence_index_lists_each_control_with_its_pages_and_the_models_status() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = snapshot();
    let file = write(dir.path(), "binder.pdf", &binder(&s).expect("binder"));
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let raw = String::from_utf8(out.stdout).expect("UTF-8");
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let index = text
        .split("Evidence index (controls)")
        .last()
        .expect("the index");
    for id in ["A.5.3", "A.5.15", "A.5.18", "A.8.2", "ITGC-LA-3"] {
        assert!(index.contains(id), "control {id} is in the index");
    }
    // The model has one SoD conflict and one exception waiving an SoD rule.
    assert!(index.contains("1 conflict open"), "SoD status: {index}");
    // Section pages in the index agree with the contents.
    let contents = pdftotext(&file, Some(3));
    let line = contents
        .lines()
        .find(|l| l.trim_start().starts_with("Role catalogue"))
        .expect("contents");
    let page = line.split_whitespace().last().expect("page");
    assert!(
        index.contains(&format!("Role catalogue ({page})")),
        "index gives page {page}"
    );
}
