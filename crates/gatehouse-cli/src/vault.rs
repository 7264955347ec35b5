//! The vault as a whole: `init`, `show`, and the model as canonical JSON (`model export|import`).

use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use clap::{Args, Subcommand};
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::{identity, AppError};

use crate::KeyArgs;

#[derive(Args)]
pub struct InitArgs {
    /// The vault file
    pub file: PathBuf,
    /// The template to start from (`gatehouse templates` lists them)
    #[arg(long, default_value = "generic-nocode")]
    pub template: String,
    /// Encrypt to this public key (repeatable) [default: your own]
    #[arg(long = "recipient", value_name = "AGE1…")]
    pub recipients: Vec<String>,
}

pub fn init(args: InitArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let InitArgs {
        file,
        template,
        recipients,
    } = args;

    let recipients = if recipients.is_empty() {
        vec![key.unlock()?.recipient()]
    } else {
        identity::parse_recipients(&recipients)?
    };
    let summary = ops::init(&file, &template, &recipients, actor)?;
    println!(
        "created {} from template {template}: {} roles, {} people, encrypted to {} recipient(s)",
        file.display(),
        summary.counts.roles,
        summary.counts.people,
        summary.recipients.len()
    );

    Ok(())
}

#[derive(Args)]
pub struct ShowArgs {
    /// The vault file
    pub file: PathBuf,
    /// Print one JSON document: {"counts", "audit_head", ...}
    #[arg(long)]
    pub json: bool,
}

pub fn show(args: ShowArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let ShowArgs { file, json } = args;

    let workbench = ops::open(&file, &key.unlock()?, actor)?;
    let summary = workbench.summary()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!("{}  ({})", summary.name, file.display());
        let counts = serde_json::to_value(summary.counts)?;
        for (kind, count) in counts.as_object().into_iter().flatten() {
            println!("  {:<18} {count}", kind.replace('_', " "));
        }
        println!("  audit events       {}", summary.events);
        println!("  audit chain head   {}", summary.chain_head);
        println!("  schema version     {}", summary.schema_version);
        println!("  recipients         {}", summary.recipients.join(", "));
    }

    Ok(())
}

#[derive(Subcommand)]
pub enum ModelCommand {
    /// Print the model as canonical JSON on stdout
    Export {
        /// The vault file
        file: PathBuf,
    },
    /// Replace the model with one from canonical JSON (validated, audited)
    Import {
        /// The vault file
        file: PathBuf,
        /// The canonical JSON model to take (as `model export` writes it)
        model: PathBuf,
    },
}

pub fn model(command: ModelCommand, key: &KeyArgs, actor: &Actor) -> Result<()> {
    match command {
        ModelCommand::Export { file } => {
            print!("{}", ops::export_model(&file, &key.unlock()?, actor)?);
        }
        ModelCommand::Import { file, model } => {
            let json = fs_err::read_to_string(&model)
                .with_context(|| format!("cannot read {}", model.display()))?;
            let summary = ops::import_model(&file, &key.unlock()?, &json, actor).map_err(|e| {
                anyhow!(AppError::new(
                    e.code,
                    format!("{}: {}", model.display(), e.message)
                ))
            })?;
            println!(
                "{}: model replaced; {} entities, audit chain head {}",
                file.display(),
                summary.counts.total(),
                summary.chain_head
            );
        }
    }
    Ok(())
}
