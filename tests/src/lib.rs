//! The test harness: the whole application (router, database, demo plan) on a fresh database
//! per test, on SQLite or PostgreSQL, called in process without a network.
//!
//! Each test's database is a copy of a template prepared once per build ([`databases`]).
//!
//! PostgreSQL tests need `LAGESBILD_TEST_POSTGRES` (an URL whose user may create databases;
//! `./lagesbild test` sets it up). Without it they are skipped with a message, unless
//! `LAGESBILD_REQUIRE_POSTGRES=1`, in which case they fail: CI must never skip them.

pub mod databases;
pub mod large_plan;
pub mod process;

use app::domain::IsoDate;
use app::server::db::Db;
use app::server::{AppState, Clock, Settings};
use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sqlx::{AnyConnection, Connection};
use std::sync::Mutex;
use tower::ServiceExt;

/// The day the demo data is made for, and the day it always is in tests (the application's
/// clock stands still at noon on it), so that a test gives the same answer on any day.
pub fn demo_day() -> IsoDate {
    server::demo_day()
}

/// The application's clock in tests.
pub fn test_clock() -> Clock {
    Clock::fixed_on(demo_day())
}

/// The application's state on `db` as tests and benchmarks run it: with `settings`, the test
/// clock, and the site's own files (`public/`, which the build copies into the site) served as
/// in production.
pub fn app_state(db: Db, settings: Settings) -> AppState {
    let leptos_options = leptos::config::LeptosOptions::builder()
        .output_name("lagesbild")
        .site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/../public"))
        .build();
    let assets = app::server::assets::Assets::of_site(&leptos_options).expect("public/");
    AppState {
        leptos_options,
        db,
        settings,
        clock: test_clock(),
        caches: Default::default(),
        assets: std::sync::Arc::new(assets),
        api_reference: Default::default(),
    }
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
pub const SESSION_COOKIE: &str = "lagesbild_session";
/// The cookie that carries a form's return to the next page (without TLS).
pub const RETURNED_COOKIE: &str = "lagesbild_returned";

/// The PostgreSQL role that stands in for a read replica: it may connect and read, nothing more.
pub const READER: &str = "lagesbild_test_reader";
/// The PostgreSQL role that stands for the application's in the test of a protected audit log,
/// and the role that owns the log there (both made by `./lagesbild test`).
pub const APP_ROLE: &str = "lagesbild_test_app";
pub const AUDIT_ROLE: &str = "lagesbild_test_audit";

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
        let url = databases::sqlite_copy(dir.path())
            .await
            .expect("the SQLite template is prepared and copied");
        let db = server::open_database(&url).await.expect("SQLite opens");
        Self::on(db, Cleanup::Sqlite { _dir: dir }, settings)
    }

    /// A fresh PostgreSQL database with the demo plan, or `None` when PostgreSQL is not
    /// configured (and not required).
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(Settings::default()).await
    }

    /// A PostgreSQL app with the demo plan and `settings` (see [`TestApp::postgres`]).
    pub async fn postgres_with(settings: Settings) -> Option<TestApp> {
        Self::postgres_reading_from(settings, None).await
    }

    /// A PostgreSQL app with the demo plan that reads pages through a role that may only read
    /// (`READER`, standing in for a streaming read replica); `None` as [`TestApp::postgres`].
    pub async fn postgres_with_read_replica() -> Option<TestApp> {
        Self::postgres_reading_from(Settings::default(), Some(READER)).await
    }

    /// A PostgreSQL app with the demo plan whose audit log has been handed to [`AUDIT_ROLE`]
    /// (`server protect-audit-log`), running as [`APP_ROLE`], which may use everything else as
    /// an application role that owns the schema would; `None` as [`TestApp::postgres`].
    pub async fn postgres_with_protected_audit_log() -> Option<TestApp> {
        let admin_url = databases::postgres_admin_url()?;
        let database = databases::postgres_copy(&admin_url)
            .await
            .expect("the PostgreSQL template is prepared and copied");
        let url = databases::replace_database(&admin_url, &database);
        let app_url = databases::postgres_application_role(&url, APP_ROLE, AUDIT_ROLE)
            .await
            .expect("the audit log is handed over");
        let db = server::open_database(&app_url)
            .await
            .expect("PostgreSQL opens as the application's role");
        Some(Self::on(
            db,
            Cleanup::Postgres {
                admin_url,
                database,
            },
            Settings::default(),
        ))
    }

    async fn postgres_reading_from(settings: Settings, reader: Option<&str>) -> Option<TestApp> {
        let admin_url = databases::postgres_admin_url()?;
        let database = databases::postgres_copy(&admin_url)
            .await
            .expect("the PostgreSQL template is prepared and copied");
        let url = databases::replace_database(&admin_url, &database);
        let replica_url = match reader {
            Some(reader) => Some(
                databases::postgres_reader(&url, reader)
                    .await
                    .expect("a role that may only read"),
            ),
            None => None,
        };
        let db = server::open_database_with_replica(&url, replica_url.as_deref())
            .await
            .expect("PostgreSQL opens");
        Some(Self::on(
            db,
            Cleanup::Postgres {
                admin_url,
                database,
            },
            settings,
        ))
    }

    fn on(db: Db, cleanup: Cleanup, settings: Settings) -> TestApp {
        TestApp {
            router: server::router(app_state(db.clone(), settings)),
            db,
            cleanup,
            session: Mutex::new(None),
        }
    }

    /// Signs in with a demo account's e-mail address and the demo password; panics unless
    /// that works. Later requests carry the session cookie.
    pub async fn sign_in(&self, email: &str) {
        let response = self.try_sign_in(email, server::DEMO_PASSWORD).await;
        response.assert_status(StatusCode::OK);
        assert!(
            !response
                .header("location")
                .is_some_and(|to| to.starts_with("/sign-in/code")),
            "signed in with the password alone (no second factor asked for)"
        );
        assert!(
            self.session_cookie().is_some(),
            "signing in set a session cookie"
        );
    }

    /// Posts the sign-in form as the browser's sign-in page does.
    pub async fn try_sign_in(&self, email: &str, password: &str) -> TestResponse {
        self.call("sign_in", &sign_in_form(email, password)).await
    }

    /// Posts the sign-in form from the client address `from`, as a reverse proxy in front
    /// would say (`X-Forwarded-For`, which counts only with `Settings::behind_proxy`).
    pub async fn try_sign_in_from(&self, email: &str, password: &str, from: &str) -> TestResponse {
        let request = Request::post("/api/sign_in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header("x-forwarded-for", format!("192.0.2.1, {from}"))
            .body(Body::from(sign_in_form(email, password)))
            .expect("a valid request");
        self.send(request).await
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
        let db = databases::empty_sqlite(dir.path())
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
            let _ = databases::drop_postgres(&mut admin, database).await;
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

    /// Signs in as `email` and makes an access token of `scope` (`read`, `read_write`) that
    /// works for 30 days; its secret.
    pub async fn create_token(&self, email: &str, scope: &str) -> String {
        self.sign_in(email).await;
        let response = self
            .call(
                "create_access_token",
                &format!("name=Skript&scope={scope}&days=30"),
            )
            .await;
        response.assert_status(StatusCode::OK);
        response.json().as_str().expect("the token").to_owned()
    }

    /// `GET path` with the access token `token` and no session.
    pub async fn get_with_token(&self, token: &str, path: &str) -> TestResponse {
        self.forget_session();
        self.get_with(path, &[("authorization", &format!("Bearer {token}"))])
            .await
    }

    /// [`TestApp::call`] with the access token `token` and no session, as a script calls.
    pub async fn call_with_token(&self, token: &str, name: &str, form: &str) -> TestResponse {
        self.forget_session();
        let request = Request::post(format!("/api/{name}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(form.to_owned()))
            .expect("a valid request");
        self.send(request).await
    }

    /// Uploads `bytes` as the file `file_name` to the import page's form (`POST /data/import`,
    /// `multipart/form-data`), as a browser sends it.
    pub async fn upload(&self, file_name: &str, bytes: &[u8]) -> TestResponse {
        let boundary = "lagesbild-test-boundary-7d1f";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::post("/data/import")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .expect("a valid request");
        self.send(request).await
    }

    /// Sends a form as a browser does before any WebAssembly has run: `POST /api/<name>`
    /// accepting HTML, from the page `from` (a path; the browser names the whole address).
    pub async fn post_plain_form(&self, name: &str, form: &str, from: &str) -> TestResponse {
        let request = Request::post(format!("/api/{name}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
            .header(header::REFERER, format!("http://localhost{from}"))
            .body(Body::from(form.to_owned()))
            .expect("a valid request");
        self.send(request).await
    }

    /// Follows a redirect as the browser does: `GET` its address (on this server), with the
    /// cookie that carries a form's return to the next page when the response set one.
    pub async fn follow(&self, response: &TestResponse) -> TestResponse {
        let location = response
            .header("location")
            .unwrap_or_else(|| panic!("a redirect, not {}", response.status));
        let path = location
            .strip_prefix("http://localhost")
            .unwrap_or(location)
            .to_owned();
        match response.returned_cookie() {
            Some(cookie) => self.get_with(&path, &[("cookie", &cookie)]).await,
            None => self.get(&path).await,
        }
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
            bytes: bytes.to_vec(),
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

/// The one number `sql` selects, read from `app`'s database.
pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.db.acquire().await.expect("a connection");
    sqlx::query_scalar(sql)
        .fetch_one(&mut *conn)
        .await
        .expect("one number")
}

/// [`vasterbotten_row`] as `app`'s database holds it now.
pub async fn vasterbotten(app: &TestApp) -> (i64, String) {
    let mut conn = app.db.acquire().await.expect("a connection");
    vasterbotten_row(&mut conn).await
}

/// Västerbotten's row of measure 1.8, the county board's own that tests save: its version and
/// text.
pub async fn vasterbotten_row(conn: &mut AnyConnection) -> (i64, String) {
    sqlx::query_as(
        "SELECT ri.version, ri.narrative FROM regional_implementation ri \
         JOIN measure m ON m.id = ri.measure_id WHERE m.code = '1.8' AND ri.county_code = '24'",
    )
    .fetch_one(conn)
    .await
    .expect("Västerbotten's row of measure 1.8")
}

/// The county board (signed in) saves Västerbotten's row of measure 1.8 at `progress`.
pub async fn save_vasterbotten_row(app: &TestApp, progress: i64) {
    let version = {
        let mut conn = app.db.acquire().await.unwrap();
        vasterbotten_row(&mut conn).await.0
    };
    app.call(
        "save_regional_row",
        &format!(
            "code=1.8&county=24&version={version}&status=delayed&progress={progress}&contact_name=Anna+Andersson&contact_role=Samordnare&narrative={}&spent=1000",
            form_value("Två samordnare anställda")
        ),
    )
    .await
    .assert_status(StatusCode::OK);
}

/// How many funding lines measure `code` has.
pub async fn lines_of(app: &TestApp, code: &str) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT COUNT(*) FROM funding f JOIN measure m ON m.id = f.measure_id \
             WHERE m.code = '{code}'"
        ),
    )
    .await
}

/// A draft report for 2030-Q4 on measure `code`, by its lead organisation, saying `narrative`.
pub async fn add_draft(app: &TestApp, code: &str, narrative: &str) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "INSERT INTO progress_report (measure_id, period, revision, state, status, progress, \
             spent_to_date, narrative, organisation_id, author_name, evidence, created_at) \
         SELECT m.id, '2030-Q4', 1, 'draft', 'on_track', 10, 0, $1, m.lead_organisation_id, \
                'Test Testsson', 'illustrative', '2026-11-28T10:00:00Z' \
         FROM measure m WHERE m.code = $2",
    )
    .bind(narrative)
    .bind(code)
    .execute(&mut *conn)
    .await
    .unwrap();
}

/// The sign-in form as the browser's sign-in page posts it.
pub fn sign_in_form(email: &str, password: &str) -> String {
    format!(
        "email={}&password={}&next=%2F",
        form_value(email),
        form_value(password)
    )
}

/// The form the browser sends for the measures list.
pub fn measures_form(pairs: &[(&str, &str)], lang: &str) -> String {
    let fields = [
        "area",
        "lead",
        "status",
        "county",
        "obligation",
        "q",
        "sort",
        "dir",
        "page",
    ];
    let mut form: Vec<String> = fields
        .iter()
        .map(|field| {
            let value = pairs
                .iter()
                .find(|(k, _)| k == field)
                .map_or("", |(_, v)| v);
            format!("query%5B{field}%5D={value}")
        })
        .collect();
    form.push(format!("lang={lang}"));
    form.join("&")
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

/// What came back.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
    /// The body as sent (a download that is not text).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    /// Fails with the body shown when the status is not `expected` (naming the test's line).
    #[track_caller]
    pub fn assert_status(&self, expected: StatusCode) -> &Self {
        assert_eq!(
            self.status,
            expected,
            "unexpected status; body:\n{}",
            excerpt(&self.body)
        );
        self
    }

    /// Fails with the body shown when the status is none of `expected`.
    pub fn assert_status_in(&self, expected: &[StatusCode]) -> &Self {
        assert!(
            expected.contains(&self.status),
            "status {} is none of {expected:?}; body:\n{}",
            self.status,
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

    /// The cookie (`name=value`) that carries a form's return to the next page, when this
    /// response set one.
    pub fn returned_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with(&format!("{RETURNED_COOKIE}=")))
            .and_then(|value| value.split(';').next())
            .map(str::to_owned)
    }

    /// The rows the data page lists for `table` (this being the data catalogue's answer).
    #[track_caller]
    pub fn catalogue_rows(&self, table: &str) -> i64 {
        self.assert_status(StatusCode::OK);
        self.json()["tables"]
            .as_array()
            .expect("the tables")
            .iter()
            .find(|t| t["name"] == table)
            .expect("the table")["rows"]
            .as_i64()
            .expect("a row count")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The text of a Word document downloaded (every run's text, a line each); fails unless
    /// the answer is one.
    #[track_caller]
    pub fn word_text(&self) -> String {
        fn texts(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        match (key.as_str(), value) {
                            ("text", serde_json::Value::String(text)) => out.push(text.clone()),
                            _ => texts(value, out),
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|item| texts(item, out)),
                _ => {}
            }
        }
        self.assert_status(StatusCode::OK);
        assert_eq!(
            self.header("content-type"),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        let docx = docx_rs::read_docx(&self.bytes).expect("a Word document");
        let json: serde_json::Value = serde_json::from_str(&docx.json()).unwrap();
        let mut out = Vec::new();
        texts(&json["document"], &mut out);
        out.join("\n")
    }

    /// How often `text` occurs in the body.
    pub fn count(&self, text: &str) -> usize {
        self.text().matches(text).count()
    }
}

/// The text of the first `<h1>` of a page (empty when it has none): which page it is.
pub fn first_heading(html: &str) -> String {
    let Some(start) = html.find("<h1") else {
        return String::new();
    };
    let rest = &html[start..];
    let end = rest.find("</h1>").unwrap_or(rest.len());
    let mut text = String::new();
    let mut in_tag = false;
    for c in rest[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// The page from its `<main>` on, where the content is.
fn excerpt(body: &str) -> String {
    let start = body.find("<main").unwrap_or(0);
    body[start..].chars().take(4000).collect()
}
