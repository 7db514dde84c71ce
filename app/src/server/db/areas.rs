//! The plan's areas: listing them with their measure counts, and adding or changing one (only
//! over the version the editor saw). An area's code never changes once saved.

use crate::models::{AreaRow, AreaValues};
use sqlx::{AnyConnection, Row};

/// The ministry that leads plan `plan_id`.
pub async fn plan_ministry(conn: &mut AnyConnection, plan_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT lead_ministry_id FROM plan WHERE id = $1")
        .bind(plan_id)
        .fetch_one(&mut *conn)
        .await
}

/// The plan's areas in their order.
pub async fn list(conn: &mut AnyConnection, plan_id: i64) -> Result<Vec<AreaRow>, sqlx::Error> {
    sqlx::query(
        "SELECT a.id, a.version, a.code, a.title_sv, a.title_en, a.description_sv, \
                a.description_en, a.sort_order, \
                (SELECT COUNT(*) FROM measure m WHERE m.area_id = a.id) AS measure_count \
         FROM area a WHERE a.plan_id = $1 ORDER BY a.sort_order, a.code",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        Ok(AreaRow {
            version: row.try_get("version")?,
            values: AreaValues {
                code: row.try_get("code")?,
                title: super::rows::localized(row, "title")?,
                description: super::rows::localized(row, "description")?,
                position: row.try_get("sort_order")?,
            },
            measure_count: row.try_get("measure_count")?,
        })
    })
    .collect()
}

/// Adds an area to the plan.
pub async fn insert(
    conn: &mut AnyConnection,
    plan_id: i64,
    values: &AreaValues,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO area (plan_id, code, title_sv, title_en, description_sv, description_en, sort_order) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(plan_id)
    .bind(&values.code)
    .bind(&values.title.sv)
    .bind(&values.title.en)
    .bind(&values.description.sv)
    .bind(&values.description.en)
    .bind(values.position)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Saves `values` over area `code` if it is still at `version`; `false` (and nothing saved)
/// when someone else saved first.
pub async fn update(
    conn: &mut AnyConnection,
    plan_id: i64,
    version: i64,
    values: &AreaValues,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE area SET title_sv = $4, title_en = $5, description_sv = $6, description_en = $7, \
                sort_order = $8, version = version + 1 \
         WHERE plan_id = $1 AND code = $2 AND version = $3",
    )
    .bind(plan_id)
    .bind(&values.code)
    .bind(version)
    .bind(&values.title.sv)
    .bind(&values.title.en)
    .bind(&values.description.sv)
    .bind(&values.description.en)
    .bind(values.position)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
