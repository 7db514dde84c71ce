//! What there is to do: the signed-in person's organisation's work, the deadline list across
//! the plan, and the secret address of an organisation's deadline calendar.

use crate::error::AppError;
use crate::models::{DeadlineList, MyWork};
#[cfg(feature = "ssr")]
use crate::server::db::audit::{self, Actor, Change};
use leptos::prelude::*;

/// The work of the signed-in person's organisation.
#[server(endpoint = "my_work")]
pub async fn get_my_work() -> Result<MyWork, AppError> {
    use crate::domain::{ReportFrequency, ReportingPeriod};
    use crate::models::StaleRow;
    use crate::policy::Action;
    use crate::server::db::{counties, work};
    super::respond(
        async {
            let (mut conn, plan) = super::connect_for(&Action::ReadOwnWork).await?;
            let viewer = super::current_viewer();
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let today = super::today()?;
            let state = crate::server::state()?;
            let all = state
                .caches
                .unmet_deadlines(&mut conn, &plan, today)
                .await?;
            let items = all
                .iter()
                .filter(|item| item.owner.code == user.organisation.code)
                .cloned()
                .collect();
            let (overdue, upcoming) =
                crate::models::split_deadlines(items, Some(MyWork::UPCOMING_DAYS));
            let stale_rows = match user.county_code {
                Some(county) => counties::county_rows(&mut conn, plan.id, county, today)
                    .await?
                    .into_iter()
                    .filter(|row| row.stale)
                    .map(|row| StaleRow {
                        href: format!("/counties/{county}/rows/{}", row.measure.code),
                        measure: row.measure,
                        updated_at: row.updated_at,
                    })
                    .collect(),
                None => Vec::new(),
            };
            Ok(MyWork {
                organisation: user.organisation.clone(),
                today,
                overdue,
                upcoming,
                drafts: work::drafts(&mut conn, plan.id, user.organisation_id).await?,
                stale_rows,
                current_period: ReportingPeriod::containing(today, ReportFrequency::Quarterly),
                may_subscribe: super::allows(&Action::ManageCalendarFeed)?,
                calendar_made_at: work::calendar_made_at(&mut conn, user.organisation_id).await?,
            })
        }
        .await,
    )
}

/// The unmet deadlines of the plan: overdue and coming, of every organisation or of the one
/// with code `organisation` (empty: all), with each organisation's counts; only the first
/// [`DeadlineList::SHOWN`] of each kind unless `all`.
#[server(endpoint = "deadlines")]
pub async fn get_deadlines(
    organisation: String,
    #[server(default)] all: bool,
) -> Result<DeadlineList, AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let today = super::today()?;
            let state = crate::server::state()?;
            let organisation = Some(organisation.trim().to_owned()).filter(|o| !o.is_empty());
            let key = (today, organisation.clone(), all);
            let list = state
                .caches
                .deadlines
                .get_or_compute(&plan, key, async || {
                    let items = state
                        .caches
                        .unmet_deadlines(&mut conn, &plan, today)
                        .await?;
                    DeadlineList::of(&items, organisation.clone(), all, today).ok_or(
                        AppError::InvalidParameter {
                            parameter: "organisation".into(),
                            value: organisation.clone().unwrap_or_default(),
                        },
                    )
                })
                .await?;
            Ok(DeadlineList {
                read_at: plan.read_at(today),
                ..list.as_ref().clone()
            })
        }
        .await,
    )
}

/// Makes a new secret address for the calendar of the signed-in person's organisation; the
/// old one stops working. Answers the address, which is shown this once (only its hash is
/// kept). Audited.
#[server(endpoint = "renew_calendar_feed")]
pub async fn renew_calendar_feed() -> Result<String, AppError> {
    use crate::policy::Action;
    use crate::server::auth::secret;
    use crate::server::db::work;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ManageCalendarFeed)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let token = secret::new();
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let hash = secret::hash(&token);
            work::renew_calendar_feed(&mut tx, user.organisation_id, &hash, &at).await?;
            let actor = Actor::user(user);
            audit::record(
                &mut tx,
                &at,
                &actor,
                feed_event(&user.organisation.code, "renew"),
            )
            .await?;
            tx.commit().await?;
            Ok(state.settings.link(&format!("/calendar/{token}.ics")))
        }
        .await,
    )
}

/// Every organisation's calendar address, when it was made (administrators).
#[server(endpoint = "calendar_feeds")]
pub async fn get_calendar_feeds() -> Result<Vec<crate::models::CalendarFeedRow>, AppError> {
    use crate::policy::Action;
    use crate::server::db::work;
    super::respond(
        async {
            let (_, state) = super::authorize(&Action::RevokeCalendarFeeds)?;
            let mut conn = state.db.acquire().await?;
            Ok(work::calendar_feeds(&mut conn).await?)
        }
        .await,
    )
}

/// Ends the calendar address of the organisation with code `organisation` (administrators: an
/// address that reached the wrong people). The organisation can make a new one. Audited.
#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed(organisation: String) -> Result<(), AppError> {
    use crate::policy::Action;
    use crate::server::db::{users, work};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::RevokeCalendarFeeds)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let id = users::organisation_id(&mut tx, &organisation)
                .await?
                .ok_or(AppError::NotFound)?;
            if !work::end_calendar_feed(&mut tx, id).await? {
                return Err(AppError::NotFound);
            }
            let actor = Actor::user(user);
            audit::record(&mut tx, &at, &actor, feed_event(&organisation, "revoke")).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The audit trail's record of a change to `organisation`'s calendar address.
#[cfg(feature = "ssr")]
fn feed_event<'a>(organisation: &'a str, action: &'a str) -> Change<'a> {
    Change {
        entity_type: "calendar_feed",
        entity_id: organisation,
        action,
        before: None,
        after: None,
    }
}
