//! The rights body's views: obligations against measures, overdue work across owners, and
//! the plan on a past date rebuilt from the audit trail.

use super::assignments::measure_ref;
use super::deadlines;
use super::reference::{CurrentPlan, obligations};
use super::rows::{organisation, organisation_columns};
use crate::domain::{IsoDate, Progress, Status, natural_cmp};
use crate::models::{Compliance, CoveringMeasure, MeasureAsOf, ObligationCoverage, PlanAsOf};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// Every obligation with the measures that answer it, the measures that answer none, and
/// everything overdue on `today`.
pub async fn compliance(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    today: IsoDate,
) -> Result<Compliance, sqlx::Error> {
    let sql = format!(
        "SELECT m.id, m.code, m.title_sv, m.title_en, m.status, m.progress, \
                (SELECT ob.code FROM measure_obligation mo JOIN obligation ob \
                   ON ob.id = mo.obligation_id WHERE mo.measure_id = m.id LIMIT 1) AS any_obligation, \
                {} \
         FROM measure m JOIN organisation lead ON lead.id = m.lead_organisation_id \
         WHERE m.plan_id = $1",
        organisation_columns("lead")
    );
    let rows = sqlx::query(&sql)
        .bind(plan.id)
        .fetch_all(&mut *conn)
        .await?;
    let mut measures = HashMap::new();
    let mut unlinked_measures = Vec::new();
    for row in &rows {
        let measure = measure_ref(row)?;
        if row
            .try_get::<Option<String>, _>("any_obligation")?
            .is_none()
        {
            unlinked_measures.push(measure.clone());
        }
        let lead = organisation(row, "lead")?;
        measures.insert(
            row.try_get::<i64, _>("id")?,
            CoveringMeasure { measure, lead },
        );
    }
    unlinked_measures.sort_by(|a, b| natural_cmp(&a.code, &b.code));
    let links = sqlx::query(
        "SELECT ob.code AS obligation, mo.measure_id FROM measure_obligation mo \
         JOIN obligation ob ON ob.id = mo.obligation_id \
         JOIN measure m ON m.id = mo.measure_id WHERE m.plan_id = $1",
    )
    .bind(plan.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_obligation: HashMap<String, Vec<CoveringMeasure>> = HashMap::new();
    for link in &links {
        if let Some(measure) = measures.get(&link.try_get::<i64, _>("measure_id")?) {
            by_obligation
                .entry(link.try_get("obligation")?)
                .or_default()
                .push(measure.clone());
        }
    }
    let obligations = obligations(conn)
        .await?
        .into_iter()
        .map(|obligation| {
            let mut measures = by_obligation.remove(&obligation.code).unwrap_or_default();
            measures.sort_by(|a, b| natural_cmp(&a.measure.code, &b.measure.code));
            ObligationCoverage::new(obligation, measures)
        })
        .collect();
    let context = plan.schedule(today);
    let mut overdue: Vec<_> = deadlines::unmet_deadlines(conn, plan.id, context)
        .await?
        .into_iter()
        .filter(|item| item.days_left < 0)
        .collect();
    overdue.sort_by_key(|item| (item.days_left, item.due_date));
    let overdue_total = overdue.len();
    Ok(Compliance {
        read_at: Default::default(),
        today,
        obligations,
        unlinked_measures,
        overdue,
        overdue_total,
    })
}

/// The plan's measures as they stood at the end of `date`: today's values, with every change
/// recorded after that day undone (each field takes the value it had before the first later
/// change to it; a measure created later did not exist yet).
pub async fn plan_as_of(
    conn: &mut AnyConnection,
    plan_id: i64,
    date: IsoDate,
    today: IsoDate,
) -> Result<PlanAsOf, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT code, title_sv, title_en, status, progress FROM measure WHERE plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut later: HashMap<String, LaterChanges> = HashMap::new();
    let changes = sqlx::query(
        "SELECT entity_id, action, before_json FROM audit_log \
         WHERE entity_type = 'measure' AND occurred_at > $1 ORDER BY occurred_at, id",
    )
    .bind(format!("{date}T23:59:59Z"))
    .fetch_all(&mut *conn)
    .await?;
    for change in &changes {
        let code: String = change.try_get("entity_id")?;
        let action: String = change.try_get("action")?;
        let before: Option<String> = change.try_get("before_json")?;
        later
            .entry(code)
            .or_default()
            .undo(&action, before.as_deref());
    }
    let mut measures = rows
        .iter()
        .map(|row| {
            let now = measure_ref(row)?;
            let then = match later.get(&now.code) {
                None => Some((now.status, now.progress)),
                Some(changes) => changes.rebuild(now.status, now.progress),
            };
            Ok(MeasureAsOf { now, then })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    measures.sort_by(|a, b| natural_cmp(&a.now.code, &b.now.code));
    Ok(PlanAsOf {
        date,
        today,
        measures,
    })
}

/// What the first changes after a date say the values were before them.
#[derive(Default)]
struct LaterChanges {
    created_later: bool,
    seen_first: bool,
    status: Option<String>,
    progress: Option<i64>,
}

impl LaterChanges {
    /// Takes in one later change, oldest first.
    fn undo(&mut self, action: &str, before: Option<&str>) {
        if !self.seen_first {
            self.seen_first = true;
            self.created_later = action == "create";
        }
        let Some(before) =
            before.and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok())
        else {
            return;
        };
        if self.status.is_none() {
            self.status = before
                .get("status")
                .and_then(|v| v.as_str())
                .map(str::to_owned);
        }
        if self.progress.is_none() {
            self.progress = before.get("progress").and_then(serde_json::Value::as_i64);
        }
    }

    fn rebuild(&self, status: Status, progress: Progress) -> Option<(Status, Progress)> {
        if self.created_later {
            return None;
        }
        let status = self
            .status
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(status);
        let progress = self
            .progress
            .and_then(|p| Progress::try_from(p).ok())
            .unwrap_or(progress);
        Some((status, progress))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(percent: i64) -> Progress {
        Progress::try_from(percent).unwrap()
    }

    #[test]
    fn each_field_takes_its_value_from_before_the_first_later_change() {
        let mut later = LaterChanges::default();
        later.undo("update", Some(r#"{"progress": 40}"#));
        later.undo("update", Some(r#"{"status": "at_risk", "progress": 60}"#));
        assert_eq!(
            later.rebuild(Status::Delayed, progress(80)),
            Some((Status::AtRisk, progress(40)))
        );
    }

    #[test]
    fn a_measure_created_after_the_date_did_not_exist_then() {
        let mut later = LaterChanges::default();
        later.undo("create", None);
        later.undo("update", Some(r#"{"status": "not_started"}"#));
        assert_eq!(later.rebuild(Status::OnTrack, progress(10)), None);
    }
}
