//! Crash safety: a process saving in a loop is killed with SIGKILL; after every kill the vault
//! opens to a complete generation, the last or the one before it.
//!
//! Where the kills land does not decide the outcome: half of them wait until the child has
//! begun a save and the other half until it has finished one, each then after a delay drawn
//! from a seeded generator. The seed is printed; `GATEHOUSE_CRASH_SEED=N` replays a run.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use gatehouse_core::{Edit, Entity, Person, PersonKind};
use gatehouse_vault::{backup_path, Identity, Vault};
use rand::{Rng, SeedableRng};

use crate::{draft, template, Setup};

const CHILD_ENV: &str = "GATEHOUSE_CRASH_CHILD_DIR";
const SEED_ENV: &str = "GATEHOUSE_CRASH_SEED";
const KILLS: usize = 200;
const TEST_NAME: &str = "crash::sigkill_during_saves_always_leaves_a_complete_generation";
/// How long a child may take to begin or finish a save before the test gives up on it.
const PATIENCE: Duration = Duration::from_secs(60);

/// The highest `gen-N` person in the model: which save this generation is.
fn generation(vault: &Vault) -> u64 {
    vault
        .model()
        .unwrap()
        .people
        .iter()
        .filter_map(|p| p.id.strip_prefix("gen-").and_then(|n| n.parse().ok()))
        .max()
        .unwrap_or(0)
}

/// What the child has said so far: how many lines, and the last save it finished.
struct Reports {
    lines: usize,
    saved: u64,
}

fn reports(progress: &Path) -> Reports {
    let text = fs_err::read_to_string(progress).unwrap_or_default();
    // A kill can cut the last line short: only whole lines count.
    let whole = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
    Reports {
        lines: whole.lines().count(),
        saved: whole
            .lines()
            .filter_map(|l| l.strip_prefix("saved ")?.parse().ok())
            .next_back()
            .unwrap_or(0),
    }
}

/// What the child process does: save new generations until it is killed, saying before
/// each save that it begins and after it that it is done.
fn save_forever(dir: &Path) -> ! {
    let identity = Identity::read(&dir.join("identity.txt"), || None).unwrap();
    let path = dir.join("v.gatehouse");
    let mut vault = Vault::open(&path, &identity).unwrap();
    let mut progress = fs_err::OpenOptions::new()
        .append(true)
        .create(true)
        .open(dir.join("progress"))
        .unwrap();
    let mut n = generation(&vault);
    loop {
        n += 1;
        let person = Person {
            id: format!("gen-{n}"),
            name: format!("Generation {n}"),
            email: None,
            department: None,
            kind: PersonKind::Other,
        };
        vault
            .record(
                &Edit::Upsert {
                    entity: Entity::Person(person),
                },
                draft("person.upsert", 0),
            )
            .unwrap();
        // One write(2) per line: `writeln!` writes the text and the newline separately, and
        // a kill between them would glue two reports together.
        progress
            .write_all(format!("saving {n}\n").as_bytes())
            .unwrap();
        vault.save(&path).unwrap();
        progress
            .write_all(format!("saved {n}\n").as_bytes())
            .unwrap();
    }
}

/// Waits until the child has written a report beyond `seen` lines that `wanted` accepts.
fn wait_for(child: &mut Child, progress: &Path, seen: usize, wanted: &str, kill: usize) {
    let started = Instant::now();
    loop {
        let text = fs_err::read_to_string(progress).unwrap_or_default();
        if text.lines().skip(seen).any(|l| l.starts_with(wanted)) {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("kill {kill}: the child exited ({status}) before it reported '{wanted}'");
        }
        assert!(
            started.elapsed() < PATIENCE,
            "kill {kill}: the child did not report '{wanted}' within {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn sigkill_during_saves_always_leaves_a_complete_generation() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        save_forever(Path::new(&dir));
    }

    let s = Setup::new();
    // A model big enough that a save takes a while, so kills land inside saves.
    let mut model = template();
    for i in 0..3000 {
        model.people.push(Person {
            id: format!("bulk-{i:05}"),
            name: format!("Bulk person {i} with a fairly long name to fill pages"),
            email: Some(format!("bulk{i}@example.org")),
            department: Some("Operations".into()),
            kind: PersonKind::Business,
        });
    }
    model.canonicalize();
    let path = s.path("v.gatehouse");
    Vault::create(&model, &[s.identity.recipient()], draft("model.create", 0))
        .unwrap()
        .save(&path)
        .unwrap();

    let seed: u64 = match std::env::var(SEED_ENV) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{SEED_ENV}={text} is not a whole number")),
        Err(_) => rand::random(),
    };
    eprintln!("crash test seed {seed} (replay with {SEED_ENV}={seed})");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let exe = std::env::current_exe().unwrap();
    let progress = s.path("progress");
    let tmp = s.path("v.gatehouse.tmp");
    let (mut mid_save, mut max_generation) = (0, 0);
    for kill in 0..KILLS {
        let seen = reports(&progress).lines;
        let mut child = Command::new(&exe)
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, s.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Even kills: inside a save (begun, maybe not finished); odd kills: after a finished
        // save, somewhere in the next edit or save.
        let wanted = if kill % 2 == 0 { "saving " } else { "saved " };
        wait_for(&mut child, &progress, seen, wanted, kill);
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..20_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        if tmp.exists() {
            mid_save += 1;
        }

        // The last save known complete: the child reported it, or the vault already held
        // it after the previous kill (a save can finish just before its report is written).
        let completed = reports(&progress).saved.max(max_generation);
        let vault = Vault::open(&path, &s.identity)
            .unwrap_or_else(|e| panic!("kill {kill} (seed {seed}): the vault does not open: {e}"));
        let generation = generation(&vault);
        assert!(
            generation == completed || generation == completed + 1,
            "kill {kill} (seed {seed}): the vault holds generation {generation}, but the last completed save was {completed}"
        );
        vault.verify_chain().unwrap();
        gatehouse_core::validate(&vault.model().unwrap()).unwrap();
        if backup_path(&path).exists() {
            let previous = generation_of(&backup_path(&path), &s.identity);
            assert!(
                previous <= generation,
                "kill {kill} (seed {seed}): the backup is newer than the vault"
            );
        }
        max_generation = max_generation.max(generation);
    }
    eprintln!("{KILLS} kills (seed {seed}): {mid_save} left a half-written temporary file; {max_generation} generations saved");
    // Every odd kill waited for a finished save, so the generations grew at least that often.
    assert!(
        max_generation >= (KILLS / 2) as u64,
        "{KILLS} kills, half of them after a reported save, yet the vault holds only generation {max_generation}: saves did not last"
    );
}

fn generation_of(path: &Path, identity: &Identity) -> u64 {
    generation(&Vault::open(path, identity).unwrap())
}
