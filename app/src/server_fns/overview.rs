//! The overview of the plan.

use crate::error::AppError;
use crate::models::Overview;
use leptos::prelude::*;

/// How the plan stands today.
#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            Ok(db::overview::overview(&mut conn, plan, super::today()?).await?)
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
            let mut groups = Vec::new();
            for by in FundingBy::ALL {
                groups.push((by, funding::plan_totals(&mut conn, plan.id, by).await?));
            }
            let total = groups
                .first()
                .map(|(_, lines)| lines.iter().map(|line| line.totals).sum())
                .unwrap_or_default();
            Ok(FundingRollup { total, groups })
        }
        .await,
    )
}

/// The overview's charts, worded in `lang`: measures by status, and money by year and by area.
#[server(endpoint = "overview_charts")]
pub async fn get_overview_charts(
    lang: crate::domain::Lang,
) -> Result<Vec<crate::models::Chart>, AppError> {
    use crate::server::{charts, db};
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let overview = db::overview::overview(&mut conn, plan, super::today()?).await?;
            Ok(charts::overview_charts(&overview, lang))
        }
        .await,
    )
}
