//! The overview of the plan.

use crate::error::AppError;
use crate::models::Overview;
use leptos::prelude::*;

/// How the plan stands today.
#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::domain::IsoDate;
    use crate::server::db;
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            Ok(db::overview::overview(&mut conn, plan, IsoDate::today()).await?)
        }
        .await,
    )
}
