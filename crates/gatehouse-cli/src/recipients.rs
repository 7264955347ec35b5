//! Who a vault is encrypted to: `recipients list|add|remove`, and hand-over copies (`copy`).

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::{identity, share};

use crate::KeyArgs;

#[derive(Subcommand)]
pub enum RecipientsCommand {
    /// Each key that opens the file, with its label; yours is marked
    List {
        /// The vault file
        file: PathBuf,
        /// One JSON document: {"recipients": [{"key", "label", "you"}], "your_key", ...}
        #[arg(long)]
        json: bool,
    },
    /// Lets another key open the file from now on (or relabels one)
    Add {
        /// The vault file
        file: PathBuf,
        /// The public key, age1…
        #[arg(required_unless_present = "key_file")]
        recipient: Option<String>,
        /// Read the key from a file: a public key (.pub/.txt), or an unprotected identity
        /// file, of which only the public key is used
        #[arg(long, value_name = "PATH", conflicts_with = "recipient")]
        key_file: Option<PathBuf>,
        /// A name for the key, kept in the vault ("Ana Silva, client CO")
        #[arg(long, value_name = "NAME")]
        label: Option<String>,
    },
    /// Stops a key from opening the file from now on
    Remove {
        /// The vault file
        file: PathBuf,
        /// The public key, age1…
        recipient: String,
        /// Allow removing your own key
        #[arg(long)]
        force: bool,
    },
}

pub fn run(command: RecipientsCommand, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let (sharing, json) = match command {
        RecipientsCommand::List { file, json } => {
            (ops::recipients(&file, &key.unlock()?, actor)?, json)
        }
        RecipientsCommand::Add {
            file,
            recipient,
            key_file,
            label,
        } => {
            let recipient = match (recipient, key_file) {
                (_, Some(path)) => share::key_from_file(&path)?,
                (Some(text), None) => share::parse_key(&text)?,
                (None, None) => return Err(anyhow!("give the key (age1…) or --key-file PATH")),
            };
            let sharing =
                ops::add_recipient(&file, &key.unlock()?, recipient, label.as_deref(), actor)?;
            (sharing, false)
        }
        RecipientsCommand::Remove {
            file,
            recipient,
            force,
        } => {
            let recipient = share::parse_key(&recipient)?;
            let sharing = ops::remove_recipient(&file, &key.unlock()?, recipient, force, actor)?;
            (sharing, false)
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&sharing)?);
        return Ok(());
    }
    // The key first on each line, so `cut -d' ' -f1` gives the keys.
    for r in sharing.recipients {
        let note = match (r.label, r.you) {
            (Some(label), true) => format!("  # {label} (you)"),
            (Some(label), false) => format!("  # {label}"),
            (None, true) => "  # you".to_string(),
            (None, false) => String::new(),
        };
        println!("{}{note}", r.key);
    }
    Ok(())
}

#[derive(Args)]
pub struct CopyArgs {
    /// The vault file
    pub file: PathBuf,
    /// Where to write the copy
    pub out: PathBuf,
    /// A public key (age1…) that may open the copy; repeat for several
    #[arg(long = "to", value_name = "AGE1…", required = true)]
    pub to: Vec<String>,
}

pub fn copy(args: CopyArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let CopyArgs { file, out, to } = args;

    let to = identity::parse_recipients(&to)?;
    ops::copy(&file, &key.unlock()?, &out, &to, actor)?;
    println!(
        "wrote {}: a copy that {} recipient(s) can open; {} keeps its own recipients",
        out.display(),
        to.len(),
        file.display()
    );

    Ok(())
}
