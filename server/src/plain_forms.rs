//! Forms sent without JavaScript (before the WebAssembly has run, or with it off). The browser
//! posts a form to its server function, which answers with a redirect back to the page
//! (server_fn's form redirects; a refusal rides in the address as `__path` and `__err`). This
//! middleware keeps in the session what that address cannot carry: the fields as typed when
//! the server refused them, and that it accepted them. The next page a browser asks
//! for takes them out again and starts its form from them (see `app::models::FormReturn`).

use app::error::MAX_REQUEST_BYTES;
use app::models::FormReturn;
use app::server::plain_forms::{SESSION_KEY, is_page_request, is_plain_form_post, to_keep};
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// The most of a server function's answer read here (the one kept is `null`; the others are
/// small: a code, a link).
const MAX_OUTPUT_BYTES: usize = 64 * 1024;

pub async fn keep_for_next_page(session: Session, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if is_page_request(&parts.method, &parts.headers) {
        let mut request = Request::from_parts(parts, body);
        if let Some(returned) = take_returned(&session).await {
            request.extensions_mut().insert(returned);
        }
        return next.run(request).await;
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
    let (parts, body) = response.into_parts();
    let Ok(answer) = axum::body::to_bytes(body, MAX_OUTPUT_BYTES).await else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let location = parts
        .headers
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok());
    // Only in a session that exists: a visitor who is not signed in gets no session row for
    // a refused sign-in (the browser fills the address in again itself).
    if let Some(kept) = to_keep(&path, &sent, location, &answer)
        && session.id().is_some()
        && let Err(error) = session.insert(SESSION_KEY, kept).await
    {
        tracing::warn!(%error, "could not keep a form for the next page");
    }
    Response::from_parts(parts, Body::from(answer))
}

/// The form kept for this page, removed from the session (read first, so that a session with
/// none is not written).
async fn take_returned(session: &Session) -> Option<FormReturn> {
    session
        .get::<FormReturn>(SESSION_KEY)
        .await
        .ok()
        .flatten()?;
    session
        .remove::<FormReturn>(SESSION_KEY)
        .await
        .ok()
        .flatten()
}
