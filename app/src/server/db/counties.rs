//! Counties: the 21 with their regional rows' statuses, and one county in full.

use super::assignments::measure_ref;
use super::funding;
use super::rows::{localized, organisation, organisation_columns};
use crate::domain::{Count, CountyCode, ExploitationForm, IsoDate, Money, Sex, Status};
use crate::models::{
    CountyDetail, CountyRow, CountySummary, IndicatorRef, IndicatorRow, IndicatorSeries,
    MunicipalityEntry, StatusCount,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeSet, HashMap};

fn summary_sql(condition: &str) -> String {
    format!(
        "SELECT c.code, c.name_sv, c.name_en, c.seat, c.population, \
                (SELECT COUNT(*) FROM municipality mu WHERE mu.county_code = c.code) AS municipality_count, {} \
         FROM county c JOIN organisation board ON board.county_code = c.code AND board.kind = 'county_board' \
         {condition} ORDER BY c.code",
        organisation_columns("board")
    )
}

fn summary(
    row: &AnyRow,
    statuses: &HashMap<(CountyCode, Status), i64>,
) -> Result<CountySummary, sqlx::Error> {
    let code: CountyCode = row.try_get("code")?;
    let status_counts: Vec<StatusCount> = Status::ALL
        .iter()
        .map(|status| StatusCount {
            status: *status,
            count: statuses.get(&(code, *status)).copied().unwrap_or(0),
        })
        .collect();
    Ok(CountySummary {
        code,
        name: localized(row, "name")?,
        seat: row.try_get("seat")?,
        population: row.try_get("population")?,
        municipality_count: row.try_get("municipality_count")?,
        county_board: organisation(row, "board")?,
        row_count: status_counts.iter().map(|s| s.count).sum(),
        status_counts,
    })
}

/// How many regional rows of the plan each county has in each status.
async fn status_counts(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<HashMap<(CountyCode, Status), i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT ri.county_code, ri.status, COUNT(*) AS n FROM regional_implementation ri \
         JOIN measure m ON m.id = ri.measure_id WHERE m.plan_id = $1 \
         GROUP BY ri.county_code, ri.status",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                (row.try_get("county_code")?, row.try_get("status")?),
                row.try_get("n")?,
            ))
        })
        .collect()
}

/// All 21 counties.
pub async fn list(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<CountySummary>, sqlx::Error> {
    let statuses = status_counts(conn, plan_id).await?;
    let rows = sqlx::query(&summary_sql("")).fetch_all(&mut *conn).await?;
    rows.iter().map(|row| summary(row, &statuses)).collect()
}

/// Everything about one county.
pub async fn detail(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: CountyCode,
    suppression_threshold: i64,
    today: IsoDate,
) -> Result<Option<CountyDetail>, sqlx::Error> {
    let sql = summary_sql("WHERE c.code = $1").replace(
        "SELECT c.code,",
        "SELECT c.iso_3166_2, c.nuts3, c.population_ref_date, c.population_source, c.code,",
    );
    let Some(row) = sqlx::query(&sql)
        .bind(code.as_str())
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let statuses = status_counts(conn, plan_id).await?;
    let rows = county_rows(conn, plan_id, code, today).await?;
    Ok(Some(CountyDetail {
        read_at: Default::default(),
        summary: summary(&row, &statuses)?,
        iso_3166_2: row.try_get("iso_3166_2")?,
        nuts3: row.try_get("nuts3")?,
        population_ref_date: row.try_get("population_ref_date")?,
        population_source: row.try_get("population_source")?,
        municipalities: municipalities(conn, code).await?,
        regional_spent: rows.iter().map(|r| r.spent).sum::<Money>(),
        rows,
        current_period: super::regional::is_stale("", today).0,
        funding: funding::lines_of_county(conn, plan_id, code).await?,
        indicators: indicators(conn, code, suppression_threshold).await?,
        suppression_threshold,
        flags: None,
    }))
}

async fn municipalities(
    conn: &mut AnyConnection,
    code: CountyCode,
) -> Result<Vec<MunicipalityEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT code, name_sv, name_sv_full FROM municipality WHERE county_code = $1 ORDER BY code",
    )
    .bind(code.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(MunicipalityEntry {
                code: row.try_get("code")?,
                name: row.try_get("name_sv")?,
                full_name: row.try_get("name_sv_full")?,
            })
        })
        .collect()
}

/// The county's regional rows, by measure code, each marked stale when not updated in the
/// quarter of `today`.
pub async fn county_rows(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: CountyCode,
    today: IsoDate,
) -> Result<Vec<CountyRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.code, m.title_sv, m.title_en, m.status, m.progress, \
                ri.status AS ri_status, ri.progress AS ri_progress, ri.contact_name, ri.contact_role, \
                ri.narrative, ri.spent, ri.evidence, ri.updated_by_name, ri.updated_at \
         FROM regional_implementation ri JOIN measure m ON m.id = ri.measure_id \
         WHERE m.plan_id = $1 AND ri.county_code = $2",
    )
    .bind(plan_id)
    .bind(code.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut rows = rows
        .iter()
        .map(|row| {
            let updated_at: String = row.try_get("updated_at")?;
            Ok(CountyRow {
                stale: super::regional::is_stale(&updated_at, today).1,
                measure: measure_ref(row)?,
                status: row.try_get("ri_status")?,
                progress: row.try_get("ri_progress")?,
                contact_name: row.try_get("contact_name")?,
                contact_role: row.try_get("contact_role")?,
                narrative: row.try_get("narrative")?,
                spent: row.try_get("spent")?,
                evidence: row.try_get("evidence")?,
                updated_by: row.try_get("updated_by_name")?,
                updated_at,
                horizon: Default::default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    for (measure, horizon) in super::funding::row_horizons(conn, plan_id, Some(code), today).await?
    {
        if let Some(row) = rows.iter_mut().find(|row| row.measure.code == measure) {
            row.horizon = horizon.horizon;
        }
    }
    rows.sort_by(|a, b| crate::domain::natural_cmp(&a.measure.code, &b.measure.code));
    Ok(rows)
}

/// Each indicator's yearly series for the county: a row for women and for men over all forms,
/// then one per form of exploitation where the data is split by form. Small counts are
/// suppressed here, before anything leaves the server.
async fn indicators(
    conn: &mut AnyConnection,
    code: CountyCode,
    threshold: i64,
) -> Result<Vec<IndicatorSeries>, sqlx::Error> {
    let indicators = sqlx::query(
        "SELECT id, code, name_sv, name_en, unit_sv, unit_en, description_sv, description_en, source, evidence \
         FROM indicator ORDER BY sort_order, code",
    )
    .fetch_all(&mut *conn)
    .await?;
    let values = sqlx::query(
        "SELECT indicator_id, year, sex, exploitation_form, value FROM indicator_value WHERE county_code = $1",
    )
    .bind(code.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut series = Vec::new();
    for row in &indicators {
        let id: i64 = row.try_get("id")?;
        let mut cells: HashMap<(i64, Sex, Option<ExploitationForm>), i64> = HashMap::new();
        let mut years = BTreeSet::new();
        for value in values
            .iter()
            .filter(|v| v.try_get::<i64, _>("indicator_id").ok() == Some(id))
        {
            let year: i64 = value.try_get("year")?;
            let form: String = value.try_get("exploitation_form")?;
            let form = match form.as_str() {
                "all" => None,
                other => Some(
                    other
                        .parse::<ExploitationForm>()
                        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                ),
            };
            years.insert(year);
            *cells
                .entry((year, value.try_get("sex")?, form))
                .or_default() += value.try_get::<i64, _>("value")?;
        }
        let years: Vec<i64> = years.into_iter().collect();
        let forms: BTreeSet<ExploitationForm> =
            cells.keys().filter_map(|(_, _, form)| *form).collect();
        let total = |year: i64, sex: Sex| -> i64 {
            match cells.get(&(year, sex, None)) {
                Some(value) => *value,
                None => cells
                    .iter()
                    .filter(|((y, s, f), _)| *y == year && *s == sex && f.is_some())
                    .map(|(_, v)| v)
                    .sum(),
            }
        };
        // A form's count for a sex and year stands beside the total: the total is hidden when
        // exactly one form's count is (see `Count::total_of_parts`).
        let parts = |year: i64, sex: Sex| -> Vec<i64> {
            forms
                .iter()
                .map(|form| cells.get(&(year, sex, Some(*form))).copied().unwrap_or(0))
                .collect()
        };
        let mut lines = Vec::new();
        for sex in Sex::ALL {
            lines.push(IndicatorRow {
                sex: *sex,
                form: None,
                values: years
                    .iter()
                    .map(|year| {
                        Count::total_of_parts(total(*year, *sex), &parts(*year, *sex), threshold)
                    })
                    .collect(),
            });
        }
        for form in &forms {
            for sex in Sex::ALL {
                lines.push(IndicatorRow {
                    sex: *sex,
                    form: Some(*form),
                    values: years
                        .iter()
                        .map(|year| {
                            Count::suppressing(
                                cells.get(&(*year, *sex, Some(*form))).copied().unwrap_or(0),
                                threshold,
                            )
                        })
                        .collect(),
                });
            }
        }
        series.push(IndicatorSeries {
            indicator: IndicatorRef {
                code: row.try_get("code")?,
                name: localized(row, "name")?,
                unit: localized(row, "unit")?,
                description: localized(row, "description")?,
                source: row.try_get("source")?,
                evidence: row.try_get("evidence")?,
            },
            years: years.iter().map(|y| *y as i32).collect(),
            rows: lines,
        });
    }
    Ok(series)
}
