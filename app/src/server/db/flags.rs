//! The facts the signal rules read (`models::flag`): measures, submitted reports with their
//! evidence links, money per year, county rows and obligations, in one query each.

use super::assignments::measure_ref;
use super::reference::obligations;
use super::rows::{county, organisation, organisation_columns};
use crate::domain::{DiaryNumber, IsoDate, Money, ReportingPeriod};
use crate::models::{
    AssignmentRef, DeadlineItem, FlagFacts, FlagSubject, FundingHorizon, MeasureFacts, RowFacts,
    SubmittedReport, YearFunding,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// The day of a stored timestamp (RFC 3339).
fn day_of(row: &AnyRow, column: &str) -> Result<IsoDate, sqlx::Error> {
    let stamp: String = row.try_get(column)?;
    IsoDate::parse(stamp.get(..10).unwrap_or(&stamp)).map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(e),
    })
}

fn money(row: &AnyRow, column: &str) -> Result<Money, sqlx::Error> {
    Money::kronor(row.try_get(column)?).map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(e),
    })
}

/// The facts of plan `plan_id` on `today`, with `overdue` (its unmet deadlines whose day has
/// passed) as the reporting schedule computed them.
pub async fn facts(
    conn: &mut AnyConnection,
    plan_id: i64,
    today: IsoDate,
    overdue: Vec<DeadlineItem>,
) -> Result<FlagFacts, sqlx::Error> {
    let measures = measures(conn, plan_id, today).await?;
    Ok(FlagFacts {
        assignment_measures: assignment_measures(conn, plan_id).await?,
        reports: reports(conn, plan_id).await?,
        funding: funding(conn, plan_id).await?,
        rows: rows(conn, plan_id, today).await?,
        obligations: obligation_links(conn, plan_id).await?,
        measures,
        overdue,
    })
}

async fn measures(
    conn: &mut AnyConnection,
    plan_id: i64,
    today: IsoDate,
) -> Result<Vec<MeasureFacts>, sqlx::Error> {
    let sql = format!(
        "SELECT m.code, m.title_sv, m.title_en, m.status, m.progress, m.end_date, m.updated_at, \
                (SELECT MAX(f.year) FROM funding f WHERE f.measure_id = m.id AND f.allocated > 0) \
                  AS last_year, {} \
         FROM measure m JOIN organisation lead ON lead.id = m.lead_organisation_id \
         WHERE m.plan_id = $1",
        organisation_columns("lead")
    );
    sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            let end_date: IsoDate = row.try_get("end_date")?;
            let last_year = row
                .try_get::<Option<i64>, _>("last_year")?
                .and_then(|year| i32::try_from(year).ok());
            Ok(MeasureFacts {
                measure: measure_ref(row)?,
                lead: organisation(row, "lead")?,
                end_date,
                changed: day_of(row, "updated_at")?,
                horizon: FundingHorizon::of(None, last_year, end_date, today),
            })
        })
        .collect()
}

async fn assignment_measures(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<(String, DiaryNumber)>, sqlx::Error> {
    sqlx::query(
        "SELECT m.code, a.diary_number FROM assignment_measure am \
         JOIN measure m ON m.id = am.measure_id JOIN assignment a ON a.id = am.assignment_id \
         WHERE m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("code")?, row.try_get("diary_number")?)))
    .collect()
}

/// A report's measure or assignment, and its period.
type ReportKey = (Option<i64>, Option<i64>, String);

/// Every submitted report of the plan's measures and of assignments tied to its measures,
/// each period as last submitted.
async fn reports(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<SubmittedReport>, sqlx::Error> {
    let sql = format!(
        "SELECT pr.measure_id, pr.assignment_id, pr.period, pr.revision, pr.progress, \
                pr.submitted_at, \
                (SELECT CAST(COUNT(*) AS BIGINT) FROM progress_report_link l \
                  WHERE l.report_id = pr.id) AS links, \
                COALESCE(m.code, '') AS code, COALESCE(m.title_sv, a.title_sv) AS title_sv, \
                COALESCE(m.title_en, a.title_en) AS title_en, \
                COALESCE(m.status, 'on_track') AS status, COALESCE(m.progress, 0) AS m_progress, \
                a.diary_number, {} \
         FROM progress_report pr \
         LEFT JOIN measure m ON m.id = pr.measure_id \
         LEFT JOIN assignment a ON a.id = pr.assignment_id \
         JOIN organisation owner ON owner.id = \
              COALESCE(m.lead_organisation_id, a.recipient_id) \
         WHERE pr.state = 'submitted' AND (m.plan_id = $1 OR EXISTS ( \
               SELECT 1 FROM assignment_measure am JOIN measure pm ON pm.id = am.measure_id \
               WHERE am.assignment_id = pr.assignment_id AND pm.plan_id = $1))",
        organisation_columns("owner")
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    // Each subject and period as last submitted: its highest revision.
    let mut newest: HashMap<ReportKey, (i64, &AnyRow)> = HashMap::new();
    for row in &rows {
        let key = (
            row.try_get::<Option<i64>, _>("measure_id")?,
            row.try_get::<Option<i64>, _>("assignment_id")?,
            row.try_get::<String, _>("period")?,
        );
        let revision: i64 = row.try_get("revision")?;
        if newest.get(&key).is_none_or(|(kept, _)| *kept < revision) {
            newest.insert(key, (revision, row));
        }
    }
    newest
        .into_values()
        .map(|(_, row)| {
            let owner = organisation(row, "owner")?;
            let subject = match row.try_get::<Option<DiaryNumber>, _>("diary_number")? {
                Some(diary_number) => FlagSubject::Assignment(AssignmentRef {
                    diary_number,
                    title: super::rows::localized(row, "title")?,
                    recipient: owner.clone(),
                }),
                None => FlagSubject::Measure(crate::models::MeasureRef {
                    code: row.try_get("code")?,
                    title: super::rows::localized(row, "title")?,
                    status: row.try_get("status")?,
                    progress: row.try_get("m_progress")?,
                }),
            };
            Ok(SubmittedReport {
                subject,
                owner,
                period: row.try_get::<ReportingPeriod, _>("period")?,
                progress: row.try_get("progress")?,
                links: usize::try_from(row.try_get::<i64, _>("links")?).unwrap_or(0),
                submitted: day_of(row, "submitted_at")?,
            })
        })
        .collect()
}

/// Money per measure, county (none: the measure's own) and year.
async fn funding(conn: &mut AnyConnection, plan_id: i64) -> Result<Vec<YearFunding>, sqlx::Error> {
    sqlx::query(
        "SELECT m.code, f.county_code AS c_code, c.name_sv AS c_name_sv, \
                c.name_en AS c_name_en, f.year, \
                CAST(SUM(f.allocated) AS BIGINT) AS allocated, \
                CAST(SUM(f.spent) AS BIGINT) AS spent \
         FROM funding f JOIN measure m ON m.id = f.measure_id \
         LEFT JOIN county c ON c.code = f.county_code \
         WHERE m.plan_id = $1 \
         GROUP BY m.code, f.county_code, c.name_sv, c.name_en, f.year",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        let in_county = row.try_get::<Option<String>, _>("c_code")?.is_some();
        Ok(YearFunding {
            measure_code: row.try_get("code")?,
            county: if in_county {
                Some(county(row, "c")?)
            } else {
                None
            },
            year: i32::try_from(row.try_get::<i64, _>("year")?).unwrap_or(i32::MAX),
            allocated: money(row, "allocated")?,
            spent: money(row, "spent")?,
        })
    })
    .collect()
}

/// Every county row of the plan's regional measures, with how far its money reaches.
async fn rows(
    conn: &mut AnyConnection,
    plan_id: i64,
    today: IsoDate,
) -> Result<Vec<RowFacts>, sqlx::Error> {
    let horizons: HashMap<(String, String), FundingHorizon> =
        super::funding::row_horizons(conn, plan_id, None, today)
            .await?
            .into_iter()
            .map(|(code, row)| ((code, row.county.code.as_str().to_owned()), row.horizon))
            .collect();
    let sql = format!(
        "SELECT m.code, ri.status, ri.updated_at, c.code AS c_code, c.name_sv AS c_name_sv, \
                c.name_en AS c_name_en, {} \
         FROM regional_implementation ri \
         JOIN measure m ON m.id = ri.measure_id \
         JOIN county c ON c.code = ri.county_code \
         JOIN organisation owner ON owner.id = ri.owner_organisation_id \
         WHERE m.plan_id = $1",
        organisation_columns("owner")
    );
    sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            let measure_code: String = row.try_get("code")?;
            let county = county(row, "c")?;
            let horizon = horizons
                .get(&(measure_code.clone(), county.code.as_str().to_owned()))
                .copied()
                .unwrap_or_default();
            Ok(RowFacts {
                measure_code,
                county,
                owner: organisation(row, "owner")?,
                status: row.try_get("status")?,
                updated: day_of(row, "updated_at")?,
                horizon,
            })
        })
        .collect()
}

/// Every obligation with the codes of the plan's measures that answer it.
async fn obligation_links(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<(crate::models::ObligationRef, Vec<String>)>, sqlx::Error> {
    let mut answering: HashMap<String, Vec<String>> = HashMap::new();
    for link in sqlx::query(
        "SELECT ob.code AS obligation, m.code FROM measure_obligation mo \
         JOIN obligation ob ON ob.id = mo.obligation_id \
         JOIN measure m ON m.id = mo.measure_id WHERE m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?
    {
        answering
            .entry(link.try_get("obligation")?)
            .or_default()
            .push(link.try_get("code")?);
    }
    Ok(obligations(conn)
        .await?
        .into_iter()
        .map(|obligation| {
            let codes = answering.remove(&obligation.code).unwrap_or_default();
            (obligation, codes)
        })
        .collect())
}
