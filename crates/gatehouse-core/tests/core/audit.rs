use chrono::{TimeZone, Utc};
use gatehouse_core::*;

fn chain(n: u64) -> Vec<AuditEvent> {
    let mut prev = GENESIS_HASH.to_string();
    (1..=n)
        .map(|seq| {
            let draft = EventDraft {
                at: Utc
                    .with_ymd_and_hms(2026, 11, 27, 9, 0, seq as u32)
                    .unwrap(),
                actor: "ann".into(),
                action: "role.upsert".into(),
                summary: format!("change {seq}"),
                before: None,
                after: Some(serde_json::json!({"n": seq})),
            };
            let event = AuditEvent::link(draft, seq, &prev);
            prev = event.hash.clone();
            event
        })
        .collect()
}

#[test]
fn an_intact_chain_verifies_to_its_head() {
    let events = chain(5);
    assert_eq!(verify_chain(&events), Ok(events[4].hash.clone()));
}

#[test]
fn editing_any_field_of_any_event_is_detected_at_that_event() {
    for i in 0..5 {
        for field in 0..4 {
            let mut events = chain(5);
            let e = &mut events[i];
            match field {
                0 => e.actor = "mallory".into(),
                1 => e.summary.push('!'),
                2 => e.after = Some(serde_json::json!({"n": 99})),
                _ => e.at += chrono::Duration::seconds(1),
            }
            assert_eq!(
                verify_chain(&events),
                Err(ChainError::Altered { seq: i as u64 + 1 }),
                "field {field}"
            );
        }
    }
}

#[test]
fn a_recomputed_hash_still_breaks_the_next_link() {
    let mut events = chain(4);
    events[1].summary = "rewritten".into();
    events[1].hash = events[1].compute_hash();
    assert_eq!(
        verify_chain(&events),
        Err(ChainError::Broken {
            seq: 3,
            previous: 2
        })
    );
}

#[test]
fn removed_events_are_detected() {
    let mut events = chain(4);
    events.remove(1);
    assert_eq!(
        verify_chain(&events),
        Err(ChainError::Sequence {
            seq: 3,
            expected: 2
        })
    );
}
