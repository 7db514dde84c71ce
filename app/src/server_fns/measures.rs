//! The measures list and one measure.

use crate::domain::Lang;
use crate::error::AppError;
use crate::models::{Chart, MeasureDetail, MeasureList, MeasureQuery};
#[cfg(feature = "ssr")]
use crate::server::db::reference::CurrentPlan;
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
            let today = super::today()?;
            // The signals of each measure, for a viewer who may read the oversight views.
            let with_flags = super::allows(&crate::policy::Action::ReadOversight)?;
            let list = state
                .caches
                .measures
                .get_or_compute(
                    &plan,
                    (filter.clone(), lang, today, with_flags),
                    async || {
                        let mut list =
                            db::measures::list(&mut conn, plan.id, &filter, lang).await?;
                        if with_flags {
                            let flags = state.caches.flags(&mut conn, &plan, today).await?;
                            let mut kinds: std::collections::HashMap<_, _> =
                                crate::models::kinds_by_measure(flags.iter())
                                    .into_iter()
                                    .map(|(measure, kinds)| (measure.code, kinds))
                                    .collect();
                            for item in &mut list.items {
                                item.flags = Some(kinds.remove(&item.code).unwrap_or_default());
                            }
                        }
                        Ok::<_, AppError>(list)
                    },
                )
                .await?;
            Ok(MeasureList {
                read_at: plan.read_at(today),
                ..list.as_ref().clone()
            })
        }
        .await,
    )
}

/// Everything about the measure with `code`.
#[server(endpoint = "measure")]
pub async fn get_measure(code: String) -> Result<MeasureDetail, AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            measure_detail(&mut conn, &plan, &code, super::today()?).await
        }
        .await,
    )
}

/// The charts of measure `code`, worded in `lang`: its progress over its reporting periods and
/// its money by year.
#[server(endpoint = "measure_charts")]
pub async fn get_measure_charts(code: String, lang: Lang) -> Result<Vec<Chart>, AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            measure_charts(&mut conn, &plan, &code, super::today()?, lang).await
        }
        .await,
    )
}

/// The measure's page: everything about the measure with `code` and its charts, worded in
/// `lang`, read at one revision of the plan.
#[server(endpoint = "measure_page")]
pub async fn get_measure_page(
    code: String,
    lang: Lang,
) -> Result<(MeasureDetail, Vec<Chart>), AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let today = super::today()?;
            let detail = measure_detail(&mut conn, &plan, &code, today).await?;
            let charts = measure_charts(&mut conn, &plan, &code, today, lang).await?;
            Ok((detail, charts))
        }
        .await,
    )
}

/// The measure with `code` as the viewer may see it, with what they may do with it.
#[cfg(feature = "ssr")]
async fn measure_detail(
    conn: &mut sqlx::AnyConnection,
    plan: &CurrentPlan,
    code: &str,
    today: crate::domain::IsoDate,
) -> Result<MeasureDetail, AppError> {
    let with_flags = super::allows(&crate::policy::Action::ReadOversight)?;
    let kept = kept_measure(conn, plan, code, today, with_flags).await?;
    let (detail, subject) = kept.as_ref();
    let mut detail = detail.clone();
    if let Some(subject) = subject {
        detail.may_report = super::allows(&subject.report_action())?;
        detail.may_edit = super::allows(&crate::policy::Action::EditMeasure {
            lead_ministry: subject.lead_ministry,
        })?;
    }
    detail.read_at = plan.read_at(today);
    Ok(detail)
}

/// The charts of the measure with `code`, worded in `lang`.
#[cfg(feature = "ssr")]
async fn measure_charts(
    conn: &mut sqlx::AnyConnection,
    plan: &CurrentPlan,
    code: &str,
    today: crate::domain::IsoDate,
    lang: Lang,
) -> Result<Vec<Chart>, AppError> {
    let charts = crate::server::state()?
        .caches
        .measure_charts
        .get_or_compute(plan, (code.to_owned(), today, lang), async || {
            // Whichever of the measure's kept forms the viewer has: the charts leave out its
            // signals.
            let with_flags = super::allows(&crate::policy::Action::ReadOversight)?;
            let kept = kept_measure(conn, plan, code, today, with_flags).await?;
            Ok::<_, AppError>(crate::server::charts::measure_charts(&kept.0, lang))
        })
        .await?;
    Ok(charts.as_ref().clone())
}

/// The measure with `code` on `today`, with its signals if `with_flags` (for a viewer who may
/// read the oversight views), and who reports on it, as kept for the plan's revision.
#[cfg(feature = "ssr")]
async fn kept_measure(
    conn: &mut sqlx::AnyConnection,
    plan: &CurrentPlan,
    code: &str,
    today: crate::domain::IsoDate,
    with_flags: bool,
) -> Result<std::sync::Arc<crate::server::cache::KeptMeasure>, AppError> {
    use crate::server::db;
    let state = crate::server::state()?;
    state
        .caches
        .measure
        .get_or_compute(plan, (code.to_owned(), today, with_flags), async || {
            let threshold = state.settings.suppression_threshold;
            let mut detail = db::measures::detail(conn, plan, code, today)
                .await?
                .ok_or(AppError::NotFound)?;
            detail.indicators = db::indicators::of_measure(conn, plan.id, code, threshold).await?;
            if with_flags {
                let flags = state.caches.flags(conn, plan, today).await?;
                detail.flags = Some(crate::models::flags_on_measure(&flags, code));
            }
            let subject = db::reports::measure(conn, plan.id, code).await?;
            Ok((detail, subject))
        })
        .await
}
