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
/// schema) the owner of the audit log and
/// of the function behind its append-only triggers, and leaves `app` only INSERT and SELECT on
/// it. Run as a role that may do so: a superuser, or the tables' owner when it is a member of
/// `audit`. Idempotent.
pub async fn protect(conn: &mut AnyConnection, app: &RoleName, audit: &RoleName) -> Result<()> {
    if app == audit {
        bail!("the audit log's role must be another role than the application's");
    }
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

/// Whether the role connected owns the audit log (so nothing but the schema's triggers keeps
/// it from rewriting the log).
pub async fn owned_by_current_user(conn: &mut AnyConnection) -> Result<bool> {
    let owned: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_tables \
         WHERE tablename = 'audit_log' AND schemaname = current_schema() \
           AND tableowner = current_user",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(owned > 0)
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
        ] {
            assert!(RoleName::parse(wrong).is_err(), "{wrong:?}");
        }
    }
}
