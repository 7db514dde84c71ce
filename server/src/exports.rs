//! Downloads: the compliance matrix as CSV (UTF-8 with a byte-order mark, so that Excel reads
//! Å, Ä and Ö), for whoever may read the oversight views.

use app::components::{source_label, status_label};
use app::domain::Lang;
use app::error::AppError;
use app::i18n::Locale;
use app::models::{Compliance, Viewer};
use app::policy::{self, Action};
use app::server::AppState;
use app::server::db::{Freshness, oversight, reference};
use app::server::spreadsheet::CsvWriter;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

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
    let lang = match query.lang.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Sv,
    };
    match compliance(&state, &viewer, &freshness).await {
        Ok(compliance) => match compliance_to_csv(&compliance, lang) {
            Ok(bytes) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"lagesbild-compliance.csv\"",
                    ),
                ],
                bytes,
            )
                .into_response(),
            Err(error) => {
                app::server::telemetry::failure("writing the compliance CSV", &error);
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}

async fn compliance(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
) -> Result<Compliance, AppError> {
    policy::check(viewer, &Action::ReadOversight, state.settings.access())?;
    let mut conn = state.db.for_viewer(viewer, freshness).await?;
    let plan = reference::current_plan(&mut conn)
        .await?
        .ok_or(AppError::NoPlan)?;
    Ok(oversight::compliance(&mut conn, &plan, state.clock.today()).await?)
}

/// One row per obligation and measure that answers it; an obligation nothing answers gets one
/// row with the measure columns empty, and so does (the other way round) a measure that
/// answers no obligation.
fn compliance_to_csv(compliance: &Compliance, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let locale = match lang {
        Lang::Sv => Locale::sv,
        Lang::En => Locale::en,
    };
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
