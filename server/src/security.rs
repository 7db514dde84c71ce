//! Browser security for every response: refusal of cross-site writes (CSRF) and the headers
//! that keep the pages from being framed, sniffed or leaking where they were.

use app::error::{AppError, MAX_REQUEST_BYTES};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a state-changing request (anything but GET, HEAD and OPTIONS; server functions
/// are POSTs) that a browser says came from another site: `Sec-Fetch-Site` other than
/// `same-origin` or `none`, or an `Origin` that is not this host. Requests without either
/// header come from programs, not from a browser that a forged page could drive.
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    if is_cross_site_write(&request) {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

/// GET, HEAD and OPTIONS change nothing and carry no body.
fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_cross_site_write(request: &Request) -> bool {
    if is_safe(request.method()) {
        return false;
    }
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match headers.get(header::ORIGIN) {
        None => false,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .map(|(_, rest)| rest);
            host.is_none() || origin_host != host
        }
    }
}

/// Reads the body of a request that has one (every change is a POST) before anything else
/// does, up to `MAX_REQUEST_BYTES`. A larger body is refused with 413 and the error a form shows
/// next to its button, whether or not the request said how large it is; nothing of it reaches a
/// server function. A file to import is read by its handler, only for someone who may import.
pub async fn limit_request_body(request: Request, next: Next) -> Response {
    if is_safe(request.method()) {
        return next.run(request).await;
    }
    if request.uri().path() == crate::imports::PATH {
        // Read by its handler once the person may import (`imports::upload`), to its own limit.
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_REQUEST_BYTES as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    // The only way reading fails is a body over the limit or a client that went away, which
    // reads no answer.
    match axum::body::to_bytes(body, MAX_REQUEST_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

fn too_large() -> Response {
    let error = AppError::TooLarge;
    let body = serde_json::to_string(&error).unwrap_or_default();
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// For anything that did not set its own policy (the HTML pages set one with a nonce, see
/// `app::shell`): nothing may run or load.
const DEFAULT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Pages, server-function answers and downloads may hold what only the signed-in reader may
/// see, so no cache keeps them: not a shared cache, and not the browser's back/forward cache
/// after sign-out. The site's static files (scripts, styles, the map), which the file server
/// marks with `Last-Modified` (and answers conditional requests for with 304), may be kept but
/// are checked again before each use.
fn cache_policy(status: StatusCode, headers: &axum::http::HeaderMap) -> HeaderValue {
    if headers.contains_key(header::LAST_MODIFIED) || status == StatusCode::NOT_MODIFIED {
        HeaderValue::from_static("no-cache")
    } else {
        HeaderValue::from_static("no-store")
    }
}

pub async fn headers(State(behind_tls): State<bool>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let cache = cache_policy(response.status(), response.headers());
    let headers = response.headers_mut();
    headers.entry(header::CACHE_CONTROL).or_insert(cache);
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(DEFAULT_POLICY));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if behind_tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut request = Request::post("/api/sign_out").header("host", "lagesbild.example");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_the_sites_static_files_may_be_kept_by_a_cache() {
        let mut headers = axum::http::HeaderMap::new();
        assert_eq!(cache_policy(StatusCode::OK, &headers), "no-store");
        assert_eq!(cache_policy(StatusCode::NOT_MODIFIED, &headers), "no-cache");
        headers.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_static("Mon, 30 Nov 2026 09:00:00 GMT"),
        );
        assert_eq!(cache_policy(StatusCode::OK, &headers), "no-cache");
    }

    #[test]
    fn writes_from_this_site_or_from_programs_pass() {
        assert!(!is_cross_site_write(&post(&[])));
        assert!(!is_cross_site_write(&post(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site_write(&post(&[(
            "origin",
            "https://lagesbild.example"
        )])));
    }

    #[test]
    fn writes_from_another_site_are_refused() {
        assert!(is_cross_site_write(&post(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(is_cross_site_write(&post(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(is_cross_site_write(&post(&[(
            "origin",
            "https://evil.example"
        )])));
        assert!(is_cross_site_write(&post(&[(
            "origin",
            "https://lagesbild.example.evil.example"
        )])));
        assert!(is_cross_site_write(&post(&[("origin", "null")])));
    }

    #[test]
    fn reads_are_never_refused() {
        let request = Request::get("/")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        assert!(!is_cross_site_write(&request));
    }
}
