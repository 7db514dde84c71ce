//! Server functions: the only way pages reach data. Each runs on the server (called directly
//! during server rendering, or over HTTP `POST /api/<name>` from the browser), reads through
//! `server::db`, and sets the HTTP status of its error.

mod assignments;
mod counties;
mod measures;
mod overview;

pub use assignments::{get_assignment, list_assignments};
pub use counties::{get_county, list_counties};
pub use measures::{get_measure, list_measures};
pub use overview::get_overview;

/// Gives a failed call the HTTP status of its error, both for a call over HTTP and for a page
/// rendered on the server that made the call (so that an unknown measure is a real 404).
#[cfg(feature = "ssr")]
fn respond<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
    if let Err(error) = &result
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        let status = http::StatusCode::from_u16(error.status_code())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(status);
    }
    result
}

/// The database connection and the current plan, or why there is none.
#[cfg(feature = "ssr")]
async fn connect_to_plan() -> Result<
    (
        sqlx::pool::PoolConnection<sqlx::Any>,
        crate::server::db::reference::CurrentPlan,
    ),
    crate::error::AppError,
> {
    let state = crate::server::state()?;
    let mut conn = state.db.acquire().await?;
    let plan = crate::server::db::reference::current_plan(&mut conn)
        .await?
        .ok_or(crate::error::AppError::NoPlan)?;
    Ok((conn, plan))
}
