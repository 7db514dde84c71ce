//! User administration (admins only): every function asks the policy for `ManageUsers`, and
//! every change is written to the audit trail in the same transaction.

use crate::error::AppError;
use crate::models::UserAdmin;
use leptos::prelude::*;

/// A choice from a `<select>`: `None` for nothing chosen (or something not offered).
#[cfg(feature = "ssr")]
fn choice<T: std::str::FromStr>(value: &str) -> Option<T> {
    value.trim().parse().ok()
}

/// The kind of the chosen organisation, `None` when none (or no such one) was chosen.
#[cfg(feature = "ssr")]
async fn known_kind(
    conn: &mut sqlx::AnyConnection,
    organisation_id: Option<i64>,
) -> Result<Option<crate::domain::OrganisationKind>, AppError> {
    match organisation_id {
        Some(id) => Ok(crate::server::db::users::organisation_kind(conn, id).await?),
        None => Ok(None),
    }
}

/// Every account and the organisations they can belong to.
#[server(endpoint = "users")]
pub async fn list_users() -> Result<UserAdmin, AppError> {
    use crate::server::db::users;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&crate::policy::Action::ManageUsers)?;
            let mut conn = super::read_connection(&state, &viewer).await?;
            Ok(UserAdmin {
                users: users::list(&mut conn).await?,
                organisations: users::organisation_options(&mut conn).await?,
            })
        }
        .await,
    )
}

/// One account, with the organisations it can belong to, and whether it has a second factor.
#[server(endpoint = "user")]
pub async fn get_user(
    user_id: i64,
) -> Result<
    (
        crate::models::UserRow,
        Vec<crate::models::OrganisationOption>,
        bool,
        crate::models::AccessTokens,
    ),
    AppError,
> {
    use crate::server::auth::second_factor;
    use crate::server::db::users;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&crate::policy::Action::ManageUsers)?;
            let mut conn = super::read_connection(&state, &viewer).await?;
            let user = users::get(&mut conn, user_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let has_second_factor = second_factor::enabled(&mut conn, user_id).await?;
            let organisations = users::organisation_options(&mut conn).await?;
            let today = state.clock.today();
            let tokens = crate::server::auth::tokens::list(
                &mut conn,
                user_id,
                user.role,
                today,
                &state.settings,
            )
            .await?;
            Ok((user, organisations, has_second_factor, tokens))
        }
        .await,
    )
}

/// Removes a user's second factor, for someone who lost both their phone and their recovery
/// codes; their sessions end, and where their role requires one they set up a new key at their
/// next sign-in. Audited.
#[server(endpoint = "reset_second_factor")]
pub async fn reset_second_factor(user_id: i64) -> Result<(), AppError> {
    use crate::server::auth::second_factor;
    use crate::server::db::audit::Actor;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&crate::policy::Action::ManageUsers)?;
            let admin = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            second_factor::reset(&mut tx, user_id, &Actor::user(admin), &at).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Creates an account without a password and an invitation link with which its owner chooses
/// one (the administrator passes the link on, and never sees the password).
#[server(endpoint = "create_user")]
pub async fn create_user(
    email: String,
    display_name: String,
    organisation_id: String,
    role: String,
) -> Result<crate::models::IssuedLink, AppError> {
    use crate::domain::Role;
    use crate::error::{FieldError, Problem};
    use crate::models::LinkPurpose;
    use crate::models::users::check_new_user;
    use crate::server::auth::links;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::users;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&crate::policy::Action::ManageUsers)?;
            let admin = viewer.user().ok_or(AppError::NotSignedIn)?;
            let email = email.trim().to_lowercase();
            let display_name = display_name.trim().to_owned();
            let (organisation_id, role) = (choice(&organisation_id), choice::<Role>(&role));
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let kind = known_kind(&mut tx, organisation_id).await?;
            let mut errors = check_new_user(&email, &display_name, role, kind);
            if errors.is_empty() && users::id_of(&mut tx, &email).await?.is_some() {
                errors.push(FieldError::new("email", Problem::Taken));
            }
            let (Some(role), Some(organisation_id)) =
                (role.filter(|_| errors.is_empty()), organisation_id)
            else {
                return Err(AppError::Invalid { errors });
            };
            let created = users::create(
                &mut tx,
                &email,
                &display_name,
                organisation_id,
                role,
                None,
                &at,
            )
            .await;
            let id = match created {
                Ok(id) => id,
                // Two admins creating the same address at once: the database keeps it unique.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err(AppError::Invalid {
                        errors: vec![FieldError::new("email", Problem::Taken)],
                    });
                }
                Err(e) => return Err(e.into()),
            };
            let after = serde_json::json!({
                "email": email,
                "display_name": display_name,
                "organisation_id": organisation_id,
                "role": role.as_str(),
                "active": true,
            });
            let actor = Actor::user(admin);
            let change = Change {
                entity_type: "user",
                entity_id: &id.to_string(),
                action: "create",
                before: None,
                after: Some(after),
            };
            audit::record(&mut tx, &at, &actor, change).await?;
            let user = users::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
            let link = links::issue(
                &mut tx,
                &user,
                LinkPurpose::Invitation,
                &actor,
                &state.clock,
                &state.settings,
            )
            .await?;
            tx.commit().await?;
            Ok(link)
        }
        .await,
    )
}

/// Makes a one-time link with which an active user chooses a new password (replacing any
/// link they had); their password and sessions stay as they are until the link is used.
#[server(endpoint = "create_password_link")]
pub async fn create_password_link(user_id: i64) -> Result<crate::models::IssuedLink, AppError> {
    use crate::models::LinkPurpose;
    use crate::server::auth::links;
    use crate::server::db::audit::Actor;
    use crate::server::db::users;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&crate::policy::Action::ManageUsers)?;
            let admin = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut tx = super::begin_change(&state).await?;
            let user = users::get(&mut tx, user_id)
                .await?
                .filter(|user| user.active)
                .ok_or(AppError::NotFound)?;
            let link = links::issue(
                &mut tx,
                &user,
                LinkPurpose::Reset,
                &Actor::user(admin),
                &state.clock,
                &state.settings,
            )
            .await?;
            tx.commit().await?;
            Ok(link)
        }
        .await,
    )
}

/// Sets a user's organisation and role, unless someone changed the user since `version`.
#[server(endpoint = "update_user")]
pub async fn update_user(
    user_id: i64,
    organisation_id: String,
    role: String,
    version: i64,
) -> Result<(), AppError> {
    use crate::domain::Role;
    use crate::models::users::check_role;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::users;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&crate::policy::Action::ManageUsers)?;
            let admin = viewer.user().ok_or(AppError::NotSignedIn)?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let before = users::get(&mut tx, user_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let (organisation_id, role) = (choice(&organisation_id), choice::<Role>(&role));
            let kind = known_kind(&mut tx, organisation_id).await?;
            let errors = check_role(role, kind);
            let (Some(role), Some(organisation_id)) =
                (role.filter(|_| errors.is_empty()), organisation_id)
            else {
                return Err(AppError::Invalid { errors });
            };
            if admin.id == user_id && role != Role::Admin {
                // An administrator cannot take away their own administration rights.
                return Err(AppError::Forbidden);
            }
            if !users::set_role(&mut tx, user_id, organisation_id, role, version).await? {
                return Err(AppError::Conflict {
                    current: vec![
                        crate::error::FieldValue {
                            field: "organisation".into(),
                            value: before.organisation.name.sv.clone(),
                        },
                        crate::error::FieldValue {
                            field: "role".into(),
                            value: before.role.as_str().into(),
                        },
                    ],
                    version: before.version,
                    revision: 0,
                });
            }
            if (organisation_id, role) != (before.organisation_id, before.role) {
                // A token never outlives the role and organisation it was made under.
                crate::server::db::tokens::revoke_all(&mut tx, user_id, &at).await?;
            }
            audit::record(
                &mut tx,
                &at,
                &Actor::user(admin),
                Change {
                    entity_type: "user",
                    entity_id: &user_id.to_string(),
                    action: "update",
                    before: Some(serde_json::json!({
                        "organisation": before.organisation.name.sv,
                        "role": before.role.as_str(),
                    })),
                    after: Some(serde_json::json!({
                        "organisation_id": organisation_id,
                        "role": role.as_str(),
                    })),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

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
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let before = users::set_active(&mut tx, user_id, active)
                .await?
                .ok_or(AppError::NotFound)?;
            if !active {
                sessions::delete_for_user(&mut tx, user_id).await?;
                crate::server::db::tokens::revoke_all(&mut tx, user_id, &at).await?;
            }
            audit::record(
                &mut tx,
                &at,
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
