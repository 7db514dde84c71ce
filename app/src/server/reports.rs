//! Progress reports: the one rule that the report form, the API and the history go through.
//! [`save`] keeps a draft or submits a period's report (a correction is the period's next
//! revision) over the versions the person saw; [`discard_draft`] deletes a draft; [`period`]
//! is what one period holds for a viewer. Each checks the policy itself: the caller needs no
//! check of its own, only the viewer.

use super::changes::{self, Fields};
use super::db::Freshness;
use super::db::audit::{self, Actor, Change};
use super::db::reference::{self, CurrentPlan};
use super::db::reports::{self, Draft, Schedule, Subject};
use super::schedule::expected_reports;
use super::{AppState, Timestamp};
use crate::domain::{DiaryNumber, IsoDate, ReportingPeriod};
use crate::error::{AppError, FieldError, Problem};
use crate::models::{
    PeriodChoice, ReportDue, ReportEntry, ReportInput, ReportSubjectKind, ReportValues,
    SignedInUser, Viewer,
};
use crate::policy::{self, Access};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Whether a save keeps a draft or submits the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Draft,
    Submit,
}

impl Intent {
    /// The intent as the form's buttons and the API name it: `draft` or `submit`.
    pub fn parse(word: &str) -> Option<Intent> {
        match word {
            "draft" => Some(Intent::Draft),
            "submit" => Some(Intent::Submit),
            _ => None,
        }
    }
}

/// A save of one period's report, as the person sends it.
#[derive(Debug, Clone)]
pub struct ReportChange {
    /// The period as typed, e.g. `2026-Q3`.
    pub period: String,
    /// The draft's version the person saw; 0: no draft.
    pub version: i64,
    /// The period's newest submitted revision the person saw; 0: none.
    pub seen_revision: i64,
    pub input: ReportInput,
    pub intent: Intent,
}

/// Saves `change` to the report on subject `kind` `key` for `viewer`: refused unless the
/// policy lets them report on it (`Action::Report`); every wrong field named, the period too
/// when it is not one the subject reports on; refused with what is saved now when someone saved
/// a draft or submitted since the versions the person saw. Submitted, it is the period's next
/// revision: a measure takes its status and progress when the period is its newest reported, an
/// assignment's deadline of the period is met. Audited in the same transaction.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    kind: &str,
    key: &str,
    change: &ReportChange,
) -> Result<(), AppError> {
    let submit = change.intent == Intent::Submit;
    let (mut tx, plan, subject, user) = begin(state, viewer, freshness, kind, key).await?;
    let at = state.clock.timestamp();
    let today = state.clock.today();
    let mut errors = Vec::new();
    let values = change.input.check(submit).map_err(|e| errors.extend(e));
    let drafts = reports::draft_periods(&mut tx, &subject).await?;
    let submitted = reports::by_period(reports::submitted(&mut tx, &subject).await?);
    let periods = periods(&subject, &plan, today, &drafts, &submitted);
    let period = ReportingPeriod::parse(change.period.trim())
        .ok()
        .filter(|p| periods.iter().any(|choice| choice.period == *p));
    if period.is_none() {
        errors.insert(0, FieldError::new("period", Problem::NotAPeriod));
    }
    let (Ok(values), Some(period), true) = (values, period, errors.is_empty()) else {
        return Err(AppError::Invalid { errors });
    };
    let earlier = submitted.get(&period).cloned().unwrap_or_default();
    let revision = earlier.first().map_or(1, |latest| latest.revision + 1);
    let draft = reports::draft(&mut tx, &subject, period).await?;
    let seen_newest = earlier.first().map_or(0, |r| r.revision) == change.seen_revision;
    let author = reports::Author { user, at: &at };
    let version = change.version;
    let saved = seen_newest
        && match &draft {
            Some(draft) if draft.version == version => {
                reports::update_draft(
                    &mut tx, draft.id, version, revision, submit, &values, author,
                )
                .await?
            }
            None if version == 0 => {
                let inserted =
                    reports::insert(&mut tx, &subject, period, revision, submit, &values, author)
                        .await;
                match inserted {
                    Ok(_) => true,
                    // Someone saved a draft or submitted the same revision at the same moment
                    // (PostgreSQL): the transaction is over; read on a new one.
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        tx.rollback().await?;
                        let mut conn = state.db.acquire().await?;
                        return Err(conflict(&mut conn, &subject, period, &values).await?);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            _ => false,
        };
    if !saved {
        return Err(conflict(&mut tx, &subject, period, &values).await?);
    }
    record(
        &mut tx, &subject, user, period, revision, submit, &values, &at,
    )
    .await?;
    if submit {
        apply(
            &mut tx, &subject, user, period, &submitted, &values, &at, today,
        )
        .await?;
    }
    tx.commit().await?;
    if submit {
        super::telemetry::report_submitted();
    }
    Ok(())
}

/// Deletes the draft of `period` (as written, e.g. `2026-Q3`) on subject `kind` `key` if it is
/// still at `version`, for a viewer who may report on the subject. Audited.
pub async fn discard_draft(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    kind: &str,
    key: &str,
    period: &str,
    version: i64,
) -> Result<(), AppError> {
    let (mut tx, _, subject, user) = begin(state, viewer, freshness, kind, key).await?;
    let at = state.clock.timestamp();
    let period = ReportingPeriod::parse(period).map_err(|_| AppError::NotFound)?;
    let draft = reports::draft(&mut tx, &subject, period)
        .await?
        .ok_or(AppError::NotFound)?;
    if !reports::discard_draft(&mut tx, draft.id, version).await? {
        return Err(AppError::Conflict {
            current: Vec::new(),
            version: draft.version,
            revision: 0,
        });
    }
    audit::record(
        &mut tx,
        &at,
        &Actor::user(user),
        Change {
            entity_type: subject.kind.as_str(),
            entity_id: &subject.label,
            action: "report_draft_discarded",
            before: Some(json!({ "period": period.to_string() })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The transaction of a change to the reports on subject `kind` `key`, the plan, the subject
/// and who changes it, once the policy has let `viewer` report on it. On SQLite beginning takes
/// the write lock: only for who may change anything at all.
async fn begin<'v>(
    state: &AppState,
    viewer: &'v Viewer,
    freshness: &Freshness,
    kind: &str,
    key: &str,
) -> Result<
    (
        sqlx::Transaction<'static, sqlx::Any>,
        CurrentPlan,
        Subject,
        &'v SignedInUser,
    ),
    AppError,
> {
    let mut tx = changes::begin(state, viewer, freshness).await?;
    let plan = reference::current_plan(&mut tx)
        .await?
        .ok_or(AppError::NoPlan)?;
    let subject = subject(&mut tx, plan.id, kind, key).await?;
    policy::check(viewer, &subject.report_action(), state.settings.access())?;
    let user = viewer.user().ok_or(AppError::NotSignedIn)?;
    Ok((tx, plan, subject, user))
}

/// One period of a subject's reports, as a viewer may see it.
#[derive(Debug, Clone)]
pub struct PeriodReports {
    pub subject: Subject,
    pub choice: PeriodChoice,
    /// The draft, only for who may report on the subject.
    pub draft: Option<Draft>,
    /// The submitted revisions, newest first.
    pub submitted: Vec<ReportEntry>,
}

impl PeriodReports {
    /// The newest submitted revision; 0: none.
    pub fn revision(&self) -> i64 {
        self.submitted.first().map_or(0, |r| r.revision)
    }

    /// The draft's version; 0: none (or none the viewer may read).
    pub fn draft_version(&self) -> i64 {
        self.draft.as_ref().map_or(0, |d| d.version)
    }
}

/// Period `period` (as written) of subject `kind` `key`, for a viewer the caller has let read
/// the plan: its due date and state, the draft if the viewer may report on the subject, and
/// every submitted revision. 404 for a period the subject does not report on.
pub async fn period(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    today: IsoDate,
    viewer: &Viewer,
    access: Access,
    (kind, key): (&str, &str),
    period: &str,
) -> Result<PeriodReports, AppError> {
    let subject = subject(conn, plan.id, kind, key).await?;
    let drafts = reports::draft_periods(conn, &subject).await?;
    let mut submitted = reports::by_period(reports::submitted(conn, &subject).await?);
    let wanted = ReportingPeriod::parse(period).map_err(|_| AppError::NotFound)?;
    let choice = periods(&subject, plan, today, &drafts, &submitted)
        .into_iter()
        .find(|choice| choice.period == wanted)
        .ok_or(AppError::NotFound)?;
    let draft = if policy::allows(viewer, &subject.report_action(), access) {
        reports::draft(conn, &subject, wanted).await?
    } else {
        None
    };
    Ok(PeriodReports {
        submitted: submitted.remove(&wanted).unwrap_or_default(),
        subject,
        choice,
        draft,
    })
}

/// The measure (`kind` `measures`, `key` its code) or assignment (`assignments`, its diary
/// number slug) that a report is on, or 404.
pub async fn subject(
    conn: &mut AnyConnection,
    plan_id: i64,
    kind: &str,
    key: &str,
) -> Result<Subject, AppError> {
    let subject = match ReportSubjectKind::parse(kind).ok_or(AppError::NotFound)? {
        ReportSubjectKind::Measure => reports::measure(conn, plan_id, key).await?,
        ReportSubjectKind::Assignment => {
            let diary_number = DiaryNumber::from_slug(key).map_err(|_| AppError::NotFound)?;
            reports::assignment(conn, plan_id, &diary_number).await?
        }
    };
    subject.ok_or(AppError::NotFound)
}

/// The periods the subject may report on, newest first: a measure's periods so far (see
/// `server::schedule`), an assignment's deadlines.
pub fn periods(
    subject: &Subject,
    plan: &CurrentPlan,
    today: IsoDate,
    drafts: &BTreeSet<ReportingPeriod>,
    submitted: &HashMap<ReportingPeriod, Vec<ReportEntry>>,
) -> Vec<PeriodChoice> {
    let mut periods: Vec<PeriodChoice> = match &subject.schedule {
        Schedule::Periods(terms) => {
            let done: HashSet<ReportingPeriod> = submitted.keys().copied().collect();
            expected_reports(*terms, plan.schedule(today), &done)
                .into_iter()
                .map(|expected| PeriodChoice {
                    period: expected.period,
                    due_date: expected.due_date,
                    state: expected.state,
                    deadline: None,
                    has_draft: drafts.contains(&expected.period),
                })
                .collect()
        }
        Schedule::Deadlines(deadlines) => {
            // One choice per quarter: its earliest deadline not yet met, else its last.
            let mut by_period: BTreeMap<ReportingPeriod, PeriodChoice> = BTreeMap::new();
            for deadline in deadlines {
                let choice = PeriodChoice {
                    period: deadline.period(),
                    due_date: deadline.due_date,
                    state: if deadline.delivered.is_some() {
                        ReportDue::Submitted
                    } else if deadline.due_date < today {
                        ReportDue::Overdue
                    } else {
                        ReportDue::Upcoming
                    },
                    deadline: Some(deadline.kind),
                    has_draft: drafts.contains(&deadline.period()),
                };
                match by_period.get(&choice.period) {
                    Some(earlier) if earlier.state != ReportDue::Submitted => {}
                    _ => {
                        by_period.insert(choice.period, choice);
                    }
                }
            }
            by_period.into_values().collect()
        }
    };
    periods.sort_by_key(|choice| std::cmp::Reverse(choice.period));
    periods
}

/// The period most in need of a report: one with a draft, else the oldest overdue, else
/// the newest.
pub fn default_period(periods: &[PeriodChoice]) -> Option<ReportingPeriod> {
    periods
        .iter()
        .find(|p| p.has_draft)
        .or_else(|| periods.iter().rev().find(|p| p.state == ReportDue::Overdue))
        .or_else(|| periods.iter().find(|p| p.state == ReportDue::Upcoming))
        .or(periods.first())
        .map(|p| p.period)
}

/// The refusal of a save over a version that is no longer the newest: what is saved now
/// for the period (read again: on PostgreSQL a report may have been submitted since the
/// save read it), where it differs from what was sent.
async fn conflict(
    conn: &mut AnyConnection,
    subject: &Subject,
    period: ReportingPeriod,
    sent: &ReportValues,
) -> Result<AppError, sqlx::Error> {
    let draft = reports::draft(conn, subject, period).await?;
    let latest = reports::submitted(conn, subject)
        .await?
        .into_iter()
        .find(|r| r.period == period);
    let saved = match (&draft, latest.as_ref()) {
        (Some(draft), _) => Some(draft.values.clone()),
        (None, Some(latest)) => Some(values_of(latest)),
        (None, None) => None,
    };
    Ok(AppError::Conflict {
        current: saved.map_or_else(Vec::new, |saved| {
            changes::saved_where_different(&fields(&saved), &fields(sent))
        }),
        version: draft.map_or(0, |d| d.version),
        revision: latest.map_or(0, |r| r.revision),
    })
}

pub fn values_of(report: &ReportEntry) -> ReportValues {
    ReportValues {
        status: report.status,
        progress: report.progress,
        spent_to_date: report.spent_to_date,
        narrative: report.narrative.clone(),
        links: report.links.clone(),
    }
}

/// A report's fields as the audit trail and a conflict name them.
fn fields(values: &ReportValues) -> Fields {
    vec![
        ("status", json!(values.status.as_str())),
        ("progress", json!(values.progress.percent())),
        ("spent_to_date", json!(values.spent_to_date.as_kronor())),
        ("narrative", json!(values.narrative)),
        (
            "links",
            json!(crate::models::report::links_text(&values.links)),
        ),
    ]
}

/// The audit row of a saved draft or a submitted report.
#[allow(clippy::too_many_arguments)]
async fn record(
    conn: &mut AnyConnection,
    subject: &Subject,
    user: &SignedInUser,
    period: ReportingPeriod,
    revision: i64,
    submit: bool,
    values: &ReportValues,
    at: &Timestamp,
) -> Result<(), sqlx::Error> {
    let mut after = fields(values);
    after.insert(0, ("period", json!(period.to_string())));
    if submit {
        after.insert(1, ("revision", json!(revision)));
    }
    audit::record(
        conn,
        at,
        &Actor::user(user),
        Change {
            entity_type: subject.kind.as_str(),
            entity_id: &subject.label,
            action: if submit {
                "report_submitted"
            } else {
                "report_draft_saved"
            },
            before: None,
            after: Some(changes::object(&after)),
        },
    )
    .await
}

/// What a submitted report changes: a measure takes the status and progress of its newest
/// period's report; the assignment deadline of the period is met today.
#[allow(clippy::too_many_arguments)]
async fn apply(
    conn: &mut AnyConnection,
    subject: &Subject,
    user: &SignedInUser,
    period: ReportingPeriod,
    submitted_before: &HashMap<ReportingPeriod, Vec<ReportEntry>>,
    values: &ReportValues,
    at: &Timestamp,
    today: IsoDate,
) -> Result<(), sqlx::Error> {
    match &subject.schedule {
        Schedule::Periods(_) => {
            let newest = submitted_before.keys().all(|earlier| *earlier <= period);
            let unchanged = subject.status == values.status && subject.progress == values.progress;
            if !newest || unchanged {
                return Ok(());
            }
            reports::set_measure_state(conn, subject.id, values.status, values.progress, at)
                .await?;
            let state = |status: crate::domain::Status, progress: crate::domain::Progress| {
                vec![
                    ("status", json!(status.as_str())),
                    ("progress", json!(progress.percent())),
                ]
            };
            let (before, after) = changes::between(
                &state(subject.status, subject.progress),
                &state(values.status, values.progress),
            );
            audit::record(
                conn,
                at,
                &Actor::user(user),
                Change {
                    entity_type: "measure",
                    entity_id: &subject.label,
                    action: "update",
                    before: Some(before),
                    after: Some(after),
                },
            )
            .await
        }
        Schedule::Deadlines(deadlines) => {
            // The report delivers the earliest deadline of its quarter not yet met.
            if let Some(deadline) = deadlines
                .iter()
                .find(|d| d.period() == period && d.delivered.is_none())
            {
                reports::mark_delivered(conn, deadline.id, today).await?;
                audit::record(
                    conn,
                    at,
                    &Actor::user(user),
                    Change {
                        entity_type: "assignment",
                        entity_id: &subject.label,
                        action: "deadline_met",
                        before: Some(json!({
                            "deadline": deadline.kind.as_str(),
                            "due_date": deadline.due_date.to_string(),
                        })),
                        after: Some(json!({
                            "deadline": deadline.kind.as_str(),
                            "due_date": deadline.due_date.to_string(),
                            "delivered_date": today.to_string(),
                        })),
                    },
                )
                .await?;
            }
            Ok(())
        }
    }
}
