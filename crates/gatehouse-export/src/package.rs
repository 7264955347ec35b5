//! The composition of an audit package: the binder (signed), the workbook, the canonical
//! model and the audit log, in a signed BagIt bag with a VERIFY.txt, written as a folder or
//! a zip; then checked with [`crate::verify`] as an auditor would.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gatehouse_core::progress::{Reporter, Stage};

use crate::bag::{self, Bag, BagInfo};
use crate::error::{ExportError, Result};
use crate::sign::{pdf, SigningKey};
use crate::verify::{self, Verification};
use crate::{canonical, Snapshot};

/// How the bag is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A folder (the bag as it is).
    Folder,
    /// One zip holding the bag's folder.
    Zip,
}

/// What an export wrote, and what checking it found.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    /// SHA-256 of `tagmanifest-sha256.txt`: it fixes every other file but the signature.
    pub tag_manifest_sha256: String,
    /// Each file of the bag with its size.
    pub files: Vec<(String, u64)>,
    pub verification: Verification,
}

fn cancelled(progress: &Reporter<'_>) -> Result<()> {
    if progress.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    Ok(())
}

/// The package of `snapshot`, signed by `key`, in memory.
pub fn build(snapshot: &Snapshot, key: &SigningKey, progress: Reporter<'_>) -> Result<Bag> {
    progress.report(Stage::Writing, 0.0, || "writing the binder (PDF)".into());
    let options = crate::pdf::BinderOptions {
        signer: Some(format!(
            "{} (certificate SHA-256 {})",
            key.signer_name(),
            key.fingerprint()
        )),
    };
    let binder = crate::pdf::binder_with(snapshot, &options)?;
    cancelled(&progress)?;
    progress.report(Stage::Signing, 0.45, || "signing the binder".into());
    let info = pdf::SignatureInfo {
        reason: "Audit package of the role model; see VERIFY.txt",
        location: &snapshot.provenance.organization,
    };
    let binder = pdf::sign(&binder, key, snapshot.as_of, &info)?;
    cancelled(&progress)?;
    progress.report(Stage::Writing, 0.5, || "writing the workbook (XLSX)".into());
    let workbook = crate::xlsx::workbook(snapshot)?;
    cancelled(&progress)?;
    progress.report(Stage::Writing, 0.8, || {
        "writing the model and the audit log".into()
    });
    let payload = BTreeMap::from([
        ("binder.pdf".to_string(), binder),
        ("binder.xlsx".to_string(), workbook),
        (
            "model.json".to_string(),
            canonical::model_json(snapshot).into_bytes(),
        ),
        (
            "audit-log.jsonl".to_string(),
            canonical::audit_log_jsonl(&snapshot.events).into_bytes(),
        ),
    ]);
    progress.report(Stage::Signing, 0.85, || {
        "checksums and the bag's signature".into()
    });
    let info = BagInfo {
        organization: snapshot.provenance.organization.clone(),
        as_of: snapshot.as_of,
        gatehouse_version: snapshot.provenance.app_version.clone(),
        model_name: snapshot.model.meta.name.clone(),
        model_hash: snapshot.provenance.model_hash.clone(),
        chain_head: snapshot.provenance.chain_head.clone(),
    };
    let extra_tags = [(
        canonical::AUDIT_LOG_SCRIPT_NAME,
        canonical::AUDIT_LOG_SCRIPT.to_string(),
    )];
    Bag::build(payload, &info, key, verify_text(snapshot, key), &extra_tags)
}

/// Where a package of `form` goes for the destination `dest` a person gave: the folder
/// itself, or `dest.zip` (unless it already ends in `.zip`).
pub fn target(dest: &Path, form: Form) -> PathBuf {
    match form {
        Form::Folder => dest.to_path_buf(),
        Form::Zip if dest.extension().is_some_and(|e| e == "zip") => dest.to_path_buf(),
        Form::Zip => bag::sibling(dest, ".zip"),
    }
}

/// Builds the package of `snapshot` and writes it to `dest` in `form` (refusing a
/// destination that exists), then checks what was written.
pub fn write(
    snapshot: &Snapshot,
    key: &SigningKey,
    form: Form,
    dest: &Path,
    progress: Reporter<'_>,
) -> Result<Written> {
    let path = target(dest, form);
    bag::refuse_existing(&path)?;
    let bag = build(snapshot, key, progress)?;
    cancelled(&progress)?;
    progress.report(Stage::Signing, 0.9, || {
        format!("writing {}", path.display())
    });
    match form {
        Form::Folder => bag.write_dir(&path)?,
        Form::Zip => {
            let zip = bag.to_zip(&root_name(dest), snapshot.as_of)?;
            write_new(&path, &zip)?;
        }
    }
    progress.report(Stage::Signing, 0.95, || "verifying what was written".into());
    let verification = verify::verify(&Bag::read(&path)?, None);
    progress.report(Stage::Signing, 1.0, || "done".into());
    Ok(written(path, &bag, verification))
}

pub fn written(path: PathBuf, bag: &Bag, verification: Verification) -> Written {
    Written {
        path,
        tag_manifest_sha256: bag.tag_manifest_sha256(),
        files: bag
            .files
            .iter()
            .map(|(name, bytes)| (name.clone(), bytes.len() as u64))
            .collect(),
        verification,
    }
}

/// The bag's folder name inside a zip: the destination's name without `.zip`.
pub fn root_name(dest: &Path) -> String {
    let stem = if dest.extension().is_some_and(|e| e == "zip") {
        dest.file_stem()
    } else {
        dest.file_name()
    };
    stem.map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "audit-package".into())
}

/// Writes a new file through a temporary sibling renamed into place.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = bag::sibling(path, ".partial");
    fs_err::write(&tmp, bytes).map_err(crate::error::io_error(&tmp))?;
    fs_err::rename(&tmp, path).map_err(crate::error::io_error(path))
}

/// VERIFY.txt: the exact commands that check the package with standard tools.
fn verify_text(snapshot: &Snapshot, key: &SigningKey) -> String {
    let fingerprint = key
        .fingerprint()
        .to_ascii_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect::<Vec<_>>()
        .join(":");
    format!(
        "How to check this package without Gatehouse
============================================

Audit package of the role model \"{model}\" as of {as_of}, made by Gatehouse {version}.
Signed by {signer}; certificate SHA-256 fingerprint:
  {fingerprint}
Ask the signer for this fingerprint and for signer.pub through another channel than the
package itself (a call, a signed e-mail): the package's own copies prove only that nothing
changed since it was signed, not who signed it.

Run these in this folder (the one holding bagit.txt). Each must succeed.

1. Every file is the one that was packed (GNU coreutils):
     sha256sum -c manifest-sha256.txt
     sha256sum -c tagmanifest-sha256.txt

2. The tag manifest, which fixes every checksum, is signed (minisign):
     minisign -Vm tagmanifest-sha256.txt -p signer.pub
   It prints \"Signature and comment signature verified\" and the trusted comment.

3. The binder's own PDF signature (poppler-utils):
     pdfsig data/binder.pdf
   It prints \"Signature is Valid\". \"Certificate issuer is unknown\" is expected: the
   certificate is self-signed. Compare its fingerprint with the one above:
     openssl x509 -in signer-cert.pem -noout -fingerprint -sha256
   To make PDF readers trust it, import signer-cert.pem as a trusted certificate.

4. The bag as a whole (BagIt, RFC 8493; the Library of Congress validator from PyPI):
     bagit.py --validate .

5. {chain}
With Gatehouse, all of the above at once: gatehouse verify . --signer signer.pub
",
        model = snapshot.model.meta.name,
        as_of = snapshot.as_of.to_rfc3339(),
        version = snapshot.provenance.app_version,
        signer = key.signer_name(),
        chain = canonical::AUDIT_LOG_VERIFY,
    )
}
