//! The database: one pool over SQLite or PostgreSQL through sqlx's `Any` driver, chosen by the
//! URL, with one set of queries for both (see `migrations/README.md` for the conventions that
//! make that work). Functions here take a connection and know nothing of HTTP.

pub mod areas;
pub mod assignment_edit;
pub mod assignments;
pub mod audit;
pub mod comparison;
pub mod counties;
pub mod coverage;
pub mod deadlines;
pub mod export;
pub mod flags;
pub mod funding;
pub mod imports;
pub mod indicators;
pub mod load;
pub mod measures;
pub mod oversight;
pub mod overview;
pub mod password_links;
pub mod plan;
pub mod reference;
pub mod regional;
pub mod reports;
mod rows;
pub mod second_factors;
pub mod sessions;
pub mod tokens;
mod upkeep;
pub mod users;
pub mod work;

pub use upkeep::{NotReady, PoolUsage, RestoreError, restore_sqlite};

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Executor};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Which database the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, sqlx::Error> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(sqlx::Error::Configuration(
                format!("DATABASE_URL must start with sqlite: or postgres:, got {url:?}").into(),
            ))
        }
    }
}

/// Pools of connections to the application's database: one to the primary, which may write;
/// one for reading pages from a read replica, when one is configured (`DATABASE_READ_URL`);
/// and one that the database itself keeps read-only, for the oversight role, on the replica
/// when there is one (see [`Db::for_viewer`]).
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    replica: Option<AnyPool>,
    read_only: AnyPool,
    backend: Backend,
    /// Requests waiting for a connection now (for `/metrics`).
    waiting: Arc<AtomicUsize>,
}

/// Applied to every new SQLite connection: write-ahead logging so readers never block the
/// writer, `synchronous = FULL` so a commit that was acknowledged survives a power cut,
/// foreign keys enforced, and a wait instead of an error when another writer holds the lock.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

/// Makes a connection refuse every write, whatever SQL a bug might send through it.
const SQLITE_READ_ONLY: &str = "PRAGMA query_only = ON;";
const POSTGRES_READ_ONLY: &str = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";

impl Db {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://...`).
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        Self::connect_with_replica(url, None).await
    }

    /// Connects to the primary at `url` and, for reading pages, to the PostgreSQL read
    /// replica at `replica_url`.
    pub async fn connect_with_replica(
        url: &str,
        replica_url: Option<&str>,
    ) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        if replica_url.is_some() && backend != Backend::Postgres {
            return Err(sqlx::Error::Configuration(
                "a read replica (DATABASE_READ_URL) needs PostgreSQL as DATABASE_URL".into(),
            ));
        }
        let pool = Self::pool_options(backend, false)
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .connect(url)
            .await?;
        let replica = match replica_url {
            Some(replica_url) => {
                Backend::of_url(replica_url)?;
                Some(
                    Self::pool_options(backend, true)
                        .max_connections(16)
                        .connect(replica_url)
                        .await?,
                )
            }
            None => None,
        };
        let read_only = Self::pool_options(backend, true)
            .max_connections(4)
            .connect(replica_url.unwrap_or(url))
            .await?;
        Ok(Db {
            pool,
            replica,
            read_only,
            backend,
            waiting: Arc::default(),
        })
    }

    fn pool_options(backend: Backend, read_only: bool) -> AnyPoolOptions {
        AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(sqlx::raw_sql(SQLITE_PRAGMAS)).await?;
                    }
                    if read_only {
                        let sql = match backend {
                            Backend::Sqlite => SQLITE_READ_ONLY,
                            Backend::Postgres => POSTGRES_READ_ONLY,
                        };
                        conn.execute(sqlx::raw_sql(sql)).await?;
                    }
                    Ok(())
                })
            })
    }

    /// Applies the migrations of this backend that are not applied yet.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        self.migrator().run(&self.pool).await
    }

    /// The migrations this build of the application brings for its backend.
    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
        static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");
        match self.backend {
            Backend::Sqlite => &SQLITE,
            Backend::Postgres => &POSTGRES,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A connection for reading.
    pub async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        let _waiting = Waiting::on(&self.waiting);
        self.pool.acquire().await
    }

    /// A connection on which the database refuses every write.
    pub async fn acquire_read_only(
        &self,
    ) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        let _waiting = Waiting::on(&self.waiting);
        self.read_only.acquire().await
    }

    /// The connection a request of `viewer` reads on: read-only for the oversight role
    /// (defence in depth: the policy already refuses its writes, and the database would too);
    /// for everyone else the read replica, if there is one, unless the same person wrote a
    /// moment ago (`freshness`), who then reads their own write on the primary.
    pub async fn for_viewer(
        &self,
        viewer: &crate::models::Viewer,
        freshness: &Freshness,
    ) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        match (viewer.role(), &self.replica) {
            (Some(crate::domain::Role::Oversight), _) => self.acquire_read_only().await,
            (_, Some(replica)) if !freshness.wrote_recently => {
                let _waiting = Waiting::on(&self.waiting);
                replica.acquire().await
            }
            _ => self.acquire().await,
        }
    }

    /// Whether pages are read from a replica.
    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// A transaction: everything in it is committed together or not at all. On SQLite it
    /// takes the write lock at once (`BEGIN IMMEDIATE`): a transaction that read first and
    /// wrote later would otherwise fail when another writer committed in between, instead of
    /// waiting its turn.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        let _waiting = Waiting::on(&self.waiting);
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub async fn close(&self) {
        if let Some(replica) = &self.replica {
            replica.close().await;
        }
        self.read_only.close().await;
        self.pool.close().await;
    }
}

/// What a request knows of its client's writes, to choose where it reads (see
/// [`Db::for_viewer`]). The server puts one in each request's extensions.
#[derive(Clone, Debug, Default)]
pub struct Freshness {
    /// The client wrote a moment ago: it reads from the primary, which has the write (a
    /// replica may not have it yet).
    pub wrote_recently: bool,
    /// Set when this request writes, so that the response tells the client to read its next
    /// pages from the primary.
    writes: Arc<std::sync::atomic::AtomicBool>,
}

impl Freshness {
    pub fn after_write(wrote_recently: bool) -> Freshness {
        Freshness {
            wrote_recently,
            writes: Arc::default(),
        }
    }

    /// Notes that this request writes.
    pub fn note_write(&self) {
        self.writes.store(true, Ordering::Relaxed);
    }

    /// Whether this request wrote.
    pub fn wrote(&self) -> bool {
        self.writes.load(Ordering::Relaxed)
    }
}

/// Counts a request as waiting for a connection while it lives.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn on(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Whether the database holds no plan yet (a new installation).
pub async fn is_empty(conn: &mut AnyConnection) -> Result<bool, sqlx::Error> {
    let plans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plan")
        .fetch_one(&mut *conn)
        .await?;
    Ok(plans == 0)
}

/// `%`, `_` and `\` in a user's search are matched literally (queries say `ESCAPE '\'`).
pub fn like_pattern(search: &str) -> String {
    let mut pattern = String::with_capacity(search.len() + 2);
    pattern.push('%');
    for c in search.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The text a measure is found by: code, titles and descriptions, lower-cased here because
/// SQLite's `lower()` only folds ASCII and would miss Å, Ä and Ö.
pub fn search_text(parts: &[&str]) -> String {
    parts.join("\n").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_wildcards_literally() {
        assert_eq!(like_pattern("50%"), "%50\\%%");
        assert_eq!(like_pattern("a_b"), "%a\\_b%");
        assert_eq!(like_pattern("ÅÄÖ"), "%ÅÄÖ%");
    }

    #[test]
    fn search_text_folds_swedish_letters() {
        assert_eq!(search_text(&["Åtgärd", "ÖVERSIKT"]), "åtgärd\növersikt");
    }

    #[test]
    fn only_sqlite_and_postgres_urls_are_accepted() {
        assert_eq!(
            Backend::of_url("sqlite://data/x.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::of_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::of_url("mysql://u@h/db").is_err());
    }
}
