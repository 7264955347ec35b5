//! `gatehouse version add|list|restore VAULT` and `gatehouse diff VAULT [FROM] [TO]`.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use gatehouse_app::core::{ChangeKind, EntityDiff};
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::versions::{VersionDiff, VersionInput};

use crate::KeyArgs;

#[derive(Subcommand)]
pub(crate) enum VersionCommand {
    /// Name the model as it is now ("v1.0"), kept in the vault
    Add {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// The version's name, e.g. "v1.0"
        name: String,
        /// Who approved it ("the CAB")
        #[arg(long)]
        approved_by: Option<String>,
        /// A note kept with the version
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The named versions, oldest first
    List {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// Print the versions as one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Make the model what a version holds (one audited change; `gatehouse diff` shows it first)
    Restore {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// The version to restore
        name: String,
    },
}

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The vault file (.gatehouse)
    vault: PathBuf,
    /// The version to compare from [default: the latest named version]
    from: Option<String>,
    /// The version to compare to [default: current, the model as it is now]
    to: Option<String>,
    /// {"from", "to", "diff": {"meta", "entities": [{"kind", "key", "change", "before", "after"}]}, "added", "removed", "changed"}
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(command: VersionCommand, key: &KeyArgs, actor: &Actor) -> Result<()> {
    match command {
        VersionCommand::Add {
            vault,
            name,
            approved_by,
            note,
        } => {
            let input = VersionInput {
                name,
                approved_by,
                note,
            };
            let v = ops::add_version(&vault, &key.unlock()?, &input, actor)?;
            println!(
                "{}: named the version {:?} (model {})",
                vault.display(),
                v.name,
                &v.model_sha256[..12]
            );
        }
        VersionCommand::List { vault, json } => {
            let list = ops::versions(&vault, &key.unlock()?, actor)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else if list.is_empty() {
                println!("no versions named yet");
            }
            for v in list.iter().filter(|_| !json) {
                println!(
                    "{:<16} {}  by {}{}{}{}",
                    v.name,
                    v.at.format("%Y-%m-%d %H:%M"),
                    v.actor,
                    v.approved_by
                        .as_deref()
                        .map(|a| format!(", approved by {a}"))
                        .unwrap_or_default(),
                    if v.note.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", v.note)
                    },
                    if v.is_current { "  (= current)" } else { "" }
                );
            }
        }
        VersionCommand::Restore { vault, name } => {
            let summary = ops::restore_version(&vault, &key.unlock()?, &name, actor)?;
            println!(
                "{}: the model is now the version {name:?} ({} entities), recorded in the audit log",
                vault.display(),
                summary.counts.total()
            );
        }
    }
    Ok(())
}

pub(crate) fn diff(args: DiffArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let d = ops::diff(
        &args.vault,
        &key.unlock()?,
        args.from.as_deref(),
        args.to.as_deref(),
        actor,
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        print_diff(&d);
    }
    Ok(())
}

fn print_diff(d: &VersionDiff) {
    let n = d.diff.entities.len();
    println!(
        "{} → {}: {n} entit{} differ",
        d.from,
        d.to,
        if n == 1 { "y" } else { "ies" }
    );
    if let Some((before, after)) = &d.diff.meta {
        println!("\n~ model: {:?} → {:?}", before.name, after.name);
    }
    for e in &d.diff.entities {
        println!("\n{} {} {}", sign(e.change), e.kind, e.key);
        print_fields(e);
    }
}

fn sign(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Changed => "~",
    }
}

/// The fields that differ, before → after.
fn print_fields(e: &EntityDiff) {
    let object = |side: &Option<gatehouse_app::core::Entity>| {
        side.as_ref()
            .and_then(|x| x.to_value().as_object().cloned())
            .unwrap_or_default()
    };
    let (before, after) = (object(&e.before), object(&e.after));
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    for f in fields {
        let (b, a) = (before.get(f), after.get(f));
        if b != a {
            let show =
                |v: Option<&serde_json::Value>| v.map_or("—".to_string(), |v| v.to_string());
            println!("    {f}: {} → {}", show(b), show(a));
        }
    }
}
