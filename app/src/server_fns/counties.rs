//! Counties.

#[cfg(feature = "ssr")]
use crate::domain::CountyCode;
use crate::domain::Lang;
use crate::error::AppError;
use crate::models::{Chart, CountyDetail, CountySummary};
#[cfg(feature = "ssr")]
use crate::server::db::reference::CurrentPlan;
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
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            county_detail(&mut conn, &plan, &code, super::today()?).await
        }
        .await,
    )
}

/// The charts of the county with `code`, worded in `lang`: its rows by status, its money by
/// measure and its indicators (small counts suppressed).
#[server(endpoint = "county_charts")]
pub async fn get_county_charts(code: String, lang: Lang) -> Result<Vec<Chart>, AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            county_charts(&mut conn, &plan, &code, super::today()?, lang).await
        }
        .await,
    )
}

/// The county's page: everything about the county with `code` and its charts, worded in
/// `lang`, read at one revision of the plan.
#[server(endpoint = "county_page")]
pub async fn get_county_page(
    code: String,
    lang: Lang,
) -> Result<(CountyDetail, Vec<Chart>), AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let today = super::today()?;
            let detail = county_detail(&mut conn, &plan, &code, today).await?;
            let charts = county_charts(&mut conn, &plan, &code, today, lang).await?;
            Ok((detail, charts))
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn county_detail(
    conn: &mut sqlx::AnyConnection,
    plan: &CurrentPlan,
    code: &str,
    today: crate::domain::IsoDate,
) -> Result<CountyDetail, AppError> {
    let code = CountyCode::parse(code).map_err(|_| AppError::NotFound)?;
    let with_flags = super::allows(&crate::policy::Action::ReadOversight)?;
    let mut detail = kept_county(conn, plan, code, today, with_flags)
        .await?
        .as_ref()
        .clone();
    detail.read_at = plan.read_at(today);
    Ok(detail)
}

#[cfg(feature = "ssr")]
async fn county_charts(
    conn: &mut sqlx::AnyConnection,
    plan: &CurrentPlan,
    code: &str,
    today: crate::domain::IsoDate,
    lang: Lang,
) -> Result<Vec<Chart>, AppError> {
    let code = CountyCode::parse(code).map_err(|_| AppError::NotFound)?;
    let charts = crate::server::state()?
        .caches
        .county_charts
        .get_or_compute(plan, (code, today, lang), async || {
            // Whichever of the county's kept forms the viewer has: the charts leave out its
            // signals.
            let with_flags = super::allows(&crate::policy::Action::ReadOversight)?;
            let county = kept_county(conn, plan, code, today, with_flags).await?;
            Ok::<_, AppError>(crate::server::charts::county_charts(&county, lang))
        })
        .await?;
    Ok(charts.as_ref().clone())
}

/// The county with `code` on `today`, with its signals if `with_flags` (for a viewer who may
/// read the oversight views), as kept for the plan's revision.
#[cfg(feature = "ssr")]
async fn kept_county(
    conn: &mut sqlx::AnyConnection,
    plan: &CurrentPlan,
    code: CountyCode,
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
