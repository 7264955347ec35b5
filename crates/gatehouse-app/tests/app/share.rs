//! Sharing as the desktop drives it: the session's own key marked, recipients added from
//! pasted text and key files, removed with the CLI's refusals, saved at once under
//! autosave, and hand-over copies; each checked by opening the real files with the keys.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use gatehouse_app::share::Sharing;
use gatehouse_app::vault::{Identity, Vault};
use gatehouse_app::{AppError, ErrorCode, FixedClock, Session};

const PASSPHRASE: &str = "workshop passphrase";

struct Setup {
    dir: tempfile::TempDir,
    session: Session,
    /// The session's own key.
    you: Identity,
    /// A colleague's key, never the session's.
    client: Identity,
}

impl Setup {
    /// The demo model with the identity unlocked.
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let identity_path = dir.path().join("identity.age");
        let mut session = locked_demo(&identity_path);
        session.create_identity(PASSPHRASE.into()).unwrap();
        let you = Identity::read(&identity_path, || Some(PASSPHRASE.to_string().into())).unwrap();
        Setup {
            dir,
            session,
            you,
            client: Identity::generate(),
        }
    }

    /// The demo model saved to its first file.
    fn saved() -> (Setup, PathBuf) {
        let mut s = Setup::new();
        let file = s.path("model.gatehouse");
        s.session.save_as(&file).unwrap();
        (s, file)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn client_key(&self) -> String {
        self.client.recipient().to_string()
    }

    fn your_key(&self) -> String {
        self.you.recipient().to_string()
    }
}

/// The demo model, with no identity yet at `identity_path`.
fn locked_demo(identity_path: &Path) -> Session {
    let clock = Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    Session::demo(identity_path.to_path_buf(), "consultant", clock).unwrap()
}

#[track_caller]
fn assert_refused(err: &AppError, code: ErrorCode, words: &str) {
    assert_eq!(err.code, code);
    assert!(
        err.message.contains(words),
        "the message says what is wrong: {}",
        err.message
    );
}

fn opens(path: &Path, identity: &Identity) -> Result<(), &'static str> {
    Vault::open(path, identity)
        .map(|_| ())
        .map_err(|e| e.code())
}

fn keys(sharing: &Sharing) -> Vec<(String, Option<String>, bool)> {
    sharing
        .recipients
        .iter()
        .map(|r| (r.key.clone(), r.label.clone(), r.you))
        .collect()
}

#[test]
fn the_demo_shares_nobody_yet_and_shows_your_key_once_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let mut locked = locked_demo(&dir.path().join("identity.age"));
    let sharing = locked.sharing().unwrap();
    assert!(sharing.recipients.is_empty() && sharing.file.is_none());
    assert_eq!(sharing.your_key, None, "no key is known while locked");
    let err = locked
        .share_add(&Identity::generate().recipient().to_string(), None)
        .unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::IdentityLocked,
        "adding needs your key (it goes along with the first one)"
    );
    assert!(locked.sharing().unwrap().recipients.is_empty());

    let s = Setup::new();
    let sharing = s.session.sharing().unwrap();
    assert_eq!(sharing.your_key, Some(s.your_key()));
    assert!(sharing.recipients.is_empty());
}

#[test]
fn a_recipient_added_before_the_first_save_brings_your_key_along() {
    let mut s = Setup::new();
    let before = s.session.summary().unwrap().events;
    let sharing = s
        .session
        .share_add(&s.client_key(), Some("  Ana Silva, client CO "))
        .unwrap();
    assert_eq!(
        keys(&sharing),
        [
            (s.your_key(), None, true),
            (s.client_key(), Some("Ana Silva, client CO".into()), false)
        ],
        "your key first, so the first Save As does not lock you out; the label trimmed"
    );
    assert!(sharing.unsaved, "a model without a file waits for Save As");
    assert_eq!(
        s.session.summary().unwrap().events,
        before + 1,
        "one audited change"
    );

    let file = s.path("model.gatehouse");
    s.session.save_as(&file).unwrap();
    assert_eq!(opens(&file, &s.you), Ok(()), "you still open it");
    assert_eq!(opens(&file, &s.client), Ok(()), "and so does the client");
    let labels = Vault::open(&file, &s.client)
        .unwrap()
        .recipient_labels()
        .unwrap();
    assert_eq!(
        labels.get(&s.client_key()).map(String::as_str),
        Some("Ana Silva, client CO"),
        "labels live in the vault"
    );
}

#[test]
fn adding_your_own_key_first_adds_only_it() {
    let mut s = Setup::new();
    let sharing = s.session.share_add(&s.your_key(), Some("me")).unwrap();
    assert_eq!(keys(&sharing), [(s.your_key(), Some("me".into()), true)]);
}

#[test]
fn with_autosave_a_change_is_saved_at_once_and_a_removed_key_no_longer_opens_the_file() {
    let (mut s, file) = Setup::saved();
    assert_eq!(opens(&file, &s.client), Err("wrong_key"));

    let sharing = s
        .session
        .share_add(&s.client_key(), Some("client"))
        .unwrap();
    assert!(!sharing.unsaved, "autosave is on and the model has a file");
    assert_eq!(sharing.file.as_deref(), Some(file.to_str().unwrap()));
    assert_eq!(opens(&file, &s.client), Ok(()), "the file on disk changed");
    assert!(!s.session.summary().unwrap().dirty);

    let sharing = s.session.share_remove(&s.client_key(), false).unwrap();
    assert_eq!(keys(&sharing), [(s.your_key(), None, true)]);
    assert_eq!(
        opens(&file, &s.client),
        Err("wrong_key"),
        "saved again, without the client"
    );
    assert_eq!(opens(&file, &s.you), Ok(()));

    // Debian's age agrees, with the owner's identity.
    let plain = s.path("you.txt");
    s.you.write(&plain, None).unwrap();
    let out = Command::new("age")
        .args(["-d", "-i"])
        .arg(&plain)
        .arg("-o")
        .arg(s.path("model.db"))
        .arg(&file)
        .output()
        .expect("age runs (apt-get install age)");
    assert!(
        out.status.success(),
        "age -d with the owner's identity failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn recipients_come_from_key_files_and_identity_files() {
    let (mut s, file) = Setup::saved();
    let public = s.path("client.pub");
    fs_err::write(&public, format!("# Ana's key\n{}\n", s.client.recipient())).unwrap();
    let sharing = s.session.share_add_file(&public, Some("Ana")).unwrap();
    assert!(sharing
        .recipients
        .iter()
        .any(|r| r.key == s.client_key() && r.label.as_deref() == Some("Ana")));

    let colleague = Identity::generate();
    let identity_file = s.path("colleague.txt");
    colleague.write(&identity_file, None).unwrap();
    s.session.share_add_file(&identity_file, None).unwrap();
    assert_eq!(
        opens(&file, &colleague),
        Ok(()),
        "only the public half is read"
    );

    let protected = s.path("protected.age");
    colleague
        .write(&protected, Some(&PASSPHRASE.to_string().into()))
        .unwrap();
    let err = s.session.share_add_file(&protected, None).unwrap_err();
    assert_refused(
        &err,
        ErrorCode::InvalidRecipient,
        "ask its owner for the public key",
    );
}

#[test]
fn invalid_keys_say_what_is_wrong_and_change_nothing() {
    let (mut s, file) = Setup::saved();
    let bytes = fs_err::read(&file).unwrap();
    let events = s.session.summary().unwrap().events;
    let err = s.session.share_add("age1tooshort", Some("x")).unwrap_err();
    assert_refused(
        &err,
        ErrorCode::InvalidRecipient,
        "it should start with age1 and be 62 characters",
    );
    let err = s
        .session
        .share_remove("ssh-ed25519 AAAA", false)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRecipient);
    assert_eq!(s.session.summary().unwrap().events, events);
    assert_eq!(fs_err::read(&file).unwrap(), bytes, "nothing was saved");
}

#[test]
fn removing_your_own_key_needs_allow_self_and_the_last_one_is_refused() {
    let (mut s, file) = Setup::saved();
    let err = s.session.share_remove(&s.your_key(), true).unwrap_err();
    assert_eq!(err.code, ErrorCode::LastRecipient);
    let err = s.session.share_remove(&s.client_key(), false).unwrap_err();
    assert_eq!(err.code, ErrorCode::UnknownRecipient);

    s.session.share_add(&s.client_key(), None).unwrap();
    let err = s.session.share_remove(&s.your_key(), false).unwrap_err();
    assert_eq!(err.code, ErrorCode::RemoveSelf);
    assert_eq!(opens(&file, &s.you), Ok(()));

    let sharing = s.session.share_remove(&s.your_key(), true).unwrap();
    assert_eq!(keys(&sharing), [(s.client_key(), None, false)]);
    assert_eq!(
        opens(&file, &s.you),
        Err("wrong_key"),
        "you were warned: the saved file is the client's alone"
    );
}

#[test]
fn a_hand_over_copy_opens_only_for_its_recipients_and_leaves_the_file_alone() {
    let (mut s, file) = Setup::saved();
    let original = fs_err::read(&file).unwrap();
    let copy = s.path("for-client.gatehouse");
    let sharing = s
        .session
        .share_copy(&copy, std::slice::from_ref(&s.client_key()))
        .unwrap();
    assert_eq!(
        keys(&sharing),
        [(s.your_key(), None, true)],
        "the file keeps its recipients"
    );
    assert_eq!(opens(&copy, &s.client), Ok(()));
    assert_eq!(
        opens(&copy, &s.you),
        Err("wrong_key"),
        "you were not chosen for the copy"
    );
    assert_eq!(
        fs_err::read(&file).unwrap(),
        original,
        "the open file is untouched"
    );

    let events = s.session.workbench().events().unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.action, "vault.copy");
    assert_eq!(
        last.after,
        Some(serde_json::json!({ "file": "for-client.gatehouse", "recipients": [s.client_key()] }))
    );

    let err = s
        .session
        .share_copy(&s.path("nobody.gatehouse"), &[])
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NoRecipients);
    let err = s
        .session
        .share_copy(&file, std::slice::from_ref(&s.client_key()))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::CopyOverSelf);
    assert_eq!(fs_err::read(&file).unwrap(), original);
}
