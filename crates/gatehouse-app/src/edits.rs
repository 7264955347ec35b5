//! Edits for scripting (the CLI's grant, revoke, assign, unassign and own): people name
//! things by id or by name; these resolve them and build the edit.

use chrono::NaiveDate;
use gatehouse_core::{
    grant_key, normalize_name, Assignment, Edit, Effect, Entity, EntityKind, Grant, Model,
    Ownership, OwnershipKind,
};

use crate::error::{AppError, AppResult, ErrorCode};

/// The id of the entity of `kind` whose id or name is `text` (names ignore case and spacing).
pub fn resolve(model: &Model, kind: EntityKind, text: &str) -> AppResult<String> {
    let named: Vec<(&str, &str)> = match kind {
        EntityKind::Person => model
            .people
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        EntityKind::Role => model
            .roles
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        EntityKind::Capability => model
            .capabilities
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        EntityKind::Environment => model
            .environments
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        EntityKind::Asset => model
            .assets
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        EntityKind::SodRule => model
            .sod_rules
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        EntityKind::Gate => model
            .gates
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        other => {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("{other}s cannot be named here"),
            ))
        }
    };
    if let Some((id, _)) = named.iter().find(|(id, _)| *id == text) {
        return Ok(id.to_string());
    }
    let wanted = normalize_name(text);
    if let Some((id, _)) = named
        .iter()
        .find(|(_, name)| normalize_name(name) == wanted)
    {
        return Ok(id.to_string());
    }
    let mut known: Vec<&str> = named.iter().map(|(_, n)| *n).collect();
    known.truncate(12);
    Err(AppError::new(
        ErrorCode::NotFound,
        format!(
            "no {kind} with the id or name {text:?}; known: {}",
            known.join(", ")
        ),
    ))
}

pub fn grant(
    model: &Model,
    role: &str,
    capability: &str,
    env: Option<&str>,
    effect: Effect,
) -> AppResult<Edit> {
    let grant = Grant {
        role: resolve(model, EntityKind::Role, role)?,
        capability: resolve(model, EntityKind::Capability, capability)?,
        environment: env
            .map(|e| resolve(model, EntityKind::Environment, e))
            .transpose()?,
        effect,
    };
    Ok(Edit::Upsert {
        entity: Entity::Grant(grant),
    })
}

pub fn revoke(model: &Model, role: &str, capability: &str, env: Option<&str>) -> AppResult<Edit> {
    let role = resolve(model, EntityKind::Role, role)?;
    let capability = resolve(model, EntityKind::Capability, capability)?;
    let env = env
        .map(|e| resolve(model, EntityKind::Environment, e))
        .transpose()?;
    let key = grant_key(&role, &capability, env.as_deref());
    if model.get(EntityKind::Grant, &key).is_none() {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!("the role {role} has no grant of {capability} there to revoke"),
        ));
    }
    Ok(Edit::Delete {
        kind: EntityKind::Grant,
        key,
    })
}

pub fn assign(
    model: &Model,
    person: &str,
    role: &str,
    until: Option<NaiveDate>,
    why: Option<String>,
    today: NaiveDate,
) -> AppResult<Edit> {
    let person = resolve(model, EntityKind::Person, person)?;
    let role = resolve(model, EntityKind::Role, role)?;
    let base = format!("asg-{person}-{role}");
    let id = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| model.get(EntityKind::Assignment, id).is_none())
        .expect("an unused id exists");
    let assignment = Assignment {
        id,
        person,
        role,
        environment: None,
        valid_from: until.map(|_| today),
        valid_until: until,
        justification: why,
        approver: None,
    };
    Ok(Edit::Upsert {
        entity: Entity::Assignment(assignment),
    })
}

/// Removes every assignment of `role` to `person` (one step).
pub fn unassign(model: &Model, person: &str, role: &str) -> AppResult<Edit> {
    let person = resolve(model, EntityKind::Person, person)?;
    let role = resolve(model, EntityKind::Role, role)?;
    let edits: Vec<Edit> = model
        .assignments
        .iter()
        .filter(|a| a.person == person && a.role == role)
        .map(|a| Edit::Delete {
            kind: EntityKind::Assignment,
            key: a.id.clone(),
        })
        .collect();
    if edits.is_empty() {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!("{person} does not hold the role {role}"),
        ));
    }
    Ok(Edit::Batch { edits })
}

pub fn own(model: &Model, asset: &str, person: &str, kind: OwnershipKind) -> AppResult<Edit> {
    let ownership = Ownership {
        asset: resolve(model, EntityKind::Asset, asset)?,
        person: resolve(model, EntityKind::Person, person)?,
        kind,
    };
    Ok(Edit::Upsert {
        entity: Entity::Ownership(ownership),
    })
}
