//! Save and load of a generated ~50 MB model, beside Debian's `age` CLI encrypting and
//! decrypting the same plaintext in the same run. Results and ratios: BENCHMARKS.md.

use std::path::Path;
use std::process::Command;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::EventDraft;
use gatehouse_vault::{Identity, Vault};

fn age(args: &[&str], files: &[&Path]) {
    let status = Command::new("age")
        .args(args)
        .args(files)
        .status()
        .expect("age CLI installed");
    assert!(status.success());
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let identity = Identity::generate();
    let identity_file = dir.path().join("identity.txt");
    identity.write(&identity_file, None).unwrap();
    let recipient = identity.recipient().to_string();
    let draft = EventDraft {
        at: Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap(),
        actor: "bench".into(),
        action: "model.create".into(),
        summary: "benchmark model".into(),
        before: None,
        after: None,
    };
    // About 50 MB of database.
    let model = gatehouse_bench::assigned_model(60_000, 200, 150_000);
    let mut vault = Vault::create(&model, &[identity.recipient()], draft).unwrap();
    let vault_file = dir.path().join("bench.gatehouse");
    let plain = dir.path().join("plain.db");
    fs_err::write(&plain, vault.image().unwrap()).unwrap();
    vault.save(&vault_file).unwrap();
    let age_file = dir.path().join("by-age.age");
    let age_out = dir.path().join("age-out.db");
    eprintln!(
        "database image: {} bytes",
        fs_err::metadata(&plain).unwrap().len()
    );

    let mut group = c.benchmark_group("vault_50mb");
    group.sample_size(10);
    group.bench_function("gatehouse_save", |b| {
        b.iter(|| vault.save(&vault_file).unwrap())
    });
    group.bench_function("age_cli_encrypt", |b| {
        b.iter(|| age(&["-r", &recipient, "-o"], &[&age_file, &plain]))
    });
    // The same durability as a Gatehouse save: the written file fsynced (coreutils sync FILE).
    group.bench_function("age_cli_encrypt_fsync", |b| {
        b.iter(|| {
            age(&["-r", &recipient, "-o"], &[&age_file, &plain]);
            let status = Command::new("sync").arg(&age_file).status().unwrap();
            assert!(status.success());
        })
    });
    group.bench_function("gatehouse_open", |b| {
        b.iter(|| Vault::open(&vault_file, &identity).unwrap())
    });
    group.bench_function("age_cli_decrypt", |b| {
        b.iter(|| {
            age(
                &["-d", "-i", identity_file.to_str().unwrap(), "-o"],
                &[&age_out, &vault_file],
            )
        })
    });
    group.bench_function("gatehouse_open_and_read_model", |b| {
        b.iter(|| {
            Vault::open(&vault_file, &identity)
                .unwrap()
                .model()
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
