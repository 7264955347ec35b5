//! Every error code, with its meaning, is listed once (`ErrorCode::ALL`), and the README's
//! table of error codes says exactly that, in that order.

use std::collections::BTreeSet;
use std::path::Path;

use gatehouse_app::ErrorCode;

/// The README's table, as the code list renders it.
fn table() -> String {
    let mut text = String::from("| code | meaning |\n| --- | --- |\n");
    for code in ErrorCode::ALL {
        text.push_str(&format!("| `{}` | {} |\n", code.as_str(), code.meaning()));
    }
    text
}

/// The table under the README's "Error codes" heading.
fn readme_table() -> String {
    let readme =
        fs_err::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .expect("the README is readable");
    let section = readme
        .split_once("\n### Error codes\n")
        .expect("the README has an 'Error codes' section")
        .1;
    let section = section.split("\n#").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_readme_lists_every_error_code_with_its_meaning() {
    let expected = table();
    assert_eq!(
        readme_table(),
        expected,
        "README.md's error-code table differs from ErrorCode::ALL; it should read:\n{expected}"
    );
}

#[test]
fn every_code_is_one_distinct_snake_case_string_with_a_meaning() {
    let texts: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(texts.len(), ErrorCode::ALL.len(), "no code is listed twice");
    for code in ErrorCode::ALL {
        let text = code.as_str();
        assert!(
            text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{text} is snake_case"
        );
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            serde_json::json!(text),
            "{code:?} serialises as its string"
        );
        assert!(!code.meaning().is_empty() && !code.meaning().contains('\n'));
    }
}
