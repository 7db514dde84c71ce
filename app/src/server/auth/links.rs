//! One-time links to choose a password: an administrator invites a new user, or makes a reset
//! link for someone who cannot sign in, and passes the link on. The link carries a 256-bit
//! secret; only its SHA-256 hash is stored. It works once, until it expires, and a newer link
//! for the same user replaces it. Administrators never choose or see a password.

use super::{password, secret};
use crate::error::AppError;
use crate::models::{IssuedLink, LinkHolder, LinkPurpose, UserRow};
use crate::server::db::audit::{self, Actor, Change};
use crate::server::db::{Db, password_links, sessions, users};
use crate::server::{Clock, Settings, Timestamp};
use sqlx::AnyConnection;

/// How long a link works: a week to accept an invitation, a day for a reset.
pub fn lifetime(purpose: LinkPurpose) -> chrono::Duration {
    match purpose {
        LinkPurpose::Invitation => chrono::Duration::days(7),
        LinkPurpose::Reset => chrono::Duration::hours(24),
    }
}

/// The page a link opens, with its secret.
pub fn path(secret: &str) -> String {
    format!("/password?token={secret}")
}

/// Makes a link for `user` (replacing any link they had, on the site's public address) in the caller's transaction, and
/// records in the audit trail who made it, never the secret.
pub async fn issue(
    conn: &mut AnyConnection,
    user: &UserRow,
    purpose: LinkPurpose,
    actor: &Actor,
    clock: &Clock,
    settings: &Settings,
) -> Result<IssuedLink, AppError> {
    let secret = secret::new();
    let now = clock.now();
    let expires = now + lifetime(purpose);
    let expires_at = Timestamp::of(expires);
    let at = Timestamp::of(now);
    password_links::replace(
        conn,
        user.id,
        &secret::hash(&secret),
        purpose,
        expires.timestamp(),
        &at,
    )
    .await?;
    let id = user.id.to_string();
    let change = Change {
        entity_type: "user",
        entity_id: &id,
        action: "password_link_issued",
        before: None,
        after: Some(serde_json::json!({
            "purpose": purpose.as_str(),
            "expires_at": expires_at.as_str(),
        })),
    };
    audit::record(conn, &at, actor, change).await?;
    Ok(IssuedLink {
        user_id: user.id,
        display_name: user.display_name.clone(),
        purpose,
        address: settings.link(&path(&secret)),
        expires_at: expires_at.as_str().to_owned(),
    })
}

/// The active account a link that still works was made for, with its purpose; `NotFound` for
/// a link that never was, was used or replaced, has expired, or whose account is inactive.
async fn holder_of(
    conn: &mut AnyConnection,
    secret: &str,
    clock: &Clock,
) -> Result<(UserRow, LinkPurpose), AppError> {
    let link = password_links::find(conn, &secret::hash(secret))
        .await?
        .filter(|link| link.expires_at > clock.now().timestamp())
        .ok_or(AppError::NotFound)?;
    let user = users::get(conn, link.user_id)
        .await?
        .filter(|user| user.active)
        .ok_or(AppError::NotFound)?;
    Ok((user, link.purpose))
}

/// Who the link is for, for its page.
pub async fn holder(db: &Db, secret: &str, clock: &Clock) -> Result<LinkHolder, AppError> {
    let mut conn = db.acquire().await?;
    let (user, purpose) = holder_of(&mut conn, secret, clock).await?;
    Ok(LinkHolder {
        display_name: user.display_name,
        email: user.email,
        purpose,
    })
}

/// Sets the password of the link's account if it passes [`password::check_new`], uses up the
/// link and ends every session of the account (after a reset, whoever knew the old password
/// is signed out). Audited as the account's owner.
pub async fn set_password(
    db: &Db,
    secret: &str,
    new_password: &str,
    repeat: &str,
    clock: &Clock,
) -> Result<(), AppError> {
    let (user, purpose) = {
        let mut conn = db.acquire().await?;
        holder_of(&mut conn, secret, clock).await?
    };
    let errors = password::check_new(new_password, repeat, &[&user.email, &user.display_name]);
    if !errors.is_empty() {
        return Err(AppError::Invalid { errors });
    }
    let new_hash = password::hash_off_thread(new_password.to_owned()).await?;
    let mut tx = db.begin().await?;
    // Used by a request that passed the check at the same moment: this one sets nothing.
    if !password_links::take(&mut tx, &secret::hash(secret)).await? {
        return Err(AppError::NotFound);
    }
    users::set_password_hash(&mut tx, user.id, &new_hash).await?;
    sessions::delete_for_user(&mut tx, user.id).await?;
    let at = clock.timestamp();
    crate::server::db::tokens::revoke_all(&mut tx, user.id, &at).await?;
    let id = user.id.to_string();
    let actor = Actor::owner(&user);
    let change = Change {
        entity_type: "user",
        entity_id: &id,
        action: "password_set_with_link",
        before: None,
        after: Some(serde_json::json!({ "purpose": purpose.as_str() })),
    };
    audit::record(&mut tx, &at, &actor, change).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_lasts_a_week_and_a_reset_a_day() {
        assert_eq!(lifetime(LinkPurpose::Invitation).num_hours(), 168);
        assert_eq!(lifetime(LinkPurpose::Reset).num_hours(), 24);
    }
}
