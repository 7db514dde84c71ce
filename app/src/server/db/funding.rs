//! Money: funding decisions per measure and year, and their sums. Sums are cast to BIGINT
//! because PostgreSQL's SUM over BIGINT is NUMERIC.

use super::rows::localized;
use crate::domain::{CountyCode, DiaryNumber, IsoDate, Money};
use crate::models::{
    CountyRef, FundingBy, FundingHorizon, FundingLine, FundingRow, FundingTotals, FundingYear,
    RowHorizon,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

const SUMS: &str = "CAST(COALESCE(SUM(f.allocated), 0) AS BIGINT) AS allocated, \
     CAST(COALESCE(SUM(f.disbursed), 0) AS BIGINT) AS disbursed, \
     CAST(COALESCE(SUM(f.spent), 0) AS BIGINT) AS spent";

fn totals(row: &AnyRow) -> Result<FundingTotals, sqlx::Error> {
    Ok(FundingTotals {
        allocated: row.try_get::<Money, _>("allocated")?,
        disbursed: row.try_get::<Money, _>("disbursed")?,
        spent: row.try_get::<Money, _>("spent")?,
    })
}

/// The plan's money in all, and by year.
pub async fn plan_totals_by_year(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<FundingYear>, sqlx::Error> {
    let sql = format!(
        "SELECT f.year, {SUMS} FROM funding f JOIN measure m ON m.id = f.measure_id \
         WHERE m.plan_id = $1 GROUP BY f.year ORDER BY f.year"
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(FundingYear {
                year: year(row)?,
                totals: totals(row)?,
            })
        })
        .collect()
}

/// The plan's money by area id.
pub async fn plan_totals_by_area(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<HashMap<i64, FundingTotals>, sqlx::Error> {
    let sql = format!(
        "SELECT m.area_id, {SUMS} FROM funding f JOIN measure m ON m.id = f.measure_id \
         WHERE m.plan_id = $1 GROUP BY m.area_id"
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("area_id")?, totals(row)?)))
        .collect()
}

/// Adds up funding lines by year, in year order.
pub fn by_year(rows: &[FundingRow]) -> Vec<FundingYear> {
    let mut years: Vec<FundingYear> = Vec::new();
    for row in rows {
        match years.iter_mut().find(|y| y.year == row.year) {
            Some(year) => year.totals = year.totals + row.totals,
            None => years.push(FundingYear {
                year: row.year,
                totals: row.totals,
            }),
        }
    }
    years.sort_by_key(|y| y.year);
    years
}

/// Adds up funding lines.
pub fn sum(rows: &[FundingRow]) -> FundingTotals {
    rows.iter().map(|row| row.totals).sum()
}

const LINE_SELECT: &str = "SELECT m.code AS measure_code, f.year, f.expenditure_area, f.appropriation, \
        f.appropriation_item, f.allocated, f.disbursed, f.spent, f.decision_ref, f.evidence, \
        a.diary_number, c.code AS c_code, c.name_sv AS c_name_sv, c.name_en AS c_name_en \
     FROM funding f \
     JOIN measure m ON m.id = f.measure_id \
     LEFT JOIN assignment a ON a.id = f.assignment_id \
     LEFT JOIN county c ON c.code = f.county_code";

fn line(row: &AnyRow) -> Result<FundingRow, sqlx::Error> {
    let county = match row.try_get::<Option<CountyCode>, _>("c_code")? {
        Some(code) => Some(CountyRef {
            code,
            name: localized(row, "c_name")?,
        }),
        None => None,
    };
    Ok(FundingRow {
        measure_code: row.try_get("measure_code")?,
        year: year(row)?,
        county,
        assignment: row.try_get::<Option<DiaryNumber>, _>("diary_number")?,
        expenditure_area: row.try_get("expenditure_area")?,
        appropriation: row.try_get("appropriation")?,
        appropriation_item: row.try_get("appropriation_item")?,
        totals: totals(row)?,
        decision_ref: row.try_get("decision_ref")?,
        evidence: row.try_get("evidence")?,
    })
}

fn year(row: &AnyRow) -> Result<i32, sqlx::Error> {
    let year: i64 = row.try_get("year")?;
    i32::try_from(year).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// A measure's funding lines, by year then county.
pub async fn lines_of_measure(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<FundingRow>, sqlx::Error> {
    let sql = format!("{LINE_SELECT} WHERE f.measure_id = $1 ORDER BY f.year, c.code, f.id");
    let rows = sqlx::query(&sql)
        .bind(measure_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(line).collect()
}

/// The funding lines given through an assignment, by year.
pub async fn lines_of_assignment(
    conn: &mut AnyConnection,
    assignment_id: i64,
) -> Result<Vec<FundingRow>, sqlx::Error> {
    let sql =
        format!("{LINE_SELECT} WHERE f.assignment_id = $1 ORDER BY f.year, m.code, c.code, f.id");
    let rows = sqlx::query(&sql)
        .bind(assignment_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(line).collect()
}

/// The funding lines earmarked for a county, by year and measure.
pub async fn lines_of_county(
    conn: &mut AnyConnection,
    plan_id: i64,
    county: CountyCode,
) -> Result<Vec<FundingRow>, sqlx::Error> {
    let sql = format!(
        "{LINE_SELECT} WHERE m.plan_id = $1 AND f.county_code = $2 ORDER BY f.year, m.code, f.id"
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .bind(county.as_str())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(line).collect()
}

/// The plan's money added up by `by`: each line's key and label, in reading order (years and
/// areas in their order, organisations by name, counties by code with money not earmarked for
/// a county first, measures by code).
pub async fn plan_totals(
    conn: &mut AnyConnection,
    plan_id: i64,
    by: FundingBy,
) -> Result<Vec<FundingLine>, sqlx::Error> {
    let (key, label, join, order) = match by {
        FundingBy::Year => (
            "CAST(f.year AS TEXT)",
            ("CAST(f.year AS TEXT)", "CAST(f.year AS TEXT)"),
            "",
            "key",
        ),
        FundingBy::Area => (
            "ar.code",
            ("ar.title_sv", "ar.title_en"),
            "JOIN area ar ON ar.id = m.area_id",
            "MIN(ar.sort_order), key",
        ),
        FundingBy::Organisation => (
            "o.code",
            ("o.name_sv", "o.name_en"),
            "JOIN organisation o ON o.id = m.lead_organisation_id",
            "label_sv",
        ),
        FundingBy::County => (
            "COALESCE(c.code, '')",
            ("COALESCE(c.name_sv, '')", "COALESCE(c.name_en, '')"),
            "LEFT JOIN county c ON c.code = f.county_code",
            "key",
        ),
        FundingBy::Measure => ("m.code", ("m.title_sv", "m.title_en"), "", "key"),
    };
    let sql = format!(
        "SELECT {key} AS key, {} AS label_sv, {} AS label_en, {SUMS} \
         FROM funding f JOIN measure m ON m.id = f.measure_id {join} \
         WHERE m.plan_id = $1 GROUP BY {key}, {}, {} ORDER BY {order}",
        label.0, label.1, label.0, label.1
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut lines = rows
        .iter()
        .map(|row| {
            Ok(FundingLine {
                key: row.try_get("key")?,
                label: localized(row, "label")?,
                totals: totals(row)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    if by == FundingBy::Measure {
        lines.sort_by(|a, b| crate::domain::natural_cmp(&a.key, &b.key));
    }
    Ok(lines)
}

/// Every regional row's funding horizon ([`FundingHorizon::of`]), of one county or of all,
/// counties in code order: the measure's code with the row's horizon.
pub async fn row_horizons(
    conn: &mut AnyConnection,
    plan_id: i64,
    county: Option<CountyCode>,
    today: IsoDate,
) -> Result<Vec<(String, RowHorizon)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.code AS c_code, c.name_sv AS c_name_sv, c.name_en AS c_name_en, m.code, m.end_date, \
                (SELECT MAX(f.year) FROM funding f WHERE f.measure_id = m.id \
                   AND f.county_code = ri.county_code AND f.allocated > 0) AS earmarked, \
                (SELECT MAX(f.year) FROM funding f WHERE f.measure_id = m.id \
                   AND f.county_code IS NULL AND f.allocated > 0) AS measure_wide \
         FROM regional_implementation ri \
         JOIN measure m ON m.id = ri.measure_id \
         JOIN county c ON c.code = ri.county_code \
         WHERE m.plan_id = $1 AND ($2 = '' OR ri.county_code = $2) \
         ORDER BY c.code, m.code",
    )
    .bind(plan_id)
    .bind(county.map_or_else(String::new, |code| code.as_str().to_owned()))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let year = |column: &str| -> Result<Option<i32>, sqlx::Error> {
                Ok(row
                    .try_get::<Option<i64>, _>(column)?
                    .and_then(|year| i32::try_from(year).ok()))
            };
            let measure_ends: IsoDate = row.try_get("end_date")?;
            Ok((
                row.try_get("code")?,
                RowHorizon {
                    county: super::rows::county(row, "c")?,
                    measure_ends,
                    horizon: FundingHorizon::of(
                        year("earmarked")?,
                        year("measure_wide")?,
                        measure_ends,
                        today,
                    ),
                },
            ))
        })
        .collect()
}
