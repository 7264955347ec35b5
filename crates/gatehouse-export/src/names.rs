//! Names by id: what the binder and the workbook show where the model refers to an id.

use std::collections::HashMap;

use gatehouse_core::Model;

/// Names by id, for the binder and the workbook where the model refers to an id.
pub(crate) struct Names<'a> {
    people: HashMap<&'a str, &'a str>,
    roles: HashMap<&'a str, &'a str>,
    capabilities: HashMap<&'a str, &'a str>,
    environments: HashMap<&'a str, &'a str>,
    assets: HashMap<&'a str, &'a str>,
    rules: HashMap<&'a str, &'a str>,
}

fn by_id<'a, T>(
    items: &'a [T],
    f: impl Fn(&'a T) -> (&'a str, &'a str),
) -> HashMap<&'a str, &'a str> {
    items.iter().map(f).collect()
}

impl<'a> Names<'a> {
    pub(crate) fn new(m: &'a Model) -> Names<'a> {
        Names {
            people: by_id(&m.people, |x| (&x.id, &x.name)),
            roles: by_id(&m.roles, |x| (&x.id, &x.name)),
            capabilities: by_id(&m.capabilities, |x| (&x.id, &x.name)),
            environments: by_id(&m.environments, |x| (&x.id, &x.name)),
            assets: by_id(&m.assets, |x| (&x.id, &x.name)),
            rules: by_id(&m.sod_rules, |x| (&x.id, &x.name)),
        }
    }

    /// The name for `id`, or the id itself when the model does not know it (a dangling
    /// reference shows as what it is rather than as a blank).
    fn get<'b>(map: &HashMap<&'a str, &'a str>, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        map.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn person<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.people, id)
    }
    pub(crate) fn role<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.roles, id)
    }
    pub(crate) fn capability<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.capabilities, id)
    }
    pub(crate) fn environment<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.environments, id)
    }
    pub(crate) fn asset<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.assets, id)
    }
    pub(crate) fn rule<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        Names::get(&self.rules, id)
    }
}
