//! User accounts.

use super::rows::{organisation, organisation_columns};
use crate::domain::{CountyCode, Role};
use crate::models::SignedInUser;
use crate::server::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// What sign-in needs to know about an account.
pub struct Credentials {
    pub id: i64,
    /// `None` for an account that has no password yet (it cannot sign in).
    pub password_hash: Option<String>,
    pub active: bool,
}

pub async fn credentials(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash, active FROM app_user WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(Credentials {
            id: row.try_get("id")?,
            password_hash: row.try_get("password_hash")?,
            active: row.try_get::<i64, _>("active")? == 1,
        })
    })
    .transpose()
}

/// Whether the user is one of [`demo_accounts`], whose password the sign-in page prints.
pub async fn is_demo_account(conn: &mut AnyConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM app_user u \
         WHERE u.id = $1 AND EXISTS (SELECT 1 FROM demo_seed) \
           AND (u.email LIKE '%.demo.invalid' OR u.email LIKE '%@demo.invalid')",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(count > 0)
}

/// The demo plan's accounts while the demo plan is loaded (on the `.invalid` domain, which no
/// real address can have), in the order of their roles; none on an installation without it.
pub async fn demo_accounts(
    conn: &mut AnyConnection,
) -> Result<Vec<crate::models::DemoAccount>, sqlx::Error> {
    let sql = format!(
        "SELECT u.email, u.role, {} \
         FROM app_user u JOIN organisation org ON org.id = u.organisation_id \
         WHERE EXISTS (SELECT 1 FROM demo_seed) AND u.active = 1 \
           AND (u.email LIKE '%.demo.invalid' OR u.email LIKE '%@demo.invalid') \
         ORDER BY u.email",
        organisation_columns("org")
    );
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    let mut accounts = rows
        .iter()
        .map(|row| {
            Ok(crate::models::DemoAccount {
                email: row.try_get("email")?,
                role: row.try_get::<Role, _>("role")?,
                organisation: organisation(row, "org")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    accounts.sort_by_key(|account| Role::ALL.iter().position(|role| *role == account.role));
    Ok(accounts)
}

/// The active user with `id`, as pages and the policy see them.
pub async fn active_user(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<SignedInUser>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM app_user u JOIN organisation org ON org.id = u.organisation_id \
         WHERE u.id = $1 AND u.active = 1",
        signed_in_user_columns()
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(signed_in_user).transpose()
}

/// The columns [`signed_in_user`] reads, of `app_user u` joined to its `organisation org`.
pub(super) fn signed_in_user_columns() -> String {
    format!(
        "u.id, u.email, u.display_name, u.role, u.organisation_id, \
         org.county_code AS user_county, {}",
        organisation_columns("org")
    )
}

pub(super) fn signed_in_user(row: &AnyRow) -> Result<SignedInUser, sqlx::Error> {
    Ok(SignedInUser {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        role: row.try_get::<Role, _>("role")?,
        organisation_id: row.try_get("organisation_id")?,
        organisation: organisation(row, "org")?,
        county_code: row.try_get::<Option<CountyCode>, _>("user_county")?,
        token: None,
    })
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE app_user SET password_hash = $2, version = version + 1 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The id of the organisation with `code`.
pub async fn organisation_id(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisation WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
}

/// Makes the user an active administrator of `organisation_id`.
pub async fn make_active_admin(
    conn: &mut AnyConnection,
    id: i64,
    organisation_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE app_user SET role = 'admin', organisation_id = $2, active = 1, \
                             version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(organisation_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sets whether the user may sign in; returns whether they could before, or `None` when there
/// is no such user.
pub async fn set_active(
    conn: &mut AnyConnection,
    id: i64,
    active: bool,
) -> Result<Option<bool>, sqlx::Error> {
    let before: Option<i64> = sqlx::query_scalar("SELECT active FROM app_user WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(before) = before else {
        return Ok(None);
    };
    sqlx::query("UPDATE app_user SET active = $2, version = version + 1 WHERE id = $1")
        .bind(id)
        .bind(i64::from(active))
        .execute(&mut *conn)
        .await?;
    Ok(Some(before == 1))
}

/// The id of the user with `email`.
pub async fn id_of(conn: &mut AnyConnection, email: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM app_user WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await
}

const USER_COLUMNS: &str = "u.id, u.email, u.display_name, u.role, u.organisation_id, \
     u.active, u.version";

fn user_row(row: &AnyRow) -> Result<crate::models::UserRow, sqlx::Error> {
    Ok(crate::models::UserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        role: row.try_get::<Role, _>("role")?,
        organisation_id: row.try_get("organisation_id")?,
        organisation: organisation(row, "org")?,
        active: row.try_get::<i64, _>("active")? == 1,
        version: row.try_get("version")?,
    })
}

/// The accounts with their organisations, then `tail` (a condition and/or an order).
fn users_sql(tail: &str) -> String {
    format!(
        "SELECT {USER_COLUMNS}, {} FROM app_user u \
         JOIN organisation org ON org.id = u.organisation_id {tail}",
        organisation_columns("org")
    )
}

/// Every account, by name.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<crate::models::UserRow>, sqlx::Error> {
    let sql = users_sql("ORDER BY u.display_name, u.id");
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    rows.iter().map(user_row).collect()
}

pub async fn get(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<crate::models::UserRow>, sqlx::Error> {
    let sql = users_sql("WHERE u.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(user_row).transpose()
}

/// The organisations users can belong to (not municipalities, parliament or international
/// bodies), by name.
pub async fn organisation_options(
    conn: &mut AnyConnection,
) -> Result<Vec<crate::models::OrganisationOption>, sqlx::Error> {
    let sql = format!(
        "SELECT org.id, {} FROM organisation org \
         WHERE org.kind IN ('government', 'ministry', 'agency', 'county_board', 'rights_body', 'inquiry', 'ngo') \
         ORDER BY org.name_sv",
        organisation_columns("org")
    );
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            let organisation = organisation(row, "org")?;
            Ok(crate::models::OrganisationOption {
                id: row.try_get("id")?,
                kind: organisation.kind,
                organisation,
            })
        })
        .collect()
}

/// The kind of the organisation with `id`.
pub async fn organisation_kind(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<crate::domain::OrganisationKind>, sqlx::Error> {
    sqlx::query_scalar("SELECT kind FROM organisation WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// Creates an account, with a password or (an invitation) without one; returns its id.
pub async fn create(
    conn: &mut AnyConnection,
    email: &str,
    display_name: &str,
    organisation_id: i64,
    role: Role,
    password_hash: Option<&str>,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO app_user (email, display_name, organisation_id, role, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(email)
    .bind(display_name)
    .bind(organisation_id)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(at.as_str())
    .fetch_one(&mut *conn)
    .await
}

/// Sets a user's organisation and role if the stored version is still `version`; returns
/// whether it was (otherwise nothing changed).
pub async fn set_role(
    conn: &mut AnyConnection,
    id: i64,
    organisation_id: i64,
    role: Role,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE app_user SET organisation_id = $2, role = $3, version = version + 1 \
         WHERE id = $1 AND version = $4",
    )
    .bind(id)
    .bind(organisation_id)
    .bind(role.as_str())
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
