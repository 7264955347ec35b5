//! A list of assignments: a person column and a role column.

use super::grid::Body;
use super::{Found, Header};
use crate::extract::sheet_plan::{AssignmentList, Reading};
use crate::extract::vocabulary::{
    EMAIL, ENVIRONMENT, GRANTED_BY, PERSON, ROLE, VALID_FROM, VALID_UNTIL,
};
use crate::mapping::Layout;

/// A person column and a role column, and not two or more columns of marks beside them
/// (those make a matrix), unless the person chose this layout.
pub(super) fn assignment_list(
    header: &Header<'_>,
    body: &Body,
    want: Option<Layout>,
) -> Option<Found> {
    if !want.is_none_or(|w| w == Layout::Assignments) {
        return None;
    }
    let (p, r) = (header.find(PERSON)?, header.find(ROLE)?);
    let chosen = want == Some(Layout::Assignments);
    // The person and role columns themselves may hold a stray mark ("-" for a role not
    // yet decided): they are not mark columns. One flag column beside them (Approved,
    // Privileged) describes the assignment; two or more make it a matrix.
    let other_marks = body.marks.iter().filter(|&&c| c != p && c != r).count() >= 2;
    if p == r || (other_marks && !chosen) {
        return None;
    }
    let list = AssignmentList {
        header: header.row,
        person: p,
        role: r,
        email: header.find(EMAIL),
        environment: header.find(ENVIRONMENT),
        valid_from: header.find(VALID_FROM),
        valid_until: header.find(VALID_UNTIL),
        granted_by: header.find(GRANTED_BY),
    };
    let note = format!(
        "assignment list: person in {:?}, role in {:?}",
        header.of(p),
        header.of(r)
    );
    Some((Reading::AssignmentList(list), note))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{detected, sheet};
    use super::*;

    #[test]
    fn a_person_and_a_role_column_make_a_list() {
        let s = sheet(
            "People",
            &[
                &["User", "Email", "Role", "Valid until", "Approved"],
                &["ana", "ana@example.org", "Maker", "2025-01-31", "yes"],
                &["bo", "bo@example.org", "Approver", "", "no"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::AssignmentList(list) = reading else {
            panic!("a list of assignments: {reading:?}")
        };
        assert_eq!((list.person, list.role), (0, 2));
        assert_eq!((list.email, list.valid_until), (Some(1), Some(3)));
        assert_eq!(note, r#"assignment list: person in "User", role in "Role""#);
    }

    #[test]
    fn two_columns_of_marks_beside_them_are_not_a_list() {
        let s = sheet(
            "People",
            &[
                &["User", "Role", "Dev", "Prod"],
                &["ana", "Maker", "x", ""],
                &["bo", "Approver", "x", "x"],
            ],
        );
        let (reading, _) = detected(&s);
        assert!(
            !matches!(reading, Reading::AssignmentList(_)),
            "flags per environment make it a matrix: {reading:?}"
        );
    }
}
