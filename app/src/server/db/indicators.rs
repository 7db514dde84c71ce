//! Indicators tied to measures (each with a baseline and a target), and an indicator's counts
//! added up over forms of exploitation: per county, or for the whole country.

use super::rows::localized;
use crate::domain::{AgeGroup, CountyCode, ExploitationForm, Sex};
use crate::models::MeasureIndicator;
use crate::models::indicator::{TargetValues, YearValue, national_years};
use crate::models::{IndicatorRef, MeasureRef};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// One indicator's counts for one year: (county, sex, age group or `None` where not split by
/// age) to the count over all forms of exploitation.
pub type CountyCounts = HashMap<(CountyCode, Sex, Option<AgeGroup>), i64>;

/// An indicator's counts by (county, year, sex, age group), over all forms of exploitation.
type Cells = HashMap<(CountyCode, i32, Sex, Option<AgeGroup>), i64>;

/// A target as stored: its id and version, the indicator and the values.
pub struct StoredTarget {
    pub id: i64,
    pub indicator_id: i64,
    pub version: i64,
    pub measure: MeasureRef,
    pub indicator: IndicatorRef,
    pub values: TargetValues,
}

const TARGET_COLUMNS: &str = "t.id, t.indicator_id, t.version, t.baseline_year, t.baseline_value, t.target_year, \
     t.target_value, m.code, m.title_sv, m.title_en, m.status, m.progress, \
     i.code AS indicator_code, i.name_sv, i.name_en, i.unit_sv, i.unit_en, \
     i.description_sv, i.description_en, i.source, i.evidence";

fn target(row: &AnyRow) -> Result<StoredTarget, sqlx::Error> {
    let year =
        |column: &str| -> Result<i32, sqlx::Error> { Ok(row.try_get::<i64, _>(column)? as i32) };
    let code: String = row.try_get("indicator_code")?;
    Ok(StoredTarget {
        id: row.try_get("id")?,
        indicator_id: row.try_get("indicator_id")?,
        version: row.try_get("version")?,
        measure: super::assignments::measure_ref(row)?,
        values: TargetValues {
            indicator: code.clone(),
            baseline: YearValue {
                year: year("baseline_year")?,
                value: row.try_get("baseline_value")?,
            },
            target: YearValue {
                year: year("target_year")?,
                value: row.try_get("target_value")?,
            },
        },
        indicator: indicator_ref(row, code)?,
    })
}

/// An indicator `code` from a row selecting its `name_*`, `unit_*`, `description_*`, `source`
/// and `evidence`.
fn indicator_ref(row: &AnyRow, code: String) -> Result<IndicatorRef, sqlx::Error> {
    Ok(IndicatorRef {
        code,
        name: localized(row, "name")?,
        unit: localized(row, "unit")?,
        description: localized(row, "description")?,
        source: row.try_get("source")?,
        evidence: row.try_get("evidence")?,
    })
}

/// The targets of measure `measure_id`, in the indicators' order.
pub async fn targets_of_measure(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<StoredTarget>, sqlx::Error> {
    targets_where(conn, "t.measure_id = $1", measure_id).await
}

/// The targets whose measure `filter` (with `$1` bound to `id`) selects, in the indicators'
/// order.
async fn targets_where(
    conn: &mut AnyConnection,
    filter: &str,
    id: i64,
) -> Result<Vec<StoredTarget>, sqlx::Error> {
    let sql = format!(
        "SELECT {TARGET_COLUMNS} FROM measure_indicator t \
         JOIN measure m ON m.id = t.measure_id JOIN indicator i ON i.id = t.indicator_id \
         WHERE {filter} ORDER BY i.sort_order, i.code"
    );
    let rows = sqlx::query(&sql).bind(id).fetch_all(&mut *conn).await?;
    rows.iter().map(target).collect()
}

/// The indicators measure `code` of plan `plan_id` should move, each with its series for the
/// whole country (small counts suppressed below `threshold`).
pub async fn of_measure(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: &str,
    threshold: i64,
) -> Result<Vec<MeasureIndicator>, sqlx::Error> {
    let measure_id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM measure WHERE plan_id = $1 AND code = $2")
            .bind(plan_id)
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(measure_id) = measure_id else {
        return Ok(Vec::new());
    };
    let mut indicators = Vec::new();
    for target in targets_of_measure(conn, measure_id).await? {
        let cells = national_cells(conn, target.indicator_id).await?;
        indicators.push(MeasureIndicator {
            indicator: target.indicator,
            target: target.values,
            years: national_years(&cells, threshold),
        });
    }
    Ok(indicators)
}

/// Every target of plan `plan_id`, by measure code and then the indicators' order.
pub async fn targets_of_plan(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<StoredTarget>, sqlx::Error> {
    let mut targets = targets_where(conn, "m.plan_id = $1", plan_id).await?;
    targets.sort_by(|a, b| crate::domain::natural_cmp(&a.measure.code, &b.measure.code));
    Ok(targets)
}

/// Every indicator with its id, in their order.
pub async fn indicators(conn: &mut AnyConnection) -> Result<Vec<(i64, IndicatorRef)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, code, name_sv, name_en, unit_sv, unit_en, description_sv, description_en, \
                source, evidence FROM indicator ORDER BY sort_order, code",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("id")?,
                indicator_ref(row, row.try_get("code")?)?,
            ))
        })
        .collect()
}

/// Ties indicator `indicator_id` to the measure with `values`; a unique violation when it
/// already is.
pub async fn insert_target(
    conn: &mut AnyConnection,
    measure_id: i64,
    indicator_id: i64,
    values: &TargetValues,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO measure_indicator (measure_id, indicator_id, baseline_year, baseline_value, \
                                        target_year, target_value) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(measure_id)
    .bind(indicator_id)
    .bind(i64::from(values.baseline.year))
    .bind(values.baseline.value)
    .bind(i64::from(values.target.year))
    .bind(values.target.value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Saves `values` over target `id` of the measure if it is still at `version`; whether it was.
pub async fn update_target(
    conn: &mut AnyConnection,
    measure_id: i64,
    id: i64,
    version: i64,
    values: &TargetValues,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE measure_indicator SET baseline_year = $4, baseline_value = $5, target_year = $6, \
                target_value = $7, version = version + 1 \
         WHERE id = $1 AND measure_id = $2 AND version = $3",
    )
    .bind(id)
    .bind(measure_id)
    .bind(version)
    .bind(i64::from(values.baseline.year))
    .bind(values.baseline.value)
    .bind(i64::from(values.target.year))
    .bind(values.target.value)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Unties target `id` from the measure if it is still at `version`; whether it was.
pub async fn delete_target(
    conn: &mut AnyConnection,
    measure_id: i64,
    id: i64,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM measure_indicator WHERE id = $1 AND measure_id = $2 AND version = $3",
    )
    .bind(id)
    .bind(measure_id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Each year's counts of indicator `indicator_id` for the whole country: (year, sex, age group,
/// count), added over counties and forms of exploitation.
pub async fn national_cells(
    conn: &mut AnyConnection,
    indicator_id: i64,
) -> Result<Vec<(i32, Sex, Option<AgeGroup>, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT year, county_code, sex, exploitation_form, age_group, value FROM indicator_value \
         WHERE indicator_id = $1",
    )
    .bind(indicator_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_year: HashMap<(i32, Sex, Option<AgeGroup>), i64> = HashMap::new();
    for ((_, year, sex, age), value) in over_forms(&rows)? {
        *by_year.entry((year, sex, age)).or_default() += value;
    }
    let mut cells: Vec<_> = by_year
        .into_iter()
        .map(|((year, sex, age), value)| (year, sex, age, value))
        .collect();
    cells.sort_by_key(|(year, sex, age, _)| (*year, sex.as_str(), age.map(AgeGroup::as_str)));
    Ok(cells)
}

/// Indicator `code`'s counts per county in its latest year, with that year; `None` for an
/// unknown indicator or one without values.
pub async fn latest_year_by_county(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<(i32, CountyCounts)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.year, v.county_code, v.sex, v.exploitation_form, v.age_group, v.value \
         FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id \
         WHERE i.code = $1 AND v.year = \
               (SELECT MAX(w.year) FROM indicator_value w WHERE w.indicator_id = i.id)",
    )
    .bind(code)
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let year = first.try_get::<i64, _>("year")? as i32;
    let counts = over_forms(&rows)?
        .into_iter()
        .map(|((county, _, sex, age), value)| ((county, sex, age), value))
        .collect();
    Ok(Some((year, counts)))
}

/// Rows of `indicator_value` (year, county_code, sex, exploitation_form, age_group, value)
/// added over forms of exploitation: per county, year, sex and age group, the recorded total
/// ('all') where there is one, else the sum of the forms.
fn over_forms<'a>(rows: impl IntoIterator<Item = &'a AnyRow>) -> Result<Cells, sqlx::Error> {
    let mut totals = Cells::new();
    let mut forms = Cells::new();
    for row in rows {
        let age: String = row.try_get("age_group")?;
        let age = match age.as_str() {
            "all" => None,
            other => Some(
                other
                    .parse::<AgeGroup>()
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            ),
        };
        let key = (
            row.try_get("county_code")?,
            row.try_get::<i64, _>("year")? as i32,
            row.try_get("sex")?,
            age,
        );
        let form: String = row.try_get("exploitation_form")?;
        let sums = if form == "all" {
            &mut totals
        } else {
            form.parse::<ExploitationForm>()
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            &mut forms
        };
        *sums.entry(key).or_default() += row.try_get::<i64, _>("value")?;
    }
    for (key, value) in forms {
        totals.entry(key).or_insert(value);
    }
    Ok(totals)
}
