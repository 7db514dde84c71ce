//! Forms sent without JavaScript (the pages are rendered on the server and only their islands
//! are hydrated, so this is how every form of Lägesbild is sent). The browser posts a form to
//! its server function, which answers with a redirect back to the page (server_fn's form
//! redirects; a refusal rides in the address as `__path` and `__err`). This middleware keeps
//! what that address cannot carry: the fields as typed when the server refused them, that it
//! accepted them, and its answer. The next page a browser asks for takes them out again and
//! starts its form from them (see `app::models::FormReturn`).
//!
//! Kept in the session, except what must not or cannot be: an answer with content (a one-time
//! link, recovery codes: a secret shown once never rests in a session row) and what a visitor
//! without a session sent (a refused sign-in creates no session row). Those travel to the next
//! page in a short-lived cookie of that browser alone, which the page deletes.

use app::error::MAX_REQUEST_BYTES;
use app::models::{Claim, FormReturn};
use app::server::AppState;
use app::server::plain_forms::{SESSION_KEY, is_page_request, is_plain_form_post, to_keep};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tower_sessions::Session;
use tower_sessions::cookie::{Cookie, SameSite, time::Duration};

/// The most of a server function's answer read here (the one kept is small: a code, a link).
const MAX_OUTPUT_BYTES: usize = 64 * 1024;

/// The cookie that carries a form's return to the next page: `__Host-` over HTTPS, so that
/// no other host (a sibling subdomain) can set it.
const COOKIE: &str = "lagesbild_returned";
const HOST_COOKIE: &str = "__Host-lagesbild_returned";

/// How long the cookie lives: the browser follows the redirect at once.
const COOKIE_SECONDS: i64 = app::models::form_return::RETURN_SECONDS as i64;

pub async fn keep_for_next_page(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let tls = state.settings.behind_tls;
    let (parts, body) = request.into_parts();
    if is_page_request(&parts.method, &parts.headers) {
        let (page, now) = (parts.uri.path().to_owned(), unix_now());
        let from_cookie = returned_in_cookie(&parts.headers, tls);
        // Only the page a return was kept for takes it (another tab's page, asked for in
        // between, leaves it for its own); one whose time is up is dropped.
        let cookie_claim = from_cookie
            .as_ref()
            .map(|kept| kept.as_ref().map_or(Claim::Drop, |k| k.claim(&page, now)));
        let from_cookie = match cookie_claim {
            Some(Claim::Take) => from_cookie.flatten(),
            _ => None,
        };
        let mut request = Request::from_parts(parts, body);
        // The cookie's is the later one when both are there, as a form answered with a
        // secret never writes the session.
        let in_session = claim_returned(&session, &page, now).await;
        if let Some(returned) = from_cookie.or(in_session) {
            request.extensions_mut().insert(returned);
        }
        let mut response = next.run(request).await;
        if matches!(cookie_claim, Some(Claim::Take | Claim::Drop)) {
            set_cookie(response.headers_mut(), removal(tls));
        }
        return response;
    }
    if !is_plain_form_post(&parts.method, &parts.uri, &parts.headers) {
        return next.run(Request::from_parts(parts, body)).await;
    }
    // `limit_request_body` has already read and bounded the body.
    let Ok(sent) = axum::body::to_bytes(body, MAX_REQUEST_BYTES).await else {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let path = parts.uri.path().to_owned();
    let response = next
        .run(Request::from_parts(parts, Body::from(sent.clone())))
        .await;
    let (mut parts, body) = response.into_parts();
    let Ok(answer) = axum::body::to_bytes(body, MAX_OUTPUT_BYTES).await else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let location = parts
        .headers
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok());
    if let Some(kept) = to_keep(&path, &sent, location, &answer, unix_now()) {
        if kept.secret() || session.id().is_none() {
            match in_cookie(&kept, tls) {
                Some(cookie) => set_cookie(&mut parts.headers, cookie),
                None => tracing::warn!(%path, "a form's return too large for its cookie"),
            }
        } else if let Err(error) = session.insert(SESSION_KEY, kept).await {
            tracing::warn!(%error, "could not keep a form for the next page");
        }
    }
    Response::from_parts(parts, Body::from(answer))
}

/// The form kept in the session for the page at `page`, removed from it; one kept for another
/// page is left there, one whose time is up removed (read first, so that a session with none
/// is not written).
async fn claim_returned(session: &Session, page: &str, now: u64) -> Option<FormReturn> {
    let kept = session
        .get::<FormReturn>(SESSION_KEY)
        .await
        .ok()
        .flatten()?;
    match kept.claim(page, now) {
        Claim::Leave => None,
        Claim::Drop => {
            let _ = session.remove::<FormReturn>(SESSION_KEY).await;
            None
        }
        Claim::Take => session
            .remove::<FormReturn>(SESSION_KEY)
            .await
            .ok()
            .flatten(),
    }
}

/// Seconds since 1970, by the machine's clock (a form's return lives for two minutes).
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

fn cookie_name(tls: bool) -> &'static str {
    if tls { HOST_COOKIE } else { COOKIE }
}

/// The return the request's cookie carries: `None` without the cookie, `Some(None)` when it is
/// there but unreadable (it is removed all the same).
fn returned_in_cookie(headers: &HeaderMap, tls: bool) -> Option<Option<FormReturn>> {
    let name = cookie_name(tls);
    let value = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)?
        .value()
        .to_owned();
    Some(
        URL_SAFE_NO_PAD
            .decode(value)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok()),
    )
}

/// The cookie carrying `kept`, or `None` when a browser would not keep one that large.
fn in_cookie(kept: &FormReturn, tls: bool) -> Option<Cookie<'static>> {
    let json = serde_json::to_vec(kept).ok()?;
    let value = URL_SAFE_NO_PAD.encode(json);
    (value.len() <= 3_800).then(|| {
        Cookie::build((cookie_name(tls), value))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(tls)
            .max_age(Duration::seconds(COOKIE_SECONDS))
            .build()
    })
}

/// The cookie that deletes the carrying cookie.
fn removal(tls: bool) -> Cookie<'static> {
    Cookie::build((cookie_name(tls), ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(tls)
        .max_age(Duration::ZERO)
        .build()
}

fn set_cookie(headers: &mut HeaderMap, cookie: Cookie<'static>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        headers.append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_return_goes_to_the_next_page_in_its_cookie_and_back() {
        let kept = FormReturn::accepted(
            "/api/create_user",
            br#"{"address":"https://x/password?token=ab"}"#,
        )
        .expect("kept");
        for tls in [false, true] {
            let cookie = in_cookie(&kept, tls).expect("small enough");
            assert_eq!(cookie.name().starts_with("__Host-"), tls);
            let mut headers = HeaderMap::new();
            let sent = format!("other=1; {}={}", cookie.name(), cookie.value());
            headers.insert(header::COOKIE, HeaderValue::from_str(&sent).unwrap());
            assert_eq!(returned_in_cookie(&headers, tls), Some(Some(kept.clone())));
            // Only the cookie of this scheme counts: over HTTPS the plain name may be anyone's.
            assert_eq!(returned_in_cookie(&headers, !tls), None);
        }
        let mut forged = HeaderMap::new();
        forged.insert(
            header::COOKIE,
            HeaderValue::from_static("lagesbild_returned=%%%"),
        );
        assert_eq!(returned_in_cookie(&forged, false), Some(None));
    }

    #[test]
    fn a_return_too_large_for_a_cookie_is_not_put_in_one() {
        let fields = vec![("narrative".to_owned(), "x".repeat(4_000))];
        let kept = FormReturn::refused("/api/sign_in", fields).expect("kept");
        assert!(in_cookie(&kept, false).is_none());
    }
}
