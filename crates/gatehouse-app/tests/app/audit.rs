//! The audit log through the session: filtered by kind, entity and person, newest first,
//! with before and after of each event and the chain's check.

use std::sync::Arc;

use chrono::NaiveDate;
use gatehouse_app::core::{AuditFilter, EntityKind, Waiver};
use gatehouse_app::exceptions::ExceptionInput;
use gatehouse_app::{FixedClock, Session};

#[test]
fn the_log_filters_by_kind_entity_and_person_and_checks_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    let mut s = Session::demo(dir.path().join("id.age"), "facilitator", clock).unwrap();
    s.add_exception(ExceptionInput {
        waives: Waiver::SodRule("sod-request-approve".into()),
        person: "hugo-silva".into(),
        approver: "ines-berg".into(),
        justification: "Pilot".into(),
        start: None,
        end: NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        review: None,
    })
    .unwrap();
    s.end_exception("exc-hugo-silva-sod-request-approve")
        .unwrap();

    let all = s.audit_log(&AuditFilter::default()).unwrap();
    assert!(all.chain.verified, "{:?}", all.chain.problem);
    assert_eq!(all.chain.events, 3);
    assert_eq!(all.kinds, ["exception", "model"]);
    assert_eq!(all.actors, ["facilitator"]);
    let seqs: Vec<u64> = all.entries.iter().map(|e| e.event.seq).collect();
    assert_eq!(seqs, [3, 2, 1], "newest first");

    let only = |filter: AuditFilter| -> Vec<u64> {
        let view = s.audit_log(&filter).unwrap();
        view.entries.iter().map(|e| e.event.seq).collect()
    };
    let exceptions = AuditFilter {
        kind: Some("exception".into()),
        ..Default::default()
    };
    assert_eq!(only(exceptions), [3, 2]);
    let entity = AuditFilter {
        entity: Some("exc-hugo".into()),
        ..Default::default()
    };
    assert_eq!(only(entity), [3, 2]);
    // The approver is a person the change is about.
    let ines = AuditFilter {
        person: Some("ines-berg".into()),
        ..Default::default()
    };
    assert_eq!(only(ines), [3, 2]);
    let nobody = AuditFilter {
        person: Some("ana-lima".into()),
        ..Default::default()
    };
    assert!(only(nobody).is_empty());

    // The ending deleted the exception (it started today): before holds it, after does not.
    let ending = &all.entries[0];
    assert_eq!(ending.entities[0].kind, EntityKind::Exception);
    let before = ending.event.before.as_ref().unwrap();
    assert_eq!(before["op"], "upsert");
    assert_eq!(before["entity"]["value"]["approver"], "ines-berg");
    assert_eq!(ending.event.after.as_ref().unwrap()["op"], "delete");
}

#[test]
fn the_actor_is_gatehouse_actor_then_the_os_user_and_never_unknown() {
    use std::collections::HashMap;
    let vars = |pairs: &[(&str, &str)]| {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name: &str| map.get(name).cloned()
    };
    let actor =
        gatehouse_app::local_actor_from(vars(&[("GATEHOUSE_ACTOR", "ana"), ("USER", "root")]));
    assert_eq!(
        (actor.name.as_str(), actor.source.as_str()),
        ("ana", "$GATEHOUSE_ACTOR")
    );
    // A blank variable names no one: the next one is asked.
    let actor =
        gatehouse_app::local_actor_from(vars(&[("GATEHOUSE_ACTOR", "  "), ("LOGNAME", "bo")]));
    assert_eq!(
        (actor.name.as_str(), actor.source.as_str()),
        ("bo", "$LOGNAME")
    );
    assert!(!actor.is_fallback);
    // None set: the account of the process's user id, as `id -un` names it.
    let actor = gatehouse_app::local_actor_from(vars(&[]));
    let id = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    assert_eq!(actor.name, String::from_utf8(id.stdout).unwrap().trim());
    assert!(
        actor.source.starts_with("the account of uid "),
        "{}",
        actor.source
    );
    assert!(!actor.is_fallback);
}
