//! The overview: the plan's statuses, progress, money, deadlines and latest reports.

use super::funding;
use super::reference::{CurrentPlan, areas};
use super::rows::{localized, organisation, organisation_columns};
use crate::domain::{DiaryNumber, IsoDate, Progress, ReportingPeriod, Status};
use crate::models::{
    AreaProgress, DeadlineItem, Overview, PeriodProgress, ReportSummary, StatusCount,
};
use sqlx::{AnyConnection, Row};

/// How the plan stands on `today`, with `unmet`, every unmet deadline of the plan on that day
/// (`server::cache::Caches::unmet_deadlines`, which the deadline pages share).
pub async fn overview(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    today: IsoDate,
    unmet: &[DeadlineItem],
) -> Result<Overview, sqlx::Error> {
    let measures = measure_statuses(conn, plan.id).await?;
    let area_funding = funding::plan_totals_by_area(conn, plan.id).await?;
    let area_list = areas(conn, plan.id)
        .await?
        .into_iter()
        .map(|(id, area)| {
            let in_area: Vec<_> = measures.iter().filter(|m| m.area_id == id).collect();
            AreaProgress {
                code: area.code,
                title: area.title,
                measure_count: in_area.len() as i64,
                mean_progress: mean_progress(in_area.iter().copied()),
                funding: area_funding.get(&id).copied().unwrap_or_default(),
            }
        })
        .collect();
    let funding_by_year = funding::plan_totals_by_year(conn, plan.id).await?;
    let funding = funding_by_year.iter().map(|year| year.totals).sum();
    let due: Vec<IsoDate> = unmet
        .iter()
        .filter(|item| item.days_left >= 0)
        .map(|item| item.due_date)
        .collect();
    let (mut overdue, upcoming) =
        crate::models::split_deadlines(unmet.to_vec(), Some(Overview::UPCOMING_DAYS));
    // The overview lists the most recent overdue ones.
    overdue.reverse();
    Ok(Overview {
        read_at: Default::default(),
        today,
        measure_count: measures.len() as i64,
        status_counts: Status::ALL
            .iter()
            .map(|status| StatusCount {
                status: *status,
                count: measures.iter().filter(|m| m.status == *status).count() as i64,
            })
            .collect(),
        mean_progress: mean_progress(measures.iter()),
        areas: area_list,
        funding,
        funding_by_year,
        overdue_count: overdue.len(),
        overdue: overdue.into_iter().take(Overview::LIST_LENGTH).collect(),
        upcoming: upcoming.into_iter().take(Overview::LIST_LENGTH).collect(),
        deadlines_by_month: crate::models::overview::deadlines_by_month(today, &due),
        progress_by_period: progress_by_period(conn, plan.id).await?,
        latest_reports: latest_reports(conn, plan.id, Overview::LIST_LENGTH).await?,
        plan: plan.summary.clone(),
        charts: Vec::new(),
    })
}

struct MeasureStatus {
    area_id: i64,
    status: Status,
    progress: Progress,
}

async fn measure_statuses(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<MeasureStatus>, sqlx::Error> {
    let rows = sqlx::query("SELECT area_id, status, progress FROM measure WHERE plan_id = $1")
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(MeasureStatus {
                area_id: row.try_get("area_id")?,
                status: row.try_get("status")?,
                progress: row.try_get("progress")?,
            })
        })
        .collect()
}

/// The unweighted mean progress of the measures that are not cancelled, rounded to a whole
/// percent. This is the roll-up rule the overview writes next to the figure.
fn mean_progress<'a>(measures: impl Iterator<Item = &'a MeasureStatus>) -> Option<Progress> {
    let counted: Vec<i64> = measures
        .filter(|m| m.status != Status::Cancelled)
        .map(|m| i64::from(m.progress.percent()))
        .collect();
    if counted.is_empty() {
        return None;
    }
    let count = counted.len() as i64;
    let mean = (counted.iter().sum::<i64>() * 2 + count) / (count * 2);
    Progress::try_from(mean).ok()
}

/// The plan's progress quarter by quarter from the measures' submitted reports (the newest
/// revision of each), oldest first.
async fn progress_by_period(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<PeriodProgress>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.period, r.measure_id, r.revision, r.progress FROM progress_report r \
         JOIN measure m ON m.id = r.measure_id WHERE r.state = 'submitted' AND m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    // The newest revision of each measure's report for each period.
    let mut newest: std::collections::BTreeMap<(ReportingPeriod, i64), (i64, i64)> =
        std::collections::BTreeMap::new();
    for row in &rows {
        let key = (row.try_get("period")?, row.try_get("measure_id")?);
        let revision: i64 = row.try_get("revision")?;
        let progress: i64 = row.try_get("progress")?;
        let entry = newest.entry(key).or_insert((revision, progress));
        if revision > entry.0 {
            *entry = (revision, progress);
        }
    }
    let reports: Vec<(i64, ReportingPeriod, i64)> = newest
        .into_iter()
        .map(|((period, measure), (_, progress))| (measure, period, progress))
        .collect();
    let periods = crate::models::overview::progress_by_quarter(&reports);
    Ok(periods)
}

/// The most recently submitted reports of the plan, on measures and assignments.
async fn latest_reports(
    conn: &mut AnyConnection,
    plan_id: i64,
    limit: usize,
) -> Result<Vec<ReportSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT r.period, r.revision, r.status, r.progress, r.submitted_at, \
                COALESCE(m.code, '') AS measure_code, a.diary_number, \
                COALESCE(m.title_sv, a.title_sv) AS subject_title_sv, \
                COALESCE(m.title_en, a.title_en) AS subject_title_en, {} \
         FROM progress_report r \
         LEFT JOIN measure m ON m.id = r.measure_id \
         LEFT JOIN assignment a ON a.id = r.assignment_id \
         JOIN organisation org ON org.id = r.organisation_id \
         WHERE r.state = 'submitted' \
           AND (m.plan_id = $1 OR EXISTS (SELECT 1 FROM assignment_measure am \
                JOIN measure pm ON pm.id = am.measure_id \
                WHERE am.assignment_id = r.assignment_id AND pm.plan_id = $1)) \
         ORDER BY r.submitted_at DESC, r.id DESC LIMIT $2",
        organisation_columns("org")
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .bind(limit as i64)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(ReportSummary {
                measure_code: row.try_get("measure_code")?,
                assignment: row.try_get::<Option<DiaryNumber>, _>("diary_number")?,
                subject_title: localized(row, "subject_title")?,
                period: row.try_get("period")?,
                revision: row.try_get("revision")?,
                status: row.try_get("status")?,
                progress: row.try_get("progress")?,
                organisation: organisation(row, "org")?,
                submitted_at: row.try_get("submitted_at")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(status: Status, progress: i64) -> MeasureStatus {
        MeasureStatus {
            area_id: 1,
            status,
            progress: Progress::try_from(progress).unwrap(),
        }
    }

    #[test]
    fn mean_progress_leaves_out_cancelled_measures_and_rounds_half_up() {
        let measures = [
            measure(Status::OnTrack, 50),
            measure(Status::Completed, 100),
            measure(Status::Cancelled, 0),
            measure(Status::NotStarted, 0),
        ];
        assert_eq!(mean_progress(measures.iter()), Progress::try_from(50).ok());
        let halves = [measure(Status::OnTrack, 1), measure(Status::OnTrack, 2)];
        assert_eq!(mean_progress(halves.iter()), Progress::try_from(2).ok());
    }

    #[test]
    fn mean_progress_of_nothing_is_none() {
        assert_eq!(mean_progress([measure(Status::Cancelled, 10)].iter()), None);
    }
}
