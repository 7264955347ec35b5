//! `gatehouse import SPREADSHEET`: preview (dry run) or apply a legacy spreadsheet.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use clap::Args;
use gatehouse_app::import;
use gatehouse_app::job::Step;
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::{AppError, ErrorCode};
use gatehouse_import::Preview;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::KeyArgs;

#[derive(Args)]
pub(crate) struct ImportArgs {
    /// The spreadsheet: xlsx, xlsm, xlsb, xls, ods, csv or tsv
    spreadsheet: PathBuf,
    /// The vault to import into
    #[arg(long, value_name = "VAULT", required_unless_present = "dry_run")]
    into: Option<PathBuf>,
    /// Show what would be imported and change nothing (no vault needed)
    #[arg(long)]
    dry_run: bool,
    /// Print the preview as JSON
    #[arg(long)]
    json: bool,
    /// Read the sheets as this mapping (TOML) says instead of detecting their layout
    #[arg(long, value_name = "FILE.toml")]
    mapping: Option<PathBuf>,
}

/// A progress bar on stderr while a job runs (the same [`Step`]s the desktop shows); drawn
/// only when stderr is a terminal, so scripts and pipes see nothing of it.
struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(Some(1_000), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}")
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        Bar { bar }
    }

    fn report(&self, step: &Step) {
        self.bar.set_position((step.fraction * 1_000.0) as u64);
        self.bar.set_message(step.detail.clone());
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

pub(crate) fn run(args: ImportArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let mapping = args
        .mapping
        .as_deref()
        .map(import::read_mapping)
        .transpose()?;
    if args.dry_run {
        let preview = match &args.into {
            Some(vault) => {
                let workbench = ops::open(vault, &key.unlock()?, actor)?;
                let bar = Bar::new();
                import::preview(&workbench, &args.spreadsheet, mapping.as_ref(), &|s| {
                    bar.report(s)
                })?
            }
            None => {
                let bar = Bar::new();
                import::dry_run(&args.spreadsheet, mapping.as_ref(), &|s| bar.report(s))?
            }
        };
        print(&preview, args.json, "would import")?;
        return match import::nothing_read(&preview) {
            Some(e) => Err(anyhow!(e)),
            None => Ok(()),
        };
    }
    let vault = args.into.as_ref().ok_or_else(|| {
        anyhow!(AppError::new(
            ErrorCode::Usage,
            "give --into VAULT or --dry-run"
        ))
    })?;
    let identity = key.unlock()?;
    let outcome = {
        let bar = Bar::new();
        ops::import_spreadsheet(
            vault,
            &identity,
            &args.spreadsheet,
            mapping.as_ref(),
            actor,
            &|s| bar.report(s),
        )?
    };
    print(&outcome.preview, args.json, "imported")?;
    if !args.json {
        println!(
            "{}: audit event {}{}",
            vault.display(),
            outcome.event,
            if outcome.changed {
                ""
            } else {
                " (the model was already up to date)"
            }
        );
    }
    Ok(())
}

fn print(p: &Preview, json: bool, verb: &str) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(p)?);
        return Ok(());
    }
    println!("{} ({}, sha256 {})", p.file, p.format, p.sha256);
    for s in &p.sheets {
        let header = s
            .header_row
            .map(|r| format!("header row {r}"))
            .unwrap_or_else(|| "no header".into());
        println!(
            "  sheet {:?}: {} ({header}) — {}",
            s.name,
            s.layout.as_str(),
            s.note
        );
    }
    let rows = p.rows().counts();
    println!(
        "  {verb}: {} grants, {} RACI entries, {} assignments, {} SoD rules",
        rows.grants, rows.raci, rows.assignments, rows.sod_rules
    );
    println!(
        "  entities: {} new, {} changed, {} unchanged",
        p.changes.new, p.changes.changed, p.changes.unchanged
    );
    for (kind, names) in &p.new_entities {
        let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
        let more = names.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        println!("  new {kind}: {}{tail}", shown.join(", "));
    }
    if !p.warnings.is_empty() {
        println!(
            "  {}:",
            gatehouse_import::progress::counted(p.warnings.len(), "warning")
        );
        for w in p.warnings.iter().take(50) {
            println!("    {}: {}", w.source, w.message);
        }
        if p.warnings.len() > 50 {
            println!(
                "    … and {} more (use --json for all)",
                p.warnings.len() - 50
            );
        }
    }
    Ok(())
}
