//! On PostgreSQL, the audit log belongs to a role of its own, so that the application's role
//! may only add rows and read them: even a server taken over by an attacker cannot rewrite,
//! delete, empty or drop the record of what was done. `server protect-audit-log` hands it over
//! once (see README, "Security"); at start the server warns while the application's role still
//! owns it. The append-only triggers of the schema hold on SQLite too, but there the file's
//! owner can always remove them.

use anyhow::{Context, Result, bail};
use sqlx::{AnyConnection, Executor};

/// A PostgreSQL role name as written unquoted: lower-case letters, digits and `_`, not
/// starting with a digit, at most 63 characters (so it is safe to put into SQL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleName(String);

/// Names that stand for other roles than one of that name (`public` is every role).
const SPECIAL: [&str; 5] = [
    "public",
    "current_user",
    "current_role",
    "session_user",
    "none",
];

impl RoleName {
    pub fn parse(text: &str) -> Result<RoleName> {
        let valid = (1..=63).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            bail!("{text:?} is not a role name (lower-case letters, digits and _)");
        }
        if SPECIAL.contains(&text) || text.starts_with("pg_") {
            bail!("{text:?} names no single role of its own");
        }
        Ok(RoleName(text.to_owned()))
    }
}

impl std::str::FromStr for RoleName {
    type Err = anyhow::Error;
    fn from_str(text: &str) -> Result<RoleName> {
        RoleName::parse(text)
    }
}

impl std::fmt::Display for RoleName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Makes `audit` (created without login if it does not exist, and allowed to own tables in the
/// schema) the owner of the audit log and of the function behind its append-only triggers, and
/// leaves `app` only INSERT and SELECT on it. Run as a superuser. Refuses, changing nothing,
/// when `app` would still hold the log some other way: as a member of `audit`, or as the owner
/// of the schema (who may drop it with everything in it). Idempotent.
pub async fn protect(conn: &mut AnyConnection, app: &RoleName, audit: &RoleName) -> Result<()> {
    if app == audit {
        bail!("the audit log's role must be another role than the application's");
    }
    check_roles(conn, app, audit).await?;
    let statements = format!(
        "DO $$ BEGIN \
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{audit}') THEN \
             CREATE ROLE {audit} NOLOGIN; \
           END IF; \
         END $$; \
         GRANT USAGE, CREATE ON SCHEMA public TO {audit}; \
         ALTER TABLE audit_log OWNER TO {audit}; \
         ALTER FUNCTION audit_log_is_append_only() OWNER TO {audit}; \
         REVOKE ALL ON audit_log FROM {app}; \
         GRANT SELECT, INSERT ON audit_log TO {app};"
    );
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    tx.execute(sqlx::raw_sql(&statements))
        .await
        .context("handing the audit log over to its own role")?;
    tx.commit().await?;
    Ok(())
}

/// Why handing the log over would not protect it from `app`, if it would not.
async fn check_roles(conn: &mut AnyConnection, app: &RoleName, audit: &RoleName) -> Result<()> {
    let count =
        |sql: &'static str, role: &RoleName| sqlx::query_scalar::<_, i64>(sql).bind(role.0.clone());
    let app_exists = count("SELECT COUNT(*) FROM pg_roles WHERE rolname = $1", app)
        .fetch_one(&mut *conn)
        .await?;
    if app_exists == 0 {
        bail!("there is no role {app} (the role the application connects as)");
    }
    let owns_schema = count(
        "SELECT COUNT(*) FROM pg_namespace n \
         WHERE n.nspname = 'public' AND pg_has_role($1, n.nspowner, 'MEMBER')",
        app,
    )
    .fetch_one(&mut *conn)
    .await?;
    if owns_schema > 0 {
        bail!(
            "{app} owns the schema public (as the database's owner, perhaps), so it could drop \
             it with the audit log in it: make another role the database's owner and grant \
             {app} USAGE and CREATE on the schema (README, Security)"
        );
    }
    let audit_row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT CASE WHEN rolcanlogin THEN 1 ELSE 0 END, \
                CASE WHEN pg_has_role($2, oid, 'MEMBER') THEN 1 ELSE 0 END \
         FROM pg_roles WHERE rolname = $1",
    )
    .bind(audit.0.clone())
    .bind(app.0.clone())
    .fetch_optional(&mut *conn)
    .await?;
    match audit_row {
        Some((1, _)) => {
            bail!("{audit} can log in: the audit log's owner must be a role nobody signs in as")
        }
        Some((_, 1)) => {
            bail!("{app} is a member of {audit}, so it would hold the audit log anyway")
        }
        _ => Ok(()),
    }
}

/// Whether the role connected holds the audit log: owns it, or the schema it is in, or is a
/// member of a role that does (so nothing but the schema's triggers keeps it from rewriting
/// or dropping the log).
pub async fn held_by_current_user(conn: &mut AnyConnection) -> Result<bool> {
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_tables t JOIN pg_namespace n ON n.nspname = t.schemaname \
         WHERE t.tablename = 'audit_log' AND t.schemaname = current_schema() \
           AND (pg_has_role(current_user, t.tableowner, 'MEMBER') \
                OR pg_has_role(current_user, n.nspowner, 'MEMBER'))",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(held > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_role_names_are_put_into_sql() {
        assert!(RoleName::parse("lagesbild_audit").is_ok());
        assert!(RoleName::parse("_x1").is_ok());
        for wrong in [
            "",
            "1role",
            "Lagesbild",
            "audit; DROP TABLE audit_log",
            "a\"b",
            &"a".repeat(64),
            "public",
            "current_user",
            "pg_read_all_data",
        ] {
            assert!(RoleName::parse(wrong).is_err(), "{wrong:?}");
        }
    }
}
