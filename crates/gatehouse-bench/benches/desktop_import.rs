//! The backend's share of applying and undoing a 100,000-row import in the desktop: the
//! commands the window calls after Apply and after Undo (`import_apply` or `undo`, then
//! `model_delta` since the revision it holds, then `findings`), on the demo model and the
//! same generated list as the desktop test (`tests/tests/desktop/large.rs`:
//! `Person;E-mail;Role`, 7 roles). Beside them in the same run, the same file read and
//! split into lines, for scale (the goal itself is absolute: ≤ 1 s each in the desktop).
//!
//! Each phase's time is printed once before the measurements (`phase …`), so that where
//! the time goes is seen without a profiler.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use gatehouse_app::job::Step;
use gatehouse_app::{FixedClock, Session};

/// The allocator the CLI and the desktop use.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: u32 = 100_000;

fn file() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    fs_err::create_dir_all(&dir).unwrap();
    let path = dir.join("access-100k.csv");
    if !path.exists() {
        let mut text = String::from("Person;E-mail;Role\n");
        for i in 0..ROWS {
            text.push_str(&format!("Person {i:06};p{i}@example.org;Role {}\n", i % 7));
        }
        fs_err::write(&path, text).unwrap();
    }
    path
}

fn no_progress(_: &Step) {}

/// A demo session with the list previewed in its wizard, as after the window's Preview.
fn previewed(dir: &Path, path: &Path) -> Session {
    let clock = Arc::new(FixedClock::at("2026-12-07T09:00:00Z"));
    let mut session = Session::demo(dir.join("identity.age"), "bench", clock).unwrap();
    session.import_choose(path).unwrap();
    let job = session.import_job(&[]).unwrap();
    let computed = job.run(&no_progress).unwrap();
    session.import_keep(computed).unwrap();
    session
}

/// What the window does after a command that changed the model.
fn reload(session: &Session, since: u64) -> usize {
    let delta = session.model_delta(Some(since));
    let findings = session.findings(None).unwrap();
    delta.model.get().len() + findings.len()
}

/// Runs `command` on `session` once, then the window's reload after it, and prints how long
/// each took.
fn phase(session: &mut Session, name: &str, command: impl FnOnce(&mut Session)) {
    let revision = session.workbench().revision();
    let t = Instant::now();
    command(session);
    let done = t.elapsed();
    let delta = session.model_delta(Some(revision));
    let delta_t = t.elapsed() - done;
    let findings = session.findings(None).unwrap();
    let findings_t = t.elapsed() - done - delta_t;
    println!(
        "phase {name}: {done:?}, model_delta {delta_t:?} ({} bytes), findings {findings_t:?} ({} findings)",
        delta.model.get().len(),
        findings.len()
    );
}

/// Prints each phase of one apply and one undo.
fn phases(dir: &Path, path: &Path) {
    let mut session = previewed(dir, path);
    phase(&mut session, "import_apply", |s| {
        s.import_apply(false).unwrap();
    });
    phase(&mut session, "undo", |s| {
        s.undo().unwrap();
    });
}

fn bench(c: &mut Criterion) {
    let path = file();
    let dir = tempfile::tempdir().unwrap();
    phases(dir.path(), &path);
    let mut g = c.benchmark_group("desktop_import_100k");
    g.sample_size(10);
    g.bench_function("csv_bare_read", |b| {
        b.iter(|| black_box(fs_err::read_to_string(&path).unwrap().lines().count()))
    });
    g.bench_function("apply_and_reload", |b| {
        b.iter_batched(
            || {
                let session = previewed(dir.path(), &path);
                let revision = session.workbench().revision();
                (session, revision)
            },
            |(mut session, revision)| {
                session.import_apply(false).unwrap();
                black_box(reload(&session, revision));
                session
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("undo_and_reload", |b| {
        b.iter_batched(
            || {
                let mut session = previewed(dir.path(), &path);
                session.import_apply(false).unwrap();
                let revision = session.workbench().revision();
                (session, revision)
            },
            |(mut session, revision)| {
                session.undo().unwrap();
                black_box(reload(&session, revision));
                session
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
