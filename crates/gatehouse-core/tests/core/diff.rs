//! The diff of two models: applying what it lists to the first gives the second, and a
//! model against itself differs in nothing.

use gatehouse_core::testing::arb_model;
use gatehouse_core::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_diff_is_exactly_what_turns_one_model_into_the_other(a in arb_model(), b in arb_model()) {
        prop_assert!(diff(&a, &a).is_empty());
        let d = diff(&a, &b);
        let edits: Vec<Edit> = d.entities.iter().map(|e| match (&e.change, &e.after) {
            (ChangeKind::Removed, _) => Edit::Delete { kind: e.kind, key: e.key.clone() },
            (_, Some(after)) => Edit::Upsert { entity: after.clone() },
            (_, None) => unreachable!("added and changed entities have an after"),
        }).collect();
        let mut turned = a.clone();
        if let Some((_, meta)) = &d.meta {
            turned.meta = meta.clone();
        }
        apply(&mut turned, Edit::Batch { edits }).unwrap();
        prop_assert_eq!(&turned, &b);
        // Each listed entity really differs, with before and after as the models hold them.
        for e in &d.entities {
            prop_assert_eq!(&e.before, &a.get(e.kind, &e.key));
            prop_assert_eq!(&e.after, &b.get(e.kind, &e.key));
        }
    }
}
