//! Crash-safe writes: at every instant the target path holds a complete file, either the
//! previous generation or the new one.

// Every I/O error here becomes `VaultError::Io`, which names the path itself; fs-err
// would name it a second time.
#![allow(clippy::disallowed_methods)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::error::{io_error, Result, VaultError};

/// The backup kept beside a vault: the previous saved generation.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

pub(crate) fn write_atomically(
    path: &Path,
    bytes: &[u8],
    keep_backup: bool,
    mode: u32,
) -> Result<()> {
    write_atomically_with(path, keep_backup, mode, |w| w.write_all(bytes))
}

/// Writes through `fill` into a temporary file beside `path`, fsyncs it, keeps the current
/// file as `<path>.bak` (when asked), renames the temporary file over `path` and fsyncs the
/// directory.
pub(crate) fn write_atomically_with(
    path: &Path,
    keep_backup: bool,
    mode: u32,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let tmp = with_suffix(path, ".tmp");
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(&tmp)
            .map_err(io_error(&tmp))?;
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        fill(&mut writer).map_err(io_error(&tmp))?;
        let file = writer
            .into_inner()
            .map_err(|e| io_error(&tmp)(e.into_error()))?;
        file.sync_all().map_err(io_error(&tmp))?;
        drop(file);

        if keep_backup && path.exists() {
            keep_previous_generation(path)?;
        }
        std::fs::rename(&tmp, path).map_err(io_error(path))?;
        sync_dir(path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Makes `<path>.bak` a copy of the current `path` without ever leaving `path` missing:
/// hard-link (or copy) it to a temporary name, then rename that over the old backup.
fn keep_previous_generation(path: &Path) -> Result<()> {
    let backup = backup_path(path);
    let staging = with_suffix(path, ".bak.tmp");
    let _ = std::fs::remove_file(&staging);
    if std::fs::hard_link(path, &staging).is_err() {
        std::fs::copy(path, &staging).map_err(io_error(&staging))?;
        File::open(&staging)
            .and_then(|f| f.sync_all())
            .map_err(io_error(&staging))?;
    }
    std::fs::rename(&staging, &backup).map_err(io_error(&backup))
}

fn sync_dir(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(|source| VaultError::Io { path: dir, source })
}
