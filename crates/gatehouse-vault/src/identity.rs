//! The user's X25519 identity, kept in a file that the `age` CLI can also use: either
//! passphrase-protected (scrypt, ASCII-armoured, the default) or, for scripts that ask for
//! it explicitly, in the clear as `age-keygen` writes it.

// Every I/O error here becomes `VaultError::Io`, which names the path itself; fs-err
// would name it a second time.
#![allow(clippy::disallowed_methods)]

use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};

use crate::error::{io_error, Result, VaultError};
use crate::file::write_atomically;

/// Work factor of the passphrase protection: Go age's default (about 0.5 s, 256 MiB here).
pub const SCRYPT_WORK_FACTOR: u8 = 18;
/// The highest work factor accepted when unlocking (Go age refuses above 22).
pub const SCRYPT_MAX_WORK_FACTOR: u8 = 22;

pub struct Identity {
    inner: age::x25519::Identity,
}

/// A public key a vault is encrypted to (`age1…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient(age::x25519::Recipient);

impl Recipient {
    pub fn parse(text: &str) -> Result<Recipient> {
        let key = text.trim();
        age::x25519::Recipient::from_str(key)
            .map(Recipient)
            .map_err(|_| VaultError::InvalidRecipient {
                recipient: shortened(key),
                reason: why_not_a_recipient(key),
            })
    }

    /// The recipient a key file gives: a public key (`age1…`, as in a `.pub` or `.txt`
    /// file, comments allowed), or the public half of an unprotected identity file
    /// (`AGE-SECRET-KEY-1…`), of which nothing else is kept.
    pub fn from_key_file(path: &Path) -> Result<Recipient> {
        let bytes = std::fs::read(path).map_err(io_error(path))?;
        let invalid = |reason: &str| VaultError::InvalidRecipient {
            recipient: path.display().to_string(),
            reason: reason.into(),
        };
        if is_encrypted(&bytes) {
            return Err(invalid(
                "the file is a passphrase-protected identity; ask its owner for the public key (age1…)",
            ));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| invalid("the file is not text; a key file holds a line age1…"))?;
        let lines = || {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
        };
        if let Some(line) = lines().find(|l| l.starts_with("age1")) {
            return Recipient::parse(line);
        }
        if let Some(line) = lines().find(|l| l.starts_with("AGE-SECRET-KEY-1")) {
            let identity = age::x25519::Identity::from_str(line)
                .map_err(|_| invalid("its AGE-SECRET-KEY-1 line is damaged"))?;
            return Ok(Recipient(identity.to_public()));
        }
        Err(invalid(
            "no line of the file starts with age1 (a public key) or AGE-SECRET-KEY-1 (an identity)",
        ))
    }

    pub(crate) fn as_age(&self) -> &age::x25519::Recipient {
        &self.0
    }
}

impl std::fmt::Display for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Identity {
    pub fn generate() -> Identity {
        Identity {
            inner: age::x25519::Identity::generate(),
        }
    }

    pub fn recipient(&self) -> Recipient {
        Recipient(self.inner.to_public())
    }

    pub(crate) fn as_age(&self) -> &age::x25519::Identity {
        &self.inner
    }

    /// The identity in `age-keygen`'s format.
    fn to_text(&self) -> SecretString {
        let text = format!(
            "# Gatehouse identity\n# public key: {}\n{}\n",
            self.recipient(),
            self.inner.to_string().expose_secret()
        );
        SecretString::from(text)
    }

    /// Writes the identity to `path`, protected by `passphrase`, or in the clear when
    /// `passphrase` is `None` (anyone who reads that file can open your vaults).
    pub fn write(&self, path: &Path, passphrase: Option<&SecretString>) -> Result<()> {
        write_protected(path, &self.to_text(), passphrase)
    }

    /// Whether the identity file at `path` needs a passphrase.
    pub fn needs_passphrase(path: &Path) -> Result<bool> {
        let bytes = read_identity_file(path)?;
        Ok(is_encrypted(&bytes))
    }

    /// Reads the identity at `path`; `passphrase` is asked for only when the file is
    /// protected.
    pub fn read(
        path: &Path,
        passphrase: impl FnOnce() -> Option<SecretString>,
    ) -> Result<Identity> {
        let text = read_protected(path, passphrase)?;
        let text = text.expose_secret();
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
            .ok_or_else(|| not_identity(path, "no AGE-SECRET-KEY line"))?;
        let inner = age::x25519::Identity::from_str(line)
            .map_err(|_| not_identity(path, "the secret key is malformed"))?;
        Ok(Identity { inner })
    }
}

/// Writes `text` (a secret: an identity, a signing key) to `path` as the `age` CLI's
/// `-p -a` would, protected by `passphrase` (scrypt, ASCII-armoured), or in the clear when
/// `passphrase` is `None`; readable by the owner only.
pub fn write_protected(
    path: &Path,
    text: &SecretString,
    passphrase: Option<&SecretString>,
) -> Result<()> {
    let bytes = match passphrase {
        None => text.expose_secret().as_bytes().to_vec(),
        Some(passphrase) => {
            let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
            recipient.set_work_factor(SCRYPT_WORK_FACTOR);
            let encryptor =
                age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                    .map_err(|e| VaultError::Encrypt(e.to_string()))?;
            let mut out = Vec::new();
            let armor =
                age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                    .map_err(io_error(path))?;
            let mut writer = encryptor.wrap_output(armor).map_err(io_error(path))?;
            writer
                .write_all(text.expose_secret().as_bytes())
                .map_err(io_error(path))?;
            writer
                .finish()
                .and_then(|armor| armor.finish())
                .map_err(io_error(path))?;
            out
        }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs_err::create_dir_all(dir).map_err(io_error(path))?;
    }
    write_atomically(path, &bytes, false, 0o600)
}

/// Reads what [`write_protected`] wrote; `passphrase` is asked for only when the file is
/// protected.
pub fn read_protected(
    path: &Path,
    passphrase: impl FnOnce() -> Option<SecretString>,
) -> Result<SecretString> {
    let bytes = read_identity_file(path)?;
    let text = if is_encrypted(&bytes) {
        let passphrase =
            passphrase().ok_or_else(|| VaultError::PassphraseRequired { path: path.into() })?;
        decrypt_with_passphrase(path, &bytes, passphrase)?
    } else {
        String::from_utf8(bytes).map_err(|_| not_identity(path, "it is not text"))?
    };
    Ok(SecretString::from(text))
}

fn read_identity_file(path: &Path) -> Result<Vec<u8>> {
    match fs_err::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(VaultError::IdentityNotFound { path: path.into() })
        }
        Err(e) => Err(io_error(path)(e)),
    }
}

fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
        || bytes.starts_with(b"age-encryption.org/")
}

fn decrypt_with_passphrase(path: &Path, bytes: &[u8], passphrase: SecretString) -> Result<String> {
    let armored = age::armor::ArmoredReader::new(bytes);
    let decryptor = age::Decryptor::new(armored).map_err(|e| not_identity(path, &e.to_string()))?;
    let mut identity = age::scrypt::Identity::new(passphrase);
    identity.set_max_work_factor(SCRYPT_MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::NoMatchingKeys
            | age::DecryptError::KeyDecryptionFailed => {
                VaultError::WrongPassphrase { path: path.into() }
            }
            other => not_identity(path, &other.to_string()),
        })?;
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| not_identity(path, &e.to_string()))?;
    Ok(text)
}

fn not_identity(path: &Path, reason: &str) -> VaultError {
    VaultError::NotAnIdentity {
        path: path.into(),
        reason: reason.to_string(),
    }
}

/// Age X25519 public keys are Bech32: "age1" and 58 more characters.
const RECIPIENT_LEN: usize = 62;

/// What is wrong with a text that does not parse as a recipient, in words a person can act on.
fn why_not_a_recipient(key: &str) -> String {
    let expected = "it should start with age1 and be 62 characters";
    if key.is_empty() {
        return format!("it is empty; {expected}");
    }
    if key.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-") {
        return "this is a secret key: share and paste only the public key (age1…), never the secret one".into();
    }
    if key.starts_with("ssh-") {
        return format!("SSH keys are not supported; {expected}");
    }
    if !key.starts_with("age1") {
        return expected.into();
    }
    let len = key.chars().count();
    if len != RECIPIENT_LEN {
        return format!("it has {len} characters; {expected}");
    }
    "its checksum does not match: a character was mistyped or changed".into()
}

/// A pasted text, cut short for a message.
fn shortened(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}
