//! `GET /language/{sv|en}?next=/path`: remembers the reader's language in a cookie and sends
//! them back where they were. A plain link, so it works without JavaScript.

use app::domain::LocalPath;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The cookie leptos_i18n reads to choose the language.
const COOKIE: &str = "i18n_pref_locale";

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch(Path(lang): Path<String>, Query(query): Query<Next>) -> Response {
    if lang != "sv" && lang != "en" {
        return StatusCode::NOT_FOUND.into_response();
    }
    let next = LocalPath::or_home(query.next.as_deref().unwrap_or_default());
    let next = HeaderValue::from_str(next.as_str()).unwrap_or(HeaderValue::from_static("/"));
    let cookie = format!("{COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(header::LOCATION, next);
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
