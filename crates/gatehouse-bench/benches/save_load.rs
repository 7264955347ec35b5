//! Save and load of a generated ~50 MB model, beside Debian's `age` CLI encrypting and
//! decrypting the same plaintext in the same run. Results and ratios: BENCHMARKS.md.

use std::path::Path;
use std::process::Command;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::{
    Assignment, EventDraft, Model, ModelMeta, Person, PersonKind, Role, RoleKind,
};
use gatehouse_vault::{Identity, Vault};

/// About 50 MB of database: 60,000 people, 200 roles and 150,000 assignments.
fn large_model() -> Model {
    let mut m = Model {
        meta: ModelMeta {
            name: "Benchmark".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    };
    m.roles = (0..200)
        .map(|i| Role {
            id: format!("role-{i:03}"),
            name: format!("Role {i}"),
            description: "A generated role for the benchmark".into(),
            kind: RoleKind::Other,
        })
        .collect();
    m.people = (0..60_000)
        .map(|i| Person {
            id: format!("person-{i:06}"),
            name: format!("Generated Person {i}"),
            email: Some(format!("person.{i}@example.org")),
            department: Some(format!("Department {}", i % 50)),
            kind: PersonKind::Business,
        })
        .collect();
    m.assignments = (0..150_000)
        .map(|i| Assignment {
            id: format!("asg-{i:07}"),
            person: format!("person-{:06}", i % 60_000),
            role: format!("role-{:03}", i % 200),
            environment: None,
            valid_from: None,
            valid_until: None,
            justification: Some("Generated for the save/load benchmark".into()),
            approver: Some(format!("person-{:06}", (i * 7) % 60_000)),
        })
        .collect();
    m.canonicalize();
    m
}

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
    let model = large_model();
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
