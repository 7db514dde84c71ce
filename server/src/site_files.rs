//! The built site's files (the WebAssembly, scripts, styles, the map) and the not-found page for
//! every other address.

use app::server::AppState;
use app::shell;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use tower::ServiceExt;

/// What every page render is given besides the request: the application's state.
pub fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let state = state.clone();
    move || provide_context(state.clone())
}

/// Answers a GET or HEAD for a file of the built site from disk (with `Last-Modified`,
/// conditional requests and precompressed copies); anything else gets the application's
/// not-found page with status 404.
///
/// This stands in for leptos_axum's `file_and_error_handler`, whose file branch creates a
/// reactive owner under whichever owner is current on the worker thread and then moves that
/// owner's response headers onto the file. A page being rendered at that moment lost its
/// Content-Security-Policy to a favicon, and the browser then ran none of its scripts (one
/// load in about fifty on a busy machine). Files here never touch the reactive system.
///
/// A file asked for by its content name (`app::server::assets`) is the file at its own address,
/// and may be kept for a year; the gzip and brotli copies made by the build are sent to browsers
/// that accept them.
pub async fn file_or_not_found(State(state): State<AppState>, request: Request) -> Response {
    let request = if matches!(*request.method(), Method::GET | Method::HEAD) {
        let (parts, body) = request.into_parts();
        let mut probe = Request::from_parts(parts.clone(), Body::empty());
        // A content name always names a file of the site; one whose path is no valid address
        // is served by its plain name instead.
        let named = state
            .assets
            .file(parts.uri.path())
            .and_then(|file| file.parse::<axum::http::Uri>().ok());
        if let Some(file) = &named {
            *probe.uri_mut() = file.clone();
        }
        let mut file = leptos_axum::site_pkg_dir_service(&state.leptos_options)
            .oneshot(probe)
            .await
            .into_response();
        if file.status().is_success() || file.status() == StatusCode::NOT_MODIFIED {
            if named.is_some() {
                file.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(app::server::assets::IMMUTABLE),
                );
            }
            return file;
        }
        Request::from_parts(parts, body)
    } else {
        request
    };
    not_found_page(state, request).await
}

/// The application's own page for an address it does not know, with status 404.
async fn not_found_page(state: AppState, request: Request) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(page_context(&state), move || {
        shell(options.clone())
    });
    let mut response = render(request).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}
