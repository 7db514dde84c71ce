//! The overview of the plan.

use crate::error::AppError;
use crate::models::Overview;
use leptos::prelude::*;

/// How the plan stands today, with its charts worded in `lang`: measures by status, progress
/// by period, deadlines by month, and money by year and by area.
#[server(endpoint = "overview")]
pub async fn get_overview(lang: crate::domain::Lang) -> Result<Overview, AppError> {
    use crate::server::{charts, db};
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let today = super::today()?;
            let state = crate::server::state()?;
            let overview = state
                .caches
                .overview
                .get_or_compute(&plan, (today, lang), async || {
                    let unmet = state
                        .caches
                        .unmet_deadlines(&mut conn, &plan, today)
                        .await?;
                    let mut overview =
                        db::overview::overview(&mut conn, &plan, today, &unmet).await?;
                    overview.charts = charts::overview_charts(&overview, lang);
                    Ok::<_, AppError>(overview)
                })
                .await?;
            Ok(Overview {
                read_at: plan.read_at(today),
                ..overview.as_ref().clone()
            })
        }
        .await,
    )
}

/// The plan's money added up by year, area, lead organisation, county and measure.
#[server(endpoint = "funding")]
pub async fn get_funding() -> Result<crate::models::FundingRollup, AppError> {
    use crate::models::{FundingBy, FundingRollup};
    use crate::server::db::funding;
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let state = crate::server::state()?;
            let today = super::today()?;
            let rollup = state
                .caches
                .funding
                .get_or_compute(&plan, today, async || {
                    let mut groups = Vec::new();
                    for by in FundingBy::ALL {
                        groups.push((by, funding::plan_totals(&mut conn, plan.id, by).await?));
                    }
                    let total = groups
                        .first()
                        .map(|(_, lines)| lines.iter().map(|line| line.totals).sum())
                        .unwrap_or_default();
                    let rows = funding::row_horizons(&mut conn, plan.id, None, today).await?;
                    let rows: Vec<_> = rows.into_iter().map(|(_, row)| row).collect();
                    let horizons = crate::models::CountyHorizon::per_county(&rows);
                    Ok::<_, AppError>(FundingRollup {
                        read_at: Default::default(),
                        total,
                        groups,
                        horizons,
                    })
                })
                .await?;
            Ok(FundingRollup {
                read_at: plan.read_at(today),
                ..rollup.as_ref().clone()
            })
        }
        .await,
    )
}
