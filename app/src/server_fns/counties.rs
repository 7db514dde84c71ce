//! Counties.

use crate::error::AppError;
use crate::models::{CountyDetail, CountySummary};
use leptos::prelude::*;

/// The 21 counties with their regional rows' statuses.
#[server(endpoint = "counties")]
pub async fn list_counties() -> Result<Vec<CountySummary>, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            Ok(db::counties::list(&mut conn, plan.id).await?)
        }
        .await,
    )
}

/// Everything about the county with `code` (`24`).
#[server(endpoint = "county")]
pub async fn get_county(code: String) -> Result<CountyDetail, AppError> {
    super::respond(county_detail(&code).await)
}

/// The charts of the county with `code`, worded in `lang`: its rows by status, its money by
/// measure and its indicators (small counts suppressed).
#[server(endpoint = "county_charts")]
pub async fn get_county_charts(
    code: String,
    lang: crate::domain::Lang,
) -> Result<Vec<crate::models::Chart>, AppError> {
    super::respond(
        async {
            let code = crate::domain::CountyCode::parse(&code).map_err(|_| AppError::NotFound)?;
            let (mut conn, plan) = super::connect_to_plan().await?;
            let today = super::today()?;
            let charts = crate::server::state()?
                .caches
                .county_charts
                .get_or_compute(&plan, (code, today, lang), async || {
                    let county = kept_county(&mut conn, &plan, code, today, false).await?;
                    Ok::<_, AppError>(crate::server::charts::county_charts(&county, lang))
                })
                .await?;
            Ok(charts.as_ref().clone())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn county_detail(code: &str) -> Result<CountyDetail, AppError> {
    let code = crate::domain::CountyCode::parse(code).map_err(|_| AppError::NotFound)?;
    let (mut conn, plan) = super::connect_to_plan().await?;
    let today = super::today()?;
    let with_flags = super::allows(&crate::policy::Action::ReadOversight)?;
    let mut detail = kept_county(&mut conn, &plan, code, today, with_flags)
        .await?
        .as_ref()
        .clone();
    detail.read_at = plan.read_at();
    Ok(detail)
}

/// The county with `code` on `today`, with its signals if `with_flags` (for a viewer who may
/// read the oversight views), as kept for the plan's revision.
#[cfg(feature = "ssr")]
async fn kept_county(
    conn: &mut sqlx::AnyConnection,
    plan: &crate::server::db::reference::CurrentPlan,
    code: crate::domain::CountyCode,
    today: crate::domain::IsoDate,
    with_flags: bool,
) -> Result<std::sync::Arc<CountyDetail>, AppError> {
    use crate::server::db;
    let state = crate::server::state()?;
    state
        .caches
        .county
        .get_or_compute(plan, (code, today, with_flags), async || {
            let threshold = state.settings.suppression_threshold;
            let mut detail = db::counties::detail(conn, plan.id, code, threshold, today)
                .await?
                .ok_or(AppError::NotFound)?;
            if with_flags {
                let flags = state.caches.flags(conn, plan, today).await?;
                detail.flags = Some(crate::models::flags_in_county(&flags, &code));
            }
            Ok(detail)
        })
        .await
}
