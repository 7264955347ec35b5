//! The BagIt bag (RFC 8493) around the package's files, signed: the payload under `data/`,
//! `manifest-sha256.txt` (also `sha256sum -c` input), the tag files (`bagit.txt`,
//! `bag-info.txt`, `signer.pub`, `signer-cert.pem`, `VERIFY.txt`) listed in
//! `tagmanifest-sha256.txt`, and `tagmanifest-sha256.txt.minisig`, a minisign signature of
//! the tag manifest. A bag is made in memory, then written as a folder or a zip with sorted
//! entries and timestamps from the as-of time, so the same inputs give the same bytes (the
//! `.minisig` excepted).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Datelike, Timelike, Utc};
use sha2::{Digest, Sha256};

use crate::error::{io_error, ExportError, Result};
use crate::sign::{hex, minisig, SigningKey};

pub const BAGIT: &str = "bagit.txt";
pub const BAG_INFO: &str = "bag-info.txt";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
pub const SIGNATURE: &str = "tagmanifest-sha256.txt.minisig";
pub const SIGNER_PUB: &str = "signer.pub";
pub const SIGNER_CERT: &str = "signer-cert.pem";
pub const VERIFY: &str = "VERIFY.txt";

const BAGIT_TEXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// The facts of `bag-info.txt`.
pub struct BagInfo {
    pub organization: String,
    pub as_of: DateTime<Utc>,
    pub gatehouse_version: String,
    pub model_name: String,
    pub model_hash: String,
    pub chain_head: String,
}

/// A bag's files by their path inside the bag (`data/binder.pdf`, `bag-info.txt`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bag {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// One line of a manifest: `<sha256>  <path>`, as `sha256sum` writes it.
fn manifest<'a>(files: impl Iterator<Item = (&'a String, &'a Vec<u8>)>) -> String {
    files
        .map(|(path, bytes)| format!("{}  {path}\n", sha256_hex(bytes)))
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A tag value on one line (RFC 8493 §2.2.2 allows folding; one line is simpler to read).
fn one_line(text: &str) -> String {
    text.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

impl Bag {
    /// The bag of `payload` (paths without the `data/` prefix), signed by `key`, with
    /// `verify_text` as its VERIFY.txt and `extra_tags` (e.g. the audit-log check script)
    /// beside it, listed in the tag manifest.
    pub fn build(
        payload: BTreeMap<String, Vec<u8>>,
        info: &BagInfo,
        key: &SigningKey,
        verify_text: String,
        extra_tags: &[(&str, String)],
    ) -> Result<Bag> {
        let payload: BTreeMap<String, Vec<u8>> = payload
            .into_iter()
            .map(|(path, bytes)| (format!("data/{path}"), bytes))
            .collect();
        let octets: usize = payload.values().map(Vec::len).sum();
        let bag_info = [
            ("Source-Organization", info.organization.as_str()),
            ("Bagging-Date", &info.as_of.format("%Y-%m-%d").to_string()),
            ("Payload-Oxum", &format!("{octets}.{}", payload.len())),
            (
                "Bag-Software-Agent",
                &format!("Gatehouse {}", info.gatehouse_version),
            ),
            (
                "External-Description",
                &format!("Audit package of the role model {}", info.model_name),
            ),
            ("Gatehouse-Version", &info.gatehouse_version),
            ("Gatehouse-As-Of", &info.as_of.to_rfc3339()),
            ("Gatehouse-Model-SHA256", &info.model_hash),
            ("Gatehouse-Audit-Chain-Head", &info.chain_head),
            ("Gatehouse-Signer", &key.signer_name()),
            ("Gatehouse-Signer-Certificate-SHA256", &key.fingerprint()),
        ]
        .iter()
        .map(|(k, v)| format!("{k}: {}\n", one_line(v)))
        .collect::<String>();
        let mut files = payload;
        let manifest_text = manifest(files.iter());
        let tags = [
            (BAGIT, BAGIT_TEXT.to_string()),
            (BAG_INFO, bag_info),
            (MANIFEST, manifest_text),
            (SIGNER_PUB, key.minisign_public()),
            (SIGNER_CERT, key.certificate_pem()?),
            (VERIFY, verify_text),
        ];
        let tags: BTreeMap<String, Vec<u8>> = tags
            .into_iter()
            .chain(extra_tags.iter().map(|(n, t)| (*n, t.clone())))
            .map(|(name, text)| (name.to_string(), text.into_bytes()))
            .collect();
        let tag_manifest = manifest(tags.iter());
        let comment = trusted_comment(&info.model_name, info.as_of, &tag_manifest);
        let signature = minisig::sign(key, tag_manifest.as_bytes(), &comment)?;
        files.extend(tags);
        files.insert(TAG_MANIFEST.into(), tag_manifest.into_bytes());
        files.insert(SIGNATURE.into(), signature.into_bytes());
        Ok(Bag { files })
    }

    /// Writes the bag as a new folder `dir` (refusing one that exists): into a sibling
    /// temporary folder first, renamed into place once complete.
    pub fn write_dir(&self, dir: &Path) -> Result<()> {
        refuse_existing(dir)?;
        let tmp = sibling(dir, ".partial");
        if tmp.exists() {
            fs_err::remove_dir_all(&tmp).map_err(io_error(&tmp))?;
        }
        for (path, bytes) in &self.files {
            let target = tmp.join(path);
            if let Some(parent) = target.parent() {
                fs_err::create_dir_all(parent).map_err(io_error(parent))?;
            }
            fs_err::write(&target, bytes).map_err(io_error(&target))?;
        }
        fs_err::rename(&tmp, dir).map_err(io_error(dir))
    }

    /// The bag as a zip: entries sorted, under one folder `root`, each stamped with the
    /// as-of time (zip keeps local time without a zone: the UTC time is written).
    pub fn to_zip(&self, root: &str, as_of: DateTime<Utc>) -> Result<Vec<u8>> {
        let zip_err = |e: zip::result::ZipError| ExportError::Zip(e.to_string());
        let stamp = zip::DateTime::from_date_and_time(
            u16::try_from(as_of.year()).unwrap_or(1980),
            as_of.month() as u8,
            as_of.day() as u8,
            as_of.hour() as u8,
            as_of.minute() as u8,
            as_of.second() as u8,
        )
        .map_err(|_| {
            ExportError::Zip(format!("the as-of time {as_of} is outside zip's 1980–2107"))
        })?;
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(stamp)
            .unix_permissions(0o644);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (path, bytes) in &self.files {
            zip.start_file(format!("{root}/{path}"), options)
                .map_err(zip_err)?;
            zip.write_all(bytes)
                .map_err(|e| ExportError::Zip(e.to_string()))?;
        }
        Ok(zip.finish().map_err(zip_err)?.into_inner())
    }

    /// The tag manifest's SHA-256: what the vault's audit event records of an export.
    pub fn tag_manifest_sha256(&self) -> String {
        sha256_hex(
            self.files
                .get(TAG_MANIFEST)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        )
    }

    /// Reads a bag folder (every file under it) or a zip of one.
    pub fn read(path: &Path) -> Result<Bag> {
        let not_a_bag = |reason: String| ExportError::NotABag {
            path: path.to_path_buf(),
            reason,
        };
        if path.is_dir() {
            let mut files = BTreeMap::new();
            read_dir(path, path, &mut files)?;
            return Ok(Bag { files });
        }
        let bytes = fs_err::read(path).map_err(io_error(path))?;
        if !bytes.starts_with(b"PK") {
            return Err(not_a_bag(
                "neither a folder nor a zip (an age-encrypted package: decrypt it first with age -d)".into(),
            ));
        }
        Bag::from_zip(&bytes).map_err(not_a_bag)
    }

    fn from_zip(bytes: &[u8]) -> Result<Bag, String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("the zip cannot be read: {e}"))?;
        let mut entries = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive
                .by_index(i)
                .map_err(|e| format!("zip entry {i}: {e}"))?;
            if file.is_dir() {
                continue;
            }
            let name = file
                .enclosed_name()
                .ok_or_else(|| format!("zip entry {:?} has an unsafe path", file.name()))?
                .to_string_lossy()
                .replace('\\', "/");
            let mut data = Vec::new();
            std::io::copy(&mut file, &mut data).map_err(|e| format!("zip entry {name}: {e}"))?;
            entries.insert(name, data);
        }
        // One top folder (the bag's name) is taken off; a zip of the bag's contents works too.
        let root = entries
            .keys()
            .find(|n| n.ends_with(BAGIT) && n.matches('/').count() <= 1)
            .map(|n| n.trim_end_matches(BAGIT).to_string())
            .ok_or("the zip holds no bagit.txt at its top or in one top folder")?;
        let files = entries
            .into_iter()
            .map(|(name, data)| match name.strip_prefix(&root) {
                Some(rest) => Ok((rest.to_string(), data)),
                None => Err(format!("{name} lies outside the bag's folder {root}")),
            })
            .collect::<Result<_, String>>()?;
        Ok(Bag { files })
    }
}

/// The signed comment of the tag manifest's signature: what it is of, as of when, and the
/// tag manifest's hash (so a damaged signature file and a damaged manifest are told apart).
fn trusted_comment(model: &str, as_of: DateTime<Utc>, tag_manifest: &str) -> String {
    format!(
        "Gatehouse audit package of {} as of {}; {TAG_MANIFEST} sha256 {}",
        one_line(model),
        as_of.to_rfc3339(),
        sha256_hex(tag_manifest.as_bytes())
    )
}

pub(crate) fn refuse_existing(path: &Path) -> Result<()> {
    if path.exists() {
        return Err(ExportError::DestinationExists(path.to_path_buf()));
    }
    Ok(())
}

/// `dir` with `suffix` appended to its name, in the same folder.
pub(crate) fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn read_dir(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for entry in fs_err::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let path = entry.path();
        if path.is_dir() {
            read_dir(root, &path, files)?;
        } else {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(name, fs_err::read(&path).map_err(io_error(&path))?);
        }
    }
    Ok(())
}
