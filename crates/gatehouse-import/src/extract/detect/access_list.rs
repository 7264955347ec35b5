//! An access list: one grant per row, a role, the resource (a system, a screen, a
//! target) and the access level on it (`Read`, `admin`), the most common export shape.

use super::grid::Body;
use super::{Found, Header};
use crate::extract::sheet_plan::{AccessList, Reading};
use crate::extract::vocabulary::{ACCESS_LEVEL, ENVIRONMENT, RESOURCE, ROLE, STATUS};

/// A role column, a resource column and a level column of words (not marks: a column of
/// Y/N under "Access" is a flag, read as a permission list's flags).
pub(super) fn access_list(header: &Header<'_>, body: &Body) -> Option<Found> {
    let role = header.find_named(ROLE, &[])?;
    let resource = header.find_named(RESOURCE, &[role])?;
    let level = header
        .find_named(ACCESS_LEVEL, &[role, resource])
        .filter(|c| !body.marks.contains(c))?;
    let status = header.find_named(STATUS, &[role, resource, level]);
    let environment = header.find_named(ENVIRONMENT, &[role, resource, level]);
    let mut note = format!(
        "access list: role in {:?}, resource in {:?}, access level in {:?}; one grant per row, the capability named \"<resource> <level>\"",
        header.of(role),
        header.of(resource),
        header.of(level)
    );
    if let Some(s) = status {
        note.push_str(&format!(
            "; rows whose {:?} says revoked or disabled are not imported",
            header.of(s)
        ));
    }
    let list = AccessList {
        header: header.row,
        role,
        resource,
        level: Some(level),
        environment,
        status,
    };
    Some((Reading::AccessList(list), note))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{detected, sheet};
    use super::*;

    #[test]
    fn a_role_a_system_and_an_access_level_make_an_access_list() {
        let s = sheet(
            "Access",
            &[
                &["RoleID", "RoleName", "System", "Access_Level", "Active"],
                &["R1", "Clerk", "Payroll", "Read", "Y"],
                &["R2", "Payroll Admin", "Payroll", "Write", "N"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::AccessList(list) = reading else {
            panic!("an access list: {reading:?}")
        };
        assert_eq!(
            (list.role, list.resource, list.level, list.status),
            (1, 2, Some(3), Some(4)),
            "the role's name, not its id; the Y/N column is the status"
        );
        assert!(
            note.starts_with("access list: role in \"RoleName\""),
            "{note}"
        );
    }
}
