//! The front end's TypeScript declarations are generated from the Rust types and committed
//! in `ui/src/bindings/`. This test fails when they drift; `make bindings` regenerates them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in fs_err::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ts") {
            let name = entry.file_name().to_string_lossy().into_owned();
            files.insert(
                name,
                fs_err::read_to_string(&path).expect("readable binding"),
            );
        }
    }
    files
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let fresh = tempfile::tempdir().expect("temp dir");
    gatehouse_app::export_bindings(fresh.path()).expect("bindings export");
    let generated = read_dir(fresh.path());
    assert!(generated.contains_key("Summary.ts") && generated.contains_key("Model.ts"));

    if std::env::var_os("GATEHOUSE_WRITE_BINDINGS").is_some() {
        let dir = committed_dir();
        let _ = fs_err::remove_dir_all(&dir);
        fs_err::create_dir_all(&dir).expect("bindings dir");
        for (name, text) in &generated {
            fs_err::write(dir.join(name), text).expect("write binding");
        }
    }

    let committed = read_dir(&committed_dir());
    let missing: Vec<_> = generated
        .keys()
        .filter(|k| !committed.contains_key(*k))
        .collect();
    let stale: Vec<_> = committed
        .keys()
        .filter(|k| !generated.contains_key(*k))
        .collect();
    let changed: Vec<_> = generated
        .iter()
        .filter(|(k, v)| committed.get(*k).is_some_and(|c| c != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty() && changed.is_empty(),
        "ui/src/bindings is out of date with the Rust types (run `make bindings`): \
         missing {missing:?}, stale {stale:?}, changed {changed:?}"
    );
}
