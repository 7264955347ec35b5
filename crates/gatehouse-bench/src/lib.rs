//! Benchmarks live in `benches/`; run them with `make bench`. This library holds what
//! several of them share: the generated models.

use chrono::NaiveDate;
use gatehouse_core::*;

/// A model of the given scale; deterministic, with a quarter of the assignments temporary.
pub fn generated_model(
    people: usize,
    roles: usize,
    capabilities: usize,
    assignments: usize,
    rules: usize,
) -> Model {
    let mut m = Model {
        meta: ModelMeta {
            name: "Findings benchmark".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    };
    m.environments = ["development", "test", "production"]
        .iter()
        .enumerate()
        .map(|(i, name)| Environment {
            id: name.to_string(),
            name: name.to_string(),
            kind: [
                EnvironmentKind::Development,
                EnvironmentKind::Test,
                EnvironmentKind::Production,
            ][i],
            order: i as u32,
            personal: false,
        })
        .collect();
    m.people = people_named(people);
    m.roles = (0..roles)
        .map(|i| Role {
            id: format!("r{i}"),
            name: format!("Role {i}"),
            description: String::new(),
            kind: if i % 10 == 0 {
                RoleKind::CitizenDeveloper
            } else {
                RoleKind::Other
            },
        })
        .collect();
    let actions = [
        Action::ModifyApp,
        Action::View,
        Action::RequestChange,
        Action::ApproveChange,
        Action::Deploy,
    ];
    m.capabilities = (0..capabilities)
        .map(|i| Capability {
            id: format!("c{i}"),
            name: format!("Capability {i}"),
            description: String::new(),
            action: actions[i % actions.len()],
            classification: None,
            environment: None,
        })
        .collect();
    // Each role grants 20 capabilities.
    for r in 0..roles {
        for k in 0..20 {
            let c = (r * 37 + k * 101) % capabilities;
            m.grants.push(Grant {
                role: format!("r{r}"),
                capability: format!("c{c}"),
                environment: Some(m.environments[k % 3].id.clone()),
                effect: [Effect::Allow, Effect::Approval, Effect::Deny][k % 3],
            });
        }
    }
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    m.assignments = (0..assignments)
        .map(|i| {
            let temporary = i % 4 == 0;
            Assignment {
                id: format!("a{i}"),
                person: format!("p{}", i % people),
                role: format!("r{}", (i * 7) % roles),
                environment: None,
                valid_from: temporary.then_some(start + chrono::Days::new((i % 300) as u64)),
                valid_until: temporary.then_some(start + chrono::Days::new((i % 300 + 60) as u64)),
                justification: None,
                approver: None,
            }
        })
        .collect();
    m.sod_rules = (0..rules)
        .map(|i| SodRule {
            id: format!("s{i}"),
            name: format!("Rule {i}"),
            description: String::new(),
            left: SodTarget::Capability(format!("c{}", (i * 13) % capabilities)),
            right: if i % 2 == 0 {
                SodTarget::Capability(format!("c{}", (i * 29 + 1) % capabilities))
            } else {
                SodTarget::Role(format!("r{}", i % roles))
            },
            severity: Severity::High,
            mitigation: None,
        })
        .collect();
    m.gates = vec![Gate {
        id: "g".into(),
        name: "To production".into(),
        from: "test".into(),
        to: "production".into(),
        requirements: vec![
            Requirement::Approval {
                roles: vec!["r1".into(), "r2".into()],
                count: 1,
                condition: Condition::Always,
                all: false,
                name: None,
            },
            Requirement::NoSelfApproval,
        ],
        calendar: None,
    }];
    m.canonicalize();
    validate(&m).expect("the generated model is valid");
    m
}

/// A model of `people` people, `roles` roles and `assignments` assignments spread evenly.
pub fn assigned_model(people: usize, roles: usize, assignments: usize) -> Model {
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

/// `n` business people `p0`, `p1`, … named "Person 0", "Person 1", …
pub fn people_named(n: usize) -> Vec<Person> {
    (0..n)
        .map(|i| Person {
            id: format!("p{i}"),
            name: format!("Person {i}"),
            email: None,
            department: None,
            kind: PersonKind::Business,
        })
        .collect()
}
