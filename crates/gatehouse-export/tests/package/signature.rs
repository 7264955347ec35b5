use gatehouse_export::sign::{pdf, SigningKey};

use crate::common::{as_of, flipped, key, run};

fn signed(pages: usize) -> Vec<u8> {
    let info = pdf::SignatureInfo {
        reason: "Audit package",
        location: "Gatehouse",
    };
    pdf::sign(&crate::common::pdf(pages), key(), as_of(), &info).expect("the PDF is signed")
}

#[test]
fn pdfsig_reports_the_signature_valid_and_not_valid_after_one_byte_changes() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = signed(3);
    fs_err::write(dir.path().join("binder.pdf"), &bytes).unwrap();
    let (_, out) = run("pdfsig", &["binder.pdf"], dir.path());
    assert!(
        out.contains("Signature is Valid"),
        "pdfsig accepts the signature:\n{out}"
    );
    assert!(
        out.contains("Ana Łukasiewicz") || out.contains("Ana"),
        "pdfsig names the signer:\n{out}"
    );
    assert!(
        out.contains("adbe.pkcs7.detached"),
        "the subfilter is detached CMS:\n{out}"
    );
    let (ok, qpdf) = run("qpdf", &["--check", "binder.pdf"], dir.path());
    assert!(ok, "the signed PDF is structurally sound:\n{qpdf}");

    // A byte of the first page's text, inside the signed range.
    let at = bytes.windows(6).position(|w| w == b"Binder").unwrap();
    fs_err::write(dir.path().join("tampered.pdf"), flipped(&bytes, at)).unwrap();
    let (_, out) = run("pdfsig", &["tampered.pdf"], dir.path());
    assert!(
        !out.contains("Signature is Valid"),
        "a changed byte invalidates it:\n{out}"
    );
    let err = pdf::verify(&flipped(&bytes, at)).expect_err("our own check sees it too");
    assert!(err.contains("changed after signing"), "{err}");
}

#[test]
fn the_signature_is_byte_identical_for_the_same_input_and_time() {
    assert_eq!(
        signed(2),
        signed(2),
        "RFC 6979 nonces and the as-of time make it reproducible"
    );
}

#[test]
fn our_check_reads_the_signer_and_the_as_of_time_and_the_range_covers_all_but_contents() {
    let bytes = signed(1);
    let checked = pdf::verify(&bytes).expect("valid");
    assert_eq!(checked.verified.signing_time, Some(as_of()));
    assert_eq!(checked.verified.signer, "Ana Łukasiewicz, Compliance");
    let [a, b, c, d] = checked.byte_range;
    assert_eq!((a, c + d), (0, bytes.len()));
    assert_eq!((bytes[b], bytes[c - 1]), (b'<', b'>'));
    let mut appended = bytes.clone();
    appended.extend_from_slice(b"\n% appended\n");
    let err = pdf::verify(&appended).expect_err("bytes after the signed range are refused");
    assert!(err.contains("does not cover the whole file"), "{err}");
}

#[test]
fn a_signing_key_survives_its_text_form_and_a_damaged_one_is_refused() {
    let text = key().to_text().unwrap();
    let back = SigningKey::from_text(&text).expect("read back");
    assert_eq!(back.fingerprint(), key().fingerprint());
    assert_eq!(back.minisign_public(), key().minisign_public());
    let damaged = text.replace("minisign-public-key: ", "minisign-public-key: x");
    let err = SigningKey::from_text(&damaged).err().expect("refused");
    assert!(err.to_string().contains("minisign public key"), "{err}");
}
