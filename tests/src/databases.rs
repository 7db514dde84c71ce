//! Fresh databases for tests, made quickly from templates: a migrated database holding the demo
//! plan is prepared once per build of the tests, and every test gets a copy of it (SQLite: a copy
//! of the file; PostgreSQL: `CREATE DATABASE … TEMPLATE`). The first test process of a build
//! prepares the templates while the others wait on a lock (a file lock for SQLite, an advisory
//! lock for PostgreSQL), so that tests may run in as many processes as there are cores.
//!
//! A template belongs to one build of the test binary (its path, size and modification time),
//! so that a change to the migrations or the demo plan is never tested against an old copy.

use anyhow::{Context, Result};
use app::server::db::Db;
use sqlx::{AnyConnection, Connection, Executor, Row};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A name for this build of the test binary, the same in every process that runs it.
fn build_key() -> String {
    use std::hash::{Hash, Hasher};
    let exe = std::env::current_exe().unwrap_or_default();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    exe.hash(&mut hasher);
    if let Ok(meta) = std::fs::metadata(&exe) {
        meta.len().hash(&mut hasher);
        meta.modified().ok().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Where the SQLite templates are kept (outside any clone, shared by every test process).
fn template_dir() -> PathBuf {
    std::env::temp_dir().join("lagesbild-test-templates")
}

/// Copies the SQLite template of this build (preparing it first if no process has) into
/// `dir`, and returns the URL of the copy.
pub async fn sqlite_copy(dir: &Path) -> Result<String> {
    let template = sqlite_template().await?;
    let file = dir.join("test.db");
    std::fs::copy(&template, &file)
        .with_context(|| format!("copying the template {}", template.display()))?;
    Ok(sqlite_url(&file))
}

pub fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}?mode=rwc", file.display())
}

async fn sqlite_template() -> Result<PathBuf> {
    let dir = template_dir();
    let key = build_key();
    let template = dir.join(format!("demo-{key}.db"));
    if template.exists() {
        return Ok(template);
    }
    std::fs::create_dir_all(&dir)?;
    let lock = std::fs::File::create(dir.join(format!("demo-{key}.lock")))?;
    lock.lock().context("locking the SQLite template")?;
    if !template.exists() {
        let partial = dir.join(format!("demo-{key}.db.{}.partial", std::process::id()));
        let _ = std::fs::remove_file(&partial);
        let db = server::open_database(&sqlite_url(&partial)).await?;
        server::load_demo_into(&db, crate::demo_day()).await?;
        // Everything into the main file, so that one file is the whole database.
        db.pool().execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
        db.close().await;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
        std::fs::rename(&partial, &template)?;
        remove_old_sqlite_templates(&dir, &key);
    }
    lock.unlock()?;
    Ok(template)
}

/// Templates of earlier builds, left an hour ago or more (a template in use is never older:
/// it is made when its build's tests start).
fn remove_old_sqlite_templates(dir: &Path, key: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified < hour_ago);
        if name.starts_with("demo-") && !name.contains(key) && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A new PostgreSQL database copied from this build's template (prepared first if no process
/// has), on the server `admin_url` names. Returns the new database's name.
pub async fn postgres_copy(admin_url: &str) -> Result<String> {
    sqlx::any::install_default_drivers();
    let template = postgres_template(admin_url).await?;
    let database = unique_database_name();
    let mut admin = AnyConnection::connect(admin_url)
        .await
        .context("the PostgreSQL test server answers")?;
    admin
        .execute(format!("CREATE DATABASE {database} TEMPLATE {template}").as_str())
        .await
        .context("the test role may create databases")?;
    admin.close().await.ok();
    Ok(database)
}

/// Every PostgreSQL test database is named with this prefix, and every template with
/// [`TEMPLATE_PREFIX`].
const TEST_PREFIX: &str = "lagesbild_test_";
const TEMPLATE_PREFIX: &str = "lagesbild_template_";

/// The key of the advisory lock under which the template is prepared.
const TEMPLATE_LOCK: i64 = 0x6c61_6765_7362;

async fn postgres_template(admin_url: &str) -> Result<String> {
    let template = format!("{TEMPLATE_PREFIX}{}", build_key());
    let mut admin = AnyConnection::connect(admin_url)
        .await
        .context("the PostgreSQL test server answers")?;
    if database_exists(&mut admin, &template).await? {
        admin.close().await.ok();
        return Ok(template);
    }
    admin
        .execute(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})").as_str())
        .await?;
    if !database_exists(&mut admin, &template).await? {
        // No test database of this build exists yet (its tests wait for this template), so
        // what is left is from earlier builds or from tests that failed before cleaning up.
        drop_databases_of_earlier_runs(&mut admin).await?;
        let partial = format!("{template}_partial");
        admin
            .execute(format!("CREATE DATABASE {partial}").as_str())
            .await?;
        let db = server::open_database(&replace_database(admin_url, &partial)).await?;
        server::load_demo_into(&db, crate::demo_day()).await?;
        db.close().await;
        end_connections(&mut admin, &partial).await?;
        admin
            .execute(format!("ALTER DATABASE {partial} RENAME TO {template}").as_str())
            .await?;
    }
    admin
        .execute(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})").as_str())
        .await?;
    admin.close().await.ok();
    Ok(template)
}

/// Ends every connection to `database` and waits until the server has let them go, which
/// renaming it requires (closing a pool only asks its connections to end). Nothing else uses
/// the database, since it is prepared under the advisory lock. An autovacuum worker the server
/// may have started on it is not counted: renaming ends that itself.
async fn end_connections(admin: &mut AnyConnection, database: &str) -> Result<()> {
    for _ in 0..200 {
        let connections: i64 = sqlx::query_scalar(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
        )
        .bind(database)
        .fetch_one(&mut *admin)
        .await?;
        if connections == 0 {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    anyhow::bail!("connections to {database} were still open after 10 s")
}

async fn database_exists(admin: &mut AnyConnection, name: &str) -> Result<bool> {
    let found = sqlx::query("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut *admin)
        .await?;
    Ok(found.is_some())
}

async fn drop_databases_of_earlier_runs(admin: &mut AnyConnection) -> Result<()> {
    let names: Vec<String> = sqlx::query(
        "SELECT CAST(datname AS TEXT) FROM pg_database WHERE datname LIKE 'lagesbild\\_test\\_%' \
                                            OR datname LIKE 'lagesbild\\_template\\_%'",
    )
    .fetch_all(&mut *admin)
    .await?
    .iter()
    .map(|row| row.get::<String, _>(0))
    .collect();
    for name in names {
        drop_postgres(admin, &name).await?;
    }
    Ok(())
}

/// Drops a test database, ending any connection still open to it.
pub async fn drop_postgres(admin: &mut AnyConnection, database: &str) -> Result<()> {
    admin
        .execute(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)").as_str())
        .await?;
    Ok(())
}

/// A name for a test database that no other test has, which the next template build drops if
/// a test left it behind.
pub fn unique_database_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "{TEST_PREFIX}{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// `postgres://u:p@h:5432/postgres` with the database replaced.
pub fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let prefix = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
    format!("{prefix}/{database}{query}")
}

/// A migrated SQLite database without the demo plan, in `dir`.
pub async fn empty_sqlite(dir: &Path) -> Result<Db> {
    server::open_database(&sqlite_url(&dir.join("test.db"))).await
}

/// Lets `role` (made once per PostgreSQL cluster by `./lagesbild setup`, its password the same
/// as its name) read every table of the database at `url`, and nothing else; returns the URL
/// that connects as it.
pub async fn postgres_reader(url: &str, role: &str) -> Result<String> {
    let mut conn = AnyConnection::connect(url).await?;
    let grants = format!(
        "GRANT CONNECT ON DATABASE \"{}\" TO {role}; GRANT USAGE ON SCHEMA public TO {role}; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
        database_of(url)
    );
    conn.execute(sqlx::raw_sql(&grants)).await?;
    conn.close().await?;
    let (scheme, rest) = url.split_once("://").context("a URL")?;
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    Ok(format!("{scheme}://{role}:{role}@{host}"))
}

/// Lets `app` use the database at `url` as an application role owning its schema would, then
/// hands the audit log to `audit` as `server protect-audit-log` does; returns the URL to
/// connect as `app` (whose password is its name).
pub async fn postgres_application_role(url: &str, app: &str, audit: &str) -> Result<String> {
    let mut conn = AnyConnection::connect(url).await?;
    let grants = format!(
        "GRANT CONNECT ON DATABASE \"{}\" TO {app}; GRANT USAGE, CREATE ON SCHEMA public TO {app}; \
         GRANT ALL ON ALL TABLES IN SCHEMA public TO {app}; \
         GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {app}",
        database_of(url)
    );
    conn.execute(sqlx::raw_sql(&grants)).await?;
    server::audit_owner::protect(
        &mut conn,
        &server::audit_owner::RoleName::parse(app)?,
        &server::audit_owner::RoleName::parse(audit)?,
    )
    .await?;
    conn.close().await?;
    let (scheme, rest) = url.split_once("://").context("a URL")?;
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    Ok(format!("{scheme}://{app}:{app}@{host}"))
}

/// The database a PostgreSQL URL names.
fn database_of(url: &str) -> &str {
    let path = url.split('?').next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or(path)
}

/// The administrator URL of the test PostgreSQL server (`LAGESBILD_TEST_POSTGRES`), or `None`
/// when it is not set: then a PostgreSQL test is skipped, unless `LAGESBILD_REQUIRE_POSTGRES=1`
/// (CI), which makes it fail.
pub fn postgres_admin_url() -> Option<String> {
    sqlx::any::install_default_drivers();
    match std::env::var("LAGESBILD_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert_ne!(
                std::env::var("LAGESBILD_REQUIRE_POSTGRES").as_deref(),
                Ok("1"),
                "LAGESBILD_REQUIRE_POSTGRES=1 but LAGESBILD_TEST_POSTGRES is not set"
            );
            eprintln!("skipped: set LAGESBILD_TEST_POSTGRES to run the PostgreSQL tests");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_in_a_postgres_url_is_replaced() {
        assert_eq!(
            replace_database("postgres://u:p@127.0.0.1:5432/postgres", "x"),
            "postgres://u:p@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://u@h/db?sslmode=disable", "y"),
            "postgres://u@h/y?sslmode=disable"
        );
    }

    #[test]
    fn a_build_has_one_key_in_every_process() {
        assert_eq!(build_key(), build_key());
        assert_eq!(build_key().len(), 16);
    }
}
