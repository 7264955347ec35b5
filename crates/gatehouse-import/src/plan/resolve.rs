//! Matching the file's names to the model's entities: ids by normalised name, slug and
//! alias ([`Names`]), and the [`Resolver`] that finds each name or makes the entity it names,
//! with the words that decide a new entity's kind (an action, an environment's stage, a
//! severity).

use std::collections::{BTreeMap, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};

use gatehouse_core::{
    normalize_name, Action, Capability, Entity, EntityKind, Environment, EnvironmentKind, Model,
    Person, PersonKind, Role, RoleKind, Severity,
};

/// Ids by normalised name (and by id) for one kind of entity.
#[derive(Default)]
pub(super) struct Names {
    /// Normalised names, slugs and ids → position in `ids`.
    pub(super) by_name: FxHashMap<String, u32>,
    pub(super) ids: Vec<String>,
    pub(super) taken: FxHashSet<String>,
    /// For each entity of the model (the first ids), whether the file names it: those are
    /// counted as unchanged, so that the counts add up to what the file holds.
    pub(super) named: Vec<std::cell::Cell<bool>>,
}

/// A name that [`Names::lookup`] did not find, with the keys it looked for (reused to add
/// it: the lookup and the add run for every new name of a large import).
pub(super) struct Missing {
    pub(super) normalized: String,
    pub(super) slug: String,
}

impl Names {
    pub(super) fn add(&mut self, id: &str, name: &str) {
        self.insert(id, normalize_name(name), slug(name));
    }

    /// Makes `id` found by the normalised name, by the name's slug (already normalised)
    /// and by the id itself.
    pub(super) fn insert(&mut self, id: &str, normalized: String, slug: String) {
        let at = u32::try_from(self.ids.len()).expect("fewer than 2^32 names");
        // The id is often the name's slug.
        if id != slug {
            let id_key = normalize_name(id);
            if id_key != normalized && id_key != slug {
                self.by_name.insert(id_key, at);
            }
        }
        if slug != normalized {
            self.by_name.insert(slug, at);
        }
        self.by_name.insert(normalized, at);
        self.ids.push(id.to_string());
        self.taken.insert(id.to_string());
    }

    pub(super) fn id(&self, at: u32) -> String {
        self.ids[at as usize].clone()
    }

    /// Room for `n` more names.
    pub(super) fn reserve(&mut self, n: usize) {
        self.by_name.reserve(3 * n);
        self.ids.reserve(n);
        self.taken.reserve(n);
    }

    pub(super) fn lookup(&self, name: &str) -> Result<String, Missing> {
        let at = self.position(name)?;
        if let Some(named) = self.named.get(at as usize) {
            named.set(true);
        }
        Ok(self.id(at))
    }

    pub(super) fn position(&self, name: &str) -> Result<u32, Missing> {
        let normalized = normalize_name(name);
        match self.by_name.get(&normalized) {
            Some(&at) => Ok(at),
            None => {
                let slug = slug(name);
                match self.by_name.get(&slug) {
                    Some(&at) => Ok(at),
                    None => Err(Missing { normalized, slug }),
                }
            }
        }
    }

    /// The id of `name`, without counting it as named by the file's active rows.
    pub(super) fn peek(&self, name: &str) -> Option<String> {
        self.position(name).ok().map(|at| self.id(at))
    }

    /// The names added so far are the model's entities.
    pub(super) fn model_loaded(&mut self) {
        self.named = vec![std::cell::Cell::new(false); self.ids.len()];
    }

    /// How many of the model's entities the file names.
    pub(super) fn named_in_file(&self) -> u32 {
        let n = self.named.iter().filter(|n| n.get()).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    pub(super) fn find(&self, name: &str) -> Option<String> {
        self.lookup(name).ok()
    }

    /// Adds a name that was not found, under a fresh id: its slug, numbered when taken.
    pub(super) fn add_missing(&mut self, missing: Missing) -> String {
        let base = if missing.slug.is_empty() {
            "item"
        } else {
            missing.slug.as_str()
        };
        let id = if self.taken.contains(base) {
            (2..)
                .map(|n| format!("{base}-{n}"))
                .find(|id| !self.taken.contains(id))
                .expect("some numbered id is free")
        } else {
            base.to_string()
        };
        self.insert(&id, missing.normalized, missing.slug);
        id
    }
}

/// `IT Administrator` → `it-administrator`; only characters valid in ids, at most 100.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':') {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    // All ASCII: trim the dashes, keep at most 100 characters, trim again.
    let end = out.trim_end_matches('-').len();
    out.truncate(end);
    let start = out.len() - out.trim_start_matches('-').len();
    out.drain(..start);
    out.truncate(100);
    let end = out.trim_end_matches('-').len();
    out.truncate(end);
    out
}

/// Resolves names to ids, making the entities that do not exist yet.
pub(super) struct Resolver<'a> {
    pub(super) current: &'a Model,
    pub(super) roles: Names,
    pub(super) capabilities: Names,
    pub(super) people: Names,
    pub(super) environments: Names,
    pub(super) aliases: HashMap<String, String>,
    /// What the import creates, in the order it creates it.
    pub(super) new_roles: Vec<Role>,
    pub(super) new_capabilities: Vec<Capability>,
    pub(super) new_people: Vec<Person>,
    pub(super) new_environments: Vec<Environment>,
    pub(super) new_names: BTreeMap<String, Vec<String>>,
}

impl Resolver<'_> {
    pub(super) fn alias<'a>(&'a self, name: &'a str) -> &'a str {
        if self.aliases.is_empty() {
            return name;
        }
        self.aliases
            .get(&normalize_name(name))
            .map(String::as_str)
            .unwrap_or(name)
    }

    pub(super) fn created(&mut self, kind: EntityKind, name: &str) {
        self.new_names
            .entry(kind.to_string())
            .or_default()
            .push(name.to_string());
    }

    pub(super) fn role(&mut self, name: &str) -> String {
        let missing = match self.roles.lookup(self.alias(name)) {
            Ok(id) => return id,
            Err(missing) => missing,
        };
        let name = self.alias(name).to_string();
        let id = self.roles.add_missing(missing);
        self.new_roles.push(Role {
            id: id.clone(),
            name: clean(&name),
            description: "imported from a spreadsheet".into(),
            kind: RoleKind::Other,
        });
        self.created(EntityKind::Role, &name);
        id
    }

    pub(super) fn known_capability(&self, name: &str) -> Option<String> {
        self.capabilities.find(self.alias(name))
    }

    pub(super) fn capability(&mut self, name: &str) -> String {
        let missing = match self.capabilities.lookup(self.alias(name)) {
            Ok(id) => return id,
            Err(missing) => missing,
        };
        let name = self.alias(name).to_string();
        let id = self.capabilities.add_missing(missing);
        self.new_capabilities.push(Capability {
            id: id.clone(),
            name: clean(&name),
            description: "imported from a spreadsheet".into(),
            action: action_of(&name),
            classification: None,
            environment: None,
        });
        self.created(EntityKind::Capability, &name);
        id
    }

    pub(super) fn person(&mut self, name: &str, email: Option<&str>) -> String {
        let missing = match self.people.lookup(self.alias(name)) {
            Ok(id) => return id,
            Err(missing) => missing,
        };
        let name = self.alias(name).to_string();
        let id = self.people.add_missing(missing);
        self.new_people.push(Person {
            id: id.clone(),
            name: clean(&name),
            email: email.map(str::to_string),
            department: None,
            kind: PersonKind::Other,
        });
        self.created(EntityKind::Person, &name);
        id
    }

    /// The environments of the model, those the import made included.
    pub(super) fn all_environments(&self) -> impl Iterator<Item = &Environment> {
        self.current
            .environments
            .iter()
            .chain(self.new_environments.iter())
    }

    pub(super) fn environment(&mut self, name: &str) -> String {
        let missing = match self.environments.lookup(self.alias(name)) {
            Ok(id) => return id,
            Err(missing) => missing,
        };
        let name = self.alias(name).to_string();
        let kind = environment_kind(&name);
        if let Some(same) = self
            .all_environments()
            .find(|e| e.kind == kind && !e.personal && kind_word(&name))
        {
            return same.id.clone();
        }
        let id = self.environments.add_missing(missing);
        let order = self
            .all_environments()
            .map(|e| e.order + 1)
            .max()
            .unwrap_or(0);
        self.new_environments.push(Environment {
            id: id.clone(),
            name: clean(&name),
            kind,
            order,
            personal: false,
        });
        self.created(EntityKind::Environment, &name);
        id
    }

    /// The entities the import creates, their names by kind, and the name indexes.
    pub(super) fn into_parts(self) -> (Vec<Entity>, BTreeMap<String, Vec<String>>, [Names; 4]) {
        let entities = (self.new_roles.into_iter().map(Entity::Role))
            .chain(self.new_capabilities.into_iter().map(Entity::Capability))
            .chain(self.new_people.into_iter().map(Entity::Person))
            .chain(self.new_environments.into_iter().map(Entity::Environment))
            .collect();
        let names = [
            self.roles,
            self.capabilities,
            self.people,
            self.environments,
        ];
        (entities, self.new_names, names)
    }
}

/// A name as the model keeps it: single-spaced, no line breaks.
pub(super) fn clean(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn action_of(name: &str) -> Action {
    let n = name.to_lowercase();
    let has = |w: &[&str]| w.iter().any(|w| n.contains(w));
    if has(&["publish"]) {
        Action::PublishApp
    } else if has(&["deploy", "promote"]) {
        Action::Deploy
    } else if has(&["approve"]) {
        Action::ApproveChange
    } else if has(&["connector", "integration"]) {
        Action::ManageConnectors
    } else if has(&["role", "permission", "access right"])
        && has(&["manage", "assign", "edit", "add", "delete"])
    {
        Action::ManageRoles
    } else if has(&["create app", "build app", "new app"]) {
        Action::CreateApp
    } else if has(&["modify app", "edit app", "change app"]) {
        Action::ModifyApp
    } else if has(&["request"]) {
        Action::RequestChange
    } else if has(&["view", "read", "list"]) {
        Action::View
    } else {
        Action::Other
    }
}

fn environment_kind(name: &str) -> EnvironmentKind {
    let n = name.to_lowercase();
    if n.contains("prod") && !n.contains("pre") || n.contains("live") {
        EnvironmentKind::Production
    } else if n.contains("stag")
        || n.contains("preprod")
        || n.contains("pre-prod")
        || n.contains("uat")
        || n.contains("accept")
    {
        EnvironmentKind::Staging
    } else if n.contains("test") || n.contains("qa") {
        EnvironmentKind::Test
    } else if n.contains("sandbox") {
        EnvironmentKind::Sandbox
    } else {
        EnvironmentKind::Development
    }
}

/// Whether a name is just the stage's usual word (so "Prod" is the model's production).
fn kind_word(name: &str) -> bool {
    [
        "dev",
        "development",
        "test",
        "qa",
        "staging",
        "stage",
        "uat",
        "prod",
        "production",
        "live",
        "sandbox",
        "preprod",
    ]
    .contains(&name.trim().to_lowercase().as_str())
}

pub(super) fn severity(text: &str) -> Option<Severity> {
    match text.trim().to_lowercase().as_str() {
        "low" | "l" | "1" | "minor" => Some(Severity::Low),
        "medium" | "med" | "m" | "2" | "moderate" => Some(Severity::Medium),
        "high" | "h" | "3" | "major" => Some(Severity::High),
        "critical" | "very high" | "c" | "4" | "severe" => Some(Severity::Critical),
        _ => None,
    }
}
