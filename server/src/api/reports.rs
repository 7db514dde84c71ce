//! Progress reports: every submitted revision for whoever may read the plan, and a draft only
//! for who may write the report (`ReportLine::may_be_read_by`, the rule the tables follow too),
//! so a token that only reads gets no draft. Who may report on a measure or an assignment keeps
//! a draft, submits or corrects a period's report, and discards a draft, through the report
//! form's own rule (`app::server::reports`), over the versions read (`If-Match`).

use super::body::{self, Kind, MessageLanguage};
use super::problem::{ChangeProblems, ListProblems, RecordProblems};
use super::resources::{
    Page, REPORT_STATES, REPORT_SUBJECTS, Report, ReportChange as ReportChangeBody, ReportPeriod,
    report_states, report_subjects, state_word, subject_word,
};
use super::{ApiQuery, Caller, Paging, Problem};
use app::error::{AppError, FieldError, Problem as FieldProblem};
use app::models::ReportInput;
use app::policy;
use app::server::AppState;
use app::server::db::export;
use app::server::reports::{self, Intent, PeriodReports, ReportChange};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

/// The filters of the reports.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    /// Only reports on measures (`measure`) or on assignments (`assignment`).
    #[param(inline, schema_with = report_subjects)]
    subject: Option<String>,
    /// Only the reports on this measure (its code) or assignment (its diary number).
    about: Option<String>,
    /// Only the reports for this period, e.g. `2026-Q3`.
    period: Option<String>,
    /// Only submitted reports, or only drafts (your own organisation's).
    #[param(inline, schema_with = report_states)]
    state: Option<String>,
}

/// The plan's progress reports, by subject, period and revision.
#[utoipa::path(
    get, path = "/api/v1/reports", tag = "reports",
    params(ReportFilter, Paging),
    responses(
        (status = 200, description = "A page of reports", body = Page<Report>),
        ListProblems,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(filter): ApiQuery<ReportFilter>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Report>>, Problem> {
    let choice = |value: &Option<String>, name: &str, allowed: [&str; 2]| match value.as_deref() {
        Some(text) if !allowed.contains(&text) => Err(Problem::bad_parameter(format!(
            "{name} is {} or {}",
            allowed[0], allowed[1]
        ))),
        other => Ok(other.map(str::to_owned)),
    };
    let subject = choice(&filter.subject, "subject", REPORT_SUBJECTS)?;
    let wanted_state = choice(&filter.state, "state", REPORT_STATES)?;
    let (mut conn, plan) = caller.read_plan(&state).await?;
    let access = state.settings.access();
    let reports = export::reports(&mut conn, plan.id).await?;
    Ok(Json(
        paging.page(
            reports
                .into_iter()
                .filter(|r| r.may_be_read_by(&caller.viewer, access))
                .filter(|r| {
                    subject
                        .as_deref()
                        .is_none_or(|subject| subject_word(r.subject) == subject)
                })
                .filter(|r| filter.about.as_ref().is_none_or(|about| &r.label == about))
                .filter(|r| {
                    filter
                        .period
                        .as_ref()
                        .is_none_or(|period| &r.period == period)
                })
                .filter(|r| {
                    wanted_state
                        .as_deref()
                        .is_none_or(|wanted| state_word(r.submitted) == wanted)
                })
                .map(Report::from),
        )?,
    ))
}

/// A period's address: `/reports/<subject>/<about>/<period>`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PeriodAddress {
    /// `measure` or `assignment`.
    #[param(inline, schema_with = report_subjects, example = "measure")]
    subject: String,
    /// The measure's code, or the assignment's diary number with `-` for `/` (`A2025-00637`).
    #[param(example = "1.8")]
    about: String,
    /// The period, e.g. `2026-Q3`, `2026-H2` or `2026`.
    #[param(example = "2026-Q3")]
    period: String,
}

impl PeriodAddress {
    /// The subject as the report's rule names it: `measures` or `assignments`, and its key.
    fn subject(&self) -> Result<(&'static str, String), Problem> {
        match self.subject.as_str() {
            "measure" => Ok(("measures", self.about.clone())),
            "assignment" => Ok(("assignments", self.about.replace('/', "-"))),
            _ => Err(AppError::NotFound.into()),
        }
    }
}

/// The period as saved now, for `caller`.
async fn saved_period(
    state: &AppState,
    caller: &Caller,
    address: &PeriodAddress,
) -> Result<PeriodReports, Problem> {
    let (kind, key) = address.subject()?;
    let (mut conn, plan) = caller.read_plan(state).await?;
    Ok(reports::period(
        &mut conn,
        &plan,
        state.clock.today(),
        &caller.viewer,
        state.settings.access(),
        (kind, &key),
        &address.period,
    )
    .await?)
}

/// The period's versions as one `ETag`: the draft's version and the newest revision
/// (`"<version>.<revision>"`, `"0.0"` for a period with neither).
fn period_etag(draft_version: i64, revision: i64) -> String {
    format!("\"{draft_version}.{revision}\"")
}

fn with_etag(period: &PeriodReports) -> Response {
    (
        [(
            header::ETAG,
            period_etag(period.draft_version(), period.revision()),
        )],
        Json(ReportPeriod::from(period)),
    )
        .into_response()
}

/// The versions in `If-Match`: the period's `ETag` as read.
fn versions_in(headers: &HeaderMap) -> Result<(i64, i64), Problem> {
    body::if_match(headers)?
        .split_once('.')
        .and_then(|(version, revision)| Some((version.parse().ok()?, revision.parse().ok()?)))
        .ok_or_else(|| {
            Problem::bad_parameter("If-Match is the period's ETag as read, such as \"0.1\"")
        })
}

/// One period of a measure's or an assignment's reports: its due date, the draft (for who may
/// write the report) and every submitted revision; its `ETag` names the versions.
#[utoipa::path(
    get, path = "/api/v1/reports/{subject}/{about}/{period}", tag = "reports",
    params(PeriodAddress),
    responses(
        (status = 200, description = "The period", body = ReportPeriod,
         headers(("ETag" = String, description = "The draft's version and the newest revision, quoted: send it as `If-Match` to save"))),
        RecordProblems,
    )
)]
pub async fn period(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<PeriodAddress>,
) -> Result<Response, Problem> {
    Ok(with_etag(&saved_period(&state, &caller, &address).await?))
}

/// The period, once the policy has let the caller report on its subject (before the body is
/// read: who may not report learns nothing more).
async fn reportable_period(
    state: &AppState,
    caller: &Caller,
    address: &PeriodAddress,
) -> Result<PeriodReports, Problem> {
    let period = saved_period(state, caller, address).await?;
    policy::check(
        &caller.viewer,
        &period.subject.report_action(),
        state.settings.access(),
    )
    .map_err(AppError::from)?;
    Ok(period)
}

/// A refused save as a problem; a stale one names the period's `ETag` saved now.
fn refused(error: AppError, lang: app::domain::Lang) -> Problem {
    let etag = match &error {
        AppError::Conflict {
            version, revision, ..
        } => Some(period_etag(*version, *revision)),
        _ => None,
    };
    Problem {
        etag,
        ..Problem::of(error, lang)
    }
}

/// Saves a period's report: kept as a draft (`intent`: `draft`) or submitted (`submit`: the
/// period's next revision, which corrects a submitted one), over the versions read
/// (`If-Match`). Only who may report on the subject (its owner, or the ministry that leads
/// it), with a token that may write.
#[utoipa::path(
    put, path = "/api/v1/reports/{subject}/{about}/{period}", tag = "reports",
    params(
        PeriodAddress,
        ("If-Match" = String, Header, description = "The period's `ETag` as read, e.g. `\"0.1\"`"),
        MessageLanguage,
    ),
    request_body = ReportChangeBody,
    responses(
        (status = 200, description = "Saved: the period as saved now", body = ReportPeriod,
         headers(("ETag" = String, description = "The period's new versions, quoted"))),
        ChangeProblems,
    )
)]
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<PeriodAddress>,
    ApiQuery(language): ApiQuery<MessageLanguage>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let lang = language.lang();
    reportable_period(&state, &caller, &address).await?;
    let (version, seen_revision) = versions_in(&headers)?;
    body::require_json(&headers)?;
    let (kind, key) = address.subject()?;
    let change = change_of(&body, &address.period, version, seen_revision)
        .map_err(|error| Problem::of(error, lang))?;
    reports::save(
        &state,
        &caller.viewer,
        &caller.freshness,
        kind,
        &key,
        &change,
    )
    .await
    .map_err(|error| refused(error, lang))?;
    Ok(with_etag(&saved_period(&state, &caller, &address).await?))
}

/// The report's fields in a JSON body as the report form would send them, or every field that
/// is missing or of the wrong kind (the report's rule then judges the values).
fn change_of(
    body: &[u8],
    period: &str,
    version: i64,
    seen_revision: i64,
) -> Result<ReportChange, AppError> {
    let ([intent, status, progress, spent_to_date, narrative, links], mut errors) = body::fields(
        body,
        [
            ("intent", Kind::Choice),
            ("status", Kind::Choice),
            ("progress", Kind::WholeNumber),
            ("spent_to_date", Kind::WholeNumber),
            ("narrative", Kind::Text),
            ("links", Kind::OptionalText),
        ],
    )?;
    let intent = Intent::parse(&intent);
    if intent.is_none() && !errors.iter().any(|e| e.field == "intent") {
        errors.insert(0, FieldError::new("intent", FieldProblem::NotAChoice));
    }
    let input = ReportInput {
        status,
        progress,
        spent_to_date,
        narrative,
        links,
    };
    let submitting = intent == Some(Intent::Submit);
    body::refuse_if_any(errors, || input.check(submitting))?;
    Ok(ReportChange {
        period: period.to_owned(),
        version,
        seen_revision,
        input,
        intent: intent.unwrap_or(Intent::Draft),
    })
}

/// Discards the period's draft, over the versions read (`If-Match`). Only who may report on
/// the subject, with a token that may write.
#[utoipa::path(
    delete, path = "/api/v1/reports/{subject}/{about}/{period}/draft", tag = "reports",
    params(
        PeriodAddress,
        ("If-Match" = String, Header, description = "The period's `ETag` as read, e.g. `\"2.1\"`"),
    ),
    responses(
        (status = 204, description = "The draft is discarded"),
        (status = 400, description = "If-Match cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not who reports on this, or a token that only reads", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period, or it has no draft", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The draft was saved again since it was read: nothing was discarded", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match: send the versions read", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "No plan has been loaded", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn discard_draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(address): Path<PeriodAddress>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    let found = reportable_period(&state, &caller, &address).await?;
    let (version, _) = versions_in(&headers)?;
    let (kind, key) = address.subject()?;
    reports::discard_draft(
        &state,
        &caller.viewer,
        &caller.freshness,
        kind,
        &key,
        &address.period,
        version,
    )
    .await
    .map_err(|error| match error {
        AppError::Conflict { version, .. } => refused(
            AppError::Conflict {
                current: Vec::new(),
                version,
                revision: found.revision(),
            },
            app::domain::Lang::Sv,
        ),
        other => other.into(),
    })?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: &str) -> Result<ReportChange, AppError> {
        change_of(json.as_bytes(), "2026-Q3", 0, 0)
    }

    #[test]
    fn a_report_to_submit_is_read_as_the_form_would_send_it() {
        let change = body(
            r#"{"intent": "submit", "status": "on_track", "progress": 60, "spent_to_date": 1500, "narrative": "Klart"}"#,
        )
        .expect("read");
        assert_eq!(change.intent, Intent::Submit);
        assert_eq!(change.input.progress, "60");
        assert_eq!(change.input.links, "");
        assert!(change.input.check(true).is_ok());
    }

    #[test]
    fn an_unknown_intent_and_fields_of_the_wrong_kind_are_named_together() {
        let Err(AppError::Invalid { errors }) = body(
            r#"{"intent": "publish", "status": "on_track", "progress": "most", "spent_to_date": 0, "narrative": "", "links": ["x"]}"#,
        ) else {
            panic!("refused");
        };
        let named: Vec<(&str, FieldProblem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            named,
            [
                ("intent", FieldProblem::NotAChoice),
                ("progress", FieldProblem::NotAWholeNumber),
                ("links", FieldProblem::NotText),
            ]
        );
    }

    #[test]
    fn the_etag_of_a_period_names_the_draft_and_the_revision() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, period_etag(3, 2).parse().expect("header"));
        assert_eq!(versions_in(&headers).map_err(|p| p.status), Ok((3, 2)));
        headers.insert(header::IF_MATCH, "\"3\"".parse().expect("header"));
        assert_eq!(versions_in(&headers).map_err(|p| p.status), Err(400));
    }
}
