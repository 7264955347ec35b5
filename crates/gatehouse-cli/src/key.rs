//! The identity that opens vaults: where it is, its passphrase, and `gatehouse keygen`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use anyhow::{anyhow, Result};
use clap::Args;
use gatehouse_app::ops::Actor;
use gatehouse_app::vault::Identity;
use gatehouse_app::{identity, AppError, ErrorCode};

use crate::export;

/// Where the identity is and how its passphrase is given (global options).
#[derive(Args)]
pub struct KeyArgs {
    /// Identity file [default: $GATEHOUSE_IDENTITY, else ~/.config/gatehouse/identity.age]
    #[arg(long, global = true, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// Read the identity's passphrase from this file (first line) instead of a prompt or
    /// $GATEHOUSE_PASSPHRASE
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

/// `gatehouse keygen`: your identity, or with `--signing` the signing key of audit packages.
#[derive(Args)]
pub struct KeygenArgs {
    /// Store the key unprotected (for scripts only: anyone who reads the file can open your vaults)
    #[arg(long)]
    pub no_passphrase: bool,
    /// Make the signing key of audit packages instead (ECDSA P-256 with a self-signed
    /// certificate for the PDF, Ed25519 minisign for the bag)
    #[arg(long)]
    pub signing: bool,
    /// With --signing: the signer, as the certificate names them ("Ana Silva, Compliance")
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// With --signing: the signer's organisation
    #[arg(long, value_name = "ORG", default_value = "")]
    pub organization: String,
    /// With --signing: where to write it [default: $GATEHOUSE_SIGNING_KEY, else signing.age beside the identity]
    #[arg(long, value_name = "FILE")]
    pub sign_key: Option<PathBuf>,
    /// With --signing: import the organisation's ECDSA P-256 key and certificate from this
    /// PKCS#12 file instead of making a self-signed one
    #[arg(
        long,
        value_name = "ORG.p12",
        requires = "signing",
        conflicts_with = "name"
    )]
    pub import: Option<PathBuf>,
    /// With --import: read the PKCS#12 file's passphrase from this file (first line)
    /// instead of a prompt
    #[arg(long, value_name = "FILE", requires = "import")]
    pub p12_passphrase_file: Option<PathBuf>,
}

pub fn keygen(args: KeygenArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    match args {
        KeygenArgs {
            no_passphrase,
            signing: true,
            name,
            organization,
            sign_key,
            import,
            p12_passphrase_file,
        } => {
            let path = export::sign_key_path(sign_key.as_deref());
            if let Some(p12) = import {
                let p12_passphrase = p12_passphrase_file.as_deref();
                export::import_key(key, &path, no_passphrase, &p12, p12_passphrase)?;
            } else {
                let name = name.unwrap_or_default();
                export::keygen(key, &path, no_passphrase, &name, &organization, actor)?;
            }
        }
        KeygenArgs { no_passphrase, .. } => {
            let path = key.identity_path();
            let passphrase = if no_passphrase {
                eprintln!("warning: {} will hold your key unprotected", path.display());
                None
            } else {
                Some(key.new_passphrase()?)
            };
            let identity = identity::create(&path, passphrase)?;
            eprintln!("identity written to {}", path.display());
            println!("{}", identity.recipient());
        }
    }
    Ok(())
}

impl KeyArgs {
    pub(crate) fn identity_path(&self) -> PathBuf {
        self.identity.clone().unwrap_or_else(identity::default_path)
    }

    pub(crate) fn unlock(&self) -> Result<Identity> {
        let path = self.identity_path();
        Ok(identity::unlock(
            &path,
            self.passphrase(&path, "Passphrase for")?,
        )?)
    }

    /// The passphrase when the identity file needs one: from --passphrase-file,
    /// $GATEHOUSE_PASSPHRASE, or a prompt on the terminal.
    pub(crate) fn passphrase(&self, path: &Path, prompt: &str) -> Result<Option<SecretString>> {
        if !path.exists() || !Identity::needs_passphrase(path).map_err(AppError::from)? {
            return Ok(None);
        }
        self.read_passphrase(&format!("{prompt} {}: ", path.display()))
            .map(Some)
    }

    fn read_passphrase(&self, prompt: &str) -> Result<SecretString> {
        if let Some(file) = &self.passphrase_file {
            let text = fs_err::read_to_string(file).map_err(|e| {
                anyhow!(AppError::new(
                    ErrorCode::Io,
                    format!(
                        "cannot read the passphrase file {}: {}; give a readable file with --passphrase-file",
                        file.display(),
                        gatehouse_import::error::io_reason(&e)
                    )
                ))
            })?;
            return Ok(SecretString::from(
                text.lines().next().unwrap_or("").to_string(),
            ));
        }
        if let Ok(p) = std::env::var("GATEHOUSE_PASSPHRASE") {
            return Ok(SecretString::from(p));
        }
        if !std::io::stdin().is_terminal() {
            return Err(anyhow!(AppError::new(
                ErrorCode::PassphraseRequired,
                "a passphrase is needed: give it with --passphrase-file or GATEHOUSE_PASSPHRASE (no terminal to ask on)"
            )));
        }
        Ok(SecretString::from(rpassword::prompt_password(prompt)?))
    }

    pub(crate) fn new_passphrase(&self) -> Result<SecretString> {
        let first = self.read_passphrase("New passphrase for your identity: ")?;
        if self.passphrase_file.is_none() && std::env::var_os("GATEHOUSE_PASSPHRASE").is_none() {
            use age::secrecy::ExposeSecret;
            let again = self.read_passphrase("Same passphrase again: ")?;
            if again.expose_secret() != first.expose_secret() {
                return Err(anyhow!(AppError::new(
                    ErrorCode::PassphraseMismatch,
                    "the two passphrases differ; nothing was written"
                )));
            }
        }
        Ok(first)
    }
}
