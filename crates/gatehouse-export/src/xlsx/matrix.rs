//! The permission matrix (roles × capabilities, one block per environment scope) and the
//! grants as a table, one row per grant.

use std::collections::HashMap;

use gatehouse_core::Effect;
use rust_xlsxwriter::{Color, ConditionalFormatCell, ConditionalFormatCellRule, Format};

use super::cells::{Cell, SheetWriter};
use super::Names;
use crate::{ExportError, Snapshot};

/// The scope column's value for grants that hold in every environment.
pub(crate) const ALL_ENVIRONMENTS: &str = "all environments";

/// Rows: each scope that has grants ("all environments" first, then the environments in
/// promotion order), and in it every role; columns: the capabilities. A cell is the
/// recorded effect (allow, approval, deny) or blank where the model records none; nothing
/// is inferred from one scope into another.
pub(crate) fn matrix(w: &mut SheetWriter, s: &Snapshot, names: &Names) -> Result<(), ExportError> {
    let m = &s.model;
    let caps: HashMap<&str, u16> = (2u16..)
        .zip(&m.capabilities)
        .map(|(c, x)| (x.id.as_str(), c))
        .collect();
    let mut envs: Vec<&gatehouse_core::Environment> = m.environments.iter().collect();
    envs.sort_by_key(|e| (e.order, e.id.as_str()));
    let mut scopes: Vec<Option<&str>> = vec![None];
    scopes.extend(envs.iter().map(|e| Some(e.id.as_str())));
    scopes.retain(|scope| m.grants.iter().any(|g| g.environment.as_deref() == *scope));

    w.header(0, 0, "Scope")?;
    w.header(0, 1, "Role")?;
    for (col, cap) in (2u16..).zip(&m.capabilities) {
        w.header_upright(0, col, &cap.name)?;
    }
    // Tall enough for the longest capability name upright (about 6 points a character).
    let longest = m
        .capabilities
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    let header_height = (longest as f64 * 6.0 + 8.0).clamp(30.0, 300.0);
    let mut row_of: HashMap<(Option<&str>, &str), u32> = HashMap::new();
    let mut row = 0u32;
    for scope in &scopes {
        let label = scope.map_or(ALL_ENVIRONMENTS, |e| names.environment(e));
        for role in &m.roles {
            row += 1;
            w.text(row, 0, label)?;
            w.text(row, 1, &role.name)?;
            row_of.insert((*scope, role.id.as_str()), row);
        }
    }
    for g in &m.grants {
        let (Some(&r), Some(&c)) = (
            row_of.get(&(g.environment.as_deref(), g.role.as_str())),
            caps.get(g.capability.as_str()),
        ) else {
            continue; // a reference the model does not hold; the Grants sheet shows it
        };
        w.cell(r, c, &Cell::Text(g.effect.as_str().into()))?;
    }
    let last_col = 1 + m.capabilities.len() as u16;
    let err = super::cells::wrap(w.sheet);
    w.ws.set_freeze_panes(1, 2).map_err(&err)?;
    w.ws.autofilter(0, 0, row.max(1), last_col).map_err(&err)?;
    w.ws.set_row_height(0, header_height).map_err(&err)?;
    if row > 0 && last_col >= 2 {
        for (effect, fill, font) in [
            (Effect::Allow, 0xC6EFCE, 0x006100),
            (Effect::Approval, 0xFFEB9C, 0x9C5700),
            (Effect::Deny, 0xFFC7CE, 0x9C0006),
        ] {
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{effect}\"")))
                .set_format(
                    Format::new()
                        .set_background_color(Color::RGB(fill))
                        .set_font_color(Color::RGB(font)),
                );
            w.ws.add_conditional_format(1, 2, row, last_col, &rule)
                .map_err(&err)?;
        }
    }
    Ok(())
}

pub(crate) const GRANT_COLUMNS: [&str; 7] = [
    "Role",
    "Capability",
    "Environment",
    "Effect",
    "Role id",
    "Capability id",
    "Environment id",
];

/// One row per grant, as an Excel table named "Grants".
pub(crate) fn grants(w: &mut SheetWriter, s: &Snapshot, names: &Names) -> Result<(), ExportError> {
    let rows = s.model.grants.iter().map(|g| {
        vec![
            Cell::from(names.role(&g.role)),
            Cell::from(names.capability(&g.capability)),
            Cell::from(
                g.environment
                    .as_deref()
                    .map_or(ALL_ENVIRONMENTS, |e| names.environment(e)),
            ),
            Cell::from(g.effect.as_str()),
            Cell::from(g.role.as_str()),
            Cell::from(g.capability.as_str()),
            Cell::from(g.environment.as_deref()),
        ]
    });
    w.register(0, &GRANT_COLUMNS, rows, "The model records no grants.")?;
    Ok(())
}
