use gatehouse_core::testing::arb_model;
use gatehouse_core::*;
use proptest::prelude::*;

use crate::small_model;

#[test]
fn canonical_json_does_not_depend_on_list_order() {
    let m = small_model();
    let mut shuffled = m.clone();
    shuffled.roles.reverse();
    shuffled.environments.reverse();
    assert_eq!(m.to_canonical_json(), shuffled.to_canonical_json());
    assert_eq!(m.fingerprint(), shuffled.fingerprint());
}

#[test]
fn syntax_errors_say_line_and_column() {
    let err =
        Model::from_json("{\n  \"meta\": {\"name\": \"x\"},\n  \"roles\": [1]\n}").unwrap_err();
    let ModelJsonError::Syntax { line, .. } = err else {
        panic!("expected a syntax error, got {err}")
    };
    assert_eq!(line, 3);
}

#[test]
fn an_invalid_model_is_refused_with_the_reason() {
    let err = Model::from_json(r#"{"meta": {"name": ""}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the model is not valid: the model has no name"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_valid_models_round_trip_through_canonical_json(model in arb_model()) {
        prop_assert!(validate(&model).is_ok(), "generator made an invalid model: {:?}", validate(&model));
        let json = model.to_canonical_json();
        let back = Model::from_json(&json).expect("canonical JSON re-imports");
        prop_assert_eq!(&back, &model);
        prop_assert_eq!(back.to_canonical_json(), json);
    }
}
