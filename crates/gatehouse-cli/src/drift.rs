//! `gatehouse drift VAULT ACTUAL`: the model against an actual access export, recorded in
//! the vault's audit log; `--last` shows the last check recorded.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use clap::Args;
use gatehouse_app::drift::{self, DriftReport, LastDriftCheck};
use gatehouse_app::import;
use gatehouse_app::ops::Actor;
use gatehouse_app::{AppError, ErrorCode};

use crate::import::Bar;
use crate::KeyArgs;

#[derive(Args)]
pub(crate) struct DriftArgs {
    /// The vault file (.gatehouse)
    vault: PathBuf,
    /// The actual access export: a user or role-membership list (xlsx, csv, …) as the
    /// platform writes it
    #[arg(required_unless_present = "last")]
    actual: Option<PathBuf>,
    /// The date to judge the model's validity windows on [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    at: Option<NaiveDate>,
    /// Print one JSON document: {"unauthorised", "missing", "expired_present", "unmatched"}
    /// (with --last: the last check's record)
    #[arg(long)]
    json: bool,
    /// Exit with status 4 when any difference is found (unmatched rows included)
    #[arg(long)]
    fail_on_drift: bool,
    /// Read the export's sheets as this mapping (TOML) says instead of detecting them
    #[arg(long, value_name = "FILE.toml")]
    mapping: Option<PathBuf>,
    /// Show the last drift check recorded in the vault instead of running one
    #[arg(long, conflicts_with_all = ["actual", "at", "mapping"])]
    last: bool,
}

pub(crate) fn run(args: DriftArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let identity = key.unlock()?;
    if args.last {
        let last = drift::last_check_in_vault(&args.vault, &identity, actor)?;
        return print_last(&args, last.as_ref());
    }
    let actual = args.actual.as_ref().ok_or_else(|| {
        anyhow!(AppError::new(
            ErrorCode::Usage,
            "give the actual access export to compare (or --last)"
        ))
    })?;
    let mapping = args
        .mapping
        .as_deref()
        .map(import::read_mapping)
        .transpose()?;
    let report = {
        let bar = Bar::new();
        drift::check_vault(
            &args.vault,
            &identity,
            actual,
            args.at,
            mapping.as_ref(),
            actor,
            &|s| bar.report(s),
        )?
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.drift)?);
        for w in &report.warnings {
            eprintln!("warning: {}: {}", w.source, w.message);
        }
    } else {
        print(&args, &report);
    }
    if args.fail_on_drift && report.counts.total() > 0 {
        return Err(anyhow!(AppError::new(
            ErrorCode::DriftFound,
            format!(
                "{}: {} against {}",
                report.file,
                drift::describe(&report.counts),
                args.vault.display()
            )
        )));
    }
    Ok(())
}

fn print(args: &DriftArgs, r: &DriftReport) {
    println!(
        "{} ({}, sha256 {}) against {} on {}: {} ({} read)",
        r.file,
        r.format,
        r.sha256,
        args.vault.display(),
        r.at,
        drift::describe(&r.counts),
        gatehouse_import::progress::counted(r.rows as usize, "assignment"),
    );
    for f in &r.findings {
        println!(
            "\n[{}] {}  {}\n  fix: {}",
            f.severity, f.code, f.message, f.fix
        );
        if let Some(a) = &f.accepted {
            println!(
                "  accepted: exception {} until {} ({})",
                a.exception, a.until, a.justification
            );
        }
    }
    if !r.warnings.is_empty() {
        println!(
            "\n{} while reading the export:",
            gatehouse_import::progress::counted(r.warnings.len(), "warning")
        );
        for w in &r.warnings {
            println!("  {}: {}", w.source, w.message);
        }
    }
    println!(
        "\n{}: recorded as audit event {} ({})",
        args.vault.display(),
        r.event,
        drift::ACTION
    );
}

fn print_last(args: &DriftArgs, last: Option<&LastDriftCheck>) -> Result<()> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(&last)?);
        return Ok(());
    }
    match last {
        None => println!("{}: no drift check recorded yet", args.vault.display()),
        Some(l) => println!(
            "{}: last drift check {} by {} (audit event {}): {} (sha256 {}) on {}: {}",
            args.vault.display(),
            l.checked_at.format("%Y-%m-%d %H:%M UTC"),
            l.actor,
            l.event,
            l.file,
            l.sha256,
            l.at,
            drift::describe(&l.counts)
        ),
    }
    Ok(())
}
