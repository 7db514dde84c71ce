//! The measures list and one measure.

use crate::domain::Lang;
use crate::error::AppError;
use crate::models::{MeasureDetail, MeasureList, MeasureQuery};
use leptos::prelude::*;

/// One page of the measures matching `query`, titles sorted in `lang`.
#[server(endpoint = "measures")]
pub async fn list_measures(query: MeasureQuery, lang: Lang) -> Result<MeasureList, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let filter = query.parse()?;
            let (mut conn, plan) = super::connect_to_plan().await?;
            let state = crate::server::state()?;
            let mut list = state
                .caches
                .measures
                .get_or_compute(&plan, (filter.clone(), lang), async || {
                    db::measures::list(&mut conn, plan.id, &filter, lang).await
                })
                .await?
                .as_ref()
                .clone();
            if let Some(flags) = super::flags::visible(&mut conn, &plan, super::today()?).await? {
                let mut kinds: std::collections::HashMap<String, Vec<crate::domain::FlagKind>> =
                    crate::models::kinds_by_measure(flags.iter())
                        .into_iter()
                        .map(|(measure, kinds)| (measure.code, kinds))
                        .collect();
                for item in &mut list.items {
                    item.flags = Some(kinds.remove(&item.code).unwrap_or_default());
                }
            }
            Ok(list)
        }
        .await,
    )
}

/// Everything about the measure with `code`.
#[server(endpoint = "measure")]
pub async fn get_measure(code: String) -> Result<MeasureDetail, AppError> {
    super::respond(measure_detail(&code).await)
}

/// The charts of measure `code`, worded in `lang`: its progress over its reporting periods and
/// its money by year.
#[server(endpoint = "measure_charts")]
pub async fn get_measure_charts(
    code: String,
    lang: crate::domain::Lang,
) -> Result<Vec<crate::models::Chart>, AppError> {
    super::respond(
        measure_detail(&code)
            .await
            .map(|detail| crate::server::charts::measure_charts(&detail, lang)),
    )
}

/// The measure with `code` as the viewer may see it, with what they may do with it.
#[cfg(feature = "ssr")]
async fn measure_detail(code: &str) -> Result<MeasureDetail, AppError> {
    use crate::server::db;
    let (mut conn, plan) = super::connect_to_plan().await?;
    let today = super::today()?;
    let state = crate::server::state()?;
    let mut detail = state
        .caches
        .measure
        .get_or_compute(&plan, (code.to_owned(), today), async || {
            let threshold = state.settings.suppression_threshold;
            let mut detail = db::measures::detail(&mut conn, &plan, code, today).await?;
            if let Some(detail) = detail.as_mut() {
                detail.indicators =
                    db::indicators::of_measure(&mut conn, plan.id, code, threshold).await?;
            }
            Ok::<_, sqlx::Error>(detail)
        })
        .await?
        .as_ref()
        .clone()
        .ok_or(AppError::NotFound)?;
    if let Some(flags) = super::flags::visible(&mut conn, &plan, today).await? {
        detail.flags = Some(crate::models::flags_on_measure(&flags, code));
    }
    if let Some(subject) = db::reports::measure(&mut conn, plan.id, code).await? {
        detail.may_report = super::allows(&subject.report_action())?;
        detail.may_edit = super::allows(&crate::policy::Action::EditMeasure {
            lead_ministry: subject.lead_ministry,
        })?;
    }
    Ok(detail)
}
