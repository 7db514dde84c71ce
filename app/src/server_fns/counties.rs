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
        county_detail(&code)
            .await
            .map(|county| crate::server::charts::county_charts(&county, lang)),
    )
}

#[cfg(feature = "ssr")]
async fn county_detail(code: &str) -> Result<CountyDetail, AppError> {
    use crate::domain::CountyCode;
    use crate::server::db;
    let code = CountyCode::parse(code).map_err(|_| AppError::NotFound)?;
    let (mut conn, plan) = super::connect_to_plan().await?;
    let state = crate::server::state()?;
    let threshold = state.settings.suppression_threshold;
    let today = super::today()?;
    let mut detail = state
        .caches
        .county
        .get_or_compute(&plan, (code, today), async || {
            db::counties::detail(&mut conn, plan.id, code, threshold, today).await
        })
        .await?
        .as_ref()
        .clone()
        .ok_or(AppError::NotFound)?;
    if let Some(flags) = super::flags::visible(&mut conn, &plan, today).await? {
        detail.flags = Some(crate::models::flags_in_county(&flags, &code));
    }
    Ok(detail)
}
