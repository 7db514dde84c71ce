//! The oversight views (everyone signed in may read them; the rights body is who they are
//! for).

use crate::error::AppError;
use crate::models::{ChangeLog, Compliance, PlanAsOf};
use leptos::prelude::*;

/// Obligations against measures (an obligation answered by many with their count and statuses
/// only), measures that answer none, and the most overdue.
#[server(endpoint = "compliance")]
pub async fn get_compliance() -> Result<Compliance, AppError> {
    super::respond(
        async {
            let (mut conn, plan) =
                super::connect_for(&crate::policy::Action::ReadOversight).await?;
            compliance(&mut conn, &plan).await
        }
        .await,
    )
}

/// The oversight page: the compliance matrix and the signals of the plan (counted; the first
/// hundred listed), read at one revision of the plan.
#[server(endpoint = "oversight")]
pub async fn get_oversight() -> Result<(Compliance, crate::models::FlagList), AppError> {
    super::respond(
        async {
            let (mut conn, plan) =
                super::connect_for(&crate::policy::Action::ReadOversight).await?;
            let compliance = compliance(&mut conn, &plan).await?;
            let flags =
                super::flags::flag_list(&mut conn, &plan, Default::default(), false).await?;
            Ok((compliance, flags))
        }
        .await,
    )
}

/// The compliance matrix as the page shows it, kept for the plan's revision.
#[cfg(feature = "ssr")]
async fn compliance(
    conn: &mut sqlx::AnyConnection,
    plan: &crate::server::db::reference::CurrentPlan,
) -> Result<Compliance, AppError> {
    use crate::server::db;
    let today = super::today()?;
    let compliance = crate::server::state()?
        .caches
        .compliance
        .get_or_compute(plan, today, async || {
            // Kept as the page shows it: the whole overdue list (over a thousand on a plan ten
            // times the demo) is the review's, read when it is made.
            db::oversight::compliance(conn, plan, today)
                .await
                .map(Compliance::shortened)
        })
        .await?;
    Ok(Compliance {
        read_at: plan.read_at(today),
        ..compliance.as_ref().clone()
    })
}

/// The plan as it stood at the end of `date` (`YYYY-MM-DD`; empty: a year ago), rebuilt
/// from the history.
#[server(endpoint = "plan_as_of")]
pub async fn get_plan_as_of(date: String) -> Result<PlanAsOf, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let date = if date.trim().is_empty() {
                super::today()?.add_days(-365)
            } else {
                crate::domain::IsoDate::parse(&date).map_err(|_| AppError::InvalidParameter {
                    parameter: "date".into(),
                    value: date.clone(),
                })?
            };
            let (mut conn, plan) =
                super::connect_for(&crate::policy::Action::ReadOversight).await?;
            Ok(db::oversight::plan_as_of(&mut conn, plan.id, date, super::today()?).await?)
        }
        .await,
    )
}

/// What changed in the plan from the start of `from` to the end of `to` (`YYYY-MM-DD`; empty:
/// the last 90 days up to today), per measure and assignment, rebuilt from the history.
#[server(endpoint = "changes")]
pub async fn get_changes(from: String, to: String) -> Result<ChangeLog, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let (from, to) = change_interval(&from, &to, super::today()?)?;
            let (mut conn, plan) =
                super::connect_for(&crate::policy::Action::ReadOversight).await?;
            Ok(db::audit::change_log(&mut conn, plan.id, from, to).await?)
        }
        .await,
    )
}

/// The interval `from`..=`to` as asked for (an empty end: 90 days ago, or today), or which
/// end is not a date or comes before the other.
pub fn change_interval(
    from: &str,
    to: &str,
    today: crate::domain::IsoDate,
) -> Result<(crate::domain::IsoDate, crate::domain::IsoDate), AppError> {
    let day = |parameter: &str, text: &str, empty: crate::domain::IsoDate| {
        if text.trim().is_empty() {
            return Ok(empty);
        }
        crate::domain::IsoDate::parse(text.trim()).map_err(|_| AppError::InvalidParameter {
            parameter: parameter.into(),
            value: text.to_owned(),
        })
    };
    let (from, to) = (
        day("from", from, today.add_days(-90))?,
        day("to", to, today)?,
    );
    if to < from {
        return Err(AppError::InvalidParameter {
            parameter: "to".into(),
            value: to.to_string(),
        });
    }
    Ok((from, to))
}
