//! Progress reports as their owners write them: the subject reported on, its draft per period,
//! and the steps of saving (a draft, or a submitted revision that is never changed again).

use super::measures::{reports_of_assignment, reports_of_measure};
use super::rows::{lead_ministry_column, localized, organisation, organisation_columns};
use crate::domain::{
    DeadlineKind, DiaryNumber, Evidence, IsoDate, Localized, Progress, ReportingPeriod, Status,
};
use crate::models::{
    OrganisationRef, ReportEntry, ReportLink, ReportSubjectKind, ReportValues, SignedInUser,
};
use crate::policy::Action;
use crate::server::Timestamp;
use crate::server::schedule::ReportingTerms;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeSet, HashMap};

/// A measure or an assignment, as reporting on it needs it.
#[derive(Debug, Clone)]
pub struct Subject {
    pub kind: ReportSubjectKind,
    pub id: i64,
    /// Measure code or diary number.
    pub label: String,
    pub href: String,
    pub title: Localized,
    pub owner: OrganisationRef,
    pub owner_id: i64,
    pub lead_ministry: Option<i64>,
    pub status: Status,
    pub progress: Progress,
    pub schedule: Schedule,
}

/// When the subject reports: a measure in periods, an assignment at its deadlines.
#[derive(Debug, Clone)]
pub enum Schedule {
    Periods(ReportingTerms),
    Deadlines(Vec<Deadline>),
}

#[derive(Debug, Clone)]
pub struct Deadline {
    pub id: i64,
    pub kind: DeadlineKind,
    pub due_date: IsoDate,
    pub delivered: Option<IsoDate>,
}

impl Deadline {
    /// The period a report delivering this deadline is filed under: the quarter it falls due in.
    pub fn period(&self) -> ReportingPeriod {
        ReportingPeriod::containing(self.due_date, crate::domain::ReportFrequency::Quarterly)
    }
}

impl Subject {
    /// What the policy is asked before anyone reports on this subject.
    pub fn report_action(&self) -> Action {
        Action::Report {
            owner_organisation: self.owner_id,
            lead_ministry: self.lead_ministry,
        }
    }

    fn column(&self) -> &'static str {
        match self.kind {
            ReportSubjectKind::Measure => "measure_id",
            ReportSubjectKind::Assignment => "assignment_id",
        }
    }
}

/// The measure `code` of the plan.
pub async fn measure(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: &str,
) -> Result<Option<Subject>, sqlx::Error> {
    let sql = format!(
        "SELECT m.id, m.code, m.title_sv, m.title_en, m.status, m.progress, m.start_date, \
                m.end_date, m.report_frequency, lead.id AS owner_id, \
                {} AS lead_ministry, {} \
         FROM measure m JOIN organisation lead ON lead.id = m.lead_organisation_id \
         WHERE m.plan_id = $1 AND m.code = $2",
        lead_ministry_column("lead"),
        organisation_columns("lead")
    );
    let Some(row) = sqlx::query(&sql)
        .bind(plan_id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let status: Status = row.try_get("status")?;
    Ok(Some(Subject {
        kind: ReportSubjectKind::Measure,
        id: row.try_get("id")?,
        label: code.to_owned(),
        href: format!("/measures/{code}"),
        title: localized(&row, "title")?,
        owner: organisation(&row, "lead")?,
        owner_id: row.try_get("owner_id")?,
        lead_ministry: row.try_get("lead_ministry")?,
        status,
        progress: row.try_get("progress")?,
        schedule: Schedule::Periods(ReportingTerms {
            start: row.try_get("start_date")?,
            end: row.try_get("end_date")?,
            status,
            frequency: row.try_get("report_frequency")?,
        }),
    }))
}

/// The assignment `diary_number`, if it belongs to the plan. Its status and progress are those
/// of its last submitted report.
pub async fn assignment(
    conn: &mut AnyConnection,
    plan_id: i64,
    diary_number: &DiaryNumber,
) -> Result<Option<Subject>, sqlx::Error> {
    let sql = format!(
        "SELECT a.id, a.title_sv, a.title_en, a.ministry_id AS lead_ministry, \
                lead.id AS owner_id, {} \
         FROM assignment a JOIN organisation lead ON lead.id = a.recipient_id \
         WHERE a.diary_number = $2 AND EXISTS (SELECT 1 FROM assignment_measure am \
               JOIN measure m ON m.id = am.measure_id \
               WHERE am.assignment_id = a.id AND m.plan_id = $1)",
        organisation_columns("lead")
    );
    let Some(row) = sqlx::query(&sql)
        .bind(plan_id)
        .bind(diary_number.to_string())
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let deadlines = sqlx::query(
        "SELECT id, kind, due_date, delivered_date FROM assignment_deadline \
         WHERE assignment_id = $1 ORDER BY due_date, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|d| {
        Ok(Deadline {
            id: d.try_get("id")?,
            kind: d.try_get("kind")?,
            due_date: d.try_get("due_date")?,
            delivered: d.try_get("delivered_date")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let latest = reports_of_assignment(conn, id).await?.into_iter().next();
    Ok(Some(Subject {
        kind: ReportSubjectKind::Assignment,
        id,
        label: diary_number.to_string(),
        href: format!("/assignments/{}", diary_number.slug()),
        title: localized(&row, "title")?,
        owner: organisation(&row, "lead")?,
        owner_id: row.try_get("owner_id")?,
        lead_ministry: row.try_get("lead_ministry")?,
        status: latest.as_ref().map_or(Status::OnTrack, |r| r.status),
        progress: latest.map_or(Progress::ZERO, |r| r.progress),
        schedule: Schedule::Deadlines(deadlines),
    }))
}

/// A saved draft.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: i64,
    pub version: i64,
    pub author_name: String,
    pub created_at: String,
    pub values: ReportValues,
}

/// The draft of `period`, if there is one.
pub async fn draft(
    conn: &mut AnyConnection,
    subject: &Subject,
    period: ReportingPeriod,
) -> Result<Option<Draft>, sqlx::Error> {
    let sql = format!(
        "SELECT id, version, author_name, created_at, status, progress, spent_to_date, narrative \
         FROM progress_report WHERE {} = $1 AND period = $2 AND state = 'draft'",
        subject.column()
    );
    let Some(row) = sqlx::query(&sql)
        .bind(subject.id)
        .bind(period.to_string())
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    Ok(Some(Draft {
        id,
        version: row.try_get("version")?,
        author_name: row.try_get("author_name")?,
        created_at: row.try_get("created_at")?,
        values: values(&row, links(conn, id).await?)?,
    }))
}

fn values(row: &AnyRow, links: Vec<ReportLink>) -> Result<ReportValues, sqlx::Error> {
    Ok(ReportValues {
        status: row.try_get("status")?,
        progress: row.try_get("progress")?,
        spent_to_date: row.try_get("spent_to_date")?,
        narrative: row.try_get("narrative")?,
        links,
    })
}

async fn links(conn: &mut AnyConnection, report_id: i64) -> Result<Vec<ReportLink>, sqlx::Error> {
    sqlx::query("SELECT url, label FROM progress_report_link WHERE report_id = $1 ORDER BY id")
        .bind(report_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            Ok(ReportLink {
                url: row.try_get("url")?,
                label: row.try_get("label")?,
            })
        })
        .collect()
}

/// The periods with a draft.
pub async fn draft_periods(
    conn: &mut AnyConnection,
    subject: &Subject,
) -> Result<BTreeSet<ReportingPeriod>, sqlx::Error> {
    let sql = format!(
        "SELECT period FROM progress_report WHERE {} = $1 AND state = 'draft'",
        subject.column()
    );
    sqlx::query(&sql)
        .bind(subject.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| row.try_get("period"))
        .collect()
}

/// Every submitted report on the subject, newest period and revision first.
pub async fn submitted(
    conn: &mut AnyConnection,
    subject: &Subject,
) -> Result<Vec<ReportEntry>, sqlx::Error> {
    match subject.kind {
        ReportSubjectKind::Measure => reports_of_measure(conn, subject.id).await,
        ReportSubjectKind::Assignment => reports_of_assignment(conn, subject.id).await,
    }
}

/// Submitted reports by period, newest revision first.
pub fn by_period(reports: Vec<ReportEntry>) -> HashMap<ReportingPeriod, Vec<ReportEntry>> {
    let mut periods: HashMap<ReportingPeriod, Vec<ReportEntry>> = HashMap::new();
    for report in reports {
        periods.entry(report.period).or_default().push(report);
    }
    periods
}

/// Who saves a report, and when.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub user: &'a SignedInUser,
    pub at: &'a Timestamp,
}

/// Saves a new draft, or submits a report without a draft. Returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    subject: &Subject,
    period: ReportingPeriod,
    revision: i64,
    submit: bool,
    values: &ReportValues,
    author: Author<'_>,
) -> Result<i64, sqlx::Error> {
    let Author { user: by, at } = author;
    let sql = format!(
        "INSERT INTO progress_report ({}, period, revision, state, status, progress, \
                spent_to_date, narrative, organisation_id, author_user_id, author_name, evidence, \
                created_at, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        subject.column()
    );
    let id: i64 = sqlx::query_scalar(&sql)
        .bind(subject.id)
        .bind(period.to_string())
        .bind(revision)
        .bind(if submit { "submitted" } else { "draft" })
        .bind(values.status.as_str())
        .bind(i64::from(values.progress.percent()))
        .bind(values.spent_to_date.as_kronor())
        .bind(&values.narrative)
        .bind(by.organisation_id)
        .bind(by.id)
        .bind(&by.display_name)
        .bind(Evidence::Verified.as_str())
        .bind(at.as_str())
        .bind(submit.then_some(at.as_str()))
        .fetch_one(&mut *conn)
        .await?;
    replace_links(conn, id, &values.links).await?;
    Ok(id)
}

/// Saves `values` over the draft `id` if it is still at `version`, submitting it as `revision`
/// when `submit`; `false` (and nothing saved) when someone else saved or submitted it first.
pub async fn update_draft(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    revision: i64,
    submit: bool,
    values: &ReportValues,
    author: Author<'_>,
) -> Result<bool, sqlx::Error> {
    let Author { user: by, at } = author;
    let result = sqlx::query(
        "UPDATE progress_report SET status = $3, progress = $4, spent_to_date = $5, \
                narrative = $6, author_user_id = $7, author_name = $8, organisation_id = $9, \
                revision = $10, state = $11, submitted_at = $12, version = version + 1 \
         WHERE id = $1 AND version = $2 AND state = 'draft'",
    )
    .bind(id)
    .bind(version)
    .bind(values.status.as_str())
    .bind(i64::from(values.progress.percent()))
    .bind(values.spent_to_date.as_kronor())
    .bind(&values.narrative)
    .bind(by.id)
    .bind(&by.display_name)
    .bind(by.organisation_id)
    .bind(revision)
    .bind(if submit { "submitted" } else { "draft" })
    .bind(submit.then_some(at.as_str()))
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    // The links go with the report; a submitted one is final, so they are replaced before.
    replace_links(conn, id, &values.links).await?;
    Ok(true)
}

/// Deletes the draft `id` if it is still at `version`.
pub async fn discard_draft(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM progress_report WHERE id = $1 AND version = $2 AND state = 'draft'",
    )
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

async fn replace_links(
    conn: &mut AnyConnection,
    report_id: i64,
    links: &[ReportLink],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM progress_report_link WHERE report_id = $1")
        .bind(report_id)
        .execute(&mut *conn)
        .await?;
    for link in links {
        sqlx::query("INSERT INTO progress_report_link (report_id, url, label) VALUES ($1, $2, $3)")
            .bind(report_id)
            .bind(&link.url)
            .bind(&link.label)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Moves a measure to the status and progress of its newest report.
pub async fn set_measure_state(
    conn: &mut AnyConnection,
    measure_id: i64,
    status: Status,
    progress: Progress,
    at: &Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE measure SET status = $2, progress = $3, updated_at = $4, version = version + 1 \
         WHERE id = $1",
    )
    .bind(measure_id)
    .bind(status.as_str())
    .bind(i64::from(progress.percent()))
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks an assignment deadline as met on `date`.
pub async fn mark_delivered(
    conn: &mut AnyConnection,
    deadline_id: i64,
    date: IsoDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assignment_deadline SET delivered_date = $2, version = version + 1 \
         WHERE id = $1 AND delivered_date IS NULL",
    )
    .bind(deadline_id)
    .bind(date.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
