//! Cell references against the vectors the desktop's parser is tested on too
//! (`tests/vectors/cellref.json`), so both sides read `Sheet!C7` the same way.

use gatehouse_import::CellRef;

fn vectors() -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/cellref.json");
    serde_json::from_str(&fs_err::read_to_string(path).unwrap()).unwrap()
}

fn cell(v: &serde_json::Value) -> CellRef {
    CellRef::new(
        v["sheet"].as_str().unwrap(),
        v["row"].as_u64().unwrap() as u32,
        v["col"].as_u64().unwrap() as u32,
    )
}

#[test]
fn references_are_shown_parsed_and_refused_as_the_shared_vectors_say() {
    let v = vectors();
    for case in v["shown"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        assert_eq!(cell(case).to_string(), text, "how {case} is shown");
        assert_eq!(
            text.parse::<CellRef>(),
            Ok(cell(case)),
            "{text} parses back"
        );
    }
    for case in v["also_read"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        assert_eq!(text.parse::<CellRef>(), Ok(cell(case)), "{text} is read");
    }
    for text in v["refused"].as_array().unwrap() {
        let text = text.as_str().unwrap();
        assert!(text.parse::<CellRef>().is_err(), "{text:?} is not a cell");
    }
}
