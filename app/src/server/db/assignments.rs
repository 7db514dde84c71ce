//! Government assignments: the list with their next deadline, and one assignment in full.

use super::reference::CurrentPlan;
use super::rows::{localized, organisation, organisation_columns};
use super::{funding, measures};
use crate::domain::{DiaryNumber, IsoDate};
use crate::models::{AssignmentDetail, AssignmentSummary, DeadlineView, MeasureRef};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

fn head_columns() -> String {
    format!(
        "a.id, a.diary_number, a.title_sv, a.title_en, a.decision_date, a.evidence, {}, {}",
        organisation_columns("min"),
        organisation_columns("rec")
    )
}

const HEAD_FROM: &str = "FROM assignment a \
     JOIN organisation min ON min.id = a.ministry_id \
     JOIN organisation rec ON rec.id = a.recipient_id";

/// Only assignments linked to a measure of the plan belong to it.
const IN_PLAN: &str = "EXISTS (SELECT 1 FROM assignment_measure am JOIN measure m ON m.id = am.measure_id \
     WHERE am.assignment_id = a.id AND m.plan_id = $1)";

/// The plan's assignments, by decision date (newest first) then diary number.
pub async fn list(
    conn: &mut AnyConnection,
    plan_id: i64,
    today: IsoDate,
) -> Result<Vec<AssignmentSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {} {HEAD_FROM} WHERE {IN_PLAN} ORDER BY a.decision_date DESC, a.diary_number",
        head_columns()
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut deadlines = deadlines_of_plan(conn, plan_id, today).await?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let own = deadlines.remove(&id).unwrap_or_default();
            Ok(AssignmentSummary {
                next_deadline: own.iter().find(|d| !d.is_met()).cloned(),
                overdue_count: own.iter().filter(|d| d.is_overdue()).count() as i64,
                diary_number: row.try_get("diary_number")?,
                ministry: organisation(row, "min")?,
                title: localized(row, "title")?,
                recipient: organisation(row, "rec")?,
                decision_date: row.try_get("decision_date")?,
                evidence: row.try_get("evidence")?,
            })
        })
        .collect()
}

const DEADLINE_COLUMNS: &str =
    "d.assignment_id, d.kind, d.due_date, d.delivered_date, d.description_sv, d.description_en";

fn deadline(row: &AnyRow, today: IsoDate) -> Result<DeadlineView, sqlx::Error> {
    let due_date: IsoDate = row.try_get("due_date")?;
    Ok(DeadlineView {
        kind: row.try_get("kind")?,
        due_date,
        delivered_date: row.try_get("delivered_date")?,
        description: localized(row, "description")?,
        days_left: today.days_until(due_date),
    })
}

/// Every deadline of the plan's assignments, by assignment id, in due-date order.
async fn deadlines_of_plan(
    conn: &mut AnyConnection,
    plan_id: i64,
    today: IsoDate,
) -> Result<HashMap<i64, Vec<DeadlineView>>, sqlx::Error> {
    let sql = format!(
        "SELECT {DEADLINE_COLUMNS} FROM assignment_deadline d JOIN assignment a ON a.id = d.assignment_id \
         WHERE {IN_PLAN} ORDER BY d.due_date, d.id"
    );
    let mut by_assignment: HashMap<i64, Vec<DeadlineView>> = HashMap::new();
    for row in sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?
    {
        by_assignment
            .entry(row.try_get("assignment_id")?)
            .or_default()
            .push(deadline(&row, today)?);
    }
    Ok(by_assignment)
}

/// Everything about the assignment with `diary_number`, if it belongs to the plan.
pub async fn detail(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    diary_number: &DiaryNumber,
    today: IsoDate,
) -> Result<Option<AssignmentDetail>, sqlx::Error> {
    let sql = format!(
        "SELECT {}, a.description_sv, a.description_en, a.evidence_note {HEAD_FROM} \
         WHERE {IN_PLAN} AND a.diary_number = $2",
        head_columns()
    );
    let Some(row) = sqlx::query(&sql)
        .bind(plan.id)
        .bind(diary_number.to_string())
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let deadline_sql = format!(
        "SELECT {DEADLINE_COLUMNS} FROM assignment_deadline d WHERE d.assignment_id = $1 ORDER BY d.due_date, d.id"
    );
    let deadlines = sqlx::query(&deadline_sql)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| deadline(row, today))
        .collect::<Result<Vec<_>, _>>()?;
    let funding = funding::lines_of_assignment(conn, id).await?;
    Ok(Some(AssignmentDetail {
        may_report: false,
        may_edit: false,
        diary_number: row.try_get("diary_number")?,
        ministry: organisation(&row, "min")?,
        title: localized(&row, "title")?,
        description: localized(&row, "description")?,
        recipient: organisation(&row, "rec")?,
        decision_date: row.try_get("decision_date")?,
        evidence: row.try_get("evidence")?,
        evidence_note: row.try_get("evidence_note")?,
        today,
        deadlines,
        measures: measures_of(conn, id).await?,
        funding_totals: funding::sum(&funding),
        funding,
        reports: measures::reports_of_assignment(conn, id).await?,
        flags: None,
    }))
}

async fn measures_of(
    conn: &mut AnyConnection,
    assignment_id: i64,
) -> Result<Vec<MeasureRef>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.code, m.title_sv, m.title_en, m.status, m.progress FROM assignment_measure am \
         JOIN measure m ON m.id = am.measure_id WHERE am.assignment_id = $1",
    )
    .bind(assignment_id)
    .fetch_all(&mut *conn)
    .await?;
    measure_refs_in_code_order(&rows)
}

/// The measures of `rows` (see [`measure_ref`]) in code order (1.2 before 1.10).
pub fn measure_refs_in_code_order(rows: &[AnyRow]) -> Result<Vec<MeasureRef>, sqlx::Error> {
    let mut measures = rows
        .iter()
        .map(measure_ref)
        .collect::<Result<Vec<_>, _>>()?;
    measures.sort_by(|a, b| crate::domain::natural_cmp(&a.code, &b.code));
    Ok(measures)
}

/// Reads `code`, `title_sv`, `title_en`, `status`, `progress`.
pub fn measure_ref(row: &AnyRow) -> Result<MeasureRef, sqlx::Error> {
    Ok(MeasureRef {
        code: row.try_get("code")?,
        title: localized(row, "title")?,
        status: row.try_get("status")?,
        progress: row.try_get("progress")?,
    })
}
