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
use std::sync::Mutex;
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
    /// The session cookie the next requests carry, as a browser would (`None`: anonymous).
    session: Mutex<Option<String>>,
}

/// The demo accounts, one per role (their password is `server::DEMO_PASSWORD`).
pub const MINISTRY: &str = "handlaggare@a.demo.invalid";
pub const AGENCY: &str = "rapportor@jam.demo.invalid";
pub const COUNTY_BOARD: &str = "rapportor@lst24.demo.invalid";
pub const OVERSIGHT: &str = "granskare@imr.demo.invalid";
pub const ADMIN: &str = "admin@demo.invalid";

/// The name of the session cookie.
const SESSION_COOKIE: &str = "lagesbild_session";

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

/// Runs each named `async fn(&TestApp)` twice: on SQLite and on PostgreSQL, each time on a
/// fresh database with the demo plan and signed in as the demo ministry desk officer. With
/// `settings = ...;` first, the app runs with those settings.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $crate::on_both_databases!(settings = ::app::server::Settings::default(); $($name),+);
    };
    (settings = $settings:expr; $($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::TestApp::sqlite_with($settings).await;
                    app.sign_in($crate::MINISTRY).await;
                    super::$name(&app).await;
                    app.finish().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(app) = $crate::TestApp::postgres_with($settings).await else { return };
                    app.sign_in($crate::MINISTRY).await;
                    super::$name(&app).await;
                    app.finish().await;
                }
            )+
        }
    };
}

impl TestApp {
    /// A fresh SQLite file with the demo plan.
    pub async fn sqlite() -> TestApp {
        Self::sqlite_with(Settings::default()).await
    }

    /// An SQLite app with the demo plan and `settings`.
    pub async fn sqlite_with(settings: Settings) -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = server::open_database(&url)
            .await
            .expect("SQLite opens and migrates");
        Self::with_demo(db, Cleanup::Sqlite { _dir: dir }, settings).await
    }

    /// A fresh PostgreSQL database with the demo plan, or `None` when PostgreSQL is not
    /// configured (and not required).
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(Settings::default()).await
    }

    /// A PostgreSQL app with the demo plan and `settings` (see [`TestApp::postgres`]).
    pub async fn postgres_with(settings: Settings) -> Option<TestApp> {
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
                settings,
            )
            .await,
        )
    }

    async fn with_demo(db: Db, cleanup: Cleanup, settings: Settings) -> TestApp {
        server::load_demo_into(&db, demo_day())
            .await
            .expect("the demo plan loads");
        Self::on(db, cleanup, settings)
    }

    fn on(db: Db, cleanup: Cleanup, settings: Settings) -> TestApp {
        let leptos_options = leptos::config::LeptosOptions::builder()
            .output_name("lagesbild")
            .site_root("target/site")
            .build();
        let state = AppState {
            leptos_options,
            db: db.clone(),
            settings,
        };
        TestApp {
            db,
            router: server::router(state),
            cleanup,
            session: Mutex::new(None),
        }
    }

    /// Signs in with a demo account's e-mail address and the demo password; panics unless
    /// that works. Later requests carry the session cookie.
    pub async fn sign_in(&self, email: &str) {
        self.try_sign_in(email, server::DEMO_PASSWORD)
            .await
            .assert_status(StatusCode::OK);
        assert!(
            self.session_cookie().is_some(),
            "signing in set a session cookie"
        );
    }

    /// Posts the sign-in form as the browser's sign-in page does.
    pub async fn try_sign_in(&self, email: &str, password: &str) -> TestResponse {
        let form = format!(
            "email={}&password={}&next=%2F",
            form_value(email),
            form_value(password)
        );
        self.call("sign_in", &form).await
    }

    /// Forgets the session cookie, as a new browser would (the session itself lives on).
    pub fn forget_session(&self) {
        *self.session.lock().expect("unpoisoned") = None;
    }

    /// The session cookie the next request carries.
    pub fn session_cookie(&self) -> Option<String> {
        self.session.lock().expect("unpoisoned").clone()
    }

    /// Makes the next requests carry `cookie` (e.g. one kept from before sign-out).
    pub fn use_session_cookie(&self, cookie: Option<String>) {
        *self.session.lock().expect("unpoisoned") = cookie;
    }

    /// An empty, migrated SQLite database without the demo plan (for start-up tests).
    pub async fn empty_sqlite() -> TestApp {
        Self::empty_sqlite_with(Settings::default()).await
    }

    /// [`TestApp::empty_sqlite`] with `settings`.
    pub async fn empty_sqlite_with(settings: Settings) -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = server::open_database(&url)
            .await
            .expect("SQLite opens and migrates");
        Self::on(db, Cleanup::Sqlite { _dir: dir }, settings)
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

    pub async fn send(&self, mut request: Request<Body>) -> TestResponse {
        if let Some(cookie) = self.session_cookie() {
            let mut value = format!("{SESSION_COOKIE}={cookie}");
            if let Some(other) = request.headers().get(header::COOKIE) {
                value = format!("{}; {value}", other.to_str().expect("an ASCII cookie"));
            }
            request.headers_mut().insert(
                header::COOKIE,
                value.parse().expect("a valid cookie header"),
            );
        }
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        self.remember_session_cookie(&headers);
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

impl TestApp {
    /// Keeps the session cookie a response sets, or forgets it when the response removes it.
    fn remember_session_cookie(&self, headers: &http::HeaderMap) {
        for set_cookie in headers.get_all(header::SET_COOKIE) {
            let Ok(set_cookie) = set_cookie.to_str() else {
                continue;
            };
            let Some(rest) = set_cookie.strip_prefix(&format!("{SESSION_COOKIE}=")) else {
                continue;
            };
            let value = rest.split(';').next().unwrap_or_default().to_owned();
            let removed = value.is_empty() || set_cookie.contains("Max-Age=0");
            *self.session.lock().expect("unpoisoned") = (!removed).then_some(value);
        }
    }
}

/// Percent-encodes a form value.
pub fn form_value(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
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
