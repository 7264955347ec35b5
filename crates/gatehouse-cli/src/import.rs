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
    /// The spreadsheet: xlsx, xlsm, xlsb, xls, ods, csv or tsv; `-` reads it from standard
    /// input (give --format)
    #[arg(required_unless_present = "mapping_example")]
    spreadsheet: Option<PathBuf>,
    /// The format of a spreadsheet read from standard input: xlsx, xlsm, xlsb, xls, ods,
    /// csv or tsv
    #[arg(long, value_name = "EXT")]
    format: Option<String>,
    /// Fail (exit status 4, nothing changed) when the import reads any warning
    #[arg(long)]
    strict: bool,
    /// Print an example mapping with every key, commented, and exit
    #[arg(long, exclusive = true)]
    mapping_example: bool,
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
    /// Remove, in the same audited edit, the grants, RACI entries, assignments and SoD
    /// rules that the last import of a file of this name made and this version no longer
    /// has (without it they are kept and listed as no longer in the file)
    #[arg(long)]
    sync: bool,
}

/// A progress bar on stderr while a job runs (the same [`Step`]s the desktop shows); drawn
/// only when stderr is a terminal, so scripts and pipes see nothing of it.
pub(crate) struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub(crate) fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(Some(1_000), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}")
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        Bar { bar }
    }

    pub(crate) fn report(&self, step: &Step) {
        self.bar.set_position((step.fraction * 1_000.0) as u64);
        self.bar.set_message(step.detail.clone());
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// The spreadsheet to read: the file named, or standard input copied to a file named
/// `stdin.<format>` (kept until the import ends).
fn spreadsheet(args: &ImportArgs) -> Result<(PathBuf, Option<tempfile::TempDir>)> {
    let path = args.spreadsheet.clone().unwrap_or_default();
    if path.as_os_str() != "-" {
        if args.format.is_some() {
            return Err(anyhow!(AppError::new(
                ErrorCode::Usage,
                "--format is for a spreadsheet read from standard input (`-`); a file's name says its format"
            )));
        }
        return Ok((path, None));
    }
    let format = args.format.as_deref().ok_or_else(|| {
        anyhow!(AppError::new(
            ErrorCode::Usage,
            "reading a spreadsheet from standard input (`-`) needs --format (xlsx, xlsm, xlsb, xls, ods, csv or tsv)"
        ))
    })?;
    let io = |e: std::io::Error| {
        anyhow!(AppError::new(
            ErrorCode::Io,
            format!("standard input could not be read: {e}")
        ))
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(io)?;
    let dir = tempfile::tempdir().map_err(io)?;
    let file = dir
        .path()
        .join(format!("stdin.{}", format.trim_start_matches('.')));
    fs_err::write(&file, bytes).map_err(io)?;
    Ok((file, Some(dir)))
}

/// Under `--strict`, any warning fails the import before it changes anything.
fn strict(args: &ImportArgs, preview: &Preview) -> Result<()> {
    if !args.strict || preview.warnings.is_empty() {
        return Ok(());
    }
    let first = &preview.warnings[0];
    Err(anyhow!(AppError::new(
        ErrorCode::ImportWarnings,
        format!(
            "{}: {} under --strict, the first at {}: {}; nothing was changed",
            preview.file,
            gatehouse_import::progress::counted(preview.warnings.len(), "warning"),
            first.source,
            first.message
        )
    )))
}

pub(crate) fn run(args: ImportArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    if args.mapping_example {
        print!("{}", gatehouse_import::MAPPING_EXAMPLE);
        return Ok(());
    }
    let (spreadsheet, _stdin) = spreadsheet(&args)?;
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
                import::preview(&workbench, &spreadsheet, mapping.as_ref(), &|s| {
                    bar.report(s)
                })?
            }
            None => {
                let bar = Bar::new();
                import::dry_run(&spreadsheet, mapping.as_ref(), &|s| bar.report(s))?
            }
        };
        print(&preview, args.json, "would import")?;
        if let Some(e) = import::nothing_read(&preview) {
            return Err(anyhow!(e));
        }
        return strict(&args, &preview);
    }
    let vault = args.into.as_ref().ok_or_else(|| {
        anyhow!(AppError::new(
            ErrorCode::Usage,
            "give --into VAULT or --dry-run"
        ))
    })?;
    let identity = key.unlock()?;
    if args.strict {
        let workbench = ops::open(vault, &identity, actor)?;
        let bar = Bar::new();
        let preview = import::preview(&workbench, &spreadsheet, mapping.as_ref(), &|s| {
            bar.report(s)
        })?;
        strict(&args, &preview)?;
    }
    let outcome = {
        let bar = Bar::new();
        ops::import_spreadsheet(
            vault,
            &identity,
            &spreadsheet,
            mapping.as_ref(),
            args.sync,
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
    if !p.gone.is_empty() {
        let state = if p.synced {
            "removed"
        } else {
            "kept; --sync removes them"
        };
        println!(
            "  no longer in the file: {} ({state}):",
            gatehouse_import::progress::counted(p.gone.len(), "item")
        );
        for g in p.gone.iter().take(20) {
            println!("    {} {}", g.kind.replace('_', " "), g.what);
        }
        if p.gone.len() > 20 {
            println!("    … and {} more (use --json for all)", p.gone.len() - 20);
        }
    }
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
