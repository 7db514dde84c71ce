//! The oversight views (everyone signed in may read them; the rights body is who they are
//! for).

use crate::error::AppError;
use crate::models::{Compliance, PlanAsOf};
use leptos::prelude::*;

/// Obligations against measures, measures that answer none, and everything overdue.
#[server(endpoint = "compliance")]
pub async fn get_compliance() -> Result<Compliance, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let (mut conn, plan) =
                super::connect_for(&crate::policy::Action::ReadOversight).await?;
            Ok(db::oversight::compliance(&mut conn, &plan, super::today()?).await?)
        }
        .await,
    )
}

/// The plan as it stood at the end of `date` (`YYYY-MM-DD`; empty: a year ago), rebuilt
/// from the history.
#[server(endpoint = "plan_as_of")]
pub async fn get_plan_as_of(date: String) -> Result<PlanAsOf, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let date = if date.trim().is_empty() {
                super::today()?.add_days(-365)
            } else {
                crate::domain::IsoDate::parse(&date).map_err(|_| AppError::InvalidParameter {
                    parameter: "date".into(),
                    value: date.clone(),
                })?
            };
            let (mut conn, plan) =
                super::connect_for(&crate::policy::Action::ReadOversight).await?;
            Ok(db::oversight::plan_as_of(&mut conn, plan.id, date, super::today()?).await?)
        }
        .await,
    )
}
