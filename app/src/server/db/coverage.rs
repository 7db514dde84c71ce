//! What the coverage page reads: each measure's status, money, forms and groups, and the
//! presumed victims by form and sex in the latest year of the indicator split by form.

use super::rows::localized;
use crate::domain::{ExploitationForm, Localized, Money, Sex, Status, TargetGroup};
use crate::models::coverage::{MeasureOverTime, MeasureReach};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// Every measure of the plan with its status and money, and the forms and groups it names.
pub async fn measures(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<
    (
        Vec<MeasureReach<ExploitationForm>>,
        Vec<MeasureReach<TargetGroup>>,
    ),
    sqlx::Error,
> {
    let rows = sqlx::query(
        "SELECT m.id, m.status, \
                (SELECT CAST(COALESCE(SUM(f.allocated), 0) AS BIGINT) FROM funding f WHERE f.measure_id = m.id) AS allocated, \
                (SELECT CAST(COALESCE(SUM(f.spent), 0) AS BIGINT) FROM funding f WHERE f.measure_id = m.id) AS spent \
         FROM measure m WHERE m.plan_id = $1 ORDER BY m.id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let forms = pairs(conn, plan_id, "measure_exploitation_form", "form").await?;
    let groups = pairs(conn, plan_id, "measure_target_group", "target_group").await?;
    let mut by_form = Vec::new();
    let mut by_group = Vec::new();
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let status: Status = row.try_get("status")?;
        let allocated: Money = row.try_get("allocated")?;
        let spent: Money = row.try_get("spent")?;
        let keys = |pairs: &[(i64, String)]| -> Vec<String> {
            pairs
                .iter()
                .filter(|(m, _)| *m == id)
                .map(|(_, k)| k.clone())
                .collect()
        };
        by_form.push(MeasureReach {
            status,
            allocated,
            spent,
            keys: parse_all(keys(&forms))?,
        });
        by_group.push(MeasureReach {
            status,
            allocated,
            spent,
            keys: parse_all(keys(&groups))?,
        });
    }
    Ok((by_form, by_group))
}

/// `(measure id, value)` of a measure's link table in the plan.
async fn pairs(
    conn: &mut AnyConnection,
    plan_id: i64,
    table: &str,
    column: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT t.measure_id, t.{column} AS value FROM {table} t \
         JOIN measure m ON m.id = t.measure_id WHERE m.plan_id = $1"
    ))
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("measure_id")?, row.try_get("value")?)))
        .collect()
}

fn parse_all<T: std::str::FromStr>(values: Vec<String>) -> Result<Vec<T>, sqlx::Error>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    values
        .iter()
        .map(|v| v.parse::<T>().map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .collect()
}

/// The counties' counts of presumed victims by year, form and sex.
pub type VictimCounts = HashMap<(i32, ExploitationForm, Sex), Vec<i64>>;

/// Every measure of the plan with its years, its money per year and the forms it names.
pub async fn measures_over_time(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<MeasureOverTime>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.id, m.status, m.start_date, m.end_date FROM measure m \
         WHERE m.plan_id = $1 ORDER BY m.id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let money = sqlx::query(
        "SELECT f.measure_id, f.year, CAST(COALESCE(SUM(f.allocated), 0) AS BIGINT) AS allocated \
         FROM funding f JOIN measure m ON m.id = f.measure_id WHERE m.plan_id = $1 \
         GROUP BY f.measure_id, f.year",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut money_of: HashMap<i64, Vec<(i32, Money)>> = HashMap::new();
    for row in &money {
        money_of
            .entry(row.try_get("measure_id")?)
            .or_default()
            .push((
                row.try_get::<i64, _>("year")? as i32,
                row.try_get("allocated")?,
            ));
    }
    let forms = pairs(conn, plan_id, "measure_exploitation_form", "form").await?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let start: crate::domain::IsoDate = row.try_get("start_date")?;
            let end: crate::domain::IsoDate = row.try_get("end_date")?;
            Ok(MeasureOverTime {
                status: row.try_get("status")?,
                start_year: start.year(),
                end_year: end.year(),
                money: money_of.remove(&id).unwrap_or_default(),
                forms: parse_all(
                    forms
                        .iter()
                        .filter(|(m, _)| *m == id)
                        .map(|(_, form)| form.clone())
                        .collect(),
                )?,
            })
        })
        .collect()
}

/// Presumed victims by year, form and sex, one count per county, of the first indicator
/// recorded by form; with the indicator's name and its latest year.
pub async fn victims_by_form(
    conn: &mut AnyConnection,
) -> Result<Option<(Localized, i32, VictimCounts)>, sqlx::Error> {
    let Some(indicator) = sqlx::query(
        "SELECT i.id, i.name_sv, i.name_en FROM indicator i WHERE EXISTS \
             (SELECT 1 FROM indicator_value v WHERE v.indicator_id = i.id AND v.exploitation_form <> 'all') \
         ORDER BY i.sort_order, i.code LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = indicator.try_get("id")?;
    // A county's values split by age group are added up first: one count per county.
    let rows = sqlx::query(
        "SELECT v.year, v.exploitation_form, v.sex, v.county_code, \
                CAST(SUM(v.value) AS BIGINT) AS value FROM indicator_value v \
         WHERE v.indicator_id = $1 AND v.exploitation_form <> 'all' \
         GROUP BY v.year, v.exploitation_form, v.sex, v.county_code",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut year = 0;
    let mut counts = HashMap::new();
    for row in &rows {
        let of_row = row.try_get::<i64, _>("year")? as i32;
        year = year.max(of_row);
        let form: String = row.try_get("exploitation_form")?;
        let form: ExploitationForm = form.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        counts
            .entry((of_row, form, row.try_get("sex")?))
            .or_insert_with(Vec::new)
            .push(row.try_get("value")?);
    }
    Ok(Some((localized(&indicator, "name")?, year, counts)))
}
