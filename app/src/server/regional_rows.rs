//! Saving a county board's row: the one rule that the row's form, the API and an import all
//! go through. [`update`] is a whole change of one row (the policy, the form's rule, the save
//! and its audit in one transaction); [`save`] is its step inside a transaction that the
//! caller holds, for an import that saves many rows at once.

use super::changes::{self, Fields};
use super::db::audit::{self, Actor, Change};
use super::db::{Freshness, reference, regional};
use super::{AppState, Timestamp};
use crate::domain::{CountyCode, IsoDate};
use crate::error::AppError;
use crate::models::{RegionalInput, RegionalValues, SignedInUser, Viewer};
use crate::policy::{self, Action};
use sqlx::AnyConnection;

/// Saves what `viewer` reports on county `county`'s row of measure `code` (`input`, as typed
/// or sent), over `version`, the version they saw: refused unless the policy lets them edit the
/// county's row, with every field that is wrong when the row's rule refuses `input`, and with
/// what is saved now when someone saved first. Audited in the same transaction.
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    code: &str,
    county: CountyCode,
    version: i64,
    input: &RegionalInput,
) -> Result<(), AppError> {
    policy::check(
        viewer,
        &Action::EditRegionalRow { county },
        state.settings.access(),
    )?;
    let user = viewer.user().ok_or(AppError::NotSignedIn)?;
    let values = input
        .check()
        .map_err(|errors| AppError::Invalid { errors })?;
    let mut tx = changes::begin(state, viewer, freshness).await?;
    let plan = reference::current_plan(&mut tx)
        .await?
        .ok_or(AppError::NoPlan)?;
    save(
        &mut tx,
        plan.id,
        code,
        county,
        version,
        &values,
        user,
        &state.clock.timestamp(),
        state.clock.today(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Inside the caller's transaction, having checked that the person may edit the county's row
/// (`Action::EditRegionalRow`): saves `values` on county `county`'s row of measure `code` over `version`, the version the
/// person saw, and audits it. A newer version is never overwritten: the error names what is
/// saved now where it differs from `values`.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: &str,
    county: CountyCode,
    version: i64,
    values: &RegionalValues,
    user: &SignedInUser,
    at: &Timestamp,
    today: IsoDate,
) -> Result<(), AppError> {
    let stored = regional::get(conn, plan_id, code, county, today)
        .await?
        .ok_or(AppError::NotFound)?;
    let (before, after) = changes::between(&fields(&stored.row.values), &fields(values));
    let saved = stored.row.version == version
        && regional::save(conn, stored.id, values, version, user, at).await?;
    if !saved {
        // Someone saved first. What is saved now (read again: on PostgreSQL the row may have
        // changed since it was read above).
        let now = regional::get(conn, plan_id, code, county, today)
            .await?
            .ok_or(AppError::NotFound)?;
        return Err(AppError::Conflict {
            current: changes::saved_where_different(&fields(&now.row.values), &fields(values)),
            version: now.row.version,
            revision: 0,
        });
    }
    audit::record(
        conn,
        at,
        &Actor::user(user),
        Change {
            entity_type: "regional_row",
            entity_id: &format!("{county}/{code}"),
            action: "update",
            before: Some(before),
            after: Some(after),
        },
    )
    .await?;
    Ok(())
}

/// A row's fields as the audit trail and a conflict name them.
fn fields(values: &RegionalValues) -> Fields {
    use serde_json::json;
    vec![
        ("status", json!(values.status.as_str())),
        ("progress", json!(values.progress.percent())),
        ("contact_name", json!(values.contact_name)),
        ("contact_role", json!(values.contact_role)),
        ("narrative", json!(values.narrative)),
        ("spent", json!(values.spent.as_kronor())),
    ]
}
