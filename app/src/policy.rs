//! The one authorisation policy: may this viewer do this action on this thing? Every server
//! function and route asks [`check`] before it reads or writes; pages ask [`allows`] only to
//! decide which controls to show, which is a courtesy, never the protection.
//!
//! The rules are the table in PRODUCT.md: everyone signed in reads everything; ministries change
//! the plan for measures their ministry leads (admins for any); agencies report on what their organisation owns;
//! county boards change their own county's rows; oversight changes nothing; admins manage users.
//! Anonymous visitors read published data only when the public view is switched on. A request
//! made with an access token does what its person may, less what the token's scope leaves out,
//! and never anything about accounts.

use crate::domain::{CountyCode, Role};
use crate::models::{TokenScope, Viewer};
use serde::{Deserialize, Serialize};

/// Something a viewer may want to do, with what the rule needs to know about the thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Read the plan: overview, measures, assignments, counties, deadlines.
    ReadPlan,
    /// Read who changed what and when.
    ReadHistory,
    /// The oversight views: compliance matrix, the plan on a past date (rebuilt from the
    /// history), overdue reports across owners. Made for the rights body; like everything
    /// else, readable by everyone signed in, never by the public.
    ReadOversight,
    /// Create users, set their organisation and role, deactivate and reactivate them.
    ManageUsers,
    /// Add a measure to the plan (its lead must then pass [`Action::EditMeasure`]).
    CreateMeasure,
    /// Change the plan's structure for a measure (its fields, assignments, deadlines, funding).
    /// `lead_ministry` is the ministry that leads the measure: the lead organisation itself
    /// when that is a ministry, otherwise the lead agency's ministry.
    EditMeasure { lead_ministry: Option<i64> },
    /// Add or change the plan's areas: `plan_ministry` is the ministry that leads the plan.
    EditAreas { plan_ministry: i64 },
    /// Make the progress report to the Government (lägesrapport) from the plan's submitted
    /// data: the ministry that leads the plan (`plan_ministry`) reports to the Government.
    ReportToGovernment { plan_ministry: i64 },
    /// Write a progress report (or spending) for a measure or assignment owned by
    /// `owner_organisation`, led by `lead_ministry`. Only who may do this reads the subject's
    /// unsubmitted drafts: the report form's draft and the text of drafts in the history.
    Report {
        owner_organisation: i64,
        lead_ministry: Option<i64>,
    },
    /// Change a regional implementation row.
    EditRegionalRow { county: CountyCode },
    /// Bring in regional rows from a file (the export's workbook or CSV file): a county
    /// board, for its own county's rows (each row then passes [`Action::EditRegionalRow`]).
    ImportRegionalRows,
    /// Bring in funding lines from a file (the export's workbook or CSV file): a ministry, for
    /// the measures it edits, or an administrator (each line then passes
    /// [`Action::EditMeasure`]).
    ImportFundingLines,
    /// See one's own organisation's work (deadlines, drafts, stale rows).
    ReadOwnWork,
    /// Make (or renew) the secret address of one's own organisation's deadline calendar.
    ManageCalendarFeed,
    /// See which organisations have a calendar address, and end one (a leaked address).
    RevokeCalendarFeeds,
    /// Change one's own password. Every signed-in user, the oversight role too: it keeps its
    /// account safe, and changes nothing in the plan.
    ManageOwnAccount,
    /// See, make or revoke the access tokens of the user `owner`: the person themselves (the
    /// oversight role too: its tokens only read), and administrators (to revoke a leaked one).
    ManageAccessTokens { owner: i64 },
}

impl Action {
    /// Whether the action is about accounts (passwords, second factors, users, tokens,
    /// calendar addresses): never done with an access token, only by a person signed in.
    /// Every action is named, so that a new one is decided here, not let through.
    fn is_about_accounts(&self) -> bool {
        match self {
            Action::ManageUsers
            | Action::ManageCalendarFeed
            | Action::RevokeCalendarFeeds
            | Action::ManageOwnAccount
            | Action::ManageAccessTokens { .. } => true,
            Action::ReadPlan
            | Action::ReadHistory
            | Action::ReadOversight
            | Action::ReadOwnWork
            | Action::CreateMeasure
            | Action::EditMeasure { .. }
            | Action::EditAreas { .. }
            | Action::ReportToGovernment { .. }
            | Action::Report { .. }
            | Action::EditRegionalRow { .. }
            | Action::ImportRegionalRows
            | Action::ImportFundingLines => false,
        }
    }

    /// Whether the action only reads: all a token that reads may do. Writing a report also
    /// decides who reads its draft's text, so such a token reads none. Every action is named.
    fn only_reads(&self) -> bool {
        match self {
            Action::ReadPlan
            | Action::ReadHistory
            | Action::ReadOversight
            | Action::ReadOwnWork
            | Action::ReportToGovernment { .. } => true,
            Action::ManageUsers
            | Action::CreateMeasure
            | Action::EditMeasure { .. }
            | Action::EditAreas { .. }
            | Action::Report { .. }
            | Action::EditRegionalRow { .. }
            | Action::ImportRegionalRows
            | Action::ImportFundingLines
            | Action::ManageCalendarFeed
            | Action::RevokeCalendarFeeds
            | Action::ManageOwnAccount
            | Action::ManageAccessTokens { .. } => false,
        }
    }
}

/// Settings the policy depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Access {
    /// Whether anonymous visitors may read published data.
    pub public_view: bool,
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Nobody is signed in, and the action needs someone to be.
    NotSignedIn,
    /// The signed-in user may not do this.
    Forbidden,
}

/// Whether `viewer` may do `action`.
pub fn check(viewer: &Viewer, action: &Action, access: Access) -> Result<(), Refusal> {
    let Some(user) = viewer.user() else {
        return match action {
            Action::ReadPlan if access.public_view => Ok(()),
            _ => Err(Refusal::NotSignedIn),
        };
    };
    if let Some(grant) = user.token
        && (action.is_about_accounts() || (grant.scope == TokenScope::Read && !action.only_reads()))
    {
        return Err(Refusal::Forbidden);
    }
    let allowed = match action {
        Action::ReadPlan
        | Action::ReadHistory
        | Action::ReadOversight
        | Action::ReadOwnWork
        | Action::ManageOwnAccount => true,
        Action::ManageCalendarFeed => {
            matches!(user.role, Role::Ministry | Role::Agency | Role::CountyBoard)
        }
        Action::ManageUsers | Action::RevokeCalendarFeeds => user.role == Role::Admin,
        Action::CreateMeasure | Action::ImportFundingLines => {
            matches!(user.role, Role::Ministry | Role::Admin)
        }
        Action::EditMeasure { lead_ministry } => {
            user.role == Role::Admin
                || (user.role == Role::Ministry && *lead_ministry == Some(user.organisation_id))
        }
        Action::EditAreas { plan_ministry } | Action::ReportToGovernment { plan_ministry } => {
            user.role == Role::Admin
                || (user.role == Role::Ministry && *plan_ministry == user.organisation_id)
        }
        Action::Report {
            owner_organisation,
            lead_ministry,
        } => match user.role {
            Role::Agency => *owner_organisation == user.organisation_id,
            Role::Ministry => {
                *owner_organisation == user.organisation_id
                    || *lead_ministry == Some(user.organisation_id)
            }
            _ => false,
        },
        Action::EditRegionalRow { county } => {
            user.role == Role::CountyBoard && user.county_code.as_ref() == Some(county)
        }
        Action::ImportRegionalRows => user.role == Role::CountyBoard && user.county_code.is_some(),
        Action::ManageAccessTokens { owner } => *owner == user.id || user.role == Role::Admin,
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::Forbidden)
    }
}

/// Whether people in `role` must sign in with a second factor (an authenticator app's code):
/// administrators, who hold every account, and the oversight role, which reads everything.
/// Others may choose one.
pub fn second_factor_required(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Oversight)
}

/// The first gate of every change to the plan or its accounts, asked before anything is looked
/// up or locked: someone must be signed in, in a role that changes things (the oversight role
/// changes nothing). So an anonymous visitor learns nothing of what exists, and neither waits
/// for nor holds up a writer. What the viewer may change is then decided by [`check`], once
/// the subject is known.
pub fn check_may_change(viewer: &Viewer) -> Result<(), Refusal> {
    let Some(user) = viewer.user() else {
        return Err(Refusal::NotSignedIn);
    };
    let reads_only = user
        .token
        .is_some_and(|grant| grant.scope == TokenScope::Read);
    match user.role {
        Role::Oversight => Err(Refusal::Forbidden),
        _ if reads_only => Err(Refusal::Forbidden),
        Role::Admin | Role::Ministry | Role::Agency | Role::CountyBoard => Ok(()),
    }
}

/// Whether `viewer` may do `action`: for showing or hiding controls.
pub fn allows(viewer: &Viewer, action: &Action, access: Access) -> bool {
    check(viewer, action, access).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Localized, OrganisationKind};
    use crate::models::{OrganisationRef, SignedInUser};

    const MINISTRY: i64 = 1;
    const OTHER_MINISTRY: i64 = 2;
    const AGENCY: i64 = 10;
    const COUNTY_BOARD: i64 = 24;
    const RIGHTS_BODY: i64 = 30;

    fn user(role: Role, organisation_id: i64) -> Viewer {
        Viewer::User(SignedInUser {
            id: 1,
            email: "someone@example.se".into(),
            display_name: "Someone".into(),
            role,
            organisation_id,
            organisation: OrganisationRef {
                code: "x".into(),
                kind: OrganisationKind::Agency,
                name: Localized::new("X", "X"),
                short_name: String::new(),
            },
            county_code: (role == Role::CountyBoard).then(|| county("24")),
            token: None,
        })
    }

    fn county(code: &str) -> CountyCode {
        code.parse().expect("a county code")
    }

    fn closed() -> Access {
        Access::default()
    }

    fn every_role() -> Vec<Viewer> {
        vec![
            user(Role::Ministry, MINISTRY),
            user(Role::Agency, AGENCY),
            user(Role::CountyBoard, COUNTY_BOARD),
            user(Role::Oversight, RIGHTS_BODY),
            user(Role::Admin, 99),
        ]
    }

    fn every_change() -> Vec<Action> {
        vec![
            Action::ManageUsers,
            Action::CreateMeasure,
            Action::EditMeasure {
                lead_ministry: Some(RIGHTS_BODY),
            },
            Action::EditAreas {
                plan_ministry: RIGHTS_BODY,
            },
            Action::Report {
                owner_organisation: RIGHTS_BODY,
                lead_ministry: Some(RIGHTS_BODY),
            },
            Action::EditRegionalRow {
                county: county("24"),
            },
            Action::ImportRegionalRows,
            Action::ImportFundingLines,
            Action::ManageCalendarFeed,
            Action::ManageAccessTokens { owner: 12345 },
        ]
    }

    fn with_token(viewer: Viewer, scope: TokenScope) -> Viewer {
        match viewer {
            Viewer::User(mut user) => {
                user.token = Some(crate::models::TokenGrant { id: 7, scope });
                Viewer::User(user)
            }
            anonymous => anonymous,
        }
    }

    #[test]
    fn anonymous_visitors_see_nothing_unless_the_public_view_is_on() {
        let public = Access { public_view: true };
        assert_eq!(
            check(&Viewer::Anonymous, &Action::ReadPlan, closed()),
            Err(Refusal::NotSignedIn)
        );
        assert_eq!(check(&Viewer::Anonymous, &Action::ReadPlan, public), Ok(()));
        for action in [
            Action::ReadHistory,
            Action::ReadOversight,
            Action::ReadOwnWork,
        ] {
            assert_eq!(
                check(&Viewer::Anonymous, &action, public),
                Err(Refusal::NotSignedIn)
            );
        }
        for action in every_change() {
            assert_eq!(
                check(&Viewer::Anonymous, &action, public),
                Err(Refusal::NotSignedIn)
            );
        }
    }

    #[test]
    fn everyone_signed_in_reads_the_plan_its_history_and_the_oversight_views() {
        for viewer in every_role() {
            assert!(allows(&viewer, &Action::ReadPlan, closed()));
            assert!(allows(&viewer, &Action::ReadHistory, closed()));
            assert!(allows(&viewer, &Action::ReadOversight, closed()));
        }
    }

    #[test]
    fn oversight_changes_nothing_even_what_its_own_organisation_owns() {
        let oversight = user(Role::Oversight, RIGHTS_BODY);
        assert!(allows(&oversight, &Action::ReadOversight, closed()));
        for action in every_change() {
            assert_eq!(
                check(&oversight, &action, closed()),
                Err(Refusal::Forbidden)
            );
        }
    }

    #[test]
    fn organisations_with_deadlines_make_their_calendar_feeds() {
        for viewer in every_role() {
            let expected = matches!(
                viewer.role(),
                Some(Role::Ministry | Role::Agency | Role::CountyBoard)
            );
            assert_eq!(
                allows(&viewer, &Action::ManageCalendarFeed, closed()),
                expected
            );
        }
    }

    #[test]
    fn only_admins_manage_users() {
        for viewer in every_role() {
            let expected = viewer.role() == Some(Role::Admin);
            assert_eq!(allows(&viewer, &Action::ManageUsers, closed()), expected);
        }
    }

    #[test]
    fn ministries_edit_only_the_measures_and_plans_their_ministry_leads_and_admins_edit_any() {
        let ministry = user(Role::Ministry, MINISTRY);
        let own = Action::EditMeasure {
            lead_ministry: Some(MINISTRY),
        };
        let other = Action::EditMeasure {
            lead_ministry: Some(OTHER_MINISTRY),
        };
        assert!(allows(&ministry, &own, closed()));
        assert!(!allows(&ministry, &other, closed()));
        assert!(!allows(&user(Role::Agency, AGENCY), &own, closed()));
        assert!(allows(&user(Role::Admin, 99), &own, closed()));
        let plan = Action::EditAreas {
            plan_ministry: MINISTRY,
        };
        assert!(allows(&ministry, &plan, closed()));
        let report = Action::ReportToGovernment {
            plan_ministry: MINISTRY,
        };
        assert!(allows(&ministry, &report, closed()));
        for other in [
            user(Role::Ministry, OTHER_MINISTRY),
            user(Role::Agency, AGENCY),
            user(Role::CountyBoard, COUNTY_BOARD),
            user(Role::Oversight, RIGHTS_BODY),
        ] {
            assert!(!allows(&other, &report, closed()));
        }
        assert!(!allows(
            &Viewer::Anonymous,
            &report,
            Access { public_view: true }
        ));
        assert!(!allows(
            &user(Role::Ministry, OTHER_MINISTRY),
            &plan,
            closed()
        ));
        assert!(allows(&user(Role::Admin, 99), &plan, closed()));
        for viewer in every_role() {
            let expected = matches!(viewer.role(), Some(Role::Ministry | Role::Admin));
            assert_eq!(allows(&viewer, &Action::CreateMeasure, closed()), expected);
        }
    }

    #[test]
    fn agencies_report_only_on_what_their_organisation_owns() {
        let agency = user(Role::Agency, AGENCY);
        let own = Action::Report {
            owner_organisation: AGENCY,
            lead_ministry: Some(MINISTRY),
        };
        let other = Action::Report {
            owner_organisation: 11,
            lead_ministry: Some(MINISTRY),
        };
        assert!(allows(&agency, &own, closed()));
        assert!(!allows(&agency, &other, closed()));
        assert!(allows(&user(Role::Ministry, MINISTRY), &own, closed()));
        assert!(!allows(
            &user(Role::Ministry, OTHER_MINISTRY),
            &own,
            closed()
        ));
    }

    #[test]
    fn county_boards_change_only_their_own_countys_rows() {
        let board = user(Role::CountyBoard, COUNTY_BOARD);
        let own = Action::EditRegionalRow {
            county: county("24"),
        };
        let other = Action::EditRegionalRow {
            county: county("01"),
        };
        assert!(allows(&board, &own, closed()));
        assert!(!allows(&board, &other, closed()));
        assert!(!allows(&user(Role::Ministry, MINISTRY), &own, closed()));
    }

    #[test]
    fn a_token_does_what_its_person_may_less_its_scope_and_nothing_about_accounts() {
        let board = user(Role::CountyBoard, COUNTY_BOARD);
        let own_row = Action::EditRegionalRow {
            county: county("24"),
        };
        let reading = with_token(board.clone(), TokenScope::Read);
        let writing = with_token(board.clone(), TokenScope::ReadWrite);
        for action in [Action::ReadPlan, Action::ReadHistory, Action::ReadOversight] {
            assert!(allows(&reading, &action, closed()));
            assert!(allows(&writing, &action, closed()));
        }
        assert!(!allows(&reading, &own_row, closed()));
        assert_eq!(check_may_change(&reading), Err(Refusal::Forbidden));
        assert!(allows(&writing, &own_row, closed()));
        assert_eq!(check_may_change(&writing), Ok(()));
        // Never beyond the role: another county's row, whatever the scope.
        let other_row = Action::EditRegionalRow {
            county: county("01"),
        };
        assert!(!allows(&writing, &other_row, closed()));
        // Never about accounts, not even one's own.
        let own_tokens = Action::ManageAccessTokens { owner: 1 };
        assert!(allows(&board, &own_tokens, closed()));
        for action in [
            own_tokens,
            Action::ManageOwnAccount,
            Action::ManageCalendarFeed,
        ] {
            assert!(!allows(&writing, &action, closed()), "{action:?}");
        }
        let admin = with_token(user(Role::Admin, 99), TokenScope::ReadWrite);
        assert!(!allows(&admin, &Action::ManageUsers, closed()));
        assert!(!allows(&admin, &Action::RevokeCalendarFeeds, closed()));
    }

    #[test]
    fn a_person_manages_their_own_tokens_and_admins_revoke_anyones() {
        for viewer in every_role() {
            assert!(allows(
                &viewer,
                &Action::ManageAccessTokens { owner: 1 },
                closed()
            ));
            assert_eq!(
                allows(&viewer, &Action::ManageAccessTokens { owner: 2 }, closed()),
                viewer.role() == Some(Role::Admin)
            );
        }
    }
}
