//! Downloads: the plan as an Excel workbook and each of its tables as CSV, for whoever may
//! read the plan; the progress report to the Government as a Word document, for the ministry
//! that leads the plan; the compliance matrix and the changes between two dates as CSV, and the
//! rights body's review as a Word document, for whoever may read the oversight views. CSV files are UTF-8 with a byte-order mark, so that Excel
//! reads Å, Ä and Ö.

use app::components::{locale_of, source_label, status_label};
use app::domain::{Lang, TableName};
use app::error::AppError;
use app::models::{ChangeLog, Compliance, HistoryKind, Viewer};
use app::pages::{action_label, actor_label, describe_change};
use app::policy::{self, Action};
use app::server::AppState;
use app::server::db::{Freshness, audit, oversight, reference, reference::CurrentPlan};
use app::server::spreadsheet::CsvWriter;
use app::server::tables::{self, Download, Reader};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sqlx::{Any, pool::PoolConnection};

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

pub async fn compliance_csv(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    freshness: Option<Extension<Freshness>>,
    Query(query): Query<LangQuery>,
) -> Response {
    let freshness = freshness.map(|Extension(f)| f).unwrap_or_default();
    let lang = lang_of(query.lang.as_deref());
    let written = compliance(&state, &viewer, &freshness)
        .await
        .map(|compliance| compliance_to_csv(&compliance, lang));
    csv_download(written, "lagesbild-compliance.csv")
}

/// The workbook's file name in `/data/<file>`.
const WORKBOOK: &str = "lagesbild.xlsx";

/// `GET /data/lagesbild.xlsx?lang=`: the whole plan as a workbook, a sheet per table; `GET
/// /data/<table>.csv?lang=`: one table. What the reader may read decides what they hold (see
/// `app::server::tables`).
pub async fn data_file(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    freshness: Option<Extension<Freshness>>,
    Path(file): Path<String>,
    Query(query): Query<LangQuery>,
) -> Response {
    let freshness = freshness.map(|Extension(f)| f).unwrap_or_default();
    let lang = lang_of(query.lang.as_deref());
    let wanted = if file == WORKBOOK {
        Some(None)
    } else {
        file.strip_suffix(".csv")
            .and_then(|name| name.parse::<TableName>().ok())
            .map(Some)
    };
    let read = async {
        policy::check(&viewer, &Action::ReadPlan, state.settings.access())?;
        let Some(wanted) = wanted else {
            return Err(AppError::NotFound);
        };
        let (mut conn, plan) = plan_connection(&state, &viewer, &freshness).await?;
        let reader = Reader {
            viewer: &viewer,
            access: state.settings.access(),
            lang,
            suppression_threshold: state.settings.suppression_threshold,
        };
        let today = state.clock.today();
        if viewer.user().is_some() {
            return tables::download(&mut conn, &plan, reader, wanted, today).await;
        }
        let kept = state
            .caches
            .public_downloads
            .get_or_compute(&plan, (lang, wanted, today), async || {
                tables::download(&mut conn, &plan, reader, wanted, today).await
            })
            .await?;
        Ok(kept.as_ref().clone())
    };
    file_response(read.await)
}

#[derive(Deserialize)]
pub struct ReportQuery {
    period: Option<String>,
    lang: Option<String>,
}

/// `GET /data/lagesrapport.docx?period=&lang=`: the progress report to the Government for a
/// reporting period (`2026`, `2026-Q3`; the quarter now running without one), as a Word
/// document, for the ministry that leads the plan (`app::server::government_report`).
pub async fn government_report(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    freshness: Option<Extension<Freshness>>,
    Query(query): Query<ReportQuery>,
) -> Response {
    use app::domain::{ReportFrequency, ReportingPeriod};
    use app::error::{FieldError, Problem};
    use app::server::{db::areas, government_report};
    let freshness = freshness.map(|Extension(f)| f).unwrap_or_default();
    let lang = lang_of(query.lang.as_deref());
    let today = state.clock.today();
    let made = async {
        if viewer.user().is_none() {
            return Err(AppError::NotSignedIn);
        }
        let (mut conn, plan) = plan_connection(&state, &viewer, &freshness).await?;
        let plan_ministry = areas::plan_ministry(&mut conn, plan.id).await?;
        policy::check(
            &viewer,
            &Action::ReportToGovernment { plan_ministry },
            state.settings.access(),
        )?;
        let period = match query.period.as_deref() {
            None | Some("") => ReportingPeriod::containing(today, ReportFrequency::Quarterly),
            Some(text) => ReportingPeriod::parse(text).map_err(|_| AppError::Invalid {
                errors: vec![FieldError::new("period", Problem::NotAPeriod)],
            })?,
        };
        let data = government_report::read(&mut conn, &plan).await?;
        let bytes = government_report::document(&plan, &data, period, lang, today)?;
        let name = match lang {
            Lang::Sv => "lagesrapport",
            Lang::En => "progress-report",
        };
        Ok(Download {
            bytes,
            file_name: format!("{name}-{period}.docx"),
            content_type: WORD,
        })
    };
    file_response(made.await)
}

#[derive(Deserialize)]
pub struct ReviewQuery {
    since: Option<String>,
    lang: Option<String>,
}

/// `GET /oversight/granskning.docx?since=&lang=`: the rights body's review as a Word document,
/// with the changes from the start of `since` (`YYYY-MM-DD`; none: 90 days ago), for whoever
/// may read the oversight views (`app::server::review`).
pub async fn review(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    freshness: Option<Extension<Freshness>>,
    Query(query): Query<ReviewQuery>,
) -> Response {
    use app::server::review;
    let freshness = freshness.map(|Extension(f)| f).unwrap_or_default();
    let lang = lang_of(query.lang.as_deref());
    let made = async {
        policy::check(&viewer, &Action::ReadOversight, state.settings.access())?;
        let since = query.since.as_deref().unwrap_or_default();
        let (since, today) = app::server_fns::change_interval(since, "", state.clock.today())
            .map_err(|_| AppError::InvalidParameter {
                parameter: "since".into(),
                value: since.to_owned(),
            })?;
        let (mut conn, plan) = plan_connection(&state, &viewer, &freshness).await?;
        let data = review::read(&mut conn, &plan, since, today).await?;
        let bytes = review::document(&plan, &data, lang)?;
        let name = match lang {
            Lang::Sv => "granskningsunderlag",
            Lang::En => "review",
        };
        Ok(Download {
            bytes,
            file_name: format!("{name}-{today}.docx"),
            content_type: WORD,
        })
    };
    file_response(made.await)
}

/// A Word document's media type.
const WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A connection for `viewer` (the read-only one for oversight) and the plan it holds; the
/// downloads and the API read on it.
pub(crate) async fn plan_connection(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
) -> Result<(PoolConnection<Any>, CurrentPlan), AppError> {
    let mut conn = state.db.for_viewer(viewer, freshness).await?;
    let plan = reference::current_plan(&mut conn)
        .await?
        .ok_or(AppError::NoPlan)?;
    Ok((conn, plan))
}

fn lang_of(lang: Option<&str>) -> Lang {
    match lang {
        Some("en") => Lang::En,
        _ => Lang::Sv,
    }
}

/// A CSV file as a download named `file_name`, or why there is none.
fn csv_download(
    written: Result<Result<Vec<u8>, csv::Error>, AppError>,
    file_name: &str,
) -> Response {
    match written {
        Ok(Ok(bytes)) => file_response(Ok(Download {
            bytes,
            file_name: file_name.to_owned(),
            content_type: "text/csv; charset=utf-8",
        })),
        Ok(Err(error)) => {
            app::server::telemetry::failure("writing a CSV download", &error);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(error) => file_response(Err(error)),
    }
}

/// A file as an attachment named by it, or the status and words of why there is none.
fn file_response(made: Result<Download, AppError>) -> Response {
    match made {
        Ok(download) => (
            [
                (header::CONTENT_TYPE, download.content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", download.file_name),
                ),
            ],
            download.bytes,
        )
            .into_response(),
        Err(error) => error_response(&error),
    }
}

/// An error of a download or an upload: its status and what it is, in plain text.
pub(crate) fn error_response(error: &AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
}

#[derive(Deserialize)]
pub struct IntervalQuery {
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
}

/// `GET /oversight/changes.csv?from=&to=&lang=`: the changes page's changes, one row per
/// field changed, for whoever may read the oversight views.
pub async fn changes_csv(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    freshness: Option<Extension<Freshness>>,
    Query(query): Query<IntervalQuery>,
) -> Response {
    let freshness = freshness.map(|Extension(f)| f).unwrap_or_default();
    let lang = lang_of(query.lang.as_deref());
    let written = changes(&state, &viewer, &freshness, &query)
        .await
        .map(|changes| changes_to_csv(&changes, lang));
    csv_download(written, "lagesbild-changes.csv")
}

async fn changes(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    query: &IntervalQuery,
) -> Result<ChangeLog, AppError> {
    policy::check(viewer, &Action::ReadOversight, state.settings.access())?;
    let (from, to) = app::server_fns::change_interval(
        query.from.as_deref().unwrap_or_default(),
        query.to.as_deref().unwrap_or_default(),
        state.clock.today(),
    )?;
    let (mut conn, plan) = plan_connection(state, viewer, freshness).await?;
    Ok(audit::change_log(&mut conn, plan.id, from, to).await?)
}

/// One row per field a change changed (a change of no field, such as a deadline met, one row).
fn changes_to_csv(changes: &ChangeLog, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let locale = locale_of(lang);
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = CsvWriter::new(&mut out);
        writer.write_record(match lang {
            Lang::Sv => [
                "Gäller",
                "Nummer",
                "Titel",
                "Tidpunkt (UTC)",
                "Vem",
                "Roll och organisation",
                "Vad",
                "Händelse",
                "Ändring",
            ],
            Lang::En => [
                "About",
                "Code",
                "Title",
                "Time (UTC)",
                "Who",
                "Role and organisation",
                "What",
                "Event",
                "Change",
            ],
        })?;
        for subject in &changes.subjects {
            let about = match (subject.kind, lang) {
                (HistoryKind::Assignment, Lang::Sv) => "Regeringsuppdrag",
                (HistoryKind::Assignment, Lang::En) => "Government assignment",
                (_, Lang::Sv) => "Åtgärd",
                (_, Lang::En) => "Measure",
            };
            for entry in &subject.entries {
                let head = [
                    about.to_owned(),
                    subject.code.clone(),
                    subject.title.get(lang).to_owned(),
                    entry.occurred_at.clone(),
                    entry.actor_name.clone(),
                    actor_label(entry, locale, lang),
                    entry.entity_id.clone(),
                    action_label(&entry.action, locale),
                ];
                let described: Vec<String> = entry
                    .changes
                    .iter()
                    .map(|change| describe_change(change, locale))
                    .collect();
                for change in if described.is_empty() {
                    vec![String::new()]
                } else {
                    described
                } {
                    writer.write_record(head.iter().cloned().chain([change]))?;
                }
            }
        }
        writer.flush()?;
    }
    Ok(out)
}

async fn compliance(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
) -> Result<Compliance, AppError> {
    policy::check(viewer, &Action::ReadOversight, state.settings.access())?;
    let (mut conn, plan) = plan_connection(state, viewer, freshness).await?;
    Ok(oversight::compliance(&mut conn, &plan, state.clock.today()).await?)
}

/// One row per obligation and measure that answers it; an obligation nothing answers gets one
/// row with the measure columns empty, and so does (the other way round) a measure that
/// answers no obligation.
fn compliance_to_csv(compliance: &Compliance, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let locale = locale_of(lang);
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = CsvWriter::new(&mut out);
        writer.write_record(match lang {
            Lang::Sv => [
                "Källa",
                "Artikel",
                "Åtagande",
                "Besvaras",
                "Åtgärd",
                "Åtgärdens titel",
                "Status",
                "Framdrift (%)",
                "Ansvarig",
            ],
            Lang::En => [
                "Source",
                "Article",
                "Obligation",
                "Answered",
                "Measure",
                "Measure title",
                "Status",
                "Progress (%)",
                "Lead",
            ],
        })?;
        let (yes, no) = match lang {
            Lang::Sv => ("ja", "nej"),
            Lang::En => ("yes", "no"),
        };
        for coverage in &compliance.obligations {
            let o = &coverage.obligation;
            let obligation = [
                source_label(o.source, locale),
                o.reference.clone(),
                o.title.get(lang).to_owned(),
            ];
            if coverage.measures.is_empty() {
                let mut record = obligation.to_vec();
                record.extend([no.to_owned()].into_iter().chain(vec![String::new(); 5]));
                writer.write_record(&record)?;
            }
            for covering in &coverage.measures {
                let m = &covering.measure;
                let mut record = obligation.to_vec();
                record.extend([
                    yes.to_owned(),
                    m.code.clone(),
                    m.title.get(lang).to_owned(),
                    status_label(m.status, locale),
                    m.progress.percent().to_string(),
                    covering.lead.name.get(lang).to_owned(),
                ]);
                writer.write_record(&record)?;
            }
        }
        for m in &compliance.unlinked_measures {
            writer.write_record([
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                m.code.clone(),
                m.title.get(lang).to_owned(),
                status_label(m.status, locale),
                m.progress.percent().to_string(),
                String::new(),
            ])?;
        }
        writer.flush()?;
    }
    Ok(out)
}
