//! Sheets as people really leave them: legends and totals under the table, metadata blocks
//! above it, level codes explained by a legend.

use gatehouse_core::Effect;

use crate::{assert_no_warnings, bytes_preview, only_warning, warnings_text};

fn csv(name: &str, text: &str) -> gatehouse_import::Preview {
    bytes_preview(name, text.as_bytes().to_vec()).unwrap()
}

/// The roles the grants read name, each once, sorted.
fn granted_roles(p: &gatehouse_import::Preview) -> Vec<&str> {
    distinct(p.grants.iter().map(|g| g.role.as_str()))
}

/// The capabilities the grants read name, each once, sorted.
fn granted_capabilities(p: &gatehouse_import::Preview) -> Vec<&str> {
    distinct(p.grants.iter().map(|g| g.capability.as_str()))
}

fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    names
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn a_legend_under_the_matrix_is_used_and_not_read_as_capabilities() {
    let p = csv(
        "access.csv",
        "Capability,Admin,Editor\nRead,x,A\nWrite,x,\nLegend\nx,Allowed\nA,Allowed with approval\n",
    );
    let caps: Vec<&str> = p.grants.iter().map(|g| g.capability.as_str()).collect();
    assert_eq!(caps, ["Read", "Read", "Write"], "{:?}", p.grants);
    let editor = p.grants.iter().find(|g| g.role == "Editor").unwrap();
    assert_eq!(editor.effect, Effect::Approval, "the legend defines A");
    assert_no_warnings(&p);
}

#[test]
fn a_totals_row_is_not_a_capability_and_is_reported() {
    let p = csv(
        "access.csv",
        "Capability,Admin,Viewer\nRead,x,x\nWrite,x,\nTotal,2,1\n",
    );
    assert_eq!(p.grants.len(), 3, "{:?}", p.grants);
    assert!(!p.grants.iter().any(|g| g.capability == "Total"));
    let w = p
        .warnings
        .iter()
        .find(|w| w.message.contains("totals row"))
        .unwrap_or_else(|| panic!("{}", warnings_text(&p)));
    assert!(w.source.ends_with("!A4"), "{}", w.source);
}

#[test]
fn a_block_of_document_details_above_the_table_is_not_its_header() {
    let p = csv(
        "access.csv",
        "Owner:,IT Governance,Version:,3.2,Date:,2024-03-01\nStatus:,Approved,Reviewer:,J. Smith\nCapability,Admin,Editor,Viewer,Auditor\nRead,x,x,x,x\nWrite,x,x,,\n",
    );
    assert_eq!(p.sheets[0].header_row, Some(3), "{:?}", p.sheets);
    assert_eq!(granted_roles(&p), ["Admin", "Auditor", "Editor", "Viewer"]);
    assert_eq!(p.grants.len(), 6);
    assert_no_warnings(&p);
}

fn until(p: &gatehouse_import::Preview) -> Vec<Option<String>> {
    p.assignments
        .iter()
        .map(|a| a.valid_until.map(|d| d.to_string()))
        .collect()
}

#[test]
fn two_digit_years_are_this_century_and_slash_dates_follow_their_column() {
    // Nothing in the column says whether 01/02/2024 is day or month first: read day
    // first, and said so at the first such cell.
    let p = csv(
        "people.csv",
        "Name,Role,Valid until\nAna,Viewer,30.6.24\nBob,Admin,01/02/2024\nCem,Admin,2024-12-31\n",
    );
    assert_eq!(
        until(&p),
        [
            Some("2024-06-30".to_string()),
            Some("2024-02-01".to_string()),
            Some("2024-12-31".to_string())
        ]
    );
    let w = only_warning(&p);
    assert!(w.source.ends_with("!C3"));
    assert!(
        w.message.contains("day/month or month/day"),
        "{}",
        warnings_text(&p)
    );
    // 06/30/2024 can only be month first: so is 01/02/2024 in the same column, and a
    // day-first date there is named.
    let p = csv(
        "people.csv",
        "Name,Role,Valid until\nAna,Viewer,06/30/2024\nBob,Admin,01/02/2024\nCem,Admin,31/12/2024\n",
    );
    assert_eq!(
        until(&p),
        [
            Some("2024-06-30".to_string()),
            Some("2024-01-02".to_string()),
            None
        ]
    );
    let w = only_warning(&p);
    assert!(w.source.ends_with("!C4"));
    assert!(w.message.contains("month first"));
}

#[test]
fn a_column_of_unknown_tokens_is_not_dropped_without_a_word() {
    let p = csv(
        "access.csv",
        "Capability,Admin,Editor,Auditor\nRead,x,x,maybe\nWrite,x,,?\nDelete,x,,\n",
    );
    assert!(!p.grants.iter().any(|g| g.role == "Auditor"));
    let w = p
        .warnings
        .iter()
        .find(|w| w.source.ends_with("!D1"))
        .unwrap_or_else(|| panic!("{}", warnings_text(&p)));
    assert!(
        w.message
            .starts_with("column \"Auditor\" was not read: \"?\", \"maybe\" are not marks"),
        "{}",
        w.message
    );
    // A column of notes is not a role column: nothing to say about it.
    let p = csv(
        "access.csv",
        "Capability,Admin,Notes\nRead,x,granted after the 2024 review\nWrite,x,\n",
    );
    assert_no_warnings(&p);
}

#[test]
fn an_assignment_list_with_a_placeholder_role_is_still_an_assignment_list() {
    let p = csv(
        "people.csv",
        "Name,Role,Environment\nAna,Viewer,Prod\nBob,Admin,Prod\nCid,-,Prod\nDan,Editor,Dev\n",
    );
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::Assignments);
    let people: Vec<&str> = p.assignments.iter().map(|a| a.person.as_str()).collect();
    assert_eq!(people, ["Ana", "Bob", "Dan"]);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.source.ends_with("!B4") && w.message.contains("no role given")),
        "{}",
        warnings_text(&p)
    );
}

#[test]
fn a_raci_chart_with_roles_in_rows_reads_activities_across() {
    let p = csv(
        "raci.csv",
        "Role,Create app,Publish app,Approve change\nPM,A,R,I\nDev,R,A/R,C\nApprover,I,C,R\n",
    );
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::Raci);
    let publish_dev = p
        .raci
        .iter()
        .find(|r| r.role == "Dev" && r.activity == "Publish app")
        .unwrap_or_else(|| panic!("{:?}", p.raci));
    assert_eq!(publish_dev.letters, "AR");
    assert!(publish_dev.source.ends_with("!C3"));
    assert_eq!(p.raci.len(), 9);
    // Nobody is accountable for "Approve change": said at its header cell.
    let w = only_warning(&p);
    assert!(w.source.ends_with("!D1"));
    assert!(w.message.contains("no role is accountable"));
}

#[test]
fn blank_lines_of_a_csv_count_as_rows_as_a_spreadsheet_program_shows_them() {
    let p = csv(
        "access.csv",
        "Access matrix\n\nCapability,Admin\n\"Read\nall\",x\n\nWrite,?\n",
    );
    assert_eq!(p.sheets[0].header_row, Some(3), "{:?}", p.sheets);
    assert_eq!(p.grants[0].source, "access!B4");
    let w = only_warning(&p);
    assert_eq!(w.source, "access!B6");
}

#[test]
fn stray_bytes_that_are_not_utf8_are_a_warning_naming_their_line() {
    let mut bytes = "Name,Role\nJosé Müller,Viewer\nZoë,Admin\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"Ren\xe9,Admin\n");
    let p = bytes_preview("people.csv", bytes).unwrap();
    let people: Vec<&str> = p.assignments.iter().map(|a| a.person.as_str()).collect();
    assert_eq!(people, ["José Müller", "Zoë", "René"]);
    let w = only_warning(&p);
    assert_eq!(w.source, "people.csv");
    assert!(w.message.contains("on line 4"), "{}", w.message);
}

#[test]
fn a_square_conflict_matrix_is_read_as_sod_rules_once_per_pair() {
    let p = csv(
        "conflicts.csv",
        "SoD conflict matrix\nRole,Requester,Approver,Payer,Auditor\nRequester,,X,,\nApprover,X,,High,\nPayer,,H,,X\nAuditor,,,X,\n",
    );
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::SodRules);
    assert!(p.grants.is_empty());
    let rules: Vec<(&str, &str, &str, &str)> = p
        .sod_rules
        .iter()
        .map(|r| {
            (
                r.left.as_str(),
                r.right.as_str(),
                r.severity.as_str(),
                r.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("Requester", "Approver", "medium", "conflicts!C3"),
            ("Approver", "Payer", "High", "conflicts!D4"),
            ("Payer", "Auditor", "medium", "conflicts!E5"),
        ]
    );
    let w = only_warning(&p);
    assert!(w.message.contains("marks 2 conflicts without a risk level"));
}

#[test]
fn headers_that_end_in_a_colon_side_by_side_are_headers_not_details() {
    let p = csv(
        "people.csv",
        "Name,Role,Approved by:,Approval date:\nAnn Lee,Buyer,K. Lee,2024-01-05\nBo Chen,AP Clerk,K. Lee,2024-01-06\n",
    );
    assert_eq!(p.sheets[0].header_row, Some(1), "{:?}", p.sheets);
    assert_eq!(p.assignments.len(), 2);
    // One "Caption: value" row above a short list is a detail, not the header.
    let p = csv(
        "people.csv",
        "Application:,SAP ERP\nName,Role,Email\nAnn Lee,Buyer,ann@example.org\nBo Chen,AP Clerk,bo@example.org\n",
    );
    assert_eq!(p.sheets[0].header_row, Some(2), "{:?}", p.sheets);
    assert_eq!(p.assignments.len(), 2);
}

#[test]
fn a_raci_chart_reads_the_way_that_gives_each_activity_one_accountable_role() {
    // "Roles" over the activities names the row across, not the labels down the side:
    // each row has one A, so the activities are the rows.
    let p = csv(
        "raci.csv",
        "Roles,Project Manager,Sponsor,Developer\nDefine scope,A,C,R\nBuild solution,C,I,A/R\nSign off,R,A,I\n",
    );
    let dev = p
        .raci
        .iter()
        .find(|r| r.role == "Developer" && r.activity == "Build solution")
        .unwrap_or_else(|| panic!("{:?}", p.raci));
    assert_eq!(dev.letters, "AR");
    assert_no_warnings(&p);
}

#[test]
fn a_conflict_matrix_with_a_blank_corner_and_risk_levels_in_its_cells() {
    let p = csv(
        "sod.csv",
        ",Create Vendor,Pay Vendor,Post Invoice,Approve PO\nCreate Vendor,,High,,\nPay Vendor,High,,M,\nPost Invoice,,M,,Critical\nApprove PO,,,Critical,\n",
    );
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::SodRules);
    let rules: Vec<(&str, &str, &str)> = p
        .sod_rules
        .iter()
        .map(|r| (r.left.as_str(), r.right.as_str(), r.severity.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            ("Create Vendor", "Pay Vendor", "High"),
            ("Pay Vendor", "Post Invoice", "M"),
            ("Post Invoice", "Approve PO", "Critical"),
        ]
    );
    assert_no_warnings(&p);
}

#[test]
fn a_date_column_that_does_not_show_its_order_follows_one_that_does() {
    let p = csv(
        "people.csv",
        "Name,Role,Valid from,Valid to\nAnn,Viewer,12/25/2024,01/02/2025\nBo,Viewer,01/03/2025,46000\n",
    );
    let until: Vec<Option<String>> = until(&p);
    assert_eq!(
        until,
        [
            Some("2025-01-02".to_string()),
            Some("2025-12-09".to_string())
        ],
        "month first, as 12/25/2024 shows; 46000 is an Excel serial day"
    );
    assert_no_warnings(&p);
}

#[test]
fn a_name_that_starts_like_a_formula_is_kept_as_text_and_named_in_a_warning() {
    let p = csv(
        "people.csv",
        "Name,Role\nAna Lima,Viewer\n\"=HYPERLINK(\"\"http://x\"\")\",Viewer\n@admin,=Admin\n",
    );
    let people: Vec<&str> = p.assignments.iter().map(|a| a.person.as_str()).collect();
    assert_eq!(people, ["Ana Lima", "=HYPERLINK(\"http://x\")", "@admin"]);
    let flagged: Vec<&str> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("starts like a formula"))
        .map(|w| w.source.as_str())
        .collect();
    // "@admin" is a plausible name; "=Admin" is a formula's text, at its own cell.
    assert_eq!(flagged, ["people!A3", "people!B4"], "{}", warnings_text(&p));
}

#[test]
fn columns_that_describe_a_row_are_not_roles_and_not_reported() {
    let p = csv(
        "access.csv",
        "Capability,Module,Admin,Editor,Viewer,Risk,Status,SOX\nCreate vendor,FI,X,X,,H,New,Y\nPay vendor,FI,X,,,H,Old,Y\nView report,CO,X,X,X,L,New,N\n",
    );
    assert_eq!(granted_roles(&p), ["Admin", "Editor", "Viewer"]);
    assert_eq!(p.grants.len(), 6);
    assert_no_warnings(&p);
}

#[test]
fn people_down_the_side_and_roles_across_are_assignments() {
    let p = csv(
        "review.csv",
        "Employee,Email,Buyer,AP Clerk,Purchasing Manager\nAnn Lee,ann@example.org,X,,\nBo Chen,bo@example.org,,X,\nCy Diaz,cy@example.org,X,,X\n",
    );
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::Assignments);
    assert!(p.grants.is_empty());
    let held: Vec<(&str, &str, Option<&str>)> = p
        .assignments
        .iter()
        .map(|a| (a.person.as_str(), a.role.as_str(), a.email.as_deref()))
        .collect();
    assert_eq!(
        held,
        [
            ("Ann Lee", "Buyer", Some("ann@example.org")),
            ("Bo Chen", "AP Clerk", Some("bo@example.org")),
            ("Cy Diaz", "Buyer", Some("cy@example.org")),
            ("Cy Diaz", "Purchasing Manager", Some("cy@example.org")),
        ]
    );
    assert_eq!(p.assignments[3].source, "review!E4");
    // "Name" down the side is not enough: capabilities have names too.
    let p = csv("access.csv", "Name,Admin,Viewer\nRead,x,x\nWrite,x,\n");
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::Matrix);
}

#[test]
fn an_assignment_list_with_one_flag_column_is_still_an_assignment_list() {
    let p = csv(
        "people.csv",
        "User,Role,Approved\nAna Lima,Environment Maker,Yes\nBen Okafor,System Administrator,No\nGrace Kim,Environment Admin,Yes\n",
    );
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::Assignments);
    assert_eq!(p.assignments.len(), 3);
    assert!(p.grants.is_empty());
}

#[test]
fn an_access_review_keyed_by_employee_id_takes_the_name_as_the_person() {
    let p = csv(
        "review.csv",
        "Employee ID,Employee Name,Department,Buyer,AP Clerk\nE1001,Ana Lima,Finance,X,\nE1002,Ben Okafor,Purchasing,,X\n",
    );
    assert_eq!(p.sheets[0].layout, gatehouse_import::Layout::Assignments);
    let held: Vec<(&str, &str)> = p
        .assignments
        .iter()
        .map(|a| (a.person.as_str(), a.role.as_str()))
        .collect();
    assert_eq!(held, [("Ana Lima", "Buyer"), ("Ben Okafor", "AP Clerk")]);
    assert_no_warnings(&p);
}

#[test]
fn a_raci_chart_headed_activity_is_not_flipped_by_role_words_in_its_activities() {
    let p = csv(
        "raci.csv",
        "Activity,IT,Finance,HR,Legal\nManager approval,I,A,R,C\nOwner sign-off,R,A,I,C\nAdministrator onboarding,A,I,R,I\nAuditor walkthrough,R,C,I,A\n",
    );
    assert!(p
        .raci
        .iter()
        .any(|r| r.role == "Finance" && r.activity == "Manager approval" && r.letters == "A"));
    assert_no_warnings(&p);
}

#[test]
fn a_role_column_of_marks_under_a_word_like_risk_is_read() {
    let p = csv(
        "access.csv",
        "Function,IT,Finance,Risk,Security\nApprove payments,,X,X,\nReview access,X,,X,X\n",
    );
    assert_eq!(
        p.grants.iter().filter(|g| g.role == "Risk").count(),
        2,
        "{:?}",
        p.grants
    );
}

#[test]
fn a_label_that_repeats_is_joined_with_the_column_that_tells_its_rows_apart() {
    // A Dataverse-style sheet: table and privilege; the table written once per group.
    let p = csv(
        "security-role.csv",
        "Table,Privilege,Basic User,Salesperson\nAccount,Create,X,X\n,Delete,,X\nContact,Create,X,X\n,Delete,,\n",
    );
    assert_eq!(
        granted_capabilities(&p),
        ["Account Create", "Account Delete", "Contact Create"]
    );
    assert!(
        p.sheets[0].note.contains("labels joined with column"),
        "{}",
        p.sheets[0].note
    );
    assert_no_warnings(&p);
    // Labels that are unique stay as they are.
    let p = csv(
        "access.csv",
        "Module,Capability,Admin\nApps,Create app,X\nApps,Share app,X\n",
    );
    assert!(
        p.grants.iter().all(|g| !g.capability.contains("Apps")),
        "{:?}",
        p.grants
    );
}
