//! Benchmarks live in `benches/`; run them with `make bench`. Here: the generated models
//! they share.

use gatehouse_core::{Assignment, Model, ModelMeta, Person, PersonKind, Role, RoleKind};

/// A model of `people` people, `roles` roles and `assignments` assignments spread evenly.
pub fn generated_model(people: usize, roles: usize, assignments: usize) -> Model {
    let mut m = Model {
        meta: ModelMeta {
            name: "Benchmark".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    };
    m.roles = (0..roles)
        .map(|i| Role {
            id: format!("role-{i:03}"),
            name: format!("Role {i}"),
            description: "A generated role for the benchmark".into(),
            kind: RoleKind::Other,
        })
        .collect();
    m.people = (0..people)
        .map(|i| Person {
            id: format!("person-{i:06}"),
            name: format!("Generated Person {i}"),
            email: Some(format!("person.{i}@example.org")),
            department: Some(format!("Department {}", i % 50)),
            kind: PersonKind::Business,
        })
        .collect();
    m.assignments = (0..assignments)
        .map(|i| Assignment {
            id: format!("asg-{i:07}"),
            person: format!("person-{:06}", i % people),
            role: format!("role-{:03}", i % roles),
            environment: None,
            valid_from: None,
            valid_until: None,
            justification: Some("Generated for the benchmark".into()),
            approver: Some(format!("person-{:06}", (i * 7) % people)),
        })
        .collect();
    m.canonicalize();
    m
}
