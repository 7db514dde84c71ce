//! Server functions: the only way pages reach data. Each runs on the server (called directly
//! during server rendering, or over HTTP `POST /api/<name>` from the browser), asks the policy
//! whether the viewer may do what it does, reads or writes through `server::db`, and sets the
//! HTTP status of its error.

mod accessibility;
mod areas;
mod assignment_edit;
mod assignments;
mod auth;
mod comparison;
mod counties;
mod coverage;
mod data;
mod flags;
mod history;
mod imports;
mod indicators;
mod measures;
mod oversight;
mod overview;
mod plan;
mod regional;
mod reports;
mod tokens;
mod users;
mod work;

pub use accessibility::get_accessibility_contact;
pub use areas::{SaveArea, get_areas, save_area};
pub use assignment_edit::{
    CreateAssignment, SaveAssignment, SaveDeadline, create_assignment, get_assignment_edit,
    save_assignment, save_deadline,
};
pub use assignments::{get_assignment, list_assignments};
pub use auth::{
    ChangePassword, ConfirmSecondFactor, SetPassword, SignIn, SignOut, StartSecondFactorSetup,
    TurnOffSecondFactor, VerifySecondFactor, change_password, confirm_second_factor, get_account,
    get_demo_accounts, get_password_link, get_second_factor_challenge, get_visit, set_password,
    sign_in, sign_out, start_second_factor_setup, turn_off_second_factor, verify_second_factor,
};
pub use comparison::get_comparison;
pub use counties::{get_county, get_county_charts, get_county_page, list_counties};
pub use coverage::get_coverage;
pub use data::{get_api_reference, get_data_catalogue};
pub use flags::get_flags;
pub use history::get_history;
pub use imports::{ApplyImport, apply_import, get_import, get_import_start};
pub use indicators::{
    RemoveIndicatorTarget, SaveIndicatorTarget, get_target_edit, remove_indicator_target,
    save_indicator_target,
};
pub use measures::{get_measure, get_measure_charts, get_measure_page, list_measures};
pub use oversight::{change_interval, get_changes, get_compliance, get_oversight, get_plan_as_of};
pub use overview::{get_funding, get_overview};
pub use plan::{
    SaveFunding, SaveMeasure, get_funding_edit, get_measure_edit, save_funding, save_measure,
};
pub use regional::{SaveRegionalRow, get_regional_row, save_regional_row};
pub use reports::{
    DiscardReportDraft, SaveReport, discard_report_draft, get_report_form, save_report,
};
pub use tokens::{CreateAccessToken, RevokeAccessToken, create_access_token, revoke_access_token};
pub use users::{
    CreatePasswordLink, CreateUser, ResetSecondFactor, SetUserActive, UpdateUser,
    create_password_link, create_user, get_user, list_users, reset_second_factor, set_user_active,
    update_user,
};
pub use work::{
    RenewCalendarFeed, RevokeCalendarFeed, get_calendar_feeds, get_deadlines, get_my_work,
    renew_calendar_feed, revoke_calendar_feed,
};

/// Gives a failed call the HTTP status of its error, both for a call over HTTP and for a page
/// rendered on the server that made the call (so that an unknown measure is a real 404). A page
/// that needs someone signed in sends an anonymous visitor to the sign-in page instead.
#[cfg(feature = "ssr")]
fn respond<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
    use crate::error::AppError;
    use leptos::prelude::use_context;
    // A form sent without JavaScript is answered by a redirect back to its page (with the error
    // in the address): a status here would replace that redirect with the bare error.
    if let Err(error) = &result
        && !is_plain_form()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        let page = use_context::<http::request::Parts>()
            .map(|parts| parts.uri)
            .filter(|uri| !uri.path().starts_with("/api/"));
        match (error, page) {
            (AppError::NotSignedIn, Some(page)) => {
                let next = page.path_and_query().map_or("/", |p| p.as_str());
                leptos_axum::redirect(&crate::pages::sign_in_path(next));
            }
            _ => {
                let status = http::StatusCode::from_u16(error.status_code())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
                response.set_status(status);
            }
        }
    }
    result
}

/// Whether this call is a form the browser sent itself, without JavaScript.
#[cfg(feature = "ssr")]
fn is_plain_form() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        crate::server::plain_forms::is_plain_form_post(&parts.method, &parts.uri, &parts.headers)
    })
}

/// Sends a form sent without JavaScript on to `path` once it has succeeded, where the page's
/// WebAssembly would have gone (the WebAssembly's own call is answered as before).
#[cfg(feature = "ssr")]
fn go_on_without_javascript(path: &str) {
    if is_plain_form() {
        leptos_axum::redirect(path);
    }
}

/// What a form sent without JavaScript brought back to this page (put there by the router's
/// `plain_forms` middleware).
#[cfg(feature = "ssr")]
fn returned_form() -> Option<crate::models::FormReturn> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<crate::models::FormReturn>().cloned())
}

/// Today's date by the application's clock.
#[cfg(feature = "ssr")]
fn today() -> Result<crate::domain::IsoDate, crate::error::AppError> {
    Ok(crate::server::state()?.clock.today())
}

/// This instant by the application's clock, as changes are stamped with it.
#[cfg(feature = "ssr")]
fn timestamp() -> Result<crate::server::Timestamp, crate::error::AppError> {
    Ok(crate::server::state()?.clock.timestamp())
}

/// Who is making the current request (put there by the router's session middleware).
#[cfg(feature = "ssr")]
fn current_viewer() -> crate::models::Viewer {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<crate::models::Viewer>().cloned())
        .unwrap_or_default()
}

/// The transaction of a change by the request's viewer (`server::changes::begin`: only once
/// they have passed the policy's first gate).
#[cfg(feature = "ssr")]
async fn begin_change(
    state: &crate::server::AppState,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, crate::error::AppError> {
    crate::server::changes::begin(state, &current_viewer(), &freshness()).await
}

/// What the request knows of its client's recent writes (see `db::Freshness`).
#[cfg(feature = "ssr")]
fn freshness() -> crate::server::db::Freshness {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::server::db::Freshness>()
                .cloned()
        })
        .unwrap_or_default()
}

/// The connection `viewer` reads on (see `Db::for_viewer`).
#[cfg(feature = "ssr")]
async fn read_connection(
    state: &crate::server::AppState,
    viewer: &crate::models::Viewer,
) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, crate::error::AppError> {
    Ok(state.db.for_viewer(viewer, &freshness()).await?)
}

/// The policy's first gate of a change, for a server function that reads its arguments
/// before it begins its transaction.
#[cfg(feature = "ssr")]
fn may_change() -> Result<(), crate::error::AppError> {
    Ok(crate::policy::check_may_change(&current_viewer())?)
}

/// The viewer, once the policy has allowed them `action`, and the application state.
#[cfg(feature = "ssr")]
fn authorize(
    action: &crate::policy::Action,
) -> Result<(crate::models::Viewer, crate::server::AppState), crate::error::AppError> {
    let state = crate::server::state()?;
    let viewer = current_viewer();
    crate::policy::check(&viewer, action, state.settings.access())?;
    Ok((viewer, state))
}

/// Whether the viewer may do `action`: for offering a control (the action checks again).
#[cfg(feature = "ssr")]
fn allows(action: &crate::policy::Action) -> Result<bool, crate::error::AppError> {
    let state = crate::server::state()?;
    Ok(crate::policy::allows(
        &current_viewer(),
        action,
        state.settings.access(),
    ))
}

/// A connection for a viewer allowed to read the plan (read-only for oversight), and the
/// current plan, or why there is none.
#[cfg(feature = "ssr")]
async fn connect_to_plan() -> Result<
    (
        sqlx::pool::PoolConnection<sqlx::Any>,
        crate::server::db::reference::CurrentPlan,
    ),
    crate::error::AppError,
> {
    connect_for(&crate::policy::Action::ReadPlan).await
}

/// [`connect_to_plan`] for a viewer allowed `action`.
#[cfg(feature = "ssr")]
async fn connect_for(
    action: &crate::policy::Action,
) -> Result<
    (
        sqlx::pool::PoolConnection<sqlx::Any>,
        crate::server::db::reference::CurrentPlan,
    ),
    crate::error::AppError,
> {
    let (viewer, state) = authorize(action)?;
    let mut conn = read_connection(&state, &viewer).await?;
    let plan = crate::server::db::reference::current_plan(&mut conn)
        .await?
        .ok_or(crate::error::AppError::NoPlan)?;
    Ok((conn, plan))
}
