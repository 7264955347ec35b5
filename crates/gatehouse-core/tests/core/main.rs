//! Behaviour of the governance model: validation, edits and undo, canonical JSON, the
//! audit chain.

mod audit;
mod diff;
mod drift;
mod edits;
mod escalation;
mod exceptions;
mod findings;
mod json;
mod metrics;
mod simulation;
mod validation;

use gatehouse_core::*;

/// A small valid model: two roles, one capability, two environments, one person.
pub fn small_model() -> Model {
    let json = r#"{
      "meta": {"name": "Small"},
      "people": [{"id": "ann", "name": "Ann", "kind": "citizen_developer"}],
      "roles": [{"id": "dev", "name": "Developer", "kind": "citizen_developer"},
                {"id": "ops", "name": "Operator", "kind": "it_administrator"}],
      "capabilities": [{"id": "deploy", "name": "Deploy", "action": "deploy"}],
      "environments": [{"id": "dev-env", "name": "Development", "kind": "development", "order": 1},
                       {"id": "prod", "name": "Production", "kind": "production", "order": 2}],
      "grants": [{"role": "ops", "capability": "deploy", "environment": "prod", "effect": "allow"}],
      "assignments": [{"id": "a1", "person": "ann", "role": "dev"}],
      "gates": [{"id": "g1", "name": "To production", "from": "dev-env", "to": "prod",
                 "requirements": [{"type": "approval", "roles": ["ops"], "count": 1,
                                   "condition": {"when": "always"}}]}]
    }"#;
    Model::from_json(json).expect("the small model is valid")
}

pub fn role(id: &str, name: &str) -> Entity {
    Entity::Role(Role {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        kind: RoleKind::Other,
    })
}

/// An assignment in every environment, at all times.
pub fn assignment(id: &str, person: &str, role: &str) -> Assignment {
    Assignment {
        id: id.into(),
        person: person.into(),
        role: role.into(),
        environment: None,
        valid_from: None,
        valid_until: None,
        justification: None,
        approver: None,
    }
}
