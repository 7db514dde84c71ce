//! Looking after the database: whether it is ready to serve, how busy its pools are, and
//! backing it up and restoring it (SQLite; PostgreSQL has `pg_dump` and `pg_restore`).

use super::{Backend, Db};
use sqlx::{Connection, Executor};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::Ordering;

/// Why the database cannot serve requests yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// It does not answer (down, unreachable, or every connection busy).
    Unreachable,
    /// It answers, but lacks migrations this build needs (another server is migrating, or
    /// this one is newer than the database).
    MigrationsPending(usize),
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotReady::Unreachable => write!(f, "the database does not answer"),
            NotReady::MigrationsPending(count) => {
                write!(f, "{count} database migrations are not applied")
            }
        }
    }
}

/// How a pool's connections are used right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    /// `"write"` (the primary), `"read_only"` (the oversight role) or `"replica"` (pages).
    pub pool: &'static str,
    pub in_use: usize,
    pub idle: usize,
}

impl Db {
    /// Whether the database answers and every migration of this build is applied (`/ready`).
    pub async fn readiness(&self) -> Result<(), NotReady> {
        let mut conn = self.acquire().await.map_err(|_| NotReady::Unreachable)?;
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&mut *conn)
                .await
                .map_err(|_| NotReady::Unreachable)?;
        let applied: HashSet<i64> = applied.into_iter().collect();
        let pending = self
            .migrator()
            .iter()
            .filter(|migration| !applied.contains(&migration.version))
            .count();
        match pending {
            0 => Ok(()),
            count => Err(NotReady::MigrationsPending(count)),
        }
    }

    /// Connections in use and idle in each pool.
    pub fn pool_usage(&self) -> [PoolUsage; 2] {
        let usage = |pool: &'static str, of: &sqlx::AnyPool| {
            let idle = of.num_idle();
            PoolUsage {
                pool,
                in_use: (of.size() as usize).saturating_sub(idle),
                idle,
            }
        };
        [
            usage("write", &self.pool),
            usage("read_only", &self.read_only),
        ]
    }

    /// Requests waiting for a connection now.
    pub fn waiting_for_connection(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Writes a consistent copy of the whole database to `file` while the server goes on
    /// serving (SQLite's `VACUUM INTO`: one read transaction, so the copy holds every commit
    /// made before it began and none after). Refuses to overwrite an existing file.
    pub async fn backup_to(&self, file: &Path) -> Result<(), sqlx::Error> {
        if self.backend != Backend::Sqlite {
            return Err(sqlx::Error::Configuration(
                "on PostgreSQL, back up with pg_dump (see the README, Operations)".into(),
            ));
        }
        if file.exists() {
            return Err(sqlx::Error::Configuration(
                format!("{} exists already; choose a new file", file.display()).into(),
            ));
        }
        let mut conn = self.acquire().await?;
        sqlx::query("VACUUM INTO ?")
            .bind(file.display().to_string())
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// Why a backup was not restored.
#[derive(Debug)]
pub enum RestoreError {
    /// The database to restore into holds a plan or accounts, and replacing it was not asked for.
    NotEmpty,
    /// The backup is not a sound Lägesbild database.
    BadBackup(String),
    Database(sqlx::Error),
    Io(std::io::Error),
}

impl std::fmt::Display for RestoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestoreError::NotEmpty => write!(
                f,
                "the database holds data already; add --replace to overwrite it with the backup"
            ),
            RestoreError::BadBackup(why) => write!(f, "the backup cannot be restored: {why}"),
            RestoreError::Database(error) => write!(f, "database error: {error}"),
            RestoreError::Io(error) => write!(f, "file error: {error}"),
        }
    }
}

impl std::error::Error for RestoreError {}

impl From<sqlx::Error> for RestoreError {
    fn from(error: sqlx::Error) -> Self {
        RestoreError::Database(error)
    }
}

impl From<std::io::Error> for RestoreError {
    fn from(error: std::io::Error) -> Self {
        RestoreError::Io(error)
    }
}

/// Puts the SQLite backup `from` in place of the database file `to`, which no server may have
/// open. Refuses when `to` holds a plan or an account, unless `replace`. The backup is checked
/// (`PRAGMA integrity_check`) and copied whole before it takes the database's place, so a
/// failure half-way leaves the old database as it was.
pub async fn restore_sqlite(from: &Path, to: &Path, replace: bool) -> Result<(), RestoreError> {
    sqlx::any::install_default_drivers();
    let mut backup = sqlx::AnyConnection::connect(&sqlite_url(from, "ro")).await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut backup)
        .await
        .map_err(|error| RestoreError::BadBackup(error.to_string()))?;
    if check != "ok" {
        return Err(RestoreError::BadBackup(check));
    }
    if holds_data(&mut backup).await.is_err() {
        return Err(RestoreError::BadBackup(
            "it is not a Lägesbild database".into(),
        ));
    }
    if to.exists() && !replace {
        let mut target = sqlx::AnyConnection::connect(&sqlite_url(to, "ro")).await?;
        let has_data = holds_data(&mut target).await.unwrap_or(false);
        target.close().await?;
        if has_data {
            return Err(RestoreError::NotEmpty);
        }
    }
    let staged = to.with_extension("restoring");
    let _ = std::fs::remove_file(&staged);
    backup
        .execute(sqlx::query("VACUUM INTO ?").bind(staged.display().to_string()))
        .await?;
    backup.close().await?;
    for stale in ["-wal", "-shm"] {
        let mut name = to.as_os_str().to_owned();
        name.push(stale);
        match std::fs::remove_file(&name) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
            _ => {}
        }
    }
    std::fs::rename(&staged, to)?;
    Ok(())
}

fn sqlite_url(file: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", file.display())
}

/// Whether a database has a plan or an account (an error if it has no such tables).
async fn holds_data(conn: &mut sqlx::AnyConnection) -> Result<bool, sqlx::Error> {
    let rows: i64 =
        sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM app_user)")
            .fetch_one(&mut *conn)
            .await?;
    Ok(rows > 0)
}
