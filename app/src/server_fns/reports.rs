//! Progress reports by the organisation that owns a measure or an assignment (or the ministry
//! that leads it): the form for one period, saving a draft, submitting (a submitted report is
//! final; a correction is a new revision) and discarding a draft. The rules live in
//! `server::reports`; these functions only carry the form's fields to them.

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
    use crate::server::reports as work;
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
/// newest submitted revision they saw (`seen_revision`, 0: none): kept as a draft with
/// `intent` = `draft`, submitted as the period's next revision with `submit`
/// (`server::reports::save`, the rule the API follows too).
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
    use crate::models::ReportInput;
    use crate::server::reports::{self, Intent, ReportChange};
    super::respond(
        async {
            let intent = Intent::parse(&intent).ok_or_else(|| AppError::InvalidParameter {
                parameter: "intent".into(),
                value: intent.clone(),
            })?;
            let change = ReportChange {
                period,
                version,
                seen_revision,
                input: ReportInput {
                    status,
                    progress,
                    spent_to_date,
                    narrative,
                    links,
                },
                intent,
            };
            let state = crate::server::state()?;
            reports::save(
                &state,
                &super::current_viewer(),
                &super::freshness(),
                &kind,
                &key,
                &change,
            )
            .await
        }
        .await,
    )
}

/// Deletes the draft of `period` if it is still at `version` (`server::reports::discard_draft`).
#[server(endpoint = "discard_report_draft")]
pub async fn discard_report_draft(
    kind: String,
    key: String,
    period: String,
    version: i64,
) -> Result<(), AppError> {
    super::respond(
        async {
            let state = crate::server::state()?;
            crate::server::reports::discard_draft(
                &state,
                &super::current_viewer(),
                &super::freshness(),
                &kind,
                &key,
                &period,
                version,
            )
            .await
        }
        .await,
    )
}
