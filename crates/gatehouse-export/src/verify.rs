//! `gatehouse verify`: checks a bag as an auditor would, without trusting Gatehouse's word:
//! its declaration, that it is complete (every file listed, nothing extra, Payload-Oxum),
//! the tag manifest's minisign signature, every checksum, the binder's PDF signature (its
//! signed range covers the whole file but the signature; the CMS verifies against the
//! certificate in the bag) and the audit chain in the log. Each check names the file it is
//! about; the first that fails is the answer.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::bag::{self, sha256_hex, Bag};
use crate::sign::{minisig, pdf};

pub const BINDER: &str = "data/binder.pdf";
pub const AUDIT_LOG: &str = "data/audit-log.jsonl";
pub const MODEL: &str = "data/model.json";

/// One check: what was checked, about which file, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Check {
    pub name: String,
    pub file: String,
    pub ok: bool,
    pub detail: String,
}

/// Every check of a bag, in the order they ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    pub checks: Vec<Check>,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The first failing check: the file to look at.
    pub fn first_failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| !c.ok)
    }
}

struct Checks(Vec<Check>);

impl Checks {
    fn push(&mut self, name: &str, file: &str, result: Result<String, String>) -> bool {
        let ok = result.is_ok();
        self.0.push(Check {
            name: name.into(),
            file: file.into(),
            ok,
            detail: result.unwrap_or_else(|e| e),
        });
        ok
    }
}

/// A manifest's lines, strictly as `sha256sum` writes them: 64 lowercase hex digits, two
/// spaces, a path, a newline. Anything else is a damaged manifest.
fn parse_manifest(text: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let text = std::str::from_utf8(text).map_err(|_| "it is not UTF-8 text".to_string())?;
    if !text.is_empty() && !text.ends_with('\n') {
        return Err("its last line does not end with a newline".into());
    }
    let mut lines = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let (hash, path) = line
            .split_once("  ")
            .filter(|(h, p)| {
                h.len() == 64
                    && h.bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                    && !p.is_empty()
            })
            .ok_or_else(|| format!("line {} is not \"<sha256>  <path>\"", n + 1))?;
        if lines.insert(path.to_string(), hash.to_string()).is_some() {
            return Err(format!("line {} lists {path} a second time", n + 1));
        }
    }
    Ok(lines)
}

/// Which listed files do not match their checksum (or are missing).
fn mismatches(files: &BTreeMap<String, Vec<u8>>, listed: &BTreeMap<String, String>) -> Vec<String> {
    listed
        .iter()
        .filter(|(path, hash)| files.get(*path).is_none_or(|b| sha256_hex(b) != **hash))
        .map(|(path, _)| path.clone())
        .collect()
}

fn text<'a>(files: &'a BTreeMap<String, Vec<u8>>, name: &str) -> Result<&'a str, String> {
    let bytes = files.get(name).ok_or_else(|| "missing".to_string())?;
    std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

fn bag_info_field<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(str::trim)
}

/// Checks `bag`; `signer` is the minisign public key the auditor trusts (`signer.pub`
/// received apart from the bag); without it the bag's own `signer.pub` is used, which
/// proves integrity, not who signed.
pub fn verify(bag: &Bag, signer: Option<&str>) -> Verification {
    let files = &bag.files;
    let mut checks = Checks(Vec::new());
    let c = &mut checks;

    c.push("BagIt declaration", bag::BAGIT, declaration(files));
    let tag_lines = files
        .get(bag::TAG_MANIFEST)
        .ok_or_else(|| "missing".to_string())
        .and_then(|t| parse_manifest(t));
    let payload_lines = files
        .get(bag::MANIFEST)
        .ok_or_else(|| "missing".to_string())
        .and_then(|t| parse_manifest(t));

    // The tag manifest's signature first: once it holds, the tag manifest says what every
    // tag file must be, and a mismatch names that file.
    let tag_mismatches = tag_lines
        .as_ref()
        .map(|l| mismatches(files, l))
        .map_err(Clone::clone);
    let signature = signature_check(files, signer);
    match (&signature, &tag_lines, &tag_mismatches) {
        (Ok(detail), Ok(_), Ok(mismatched)) => {
            c.push("minisign signature", bag::TAG_MANIFEST, Ok(detail.clone()));
            let listed: Vec<&String> = tag_lines
                .as_ref()
                .map(|l| l.keys().collect())
                .unwrap_or_default();
            for name in listed {
                let ok = !mismatched.contains(name);
                c.push(
                    "checksum (tag manifest)",
                    name,
                    if ok { Ok("matches".into()) } else { Err("its SHA-256 is not the one in tagmanifest-sha256.txt: the file was changed".into()) },
                );
            }
        }
        (Err(why), _, _) => {
            let culprit = signature_culprit(files, signer, &tag_lines, &tag_mismatches);
            c.push("minisign signature", culprit, Err(why.clone()));
        }
        (Ok(_), Err(why), _) | (Ok(_), _, Err(why)) => {
            c.push("tag manifest", bag::TAG_MANIFEST, Err(why.clone()));
        }
    }

    // Completeness once the manifests are known to be the signed ones.
    c.push(
        "completeness",
        &completeness_culprit(files, &tag_lines, &payload_lines),
        completeness(files, &tag_lines, &payload_lines),
    );
    match &payload_lines {
        Ok(lines) => {
            let mismatched = mismatches(files, lines);
            for name in lines.keys() {
                let ok = !mismatched.contains(name);
                c.push(
                    "checksum (manifest)",
                    name,
                    if ok { Ok("matches".into()) } else { Err("its SHA-256 is not the one in manifest-sha256.txt: the file was changed".into()) },
                );
            }
        }
        Err(why) => {
            c.push("manifest", bag::MANIFEST, Err(why.clone()));
        }
    }
    c.push("Payload-Oxum", bag::BAG_INFO, payload_oxum(files));
    c.push("PDF signature", BINDER, pdf_signature(files));
    c.push("model hash", MODEL, model_hash(files));
    c.push("audit chain", AUDIT_LOG, audit_chain(files));
    Verification { checks: checks.0 }
}

fn declaration(files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let t = text(files, bag::BAGIT)?;
    let version = bag_info_field(t, "BagIt-Version").ok_or("no BagIt-Version line")?;
    let encoding = bag_info_field(t, "Tag-File-Character-Encoding")
        .ok_or("no Tag-File-Character-Encoding line")?;
    if !matches!(version, "1.0" | "0.97") || encoding != "UTF-8" {
        return Err(format!(
            "BagIt-Version {version}, encoding {encoding}: expected 1.0, UTF-8"
        ));
    }
    Ok(format!("BagIt {version}, {encoding}"))
}

/// Tag files a bag may hold without listing them in the tag manifest.
const UNLISTED_TAGS: [&str; 2] = [bag::TAG_MANIFEST, bag::SIGNATURE];

fn extras(
    files: &BTreeMap<String, Vec<u8>>,
    tag_lines: &Result<BTreeMap<String, String>, String>,
    payload_lines: &Result<BTreeMap<String, String>, String>,
) -> (Vec<String>, Vec<String>) {
    let empty = BTreeMap::new();
    let tags = tag_lines.as_ref().unwrap_or(&empty);
    let payload = payload_lines.as_ref().unwrap_or(&empty);
    let listed: BTreeSet<&String> = tags.keys().chain(payload.keys()).collect();
    let extra = files
        .keys()
        .filter(|f| !listed.contains(f) && !UNLISTED_TAGS.contains(&f.as_str()))
        .filter(|f| f.starts_with("data/") || payload_lines.is_ok() && tag_lines.is_ok())
        .cloned()
        .collect();
    let missing = listed
        .into_iter()
        .filter(|f| !files.contains_key(*f))
        .cloned()
        .chain(
            UNLISTED_TAGS
                .iter()
                .filter(|t| !files.contains_key(**t))
                .map(|t| t.to_string()),
        )
        .collect();
    (extra, missing)
}

fn completeness(
    files: &BTreeMap<String, Vec<u8>>,
    tag_lines: &Result<BTreeMap<String, String>, String>,
    payload_lines: &Result<BTreeMap<String, String>, String>,
) -> Result<String, String> {
    let (extra, missing) = extras(files, tag_lines, payload_lines);
    if let Some(f) = missing.first() {
        return Err(format!(
            "{f} is listed (or required) but missing from the bag"
        ));
    }
    if let Some(f) = extra.first() {
        return Err(format!("{f} is in the bag but listed in no manifest"));
    }
    Ok(format!("{} files, each listed once", files.len()))
}

fn completeness_culprit(
    files: &BTreeMap<String, Vec<u8>>,
    tag_lines: &Result<BTreeMap<String, String>, String>,
    payload_lines: &Result<BTreeMap<String, String>, String>,
) -> String {
    let (extra, missing) = extras(files, tag_lines, payload_lines);
    missing
        .into_iter()
        .chain(extra)
        .next()
        .unwrap_or_else(|| "(the bag)".into())
}

fn signature_check(
    files: &BTreeMap<String, Vec<u8>>,
    signer: Option<&str>,
) -> Result<String, String> {
    let bag_key = text(files, bag::SIGNER_PUB).map_err(|e| format!("signer.pub is {e}"))?;
    let key = signer.unwrap_or(bag_key);
    let signature = text(files, bag::SIGNATURE).map_err(|e| format!("the signature is {e}"))?;
    let manifest = files
        .get(bag::TAG_MANIFEST)
        .ok_or("tagmanifest-sha256.txt is missing")?;
    minisig::verify(key, signature, manifest)?;
    if signer.is_some() && signer.map(str::trim) != Some(bag_key.trim()) {
        return Err("the bag's signer.pub is not the key given with --signer".into());
    }
    Ok(match signer {
        Some(_) => "verified with the key given (--signer)".into(),
        None => "verified with the bag's own signer.pub (proves integrity; give --signer to prove who signed)".into(),
    })
}

/// Which file to blame when the signature does not verify: the tag manifest if it was
/// changed (its hash is not the one in the signature's trusted comment, and it no longer
/// matches the tag files), else signer.pub when it no longer matches its line, else the
/// signature file.
fn signature_culprit(
    files: &BTreeMap<String, Vec<u8>>,
    signer: Option<&str>,
    tag_lines: &Result<BTreeMap<String, String>, String>,
    tag_mismatches: &Result<Vec<String>, String>,
) -> &'static str {
    let Some(manifest) = files.get(bag::TAG_MANIFEST) else {
        return bag::TAG_MANIFEST;
    };
    let signed_hash = text(files, bag::SIGNATURE).ok().and_then(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("trusted comment: "))
            .and_then(|c| c.rsplit(' ').next())
            .map(str::to_string)
    });
    let manifest_as_signed = signed_hash.as_deref() == Some(sha256_hex(manifest).as_str());
    let consistent = tag_lines.is_ok() && tag_mismatches.as_ref().is_ok_and(|m| m.is_empty());
    let signer_changed = tag_mismatches
        .as_ref()
        .is_ok_and(|m| m.iter().any(|f| f == bag::SIGNER_PUB));
    if manifest_as_signed {
        if signer_changed && signer.is_none() {
            bag::SIGNER_PUB
        } else {
            bag::SIGNATURE
        }
    } else if consistent {
        bag::SIGNATURE
    } else {
        bag::TAG_MANIFEST
    }
}

fn payload_oxum(files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let info = text(files, bag::BAG_INFO)?;
    let oxum = bag_info_field(info, "Payload-Oxum").ok_or("no Payload-Oxum line")?;
    let payload: Vec<&Vec<u8>> = files
        .iter()
        .filter(|(k, _)| k.starts_with("data/"))
        .map(|(_, v)| v)
        .collect();
    let actual = format!(
        "{}.{}",
        payload.iter().map(|b| b.len()).sum::<usize>(),
        payload.len()
    );
    if oxum != actual {
        return Err(format!(
            "Payload-Oxum says {oxum} (octets.files), the payload is {actual}"
        ));
    }
    Ok(format!("{actual} (octets.files)"))
}

fn pdf_signature(files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let binder = files.get(BINDER).ok_or("missing")?;
    let checked = pdf::verify(binder)?;
    let cert_pem = text(files, bag::SIGNER_CERT).map_err(|e| format!("signer-cert.pem is {e}"))?;
    let cert = <x509_cert::Certificate as der::DecodePem>::from_pem(cert_pem.as_bytes())
        .map_err(|e| format!("signer-cert.pem is not a certificate: {e}"))?;
    if der::Encode::to_der(&cert).ok().as_deref() != Some(checked.verified.certificate.as_slice()) {
        return Err("the PDF is signed with another certificate than signer-cert.pem".into());
    }
    let [_, b, c, d] = checked.byte_range;
    Ok(format!(
        "valid, signed by {} at {}; the signed range covers all {} bytes but the signature ({} bytes at {b})",
        checked.verified.signer,
        checked.verified.signing_time.map(|t| t.to_rfc3339()).unwrap_or_else(|| "no signing time".into()),
        c + d,
        c - b,
    ))
}

fn model_hash(files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let model = files.get(MODEL).ok_or("missing")?;
    let info = text(files, bag::BAG_INFO)?;
    let said = bag_info_field(info, "Gatehouse-Model-SHA256")
        .ok_or("bag-info.txt has no Gatehouse-Model-SHA256")?;
    let actual = sha256_hex(model);
    if said != actual {
        return Err(format!("its SHA-256 is {actual}, bag-info.txt says {said}"));
    }
    Ok(format!("SHA-256 {actual}, as bag-info.txt says"))
}

fn audit_chain(files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let log = text(files, AUDIT_LOG)?;
    let events = log
        .lines()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str::<gatehouse_core::AuditEvent>(line)
                .map_err(|e| format!("line {} is not an audit event: {e}", n + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let head = gatehouse_core::verify_chain(&events).map_err(|e| e.to_string())?;
    let info = text(files, bag::BAG_INFO)?;
    if let Some(said) = bag_info_field(info, "Gatehouse-Audit-Chain-Head") {
        if said != head {
            return Err(format!(
                "the chain's head is {head}, bag-info.txt says {said}"
            ));
        }
    }
    Ok(format!("{} events, head {head}", events.len()))
}
