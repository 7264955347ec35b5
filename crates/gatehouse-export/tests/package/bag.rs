use std::path::Path;

use gatehouse_core::progress::Reporter;
use gatehouse_export::bag::Bag;
use gatehouse_export::package::{self, Form};
use gatehouse_export::verify::verify;

use crate::common::{flipped, key, run, snapshot};

fn bagit_py() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tools/py/bin/bagit.py");
    root.to_string_lossy().into_owned()
}

fn exported(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("package");
    let written = package::write(&snapshot(), key(), Form::Folder, &out, Reporter::none())
        .expect("the export is written");
    assert!(
        written.verification.passed(),
        "what was written verifies: {:?}",
        written.verification.first_failure()
    );
    out
}

#[test]
fn the_standard_tools_check_the_bag_as_verify_txt_says() {
    let dir = tempfile::tempdir().unwrap();
    let bag = exported(dir.path());
    for manifest in ["manifest-sha256.txt", "tagmanifest-sha256.txt"] {
        let (ok, out) = run("sha256sum", &["-c", manifest], &bag);
        assert!(ok, "sha256sum -c {manifest} passes:\n{out}");
    }
    let (ok, out) = run(
        "minisign",
        &["-Vm", "tagmanifest-sha256.txt", "-p", "signer.pub"],
        &bag,
    );
    assert!(
        ok && out.contains("Signature and comment signature verified"),
        "minisign -V passes:\n{out}"
    );
    assert!(
        out.contains("tagmanifest-sha256.txt sha256"),
        "the trusted comment names the manifest's hash:\n{out}"
    );
    let (ok, out) = run(&bagit_py(), &["--validate", "."], &bag);
    assert!(ok, "bagit.py --validate passes:\n{out}");
    let (_, out) = run("pdfsig", &["data/binder.pdf"], &bag);
    assert!(out.contains("Signature is Valid"), "pdfsig:\n{out}");
    let verify_txt = fs_err::read_to_string(bag.join("VERIFY.txt")).unwrap();
    for command in [
        "sha256sum -c manifest-sha256.txt",
        "minisign -Vm tagmanifest-sha256.txt -p signer.pub",
        "pdfsig data/binder.pdf",
        "bagit.py --validate .",
    ] {
        assert!(verify_txt.contains(command), "VERIFY.txt gives `{command}`");
    }
    let info = fs_err::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(
        info.contains("Bagging-Date: 2026-03-31\n"),
        "the date is the as-of date:\n{info}"
    );
    assert!(
        info.contains("Source-Organization: Exämple GmbH\n"),
        "{info}"
    );
    assert!(
        info.contains(&format!(
            "Gatehouse-Model-SHA256: {}\n",
            snapshot().provenance.model_hash
        )),
        "{info}"
    );
}

#[test]
fn minisign_and_sha256sum_fail_after_a_byte_flip() {
    let dir = tempfile::tempdir().unwrap();
    let bag = exported(dir.path());
    let manifest = fs_err::read(bag.join("tagmanifest-sha256.txt")).unwrap();
    fs_err::write(bag.join("tagmanifest-sha256.txt"), flipped(&manifest, 3)).unwrap();
    let (ok, out) = run(
        "minisign",
        &["-Vm", "tagmanifest-sha256.txt", "-p", "signer.pub"],
        &bag,
    );
    assert!(!ok, "minisign refuses a changed tag manifest:\n{out}");
    let model = fs_err::read(bag.join("data/model.json")).unwrap();
    fs_err::write(bag.join("data/model.json"), flipped(&model, 10)).unwrap();
    let (ok, out) = run("sha256sum", &["-c", "manifest-sha256.txt"], &bag);
    assert!(
        !ok && out.contains("data/model.json: FAILED"),
        "sha256sum names it:\n{out}"
    );
}

#[test]
fn verify_names_the_file_for_a_byte_flip_in_each_file_of_the_bag() {
    let bag = package::build(&snapshot(), key(), Reporter::none()).unwrap();
    assert!(
        verify(&bag, None).passed(),
        "the untouched bag passes: {:?}",
        verify(&bag, None).first_failure()
    );
    for (name, bytes) in &bag.files {
        // A byte in the middle, and the first and the last, of every file.
        for at in [bytes.len() / 2, 0, bytes.len() - 1] {
            let mut tampered = bag.clone();
            tampered.files.insert(name.clone(), flipped(bytes, at));
            let result = verify(&tampered, None);
            let failure = result
                .first_failure()
                .unwrap_or_else(|| panic!("a flip at byte {at} of {name} is found"));
            assert_eq!(
                &failure.file, name,
                "a flip at byte {at} of {name} is blamed on it, not on another file: {failure:?}"
            );
        }
    }
}

#[test]
fn verify_finds_a_missing_file_an_extra_file_and_another_signer() {
    let bag = package::build(&snapshot(), key(), Reporter::none()).unwrap();
    let mut missing = bag.clone();
    missing.files.remove("data/binder.xlsx");
    let failure = verify(&missing, None)
        .first_failure()
        .cloned()
        .expect("missing is found");
    assert_eq!(failure.file, "data/binder.xlsx", "{failure:?}");
    assert!(failure.detail.contains("missing"), "{failure:?}");
    let mut extra = bag.clone();
    extra
        .files
        .insert("data/notes.txt".into(), b"added later".to_vec());
    let failure = verify(&extra, None)
        .first_failure()
        .cloned()
        .expect("extra is found");
    assert_eq!(failure.file, "data/notes.txt", "{failure:?}");
    let other = gatehouse_export::sign::SigningKey::generate(
        "Mallory",
        "",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    )
    .unwrap();
    let result = verify(&bag, Some(&other.minisign_public()));
    assert!(
        !result.passed(),
        "a bag is refused against a key that did not sign it"
    );
    assert!(verify(&bag, Some(&key().minisign_public())).passed());
}

#[test]
fn two_exports_are_byte_identical_but_the_minisign_signature_and_so_are_their_zips() {
    let one = package::build(&snapshot(), key(), Reporter::none()).unwrap();
    let two = package::build(&snapshot(), key(), Reporter::none()).unwrap();
    assert_eq!(
        one.files.keys().collect::<Vec<_>>(),
        two.files.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &one.files {
        if name != "tagmanifest-sha256.txt.minisig" {
            assert!(
                bytes == &two.files[name],
                "{name} is byte-identical in two exports"
            );
        }
    }
    let as_of = crate::common::as_of();
    let mut two_same_sig = two.clone();
    two_same_sig.files.insert(
        "tagmanifest-sha256.txt.minisig".into(),
        one.files["tagmanifest-sha256.txt.minisig"].clone(),
    );
    assert_eq!(
        one.to_zip("pkg", as_of).unwrap(),
        two_same_sig.to_zip("pkg", as_of).unwrap(),
        "the zip has fixed timestamps and sorted entries"
    );
}

#[test]
fn a_zip_package_reads_back_and_verifies_and_a_destination_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("audit-2026");
    let written = package::write(&snapshot(), key(), Form::Zip, &dest, Reporter::none()).unwrap();
    assert_eq!(written.path, dir.path().join("audit-2026.zip"));
    let back = Bag::read(&written.path).unwrap();
    assert!(verify(&back, None).passed());
    let (ok, out) = run("unzip", &["-l", "audit-2026.zip"], dir.path());
    if ok {
        assert!(
            out.contains("audit-2026/bagit.txt"),
            "the zip holds the bag's folder:\n{out}"
        );
    }
    let err = package::write(&snapshot(), key(), Form::Zip, &dest, Reporter::none()).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}
