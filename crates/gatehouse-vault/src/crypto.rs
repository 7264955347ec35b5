//! A vault on disk is a standard age file whose plaintext is a SQLite database image.
//! Decryption failures are told apart: wrong key, not an age file, truncated, tampered.

// Every I/O error here becomes `VaultError::Io`, which names the path itself; fs-err
// would name it a second time.
#![allow(clippy::disallowed_methods)]

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Backup, Result, VaultError};
use crate::file::{backup_path, write_atomically_with};
use crate::identity::{Identity, Recipient};

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
const AGE_CHUNK: u64 = 64 * 1024;
const AGE_TAG: u64 = 16;
const AGE_NONCE: u64 = 16;

/// Encrypts `plaintext` to `recipients` and writes it crash-safely to `path`, keeping the
/// previous generation as `<path>.bak`.
pub fn save_encrypted(path: &Path, plaintext: &[u8], recipients: &[Recipient]) -> Result<()> {
    if recipients.is_empty() {
        return Err(VaultError::NoRecipients);
    }
    let encryptor = age::Encryptor::with_recipients(
        recipients.iter().map(|r| r.as_age() as &dyn age::Recipient),
    )
    .map_err(|e| VaultError::Encrypt(e.to_string()))?;
    write_atomically_with(path, true, 0o600, |out| {
        let mut writer = encryptor.wrap_output(out)?;
        writer.write_all(plaintext)?;
        writer.finish()?;
        Ok(())
    })
}

/// Reads and decrypts the vault at `path`; returns the plaintext database image.
pub fn load_decrypted(path: &Path, identity: &Identity) -> Result<Vec<u8>> {
    let bytes = match fs_err::read(path) {
        Ok(b) => b,
        Err(source) => {
            return Err(VaultError::Io {
                path: path.into(),
                source,
            })
        }
    };
    decrypt(path, &bytes, identity)
}

/// The fast path of opening: streams the decrypted payload of the file at `path` into
/// `sink` (given a reader and the exact plaintext size), then checks the stream ended
/// cleanly. Returns false when anything is off, so the caller can take the slow path that
/// explains what.
pub(crate) fn decrypt_into(
    path: &Path,
    identity: &Identity,
    sink: impl FnOnce(&mut dyn Read, usize) -> bool,
) -> Result<bool> {
    let file = std::fs::File::open(path).map_err(|source| VaultError::Io {
        path: path.into(),
        source,
    })?;
    let file_len = file
        .metadata()
        .map_err(|source| VaultError::Io {
            path: path.into(),
            source,
        })?
        .len();
    let mut input = std::io::BufReader::with_capacity(1 << 20, file);
    let head = std::io::BufRead::fill_buf(&mut input).map_err(|source| VaultError::Io {
        path: path.into(),
        source,
    })?;
    let Some(header_len) = header_length(head).filter(|_| head.starts_with(AGE_MAGIC)) else {
        return Ok(false);
    };
    let Some(size) = plaintext_size(file_len, header_len) else {
        return Ok(false);
    };
    let Ok(decryptor) = age::Decryptor::new_buffered(input) else {
        return Ok(false);
    };
    if decryptor.is_scrypt() {
        return Ok(false);
    }
    let Ok(mut reader) =
        decryptor.decrypt(std::iter::once(identity.as_age() as &dyn age::Identity))
    else {
        return Ok(false);
    };
    if !sink(&mut reader, size) {
        return Ok(false);
    }
    // The stream must end exactly here, with a valid final chunk.
    let mut extra = [0u8; 1];
    Ok(matches!(reader.read(&mut extra), Ok(0)))
}

/// The plaintext size of an age file of `file_len` bytes whose header is `header_len`.
fn plaintext_size(file_len: u64, header_len: u64) -> Option<usize> {
    let payload = file_len.checked_sub(header_len + AGE_NONCE)?;
    let chunks = payload.div_ceil(AGE_CHUNK + AGE_TAG).max(1);
    usize::try_from(payload.checked_sub(chunks * AGE_TAG)?).ok()
}

fn decrypt(path: &Path, bytes: &[u8], identity: &Identity) -> Result<Vec<u8>> {
    let not_a_vault = |reason: &str| VaultError::NotAVault {
        path: path.into(),
        reason: reason.into(),
    };
    if !bytes.starts_with(AGE_MAGIC) {
        return Err(not_a_vault("it is not an age-encrypted file"));
    }
    let Some(header_len) = header_length(bytes) else {
        // No header end: a short file was cut inside its header; a long one (a vault is
        // always more than one chunk) had its header altered.
        return Err(if (bytes.len() as u64) < AGE_CHUNK {
            truncated(path, bytes.len() as u64)
        } else {
            tampered(path)
        });
    };
    let decryptor = match age::Decryptor::new_buffered(bytes) {
        Ok(d) => d,
        // A v1 header that no longer parses (e.g. a damaged MAC line) was altered; only a
        // file that says another version is of an unknown format.
        Err(age::DecryptError::UnknownFormat) if !bytes.starts_with(b"age-encryption.org/v1\n") => {
            return Err(not_a_vault("it is an age file of an unknown version"))
        }
        Err(age::DecryptError::Io(_)) => return Err(truncated(path, bytes.len() as u64)),
        Err(_) => return Err(tampered(path)),
    };
    if decryptor.is_scrypt() {
        return Err(not_a_vault(
            "it is encrypted with a passphrase, not to recipients",
        ));
    }
    let mut reader =
        match decryptor.decrypt(std::iter::once(identity.as_age() as &dyn age::Identity)) {
            Ok(r) => r,
            Err(age::DecryptError::NoMatchingKeys) => {
                return Err(VaultError::WrongKey { path: path.into() })
            }
            Err(age::DecryptError::InvalidMac) => return Err(tampered(path)),
            Err(_) => return Err(tampered(path)),
        };
    let mut plaintext = Vec::with_capacity(bytes.len());
    match reader.read_to_end(&mut plaintext) {
        Ok(_) => Ok(plaintext),
        Err(_) => {
            // What decrypted before the failure holds the SQLite header, which says how
            // large the database is; a file shorter than that was cut off.
            let actual = bytes.len() as u64;
            match expected_file_size(&plaintext, header_len) {
                Some(expected) if actual < expected => Err(truncated(path, actual)),
                Some(_) => Err(tampered(path)),
                // Not even the first chunk decrypted. A vault's database (its schema alone
                // is over 17 pages of 4 KiB) never fits in one chunk, so a file that ends
                // within the first chunk was cut short.
                None if actual < header_len + AGE_NONCE + AGE_CHUNK + AGE_TAG => {
                    Err(truncated(path, actual))
                }
                None => Err(tampered(path)),
            }
        }
    }
}

/// Where the age header ends (after the `---` MAC line), if the file holds a whole header.
fn header_length(bytes: &[u8]) -> Option<u64> {
    let mac_line = bytes.windows(4).position(|w| w == b"\n---")? + 1;
    let end = bytes[mac_line..].iter().position(|&b| b == b'\n')?;
    Some((mac_line + end + 1) as u64)
}

/// The size of the whole age file for the database whose first bytes are `plaintext`.
fn expected_file_size(plaintext: &[u8], header_len: u64) -> Option<u64> {
    if plaintext.len() < 32 || !plaintext.starts_with(SQLITE_MAGIC) {
        return None;
    }
    let page_size = match u16::from_be_bytes([plaintext[16], plaintext[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes(plaintext[28..32].try_into().ok()?));
    let size = page_size * pages;
    let chunks = size.div_ceil(AGE_CHUNK).max(1);
    Some(header_len + AGE_NONCE + size + chunks * AGE_TAG)
}

/// The previous save beside `path`, if one is there.
fn backup_of(path: &Path) -> Backup {
    let backup = backup_path(path);
    Backup(backup.is_file().then_some(backup))
}

fn truncated(path: &Path, actual: u64) -> VaultError {
    VaultError::Truncated {
        path: path.into(),
        actual,
        backup: backup_of(path),
    }
}

fn tampered(path: &Path) -> VaultError {
    VaultError::Tampered {
        path: path.into(),
        backup: backup_of(path),
    }
}

/// Checks that a decrypted image is a SQLite database at all.
pub(crate) fn check_sqlite_image(path: &Path, image: &[u8]) -> Result<()> {
    if image.starts_with(SQLITE_MAGIC) {
        Ok(())
    } else {
        Err(VaultError::NotAVault {
            path: path.into(),
            reason: "it decrypts, but what it holds is not a Gatehouse database".into(),
        })
    }
}
