//! What the people who run Lägesbild see: `/health` and `/ready` for the load balancer,
//! `/metrics` for Prometheus, a request id on every request and response, and one log line per
//! request (text, or JSON with `LAGESBILD_LOG_FORMAT=json`) that names the cause of a failure.

use crate::config::LogFormat;
use app::server::db::Freshness;
use app::server::{AppState, telemetry};
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The header that carries a request's id, taken from a proxy in front or made here.
pub const REQUEST_ID: &str = "x-request-id";

/// The cookie that sends a client's reads to the primary database for a moment after it wrote,
/// when pages are read from a replica (which may lag behind the primary).
pub const WROTE_COOKIE: &str = "lagesbild_wrote";

/// How long after a write the client reads from the primary: longer than a healthy replica
/// lags.
const READ_OWN_WRITES_SECONDS: u32 = 30;

/// Sets up the log: `RUST_LOG` chooses what is written (by default requests and warnings).
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into());
    let log = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().flatten_event(true).with_span_list(false).init(),
    }
}

/// Prepares what every router of the process shares: the metrics recorder, and an executor
/// that runs the work a page spawns (its data loading) inside the span of its request, so a
/// failure there is logged with the request.
pub fn init_process() {
    prometheus();
    let _ = any_spawner::Executor::init_custom_executor(RequestSpans);
}

struct RequestSpans;

impl any_spawner::CustomExecutor for RequestSpans {
    fn spawn(&self, future: any_spawner::PinnedFuture<()>) {
        tokio::spawn(telemetry::carry_cause(future).in_current_span());
    }

    fn spawn_local(&self, future: any_spawner::PinnedLocalFuture<()>) {
        tokio::task::spawn_local(telemetry::carry_cause(future).in_current_span());
    }

    fn poll_local(&self) {}
}

/// `/health`, `/ready` and `/metrics`: no session, no data, quick under load.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics_with_token))
}

/// The process is alive and answering.
async fn health() -> Response {
    plain(StatusCode::OK, "ok\n".to_owned())
}

/// The database answers and has every migration of this build: send traffic here.
async fn ready(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.db.readiness()).await {
        Ok(Ok(())) => plain(StatusCode::OK, "ready\n".to_owned()),
        Ok(Err(not_ready)) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {not_ready}\n"),
        ),
        Err(_) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the database did not answer within 2 s\n".to_owned(),
        ),
    }
}

/// `/metrics` on the application's address: only with the configured bearer token, and not
/// there at all without one.
async fn metrics_with_token(State(state): State<AppState>, request: Request<Body>) -> Response {
    let Some(token) = state.settings.metrics_token.as_deref() else {
        return plain(StatusCode::NOT_FOUND, "not found\n".to_owned());
    };
    let sent = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(sent.as_bytes(), token.as_bytes()) {
        let mut response = plain(StatusCode::UNAUTHORIZED, "unauthorized\n".to_owned());
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    metrics_text(&state)
}

/// `/metrics`, open, for the separate metrics address.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(state): State<AppState>| async move { metrics_text(&state) }),
        )
        .with_state(state)
}

fn metrics_text(state: &AppState) -> Response {
    for usage in state.db.pool_usage() {
        metrics::gauge!("lagesbild_db_connections", "pool" => usage.pool, "state" => "in_use")
            .set(usage.in_use as f64);
        metrics::gauge!("lagesbild_db_connections", "pool" => usage.pool, "state" => "idle")
            .set(usage.idle as f64);
    }
    metrics::gauge!("lagesbild_db_waiting_for_connection")
        .set(state.db.waiting_for_connection() as f64);
    let handle = prometheus();
    handle.run_upkeep();
    let mut response = plain(StatusCode::OK, handle.render());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Compares a secret in time that does not depend on where it differs.
fn same_secret(sent: &[u8], expected: &[u8]) -> bool {
    sent.len() == expected.len()
        && sent
            .iter()
            .zip(expected)
            .fold(0u8, |differs, (a, b)| differs | (a ^ b))
            == 0
}

fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The process's Prometheus recorder, installed on first use.
fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let seconds = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
        ];
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("lagesbild_http_request_duration_seconds".to_owned()),
                &seconds,
            )
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may be installed already (a test harness): this one then still
        // renders, with what is recorded through it.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// With a read replica: tells the request whether its client wrote a moment ago (then it reads
/// from the primary, see `Db::for_viewer`), and, when the request writes, tells the client so
/// with a short-lived cookie. Without a replica every request reads from the primary anyway.
pub async fn read_own_writes(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if !state.db.has_replica() {
        return next.run(request).await;
    }
    let wrote_recently = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .any(|cookie| cookie.trim().strip_prefix(WROTE_COOKIE) == Some("=1"));
    let freshness = Freshness::after_write(wrote_recently);
    request.extensions_mut().insert(freshness.clone());
    let mut response = next.run(request).await;
    if freshness.wrote() && !response.status().is_server_error() {
        let secure = if state.settings.behind_tls {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{WROTE_COOKIE}=1; Max-Age={READ_OWN_WRITES_SECONDS}; Path=/; HttpOnly; SameSite=Lax{secure}"
        );
        if let Ok(cookie) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}

/// Gives the request an id (the one a proxy in front sent, if it is a sensible one) and
/// returns it in the response, so that a person can quote it and an operator find the log line.
pub async fn request_id(mut request: Request<Body>, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .filter(|value| usable_id(value.as_bytes()))
        .cloned()
        .unwrap_or_else(|| {
            HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
                .expect("a UUID is a header value")
        });
    request.headers_mut().insert(REQUEST_ID, id.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID, id);
    response
}

/// 1 to 64 letters, digits, `-`, `_` or `.`: nothing that could forge a log line.
fn usable_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The route a request matched, as written in the router (`/measures/{code}`), so that metrics
/// and logs group requests without a label per address.
pub(crate) fn route_of(request: &Request<Body>) -> String {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |path| path.as_str().to_owned())
}

/// Logs each request once when it ends, with its id, method, route, status and time; a
/// request that failed (5xx) is logged as an error with its cause, which the code that failed
/// recorded (`app::server::telemetry::failure`). Also counts it for `/metrics`.
pub async fn log_and_count(request: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let route = route_of(&request);
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let span = tracing::info_span!("request", id, method = %request.method(), route);
    let (response, cause) =
        telemetry::serve_keeping_cause(next.run(request).instrument(span.clone())).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    let millis = (elapsed.as_secs_f64() * 10_000.0).round() / 10.0;
    span.in_scope(|| match (status, cause) {
        (500.., cause) => tracing::error!(
            target: "lagesbild::request",
            status,
            millis,
            cause = cause.as_deref().unwrap_or("not recorded"),
            "request failed"
        ),
        (_, Some(cause)) => {
            tracing::warn!(target: "lagesbild::request", status, millis, cause, "request")
        }
        (_, None) => tracing::info!(target: "lagesbild::request", status, millis, "request"),
    });
    let status = status.to_string();
    metrics::counter!("lagesbild_http_requests_total", "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("lagesbild_http_request_duration_seconds", "route" => route)
        .record(elapsed.as_secs_f64());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_id_from_outside_is_kept_only_when_it_cannot_forge_a_log_line() {
        assert!(usable_id(b"3f2a-9c1e_proxy.7"));
        assert!(!usable_id(b""));
        assert!(!usable_id(b"a b"));
        assert!(!usable_id(b"x\"} injected"));
        assert!(!usable_id("å".as_bytes()));
        assert!(!usable_id(&[b'a'; 65]));
    }

    #[test]
    fn a_secret_matches_only_itself() {
        assert!(same_secret(b"secret-token", b"secret-token"));
        assert!(!same_secret(b"secret-tokem", b"secret-token"));
        assert!(!same_secret(b"secret", b"secret-token"));
    }
}
