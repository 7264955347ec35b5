//! A list of assignments: a person column and a role column.

use super::grid::Body;
use super::{Found, Header};
use crate::extract::sheet_plan::{AssignmentList, Reading};
use crate::extract::vocabulary::{
    is_flag_header, words_in, EMAIL, ENTITLEMENT, ENVIRONMENT, GRANTED_BY, PERSON, ROLE,
    ROLES_IN_ONE_CELL, STATUS, VALID_FROM, VALID_UNTIL,
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
    let p = header.find(PERSON)?;
    let status = header.find_named(STATUS, &[p]);
    // An access review lists entitlements where others list roles; its decision column
    // says it is about holding them.
    let r = header
        .find_named(ROLE, &[p])
        .or_else(|| status.and_then(|s| header.find_named(ENTITLEMENT, &[p, s])))?;
    let chosen = want == Some(Layout::Assignments);
    // A column headed "Account" over CRUD letters or marks names a resource, not people.
    let person_stats = &body.stats[p as usize];
    let letters = person_stats.crud.max(person_stats.marks);
    if !chosen && person_stats.filled > 0 && letters * 3 >= person_stats.filled * 2 {
        return None;
    }
    // The person and role columns themselves may hold a stray mark ("-" for a role not
    // yet decided): they are not mark columns. One flag column beside them (Approved,
    // Privileged) describes the assignment; two or more make it a matrix, unless they
    // are flags or metrics (InBaseline, SoD_Violation) or a decision column says the
    // sheet reviews who holds what.
    let other_marks = (body.marks.iter())
        .filter(|&&c| c != p && c != r && Some(c) != status)
        .filter(|&&c| !is_flag_header(&header.normed[c as usize]))
        .count()
        >= 2;
    if p == r || (other_marks && !chosen && status.is_none()) {
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
        status,
    };
    let mut note = format!(
        "assignment list: person in {:?}, role in {:?}",
        header.of(p),
        header.of(r)
    );
    if words_in(&header.normed[r as usize], ROLES_IN_ONE_CELL) {
        note.push_str(" (several roles in a cell, one assignment each)");
    }
    if let Some(s) = status {
        note.push_str(&format!(
            "; rows whose {:?} says revoked or disabled are not imported",
            header.of(s)
        ));
    }
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
