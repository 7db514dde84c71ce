//! Deadlines across the plan: assignment deadlines not yet met, and the progress reports each
//! measure owes (see `server::schedule` for the rule).

use super::rows::{localized, organisation, organisation_columns};
use crate::domain::{DiaryNumber, IsoDate, ReportingPeriod};
use crate::models::{DeadlineItem, DeadlineSubject, ReportDue};
use crate::server::schedule::{ReportingTerms, ScheduleContext, expected_reports};
use sqlx::{AnyConnection, Row};
use std::collections::{HashMap, HashSet};

/// Every unmet deadline of the plan on `context.today`: overdue ones (negative `days_left`) and
/// coming ones, unsorted.
pub async fn unmet_deadlines(
    conn: &mut AnyConnection,
    plan_id: i64,
    context: ScheduleContext,
) -> Result<Vec<DeadlineItem>, sqlx::Error> {
    let mut items = unmet_assignment_deadlines(conn, plan_id, context.today).await?;
    items.extend(owed_reports(conn, plan_id, context).await?);
    Ok(items)
}

/// Assignment deadlines of the plan that have not been delivered.
async fn unmet_assignment_deadlines(
    conn: &mut AnyConnection,
    plan_id: i64,
    today: IsoDate,
) -> Result<Vec<DeadlineItem>, sqlx::Error> {
    let sql = format!(
        "SELECT d.kind, d.due_date, a.diary_number, a.title_sv, a.title_en, {} \
         FROM assignment_deadline d \
         JOIN assignment a ON a.id = d.assignment_id \
         JOIN organisation rec ON rec.id = a.recipient_id \
         WHERE d.delivered_date IS NULL \
           AND EXISTS (SELECT 1 FROM assignment_measure am JOIN measure m ON m.id = am.measure_id \
                       WHERE am.assignment_id = a.id AND m.plan_id = $1)",
        organisation_columns("rec")
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let due_date: IsoDate = row.try_get("due_date")?;
            Ok(DeadlineItem {
                subject: DeadlineSubject::Assignment {
                    diary_number: row.try_get::<DiaryNumber, _>("diary_number")?,
                    kind: row.try_get("kind")?,
                },
                title: localized(row, "title")?,
                owner: organisation(row, "rec")?,
                due_date,
                days_left: today.days_until(due_date),
            })
        })
        .collect()
}

/// Progress reports the plan's measures owe and have not submitted.
async fn owed_reports(
    conn: &mut AnyConnection,
    plan_id: i64,
    context: ScheduleContext,
) -> Result<Vec<DeadlineItem>, sqlx::Error> {
    let submitted = submitted_periods(conn, plan_id).await?;
    let sql = format!(
        "SELECT m.id, m.code, m.title_sv, m.title_en, m.start_date, m.end_date, m.status, \
                m.report_frequency, {} \
         FROM measure m JOIN organisation lead ON lead.id = m.lead_organisation_id \
         WHERE m.plan_id = $1 AND m.status NOT IN ('completed', 'cancelled') \
           AND m.end_date >= $2 AND m.start_date <= $3",
        organisation_columns("lead")
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .bind(context.plan_start.to_string())
        .bind(context.today.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let none = HashSet::new();
    let mut items = Vec::new();
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let terms = ReportingTerms {
            start: row.try_get("start_date")?,
            end: row.try_get("end_date")?,
            status: row.try_get("status")?,
            frequency: row.try_get("report_frequency")?,
        };
        let code: String = row.try_get("code")?;
        for report in expected_reports(terms, context, submitted.get(&id).unwrap_or(&none)) {
            if report.state == ReportDue::Submitted {
                continue;
            }
            items.push(DeadlineItem {
                subject: DeadlineSubject::MeasureReport {
                    code: code.clone(),
                    period: report.period,
                },
                title: localized(row, "title")?,
                owner: organisation(row, "lead")?,
                due_date: report.due_date,
                days_left: context.today.days_until(report.due_date),
            });
        }
    }
    Ok(items)
}

/// For each measure of the plan, the periods it has submitted a report for.
async fn submitted_periods(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<HashMap<i64, HashSet<ReportingPeriod>>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT r.measure_id, r.period FROM progress_report r \
         JOIN measure m ON m.id = r.measure_id \
         WHERE m.plan_id = $1 AND r.state = 'submitted'",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut periods: HashMap<i64, HashSet<ReportingPeriod>> = HashMap::new();
    for row in &rows {
        periods
            .entry(row.try_get("measure_id")?)
            .or_default()
            .insert(row.try_get("period")?);
    }
    Ok(periods)
}

/// The periods one measure has submitted a report for.
pub async fn submitted_periods_of_measure(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<HashSet<ReportingPeriod>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT period FROM progress_report WHERE measure_id = $1 AND state = 'submitted'",
    )
    .bind(measure_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| row.try_get("period")).collect()
}
