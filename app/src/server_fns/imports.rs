//! Bringing rows in from a file (a county board its county's regional rows, a ministry the
//! funding lines of the measures it edits): the import page, an upload's preview and applying
//! it. The file itself is posted to `POST /data/import` (a plain form
//! with the file, handled by the router), which keeps what it read and sends the browser to
//! the preview.

use crate::error::AppError;
use crate::models::import::{ImportPreview, ImportStart};
use leptos::prelude::*;

/// What the signed-in person brings in (a county board its county's rows, a ministry funding
/// lines), and their latest uploads.
#[server(endpoint = "import_start")]
pub async fn get_import_start() -> Result<ImportStart, AppError> {
    use crate::domain::TableName;
    use crate::server::db::{imports, reference};
    super::respond(
        async {
            let state = crate::server::state()?;
            let viewer = super::current_viewer();
            let table = crate::server::import::table_of(&viewer, state.settings.access())?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut conn = super::read_connection(&state, &viewer).await?;
            let county = match table {
                TableName::RegionalRows => Some(
                    reference::counties(&mut conn)
                        .await?
                        .into_iter()
                        .find(|county| Some(county.code) == user.county_code)
                        .ok_or(AppError::NotFound)?,
                ),
                _ => None,
            };
            Ok(ImportStart {
                table,
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
    use crate::domain::TableName;
    use crate::server::db::{imports, reference};
    use crate::server::import::{funding, regional, table_of};
    super::respond(
        async {
            let state = crate::server::state()?;
            let viewer = super::current_viewer();
            let access = state.settings.access();
            let table = table_of(&viewer, access)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut conn = super::read_connection(&state, &viewer).await?;
            let upload = imports::get(&mut conn, id)
                .await?
                .filter(|upload| upload.user_id == user.id)
                .ok_or(AppError::NotFound)?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            Ok(match table {
                TableName::RegionalRows => {
                    regional::preview(&mut conn, plan.id, &viewer, access, &upload).await?
                }
                _ => funding::preview(&mut conn, plan.id, &viewer, access, &upload).await?,
            })
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
    use crate::domain::TableName;
    use crate::server::db::{imports, reference};
    use crate::server::import::{funding, regional, table_of};
    super::respond(
        async {
            let state = crate::server::state()?;
            let viewer = super::current_viewer();
            let access = state.settings.access();
            let table = table_of(&viewer, access)?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut tx = super::begin_change(&state).await?;
            let upload = imports::get(&mut tx, id)
                .await?
                .filter(|upload| upload.user_id == user.id)
                .ok_or(AppError::NotFound)?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let at = super::timestamp()?;
            let expected = (changed, conflicts);
            let saved = match table {
                TableName::RegionalRows => {
                    regional::apply(
                        &mut tx,
                        plan.id,
                        &viewer,
                        user,
                        access,
                        &upload,
                        expected,
                        &at,
                        super::today()?,
                    )
                    .await?
                }
                _ => {
                    funding::apply(
                        &mut tx, plan.id, &viewer, user, access, &upload, expected, &at,
                    )
                    .await?
                }
            };
            tx.commit().await?;
            super::go_on_without_javascript(&format!("/data/import/{id}"));
            Ok(saved)
        }
        .await,
    )
}
