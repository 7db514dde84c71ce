//! User administration (admins only).

use crate::error::AppError;
use leptos::prelude::*;

/// Lets a user sign in again, or stops them: deactivating ends all of their sessions at once.
#[server(endpoint = "set_user_active")]
pub async fn set_user_active(user_id: i64, active: bool) -> Result<(), AppError> {
    use crate::policy::Action;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{sessions, users};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ManageUsers)?;
            let admin = viewer.user().ok_or(AppError::NotSignedIn)?;
            if admin.id == user_id && !active {
                // An administrator cannot lock themselves out (and perhaps everyone).
                return Err(AppError::Forbidden);
            }
            let mut tx = state.db.begin().await?;
            let before = users::set_active(&mut tx, user_id, active)
                .await?
                .ok_or(AppError::NotFound)?;
            if !active {
                sessions::delete_for_user(&mut tx, user_id).await?;
            }
            audit::record(
                &mut tx,
                &Actor::user(admin),
                Change {
                    entity_type: "user",
                    entity_id: &user_id.to_string(),
                    action: if active { "reactivate" } else { "deactivate" },
                    before: Some(serde_json::json!({ "active": before })),
                    after: Some(serde_json::json!({ "active": active })),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}
