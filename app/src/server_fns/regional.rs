//! A county board's row for one measure: read it for its edit page, and save it.

// The save takes each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::RegionalRowEdit;
use leptos::prelude::*;

/// The row of county `county` (`24`) for measure `code`.
#[server(endpoint = "regional_row")]
pub async fn get_regional_row(code: String, county: String) -> Result<RegionalRowEdit, AppError> {
    use crate::domain::CountyCode;
    use crate::server::db::regional;
    super::respond(
        async {
            super::may_change()?;
            let county = CountyCode::parse(&county).map_err(|_| AppError::NotFound)?;
            let (mut conn, plan) = super::connect_to_plan().await?;
            let stored = regional::get(&mut conn, plan.id, &code, county, super::today()?)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(stored.row)
        }
        .await,
    )
}

/// Saves what a county board reports on its own row, over the `version` the person saw: a
/// newer version is never overwritten (the answer shows what is saved now, and keeps the
/// person's text in the form). Audited in the same transaction.
#[server(endpoint = "save_regional_row")]
pub async fn save_regional_row(
    code: String,
    county: String,
    version: i64,
    status: String,
    progress: String,
    contact_name: String,
    contact_role: String,
    narrative: String,
    spent: String,
) -> Result<(), AppError> {
    use crate::domain::CountyCode;
    use crate::models::RegionalInput;
    use crate::server::regional_rows;
    super::respond(
        async {
            let county = CountyCode::parse(&county).map_err(|_| AppError::NotFound)?;
            let input = RegionalInput {
                status,
                progress,
                contact_name,
                contact_role,
                narrative,
                spent,
            };
            let state = crate::server::state()?;
            let viewer = super::current_viewer();
            regional_rows::update(
                &state,
                &viewer,
                &super::freshness(),
                &code,
                county,
                version,
                &input,
            )
            .await
        }
        .await,
    )
}
