//! `gatehouse export` (the signed audit package), `gatehouse verify` (check one) and
//! `gatehouse keygen --signing` (the key that signs them).

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use anyhow::{anyhow, Result};
use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use gatehouse_app::export::{self, ExportRequest};
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::{signing, AppError, ErrorCode};

use crate::import::Bar;
use crate::KeyArgs;

#[derive(Args)]
pub(crate) struct ExportArgs {
    /// The vault
    vault: PathBuf,
    /// The package's folder, new (with --zip: DIR.zip; with --encrypt-to: DIR.zip.age)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The as-of time on every file: YYYY-MM-DD (midnight UTC) or RFC 3339 [default: now]
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    as_of: Option<DateTime<Utc>>,
    /// Sections of the binder, comma-separated (roles, matrix, ownership, assignments, sod,
    /// exceptions, criteria, gates, escalations, findings, simulations, access_reviews,
    /// change_log, versions, audit_log, controls, dashboard) [default: all]
    #[arg(long, value_name = "SECTION,…", value_delimiter = ',')]
    sections: Option<Vec<String>>,
    /// The signing key [default: $GATEHOUSE_SIGNING_KEY, else signing.age beside the identity]
    #[arg(long, value_name = "KEY")]
    sign_key: Option<PathBuf>,
    /// Write one zip (sorted entries, timestamps from the as-of time)
    #[arg(long)]
    zip: bool,
    /// Encrypt the zip with age to this public key (age1…); repeat for several
    #[arg(long = "encrypt-to", value_name = "AGE1…")]
    encrypt_to: Vec<String>,
    /// Source-Organization in bag-info.txt [default: the certificate's organisation]
    #[arg(long, value_name = "NAME")]
    organization: Option<String>,
    /// Print the outcome as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The package: its folder or its zip
    package: PathBuf,
    /// The signer's minisign public key, received apart from the package [default: the
    /// package's own signer.pub, which proves integrity but not who signed]
    #[arg(long, value_name = "signer.pub")]
    signer: Option<PathBuf>,
    /// Print the checks as JSON
    #[arg(long)]
    json: bool,
}

fn parse_as_of(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| "expected YYYY-MM-DD or an RFC 3339 time (2026-03-31T17:00:00Z)".into())
}

pub(crate) fn sign_key_path(given: Option<&Path>) -> PathBuf {
    given
        .map(Path::to_path_buf)
        .unwrap_or_else(signing::default_path)
}

pub(crate) fn run_export(args: ExportArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let identity = key.unlock()?;
    let key_path = sign_key_path(args.sign_key.as_deref());
    let signing_key = signing::unlock(&key_path, key.passphrase(&key_path, "Passphrase for")?)?;
    let request = ExportRequest {
        dest: args.out.display().to_string(),
        as_of: args.as_of,
        sections: args.sections,
        zip: args.zip,
        encrypt_to: args.encrypt_to,
        organization: args.organization,
    };
    let outcome = {
        let bar = Bar::new();
        ops::export(&args.vault, &identity, signing_key, &request, actor, &|s| {
            bar.report(s)
        })?
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
    } else {
        println!(
            "wrote {} (as of {})",
            outcome.path,
            outcome.as_of.to_rfc3339()
        );
        for f in &outcome.files {
            println!("  {:>10}  {}", f.size, f.name);
        }
        for l in &outcome.left_out {
            println!("  left out: {l}");
        }
        println!("  tag manifest sha256 {}", outcome.tag_manifest_sha256);
        println!(
            "  recorded as audit event {} of {}",
            outcome.event,
            args.vault.display()
        );
        println!(
            "  checked: {} of {} checks pass",
            outcome.checks.iter().filter(|c| c.ok).count(),
            outcome.checks.len()
        );
    }
    if let Some(c) = outcome.checks.iter().find(|c| !c.ok) {
        return Err(anyhow!(AppError::new(
            ErrorCode::VerifyFailed,
            format!("what was written fails a check: {}: {}", c.file, c.detail)
        )));
    }
    Ok(())
}

pub(crate) fn run_verify(args: VerifyArgs) -> Result<()> {
    let verification = export::verify(&args.package, args.signer.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&verification)?);
    } else {
        for c in &verification.checks {
            let mark = if c.ok { "ok  " } else { "FAIL" };
            println!("{mark}  {:<24} {:<34} {}", c.name, c.file, c.detail);
        }
    }
    match export::failed(&args.package, &verification) {
        Some(e) => Err(anyhow!(e)),
        None => {
            eprintln!("{}: every check passes", args.package.display());
            Ok(())
        }
    }
}

/// The PKCS#12 file's passphrase: the first line of `file`, else a prompt on the terminal.
fn p12_passphrase(p12: &Path, file: Option<&Path>) -> Result<SecretString> {
    use std::io::IsTerminal;
    if let Some(file) = file {
        let text = fs_err::read_to_string(file)
            .map_err(|e| anyhow!(AppError::new(ErrorCode::Io, e.to_string())))?;
        return Ok(SecretString::from(
            text.lines().next().unwrap_or("").to_string(),
        ));
    }
    if !std::io::stdin().is_terminal() {
        return Err(anyhow!(AppError::new(
            ErrorCode::PassphraseRequired,
            format!(
                "{}: its passphrase is needed: give it with --p12-passphrase-file (no terminal to ask on)",
                p12.display()
            )
        )));
    }
    let prompt = format!("Passphrase of {}: ", p12.display());
    Ok(SecretString::from(rpassword::prompt_password(prompt)?))
}

/// `gatehouse keygen --signing --import ORG.p12`.
pub(crate) fn import_key(
    key: &KeyArgs,
    path: &Path,
    no_passphrase: bool,
    p12: &Path,
    p12_passphrase_file: Option<&Path>,
) -> Result<()> {
    let opened = p12_passphrase(p12, p12_passphrase_file)?;
    let passphrase = if no_passphrase {
        None
    } else {
        Some(key.new_passphrase()?)
    };
    let signing_key = signing::import(path, p12, &opened, passphrase)?;
    report_key(path, signing::info(path, &signing_key), no_passphrase);
    Ok(())
}

fn report_key(path: &Path, info: signing::SignerInfo, no_passphrase: bool) {
    if no_passphrase {
        eprintln!(
            "warning: {} holds your signing key unprotected",
            path.display()
        );
    }
    eprintln!("signing key written to {}", path.display());
    println!("signer: {}", info.signer);
    println!("certificate sha256: {}", info.fingerprint);
    print!("{}", info.minisign_public);
}

/// `gatehouse keygen --signing`.
pub(crate) fn keygen(
    key: &KeyArgs,
    path: &Path,
    no_passphrase: bool,
    name: &str,
    organization: &str,
    actor: &Actor,
) -> Result<()> {
    let passphrase = if no_passphrase {
        None
    } else {
        Some(key.new_passphrase()?)
    };
    let today = actor.clock.now().date_naive();
    let signing_key = signing::create(path, passphrase, name, organization, today)?;
    report_key(path, signing::info(path, &signing_key), no_passphrase);
    Ok(())
}
