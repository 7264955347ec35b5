//! Crash safety: a process saving in a loop is killed with SIGKILL at random moments; after
//! every kill the vault opens to a complete generation, the last or the one before it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use gatehouse_core::{Edit, Entity, Person, PersonKind};
use gatehouse_vault::{backup_path, Identity, Vault};
use rand::{Rng, SeedableRng};

use crate::{draft, template, Setup};

const CHILD_ENV: &str = "GATEHOUSE_CRASH_CHILD_DIR";
const KILLS: usize = 200;
const TEST_NAME: &str = "crash::sigkill_during_saves_always_leaves_a_complete_generation";

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

fn last_reported(progress: &Path) -> u64 {
    std::fs::read_to_string(progress)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .next_back()
        .unwrap_or(0)
}

/// What the child process does: save new generations until it is killed.
fn save_forever(dir: &Path) -> ! {
    let identity = Identity::read(&dir.join("identity.txt"), || None).unwrap();
    let path = dir.join("v.gatehouse");
    let mut vault = Vault::open(&path, &identity).unwrap();
    let mut progress = std::fs::OpenOptions::new()
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
        vault.save(&path).unwrap();
        // One write(2) for the whole line: `writeln!` writes the number and the newline
        // separately, and a kill between them glued this number to the next one ("12" +
        // "13\n" read back as 1213).
        progress.write_all(format!("{n}\n").as_bytes()).unwrap();
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

    let seed: u64 = rand::random();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let exe = std::env::current_exe().unwrap();
    let tmp = s.path("v.gatehouse.tmp");
    let (mut mid_save, mut max_generation) = (0, 0);
    for kill in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, s.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.gen_range(5_000..120_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        if tmp.exists() {
            mid_save += 1;
        }

        // The last save known complete: the child reported it, or the vault already held
        // it after the previous kill (a save can finish just before its report is written).
        let completed = last_reported(&s.path("progress")).max(max_generation);
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
                "kill {kill}: the backup is newer than the vault"
            );
        }
        max_generation = max_generation.max(generation);
    }
    eprintln!("{KILLS} kills (seed {seed}): {mid_save} left a half-written temporary file; {max_generation} generations saved");
    assert!(
        max_generation > 10,
        "the child saved only {max_generation} generations: the test did not exercise saving"
    );
    assert!(
        mid_save > 0,
        "no kill landed inside a save: the test did not exercise the crash window"
    );
}

fn generation_of(path: &Path, identity: &Identity) -> u64 {
    generation(&Vault::open(path, identity).unwrap())
}
