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
    use crate::policy::Action;
    use crate::server::{db::reference, regional_rows};
    super::respond(
        async {
            let county = CountyCode::parse(&county).map_err(|_| AppError::NotFound)?;
            let (viewer, state) = super::authorize(&Action::EditRegionalRow { county })?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let input = RegionalInput {
                status,
                progress,
                contact_name,
                contact_role,
                narrative,
                spent,
            };
            let values = input
                .check()
                .map_err(|errors| AppError::Invalid { errors })?;
            let mut tx = super::begin_change(&state).await?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            regional_rows::save(
                &mut tx,
                plan.id,
                &code,
                county,
                version,
                &values,
                user,
                &super::timestamp()?,
                super::today()?,
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}
