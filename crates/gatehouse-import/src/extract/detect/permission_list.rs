//! A permission list: a role column, an object column and flag columns (one row per role
//! and object, as platforms export their access rules).

use super::grid::Body;
use super::{Found, Header};
use crate::extract::sheet_plan::{PermissionList, Reading};
use crate::extract::vocabulary::{role_likeness, CAPABILITY, ROLE};

pub(super) fn permission_list(header: &Header<'_>, body: &Body) -> Option<Found> {
    let role = header.find(ROLE)?;
    let capability = header
        .find(CAPABILITY)
        .filter(|c| !body.marks.contains(c))?;
    if body.marks.is_empty() || role == capability {
        return None;
    }
    // The flags follow the row's role and object; a "Group" column among columns of
    // marks is a description beside role columns, not the role of a permission list.
    if body.marks.iter().any(|&c| c < role.max(capability)) {
        return None;
    }
    // Flags headed like roles ("Admin", "Maker") are role columns: the "role" column
    // before them ("Group" over Apps, Data) describes the row.
    let flags: Vec<String> = (body.marks.iter())
        .map(|&c| header.of(c).to_string())
        .collect();
    if role_likeness(&flags) > 0.0 {
        return None;
    }
    let note = format!(
        "permission list: role in {:?}, object in {:?}, {} flag columns",
        header.of(role),
        header.of(capability),
        body.marks.len()
    );
    let list = PermissionList {
        header: header.row,
        role,
        capability,
        environment: None,
        columns: body.marks.clone(),
    };
    Some((Reading::PermissionList(list), note))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{detected, sheet};
    use super::*;

    #[test]
    fn a_role_an_object_and_flags_make_a_permission_list() {
        let s = sheet(
            "ir.model.access",
            &[
                &[
                    "id",
                    "model_id:id",
                    "group_id:id",
                    "perm_read",
                    "perm_write",
                ],
                &["a1", "model_account", "account.group_manager", "1", "0"],
                &["a2", "model_invoice", "account.group_user", "1", "1"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::PermissionList(list) = reading else {
            panic!("a permission list: {reading:?}")
        };
        assert_eq!((list.role, list.capability), (2, 1));
        assert_eq!(list.columns, vec![3, 4]);
        assert!(
            note.starts_with("permission list: role in \"group_id:id\""),
            "{note}"
        );
    }

    #[test]
    fn a_group_column_before_role_columns_describes_the_row() {
        let s = sheet(
            "Access",
            &[
                &["Group", "Capability", "Admin", "Maker"],
                &["Apps", "Publish app", "x", ""],
                &["Apps", "Create app", "x", "x"],
                &["Data", "Export data", "", "x"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::Matrix(grid) = reading else {
            panic!("a matrix whose roles are the columns: {reading:?}")
        };
        assert_eq!((grid.label, grid.columns), (1, vec![2, 3]), "{note}");
        assert_eq!(grid.group, None, "the labels do not repeat");
    }
}
