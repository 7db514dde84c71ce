//! Bringing a county board's regional rows in from a file: the import page, an upload's
//! preview and applying it. The file itself is posted to `POST /data/import` (a plain form
//! with the file, handled by the router), which keeps what it read and sends the browser to
//! the preview.

use crate::error::AppError;
use crate::models::import::{ImportPreview, ImportStart};
use leptos::prelude::*;

/// The county whose rows the signed-in county board brings in, and its latest uploads.
#[server(endpoint = "import_start")]
pub async fn get_import_start() -> Result<ImportStart, AppError> {
    use crate::policy::Action;
    use crate::server::db::{imports, reference};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ImportRegionalRows)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut conn = super::read_connection(&state, &viewer).await?;
            let county = reference::counties(&mut conn)
                .await?
                .into_iter()
                .find(|county| Some(county.code) == user.county_code)
                .ok_or(AppError::NotFound)?;
            Ok(ImportStart {
                county,
                uploads: imports::of_user(&mut conn, user.id).await?,
            })
        }
        .await,
    )
}

/// Upload `id` compared with the plan as it is now. Only its own uploader sees it; anyone
/// else's is as unknown as one that never was (404).
#[server(endpoint = "import_preview")]
pub async fn get_import(id: i64) -> Result<ImportPreview, AppError> {
    use crate::policy::Action;
    use crate::server::db::{imports, reference};
    use crate::server::import::regional;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ImportRegionalRows)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut conn = super::read_connection(&state, &viewer).await?;
            let upload = imports::get(&mut conn, id)
                .await?
                .filter(|upload| upload.user_id == user.id)
                .ok_or(AppError::NotFound)?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            Ok(regional::preview(
                &mut conn,
                plan.id,
                &viewer,
                state.settings.access(),
                &upload,
            )
            .await?)
        }
        .await,
    )
}

/// Applies upload `id`: every changed row is saved, all or nothing, audited with the file's
/// name. `changed` and `conflicts` are the preview's counts as the person saw them; when the
/// plan has moved since, nothing is written and the person looks at the preview again.
/// Answers the number of rows saved.
#[server(endpoint = "apply_import")]
pub async fn apply_import(id: i64, changed: usize, conflicts: usize) -> Result<i64, AppError> {
    use crate::policy::Action;
    use crate::server::db::{imports, reference};
    use crate::server::import::regional;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ImportRegionalRows)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut tx = super::begin_change(&state).await?;
            let upload = imports::get(&mut tx, id)
                .await?
                .filter(|upload| upload.user_id == user.id)
                .ok_or(AppError::NotFound)?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let saved = regional::apply(
                &mut tx,
                plan.id,
                &viewer,
                user,
                state.settings.access(),
                &upload,
                (changed, conflicts),
                &super::timestamp()?,
                super::today()?,
            )
            .await?;
            tx.commit().await?;
            super::go_on_without_javascript(&format!("/data/import/{id}"));
            Ok(saved)
        }
        .await,
    )
}
