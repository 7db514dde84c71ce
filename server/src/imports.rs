//! `POST /data/import`: a county board's file of regional rows or a ministry's of funding lines
//! (the plan's workbook or the table's CSV file), sent by the import page's plain form (`multipart/form-data`). It is
//! read once (`app::server::import`), kept for the person, and the browser is sent to its
//! preview, `/data/import/<id>`; nothing of the plan is written until the person applies it
//! there (`app::server_fns::apply_import`).

use app::error::AppError;
use app::models::Viewer;
use app::models::import::MAX_IMPORT_BYTES;
use app::policy;
use app::server::AppState;
use app::server::db::{Freshness, imports};
use app::server::import::{Upload, file_name};
use axum::Extension;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Where the import page's form posts its file.
pub const PATH: &str = "/data/import";

/// The largest request taken: the largest file, and the form around it.
pub const MAX_BODY_BYTES: usize = MAX_IMPORT_BYTES + 64 * 1024;

/// The most of a too large upload read (and dropped) before answering, so that the browser,
/// still sending, reads the answer instead of a broken connection.
const MOST_DRAINED: usize = 64 * 1024 * 1024;

/// How long a file may take to arrive.
const ARRIVAL: Duration = Duration::from_secs(120);

/// How long an upload is kept: the person applies it the same day, or uploads again.
const KEPT_DAYS: i64 = 7;

/// Uploads read and parsed at once, in the whole server: each may hold its file unpacked, so
/// a few at a time keep memory in bounds; the next waits.
static READING: Semaphore = Semaphore::const_new(2);

/// Back to the import page, which says the file was too large.
fn too_large() -> Response {
    see_other("/data/import?problem=too_large")
}

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// `POST /data/import`. Only once the person may import is the body read: up to
/// [`MAX_BODY_BYTES`], a larger one read to its end (at most [`MOST_DRAINED`]) and dropped,
/// and the browser sent back to the import page, which says that the file is too large.
pub async fn upload(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    freshness: Option<Extension<Freshness>>,
    request: Request,
) -> Response {
    let Some(user) = viewer.user() else {
        return see_other(&app::pages::sign_in_path(PATH));
    };
    let allowed =
        app::server::import::table_of(&viewer, state.settings.access()).and_then(|table| {
            policy::check_may_change(&viewer)?;
            Ok(table)
        });
    let table = match allowed {
        Ok(table) => table,
        Err(refusal) => return crate::exports::error_response(&refusal),
    };
    let Ok(_permit) = READING.acquire().await else {
        return crate::exports::error_response(&AppError::Busy);
    };
    let (parts, body) = request.into_parts();
    let body = match tokio::time::timeout(ARRIVAL, bounded(body)).await {
        Ok(Some(body)) => body,
        Ok(None) => return too_large(),
        Err(_) => return StatusCode::REQUEST_TIMEOUT.into_response(),
    };
    let form = Multipart::from_request(Request::from_parts(parts, Body::from(body)), &()).await;
    let kept = async {
        let (name, bytes) = match form {
            Ok(form) => sent_file(form).await,
            Err(_) => (String::new(), Bytes::new()),
        };
        let content = tokio::task::spawn_blocking(move || Upload::read(&bytes, table))
            .await
            .map_err(|_| AppError::Internal)?;
        let at = state.clock.timestamp();
        let week_ago = state.clock.today().add_days(-KEPT_DAYS).to_string();
        if let Some(Extension(freshness)) = &freshness {
            freshness.note_write();
        }
        let mut tx = state.db.begin().await?;
        imports::forget_old(&mut tx, user.id, &week_ago).await?;
        let id = imports::insert(&mut tx, user.id, &file_name(&name), &content, &at).await?;
        tx.commit().await?;
        Ok::<_, AppError>(id)
    };
    match kept.await {
        Ok(id) => see_other(&format!("{PATH}/{id}")),
        Err(error) => crate::exports::error_response(&error),
    }
}

/// The whole body when it is at most [`MAX_BODY_BYTES`]; `None` when it is larger (read on to
/// its end, up to [`MOST_DRAINED`], and dropped) or breaks off.
async fn bounded(mut body: Body) -> Option<Vec<u8>> {
    let mut kept = Vec::new();
    let mut seen = 0;
    loop {
        let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await;
        match frame {
            None => break,
            Some(Err(_)) => return None,
            Some(Ok(frame)) => {
                let Some(data) = frame.data_ref() else {
                    continue;
                };
                seen += data.len();
                if seen > MOST_DRAINED {
                    return None;
                }
                if seen <= MAX_BODY_BYTES {
                    kept.extend_from_slice(data);
                }
            }
        }
    }
    (seen <= MAX_BODY_BYTES).then_some(kept)
}

/// The form's file: its name as the browser sent it and its bytes (both empty when the form
/// holds none, or its body cannot be read).
async fn sent_file(mut form: Multipart) -> (String, Bytes) {
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            return match field.bytes().await {
                Ok(bytes) => (name, bytes),
                Err(_) => (name, Bytes::new()),
            };
        }
    }
    (String::new(), Bytes::new())
}
