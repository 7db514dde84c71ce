//! What the regional comparison reads: the counties with their populations, every regional
//! row's status and progress (an indicator's counts: `db::indicators`).

use super::assignments::measure_refs_in_code_order;
use crate::domain::{CountyCode, Progress, Status};
use crate::models::{CountyRef, MeasureRef};
use sqlx::{AnyConnection, Row};

/// A county and its population.
pub struct CountyPopulation {
    pub county: CountyRef,
    pub population: i64,
}

/// One county's row for one measure.
pub struct RegionalCell {
    pub county: CountyCode,
    pub measure: String,
    pub status: Status,
    pub progress: Progress,
}

pub async fn counties(conn: &mut AnyConnection) -> Result<Vec<CountyPopulation>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT code AS c_code, name_sv AS c_name_sv, name_en AS c_name_en, population \
         FROM county ORDER BY code",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CountyPopulation {
                county: super::rows::county(row, "c")?,
                population: row.try_get("population")?,
            })
        })
        .collect()
}

/// The plan's measures that counties carry out, in code order.
pub async fn regional_measures(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<MeasureRef>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.code, m.title_sv, m.title_en, m.status, m.progress FROM measure m \
         WHERE m.plan_id = $1 AND EXISTS \
               (SELECT 1 FROM regional_implementation ri WHERE ri.measure_id = m.id)",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    measure_refs_in_code_order(&rows)
}

/// Every regional row of the plan.
pub async fn regional_cells(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<RegionalCell>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT ri.county_code, m.code, ri.status, ri.progress \
         FROM regional_implementation ri JOIN measure m ON m.id = ri.measure_id \
         WHERE m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(RegionalCell {
                county: row.try_get("county_code")?,
                measure: row.try_get("code")?,
                status: row.try_get("status")?,
                progress: row.try_get("progress")?,
            })
        })
        .collect()
}
