//! The data page: which tables the reader gets, how many rows each and their columns.

use crate::domain::Lang;
use crate::error::AppError;
use crate::models::{ApiReference, DataCatalogue};
use leptos::prelude::*;

/// The plan's published tables as the viewer would download them, headed in `lang`; kept per
/// revision of the plan (a saved draft moves it too).
#[server(endpoint = "data_catalogue")]
pub async fn get_data_catalogue(lang: Lang) -> Result<DataCatalogue, AppError> {
    use crate::models::TableSummary;
    use crate::server::tables::{self, Reader};
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let state = crate::server::state()?;
            let viewer = super::current_viewer();
            let reader = Reader {
                viewer: &viewer,
                access: state.settings.access(),
                lang,
                suppression_threshold: state.settings.suppression_threshold,
            };
            let who = viewer
                .user()
                .map(|u| (u.role, u.organisation_id, u.token.map(|grant| grant.scope)));
            let catalogue = state
                .caches
                .data_catalogue
                .get_or_compute(&plan, (lang, who), async || {
                    let tables = tables::tables(&mut conn, &plan, reader).await?;
                    Ok::<_, sqlx::Error>(DataCatalogue {
                        tables: tables
                            .into_iter()
                            .map(|table| TableSummary {
                                name: table.name,
                                rows: table.rows.len(),
                                columns: table.headers,
                            })
                            .collect(),
                        suppression_threshold: state.settings.suppression_threshold,
                        published: crate::policy::allows(
                            &crate::models::Viewer::Anonymous,
                            &crate::policy::Action::ReadPlan,
                            state.settings.access(),
                        ),
                        report_periods: Vec::new(),
                        import: None,
                    })
                })
                .await?;
            let plan_ministry = crate::server::db::areas::plan_ministry(&mut conn, plan.id).await?;
            let may_report = crate::policy::allows(
                &viewer,
                &crate::policy::Action::ReportToGovernment { plan_ministry },
                state.settings.access(),
            );
            let mut catalogue = catalogue.as_ref().clone();
            catalogue.import =
                crate::server::import::table_of(&viewer, state.settings.access()).ok();
            if may_report {
                catalogue.report_periods =
                    crate::server::government_report::periods(&plan, state.clock.today());
            }
            Ok(catalogue)
        }
        .await,
    )
}

/// The REST API's reference (operations, parameters, answers, types), from its OpenAPI
/// document. For anyone, like the document itself: it tells how to ask, not what the plan holds.
#[server(endpoint = "api_reference")]
pub async fn get_api_reference() -> Result<ApiReference, AppError> {
    super::respond(crate::server::state().map(|state| (*state.api_reference).clone()))
}
