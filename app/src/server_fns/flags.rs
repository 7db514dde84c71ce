//! The signals the plan's data raises (`models::flag`): the signals page, and the signals of
//! one measure, assignment or county for their pages. Like the oversight views, readable by
//! everyone signed in and never by the public.

use crate::error::AppError;
use crate::models::FlagList;
use leptos::prelude::*;

/// The signals matching the filter (each part empty: any): an organisation's code, a kind
/// (`models::FlagKind`'s spelling) and a county code; the first hundred, or all of them.
#[server(endpoint = "flags")]
pub async fn get_flags(
    organisation: String,
    kind: String,
    county: String,
    #[server(default)] all: bool,
) -> Result<FlagList, AppError> {
    super::respond(
        async {
            let filter = filter(&organisation, &kind, &county)?;
            let (mut conn, plan) =
                super::connect_for(&crate::policy::Action::ReadOversight).await?;
            flag_list(&mut conn, &plan, filter, all).await
        }
        .await,
    )
}

/// The signals matching `filter`, the first hundred or `all`, as kept for the plan's revision.
#[cfg(feature = "ssr")]
pub(super) async fn flag_list(
    conn: &mut sqlx::AnyConnection,
    plan: &crate::server::db::reference::CurrentPlan,
    filter: crate::models::FlagFilter,
    all: bool,
) -> Result<FlagList, AppError> {
    let today = super::today()?;
    let state = crate::server::state()?;
    let list = state
        .caches
        .flag_lists
        .get_or_compute(plan, (today, filter.clone(), all), async || {
            let flags = state.caches.flags(conn, plan, today).await?;
            Ok::<_, AppError>(FlagList::of(&flags, filter, all, today))
        })
        .await?;
    Ok(FlagList {
        read_at: plan.read_at(today),
        ..list.as_ref().clone()
    })
}

/// The filter the query names, or which part of it is not one.
#[cfg(feature = "ssr")]
fn filter(
    organisation: &str,
    kind: &str,
    county: &str,
) -> Result<crate::models::FlagFilter, AppError> {
    let invalid = |parameter: &str, value: &str| AppError::InvalidParameter {
        parameter: parameter.into(),
        value: value.to_owned(),
    };
    let given = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    Ok(crate::models::FlagFilter {
        organisation: given(organisation),
        kind: given(kind)
            .map(|kind| kind.parse().map_err(|_| invalid("kind", &kind)))
            .transpose()?,
        county: given(county)
            .map(|code| {
                crate::domain::CountyCode::parse(&code).map_err(|_| invalid("county", &code))
            })
            .transpose()?,
    })
}

/// Every signal of the plan on `today` when the viewer may read the oversight views (a page
/// read by the public shows none).
#[cfg(feature = "ssr")]
pub(super) async fn visible(
    conn: &mut sqlx::AnyConnection,
    plan: &crate::server::db::reference::CurrentPlan,
    today: crate::domain::IsoDate,
) -> Result<Option<std::sync::Arc<Vec<crate::models::Flag>>>, AppError> {
    if !super::allows(&crate::policy::Action::ReadOversight)? {
        return Ok(None);
    }
    let state = crate::server::state()?;
    Ok(Some(state.caches.flags(conn, plan, today).await?))
}
