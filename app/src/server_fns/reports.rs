//! Progress reports by the organisation that owns a measure or an assignment (or the ministry
//! that leads it): the form for one period, saving a draft, submitting (a submitted report is
//! final; a correction is a new revision) and discarding a draft.

// The save takes each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::ReportForm;
use leptos::prelude::*;

/// The report form of `kind` (`measures` or `assignments`) `key` (a measure code or a diary
/// number slug) for `period` (empty: the period most in need of a report).
#[server(endpoint = "report_form")]
pub async fn get_report_form(
    kind: String,
    key: String,
    period: String,
) -> Result<ReportForm, AppError> {
    use crate::models::ReportInput;
    use crate::server::db::reports;
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let subject = work::subject(&mut conn, plan.id, &kind, &key).await?;
            let today = super::today()?;
            let drafts = reports::draft_periods(&mut conn, &subject).await?;
            let all_submitted = reports::submitted(&mut conn, &subject).await?;
            let newest_spent = all_submitted
                .first()
                .map_or(crate::domain::Money::ZERO, |r| r.spent_to_date);
            let mut submitted = reports::by_period(all_submitted);
            let periods = work::periods(&subject, &plan, today, &drafts, &submitted);
            let period = if period.is_empty() {
                work::default_period(&periods)
            } else {
                let wanted = crate::domain::ReportingPeriod::parse(&period).map_err(|_| {
                    AppError::InvalidParameter {
                        parameter: "period".into(),
                        value: period.clone(),
                    }
                })?;
                Some(wanted)
                    .filter(|p| periods.iter().any(|choice| choice.period == *p))
                    .ok_or(AppError::NotFound)?
                    .into()
            };
            // A draft is read only by those who may report on the subject (see
            // `Action::Report`); others get the form as it stands without it.
            let may_report = super::allows(&subject.report_action())?;
            let draft = match period {
                Some(period) if may_report => reports::draft(&mut conn, &subject, period).await?,
                _ => None,
            };
            let earlier = period
                .and_then(|period| submitted.remove(&period))
                .unwrap_or_default();
            let values = match (&draft, earlier.first()) {
                (Some(draft), _) => ReportInput::from_values(&draft.values),
                (None, Some(latest)) => ReportInput::from_values(&work::values_of(latest)),
                // A new period starts from where the subject stands, and money spent so far
                // from the newest report of any period (it is a running total).
                (None, None) => ReportInput {
                    status: subject.status.as_str().to_owned(),
                    progress: subject.progress.percent().to_string(),
                    spent_to_date: newest_spent.as_kronor().to_string(),
                    ..ReportInput::default()
                },
            };
            Ok(ReportForm {
                kind: subject.kind,
                label: subject.label.clone(),
                href: subject.href.clone(),
                title: subject.title.clone(),
                owner: subject.owner.clone(),
                may_report,
                periods,
                period,
                draft: draft.map(|d| crate::models::DraftInfo {
                    version: d.version,
                    author_name: d.author_name,
                    saved_at: d.created_at,
                }),
                values,
                submitted: earlier,
            })
        }
        .await,
    )
}

/// Saves a report for `period` over the draft `version` the person saw (0: no draft) and the
/// newest submitted revision they saw (`seen_revision`, 0: none). With
/// `intent` = `submit` the report is submitted as the period's next revision; a measure takes
/// its status and progress when it is the newest period reported, an assignment's deadline is
/// met. Otherwise (`draft`) it is kept as a draft. Audited in the same transaction.
#[server(endpoint = "save_report")]
pub async fn save_report(
    kind: String,
    key: String,
    period: String,
    version: i64,
    seen_revision: i64,
    status: String,
    progress: String,
    spent_to_date: String,
    narrative: String,
    links: String,
    intent: String,
) -> Result<(), AppError> {
    use crate::error::{FieldError, Problem};
    use crate::models::ReportInput;
    use crate::server::db::{reference, reports};
    super::respond(
        async {
            let submit = match intent.as_str() {
                "submit" => true,
                "draft" => false,
                _ => {
                    return Err(AppError::InvalidParameter {
                        parameter: "intent".into(),
                        value: intent,
                    });
                }
            };
            let state = crate::server::state()?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let subject = work::subject(&mut tx, plan.id, &kind, &key).await?;
            let (viewer, _) = super::authorize(&subject.report_action())?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let input = ReportInput {
                status,
                progress,
                spent_to_date,
                narrative,
                links,
            };
            let mut errors = Vec::new();
            let values = input.check(submit).map_err(|e| errors.extend(e));
            let today = super::today()?;
            let drafts = reports::draft_periods(&mut tx, &subject).await?;
            let submitted = reports::by_period(reports::submitted(&mut tx, &subject).await?);
            let periods = work::periods(&subject, &plan, today, &drafts, &submitted);
            let period = crate::domain::ReportingPeriod::parse(period.trim())
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
            let seen_newest = earlier.first().map_or(0, |r| r.revision) == seen_revision;
            let author = reports::Author { user, at: &at };
            let saved = seen_newest
                && match &draft {
                    Some(draft) if draft.version == version => {
                        reports::update_draft(
                            &mut tx, draft.id, version, revision, submit, &values, author,
                        )
                        .await?
                    }
                    None if version == 0 => {
                        let inserted = reports::insert(
                            &mut tx, &subject, period, revision, submit, &values, author,
                        )
                        .await;
                        match inserted {
                            Ok(_) => true,
                            // Someone saved a draft or submitted the same revision at the same
                            // moment (PostgreSQL): the transaction is over; read on a new one.
                            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                                tx.rollback().await?;
                                let mut conn = state.db.acquire().await?;
                                return Err(
                                    work::conflict(&mut conn, &subject, period, &values).await?
                                );
                            }
                            Err(e) => return Err(e.into()),
                        }
                    }
                    _ => false,
                };
            if !saved {
                return Err(work::conflict(&mut tx, &subject, period, &values).await?);
            }
            work::record(
                &mut tx, &subject, user, period, revision, submit, &values, &at,
            )
            .await?;
            if submit {
                work::apply(
                    &mut tx, &subject, user, period, &submitted, &values, &at, today,
                )
                .await?;
            }
            tx.commit().await?;
            if submit {
                crate::server::telemetry::report_submitted();
            }
            Ok(())
        }
        .await,
    )
}

/// Deletes the draft of `period` if it is still at `version`.
#[server(endpoint = "discard_report_draft")]
pub async fn discard_report_draft(
    kind: String,
    key: String,
    period: String,
    version: i64,
) -> Result<(), AppError> {
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{reference, reports};
    super::respond(
        async {
            let state = crate::server::state()?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let subject = work::subject(&mut tx, plan.id, &kind, &key).await?;
            let (viewer, _) = super::authorize(&subject.report_action())?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let period =
                crate::domain::ReportingPeriod::parse(&period).map_err(|_| AppError::NotFound)?;
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
                    before: Some(serde_json::json!({ "period": period.to_string() })),
                    after: None,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The steps the server functions above share (and the history, which needs a report's
/// subject to know who reads its drafts).
#[cfg(feature = "ssr")]
pub(super) mod work {
    use crate::domain::{DiaryNumber, IsoDate, ReportingPeriod};
    use crate::error::AppError;
    use crate::models::{
        PeriodChoice, ReportDue, ReportEntry, ReportSubjectKind, ReportValues, SignedInUser,
    };
    use crate::server::Timestamp;
    use crate::server::changes::{self, Fields};
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::reference::CurrentPlan;
    use crate::server::db::reports::{self, Schedule, Subject};
    use crate::server::schedule::expected_reports;
    use serde_json::json;
    use sqlx::AnyConnection;
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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
    pub async fn conflict(
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
    pub fn fields(values: &ReportValues) -> Fields {
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
    pub async fn record(
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
    pub async fn apply(
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
                let unchanged =
                    subject.status == values.status && subject.progress == values.progress;
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
}
