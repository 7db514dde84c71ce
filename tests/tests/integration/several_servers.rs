//! Several app servers on one PostgreSQL database, as in production behind a load balancer:
//! each is the real server binary in a process of its own.

use sqlx::{AnyConnection, Connection};
use tests::process::{ServerProcess, call, http, regional_row_form, sign_in};
use tests::{AGENCY, COUNTY_BOARD, databases};

mod postgres {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_session_signed_in_on_one_server_is_valid_on_the_other() {
        let Some(db) = Database::with_demo().await else {
            return;
        };
        let (a, b) = db.two_servers().await;
        let cookie = sign_in(a.addr, COUNTY_BOARD).await;
        let visit = call(b.addr, &cookie, "visit", "").await.unwrap();
        assert_eq!(visit.status, 200, "{}", visit.body);
        assert!(
            visit.body.contains(COUNTY_BOARD),
            "signed in on the other server: {}",
            visit.body
        );
        a.stop().await.unwrap();
        b.stop().await.unwrap();
        db.drop().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn what_one_server_keeps_of_the_plan_is_computed_again_once_another_changes_it() {
        let Some(db) = Database::with_demo().await else {
            return;
        };
        let (a, b) = db.two_servers().await;
        let on_a = sign_in(a.addr, AGENCY).await;
        let overdue = async || {
            let overview = call(a.addr, &on_a, "overview", "lang=Sv").await.unwrap();
            assert_eq!(overview.status, 200, "{}", overview.body);
            let overview: serde_json::Value = serde_json::from_str(&overview.body).unwrap();
            let deadlines = call(a.addr, &on_a, "deadlines", "organisation=jam")
                .await
                .unwrap();
            assert_eq!(deadlines.status, 200, "{}", deadlines.body);
            let owed = deadlines.body.matches("MeasureReport").count();
            (overview["overdue_count"].as_i64().unwrap(), owed)
        };
        // Server A computes the overview and the deadlines, and keeps them (asked twice).
        let before = overdue().await;
        assert_eq!(overdue().await, before);
        // Jämställdhetsmyndigheten submits measure 3.1's overdue report on server B...
        let on_b = sign_in(b.addr, AGENCY).await;
        let report = "kind=measures&key=3.1&period=2026-Q3&version=0&seen_revision=0\
            &status=on_track&progress=40&spent_to_date=0&narrative=Inl%C3%A4mnad&links=\
            &intent=submit";
        let submitted = call(b.addr, &on_b, "save_report", report).await.unwrap();
        assert_eq!(submitted.status, 200, "{}", submitted.body);
        // ...and server A no longer counts it as owed.
        assert_eq!(overdue().await, (before.0 - 1, before.1 - 1));
        a.stop().await.unwrap();
        b.stop().await.unwrap();
        db.drop().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_page_one_server_keeps_shows_a_regional_row_saved_on_another() {
        let Some(db) = Database::with_demo().await else {
            return;
        };
        let (a, b) = db.two_servers().await;
        let on_a = sign_in(a.addr, AGENCY).await;
        let pages = [
            "/counties/24",
            "/measures/1.8",
            "/compare?show=progress:1.8",
        ];
        let page = async |path: &str| {
            let response = http(a.addr, "GET", path, &[("cookie", on_a.as_str())], "")
                .await
                .unwrap();
            assert_eq!(response.status, 200, "{path}: {}", response.body);
            response.body
        };
        // Progress as every page writes it ("93 %"; a bare "93" may be in a nonce or a hash).
        let progress = "93\u{a0}%";
        // Server A renders each page twice, so it has kept what they show.
        for path in pages {
            page(path).await;
            let html = page(path).await;
            assert!(
                !html.contains("Sparad på server B") && !html.contains(progress),
                "{path}"
            );
        }
        // Västerbotten's county board saves its row of measure 1.8 on server B...
        let on_b = sign_in(b.addr, COUNTY_BOARD).await;
        let form = regional_row_form(db.row_version().await, 93, "Sparad på server B");
        let saved = call(b.addr, &on_b, "save_regional_row", &form)
            .await
            .unwrap();
        assert_eq!(saved.status, 200, "{}", saved.body);
        // ...and server A shows it on every page.
        assert!(page("/counties/24").await.contains("Sparad på server B"));
        for path in pages {
            assert!(
                page(path).await.contains(progress),
                "{path} shows the new progress"
            );
        }
        a.stop().await.unwrap();
        b.stop().await.unwrap();
        db.drop().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_save_on_one_server_over_a_version_saved_on_the_other_is_a_conflict() {
        let Some(db) = Database::with_demo().await else {
            return;
        };
        let (a, b) = db.two_servers().await;
        let version = db.row_version().await;
        let cookie_a = sign_in(a.addr, COUNTY_BOARD).await;
        let cookie_b = sign_in(b.addr, COUNTY_BOARD).await;
        let save = |addr, cookie: String, narrative: &'static str| async move {
            let form = regional_row_form(version, 50, narrative);
            call(addr, &cookie, "save_regional_row", &form)
                .await
                .unwrap()
        };
        let first = save(a.addr, cookie_a, "Sparad på server A").await;
        assert_eq!(first.status, 200, "{}", first.body);
        let second = save(b.addr, cookie_b, "Sparad på server B").await;
        assert_eq!(second.status, 409, "{}", second.body);
        assert_eq!(db.row_version().await, version + 1);
        a.stop().await.unwrap();
        b.stop().await.unwrap();
        db.drop().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_servers_starting_at_once_on_an_empty_database_apply_each_migration_once() {
        let Some(db) = Database::empty().await else {
            return;
        };
        let (a, b) = db.two_servers().await;
        for server in [&a, &b] {
            let ready = http(server.addr, "GET", "/ready", &[], "").await.unwrap();
            assert_eq!(ready.status, 200, "{}", ready.body);
        }
        let mut conn = AnyConnection::connect(&db.url).await.unwrap();
        let applied: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT version, COUNT(*) FROM _sqlx_migrations GROUP BY version ORDER BY version",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        let files = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../migrations/postgres"
        ))
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".sql"))
        })
        .count();
        assert_eq!(applied.len(), files, "every migration is applied");
        assert!(
            applied.iter().all(|(_, times)| *times == 1),
            "each once: {applied:?}"
        );
        a.stop().await.unwrap();
        b.stop().await.unwrap();
        db.drop().await;
    }
}

/// A PostgreSQL database of its own for one test.
struct Database {
    admin_url: String,
    name: String,
    url: String,
}

impl Database {
    /// A copy of the demo template, or `None` when PostgreSQL is not configured.
    async fn with_demo() -> Option<Database> {
        let admin_url = databases::postgres_admin_url()?;
        let name = databases::postgres_copy(&admin_url).await.unwrap();
        Some(Self::named(admin_url, name))
    }

    /// A database with nothing in it, not even the schema.
    async fn empty() -> Option<Database> {
        let admin_url = databases::postgres_admin_url()?;
        let name = databases::unique_database_name();
        let mut admin = AnyConnection::connect(&admin_url).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        Some(Self::named(admin_url, name))
    }

    fn named(admin_url: String, name: String) -> Database {
        let url = databases::replace_database(&admin_url, &name);
        Database {
            admin_url,
            name,
            url,
        }
    }

    /// Two servers on this database, started at the same moment.
    async fn two_servers(&self) -> (ServerProcess, ServerProcess) {
        let binary = env!("CARGO_BIN_EXE_lagesbild-server");
        let env = [("DATABASE_URL", self.url.clone())];
        let (a, b) = tokio::join!(
            ServerProcess::start(binary, &env),
            ServerProcess::start(binary, &env)
        );
        (a.unwrap(), b.unwrap())
    }

    async fn row_version(&self) -> i64 {
        let mut conn = AnyConnection::connect(&self.url).await.unwrap();
        let (version, _) = tests::vasterbotten_row(&mut conn).await;
        conn.close().await.unwrap();
        version
    }

    async fn drop(self) {
        let mut admin = AnyConnection::connect(&self.admin_url).await.unwrap();
        let _ = databases::drop_postgres(&mut admin, &self.name).await;
        let _ = admin.close().await;
    }
}
