//! The test harness: the whole application (router, database, demo plan) on a fresh database
//! per test, on SQLite or PostgreSQL, called in process without a network.
//!
//! PostgreSQL tests need `LAGESBILD_TEST_POSTGRES` (an URL whose user may create databases;
//! `./lagesbild test` sets it up). Without it they are skipped with a message, unless
//! `LAGESBILD_REQUIRE_POSTGRES=1`, in which case they fail: CI must never skip them.

pub mod large_plan;

use app::domain::IsoDate;
use app::server::db::Db;
use app::server::{AppState, Settings};
use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sqlx::{AnyConnection, Connection, Executor};
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

/// The day the demo data is generated for in tests, so that tests see the same data every day.
pub fn demo_day() -> IsoDate {
    IsoDate::parse("2026-11-28").expect("a valid date")
}

/// The application on a database of its own.
pub struct TestApp {
    pub db: Db,
    router: Router,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The directory holding the database file, removed when the test ends.
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        database: String,
    },
}

/// Runs each listed test once on SQLite and once on PostgreSQL, as `sqlite::<name>` and
/// `postgres::<name>`. Each test is an `async fn(TestApp)` in the calling module.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::TestApp::sqlite().await;
                    super::$name(&app).await;
                    app.finish().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(app) = $crate::TestApp::postgres().await else { return };
                    super::$name(&app).await;
                    app.finish().await;
                }
            )+
        }
    };
}

fn settings() -> Settings {
    Settings::default()
}

impl TestApp {
    /// A fresh SQLite file with the demo plan.
    pub async fn sqlite() -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = server::open_database(&url)
            .await
            .expect("SQLite opens and migrates");
        Self::with_demo(db, Cleanup::Sqlite { _dir: dir }).await
    }

    /// A fresh PostgreSQL database with the demo plan, or `None` when PostgreSQL is not
    /// configured (and not required).
    pub async fn postgres() -> Option<TestApp> {
        let admin_url = match std::env::var("LAGESBILD_TEST_POSTGRES") {
            Ok(url) if !url.is_empty() => url,
            _ => {
                if std::env::var("LAGESBILD_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                    panic!("LAGESBILD_REQUIRE_POSTGRES=1 but LAGESBILD_TEST_POSTGRES is not set");
                }
                eprintln!("skipped: set LAGESBILD_TEST_POSTGRES to run the PostgreSQL tests");
                return None;
            }
        };
        let database = unique_database_name();
        sqlx::any::install_default_drivers();
        let mut admin = AnyConnection::connect(&admin_url)
            .await
            .expect("the PostgreSQL test server answers");
        admin
            .execute(format!("CREATE DATABASE {database}").as_str())
            .await
            .expect("the test role may create databases");
        admin.close().await.ok();
        let url = replace_database(&admin_url, &database);
        let db = server::open_database(&url)
            .await
            .expect("PostgreSQL opens and migrates");
        Some(
            Self::with_demo(
                db,
                Cleanup::Postgres {
                    admin_url,
                    database,
                },
            )
            .await,
        )
    }

    async fn with_demo(db: Db, cleanup: Cleanup) -> TestApp {
        server::load_demo_into(&db, demo_day())
            .await
            .expect("the demo plan loads");
        Self::on(db, cleanup)
    }

    fn on(db: Db, cleanup: Cleanup) -> TestApp {
        let leptos_options = leptos::config::LeptosOptions::builder()
            .output_name("lagesbild")
            .site_root("target/site")
            .build();
        let state = AppState {
            leptos_options,
            db: db.clone(),
            settings: settings(),
        };
        TestApp {
            db,
            router: server::router(state),
            cleanup,
        }
    }

    /// An empty, migrated SQLite database without the demo plan (for start-up tests).
    pub async fn empty_sqlite() -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = server::open_database(&url)
            .await
            .expect("SQLite opens and migrates");
        Self::on(db, Cleanup::Sqlite { _dir: dir })
    }

    /// Closes the pool and drops a PostgreSQL test database.
    pub async fn finish(self) {
        self.db.close().await;
        if let Cleanup::Postgres {
            admin_url,
            database,
        } = &self.cleanup
            && let Ok(mut admin) = AnyConnection::connect(admin_url).await
        {
            let drop = format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            let _ = admin.execute(drop.as_str()).await;
            let _ = admin.close().await;
        }
    }

    /// `GET path`, as a browser asks for a page.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with(path, &[]).await
    }

    /// `GET path` with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(path).header(header::ACCEPT, "text/html");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).expect("a valid request"))
            .await
    }

    /// Calls a server function over HTTP as the browser does: `POST /api/<name>` with
    /// form-encoded arguments, JSON back.
    pub async fn call(&self, name: &str, form: &str) -> TestResponse {
        let request = Request::post(format!("/api/{name}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(form.to_owned()))
            .expect("a valid request");
        self.send(request).await
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a readable body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

fn unique_database_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "lagesbild_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// `postgres://u:p@h:5432/postgres` with the database replaced.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let prefix = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
    format!("{prefix}/{database}{query}")
}

/// What came back.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// Fails with the body shown when the status is not `expected`.
    pub fn assert_status(&self, expected: StatusCode) -> &Self {
        assert_eq!(
            self.status,
            expected,
            "unexpected status; body:\n{}",
            excerpt(&self.body)
        );
        self
    }

    /// The body without the empty comments that mark where hydration splits text
    /// (`av totalt <!>30`), so that tests read it as a person does.
    pub fn text(&self) -> String {
        self.body.replace("<!>", "").replace("<!---->", "")
    }

    /// Fails unless the body contains every one of `texts`.
    pub fn assert_contains(&self, texts: &[&str]) -> &Self {
        let body = self.text();
        for text in texts {
            assert!(
                body.contains(text),
                "expected {text:?} in the body:\n{}",
                excerpt(&body)
            );
        }
        self
    }

    pub fn assert_lacks(&self, texts: &[&str]) -> &Self {
        let body = self.text();
        for text in texts {
            assert!(
                !body.contains(text),
                "did not expect {text:?} in the body:\n{}",
                excerpt(&body)
            );
        }
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", excerpt(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// How often `text` occurs in the body.
    pub fn count(&self, text: &str) -> usize {
        self.text().matches(text).count()
    }
}

/// The page from its `<main>` on, where the content is.
fn excerpt(body: &str) -> String {
    let start = body.find("<main").unwrap_or(0);
    body[start..].chars().take(4000).collect()
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
}
