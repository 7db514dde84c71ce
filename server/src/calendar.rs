//! `/calendar/<token>.ics`: an organisation's unmet deadlines as an iCalendar feed that Outlook
//! and other calendar programs can subscribe to. Calendar programs fetch it without signing in,
//! so the address itself is the key: a 256-bit random token, of which only the hash is kept,
//! that the organisation can renew on its "my work" page (which ends the old address) and an
//! administrator can revoke. The feed holds only what the organisation owes and when, never
//! report texts; its links start with the configured public address, never the `Host` header.

use app::components::deadline_subject_label;
use app::i18n::Locale;
use app::models::{DeadlineItem, DeadlineSubject};
use app::server::AppState;
use app::server::db::{reference, work};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, EventLike};

pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics").filter(|t| t.len() >= 32) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match build(&state, token).await {
        Ok(Some(calendar)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=900"),
            ],
            calendar,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            app::server::telemetry::failure("building a calendar feed", &error);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn build(state: &AppState, token: &str) -> Result<Option<String>, sqlx::Error> {
    let mut conn = state.db.acquire_read_only().await?;
    let hash = app::server::auth::secret::hash(token);
    let Some((_, code)) = work::calendar_owner(&mut conn, &hash).await? else {
        return Ok(None);
    };
    let Some(plan) = reference::current_plan(&mut conn).await? else {
        return Ok(None);
    };
    let all = state
        .caches
        .unmet_deadlines(&mut conn, &plan, state.clock.today())
        .await?;
    let mut items: Vec<_> = all.iter().filter(|item| item.owner.code == code).collect();
    items.sort_by_key(|item| item.due_date);
    let name = items
        .first()
        .map(|item| item.owner.name.sv.clone())
        .unwrap_or(code.clone());
    let mut calendar = Calendar::new();
    calendar.name(&format!("Lägesbild – {name}"));
    for item in &items {
        calendar.push(event(item, &state.settings.public_url));
    }
    Ok(Some(calendar.done().to_string()))
}

fn event(item: &DeadlineItem, site: &str) -> icalendar::Event {
    let what = deadline_subject_label(&item.subject, Locale::sv);
    let (uid, path) = match &item.subject {
        DeadlineSubject::MeasureReport { code, period } => (
            format!("report-{code}-{period}"),
            format!("/measures/{code}/report?period={period}"),
        ),
        DeadlineSubject::Assignment { diary_number, kind } => (
            format!("assignment-{}-{}", diary_number.slug(), kind.as_str()),
            format!("/assignments/{}/report", diary_number.slug()),
        ),
    };
    icalendar::Event::new()
        .uid(&format!("{uid}@lagesbild"))
        .all_day(item.due_date.naive())
        .summary(&format!("{what}: {}", item.title.sv))
        .description(&format!("{}\n{site}{path}", item.title.sv))
        .url(&format!("{site}{path}"))
        .done()
}
