//! Starting a server: migrations, SQLite settings and the demo plan on first start.

use app::server::db::Backend;
use clap::Parser;
use server::Config;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    config: Config,
}

fn config_in(dir: &std::path::Path, demo: bool) -> Config {
    let data_dir = dir.display().to_string();
    let mut args = vec!["server", "--data-dir", data_dir.as_str()];
    if demo {
        args.push("--demo");
    }
    Cli::parse_from(args).config
}

#[tokio::test]
async fn a_first_start_in_demo_mode_loads_the_plan_and_a_restart_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = server::prepare(&config_in(dir.path(), true))
        .await
        .expect("the server prepares");
    assert!(
        dir.path().join("lagesbild.db").exists(),
        "the SQLite file is in the data directory"
    );
    let mut conn = state.db.acquire().await.unwrap();
    let measures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM measure")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(measures, 30);
    drop(conn);
    state.db.close().await;

    let again = server::prepare(&config_in(dir.path(), true))
        .await
        .expect("a restart works");
    let mut conn = again.db.acquire().await.unwrap();
    let measures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM measure")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(measures, 30, "loaded once, not twice");
}

#[tokio::test]
async fn without_demo_mode_a_new_database_stays_empty_and_pages_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let state = server::prepare(&config_in(dir.path(), false))
        .await
        .unwrap();
    let mut conn = state.db.acquire().await.unwrap();
    assert!(app::server::db::is_empty(&mut conn).await.unwrap());
    drop(conn);
    let public = app::server::Settings {
        public_view: true,
        ..Default::default()
    };
    let app = tests::TestApp::empty_sqlite_with(public).await;
    app.get("/")
        .await
        .assert_status(http::StatusCode::SERVICE_UNAVAILABLE)
        .assert_contains(&["Ingen handlingsplan är inläst"]);
}

#[tokio::test]
async fn sqlite_is_opened_durable_with_write_ahead_logging_and_foreign_keys() {
    let app = tests::TestApp::empty_sqlite().await;
    assert_eq!(app.db.backend(), Backend::Sqlite);
    let mut conn = app.db.acquire().await.unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(journal, "wal");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(foreign_keys, 1);
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(
        synchronous, 2,
        "FULL: an acknowledged commit survives a power cut"
    );
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert!(busy >= 1000);
}

#[tokio::test]
async fn the_first_administrator_is_created_from_the_command_line_on_a_new_installation() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), false);
    let refused = server::create_admin(
        &config,
        "it@example.se",
        "IT",
        "it",
        None,
        "blåbär-cykel-kompass",
    );
    assert!(
        refused.await.is_err(),
        "no organisation yet, and no name to create it"
    );
    let short = server::create_admin(
        &config,
        "it@example.se",
        "IT",
        "it",
        Some("IT-enheten"),
        "kort",
    );
    assert!(short.await.is_err(), "passwords are at least 8 characters");
    let common = server::create_admin(
        &config,
        "it@example.se",
        "IT",
        "it",
        Some("IT-enheten"),
        "Password123!",
    );
    assert!(common.await.is_err(), "a common password is refused");
    server::create_admin(
        &config,
        "It@Example.se",
        "IT-ansvarig",
        "it",
        Some("IT-enheten"),
        "blåbär-cykel-kompass",
    )
    .await
    .expect("the administrator is created");
    let db = server::open_database(&config.database_url()).await.unwrap();
    let user = app::server::auth::check_credentials(
        &db,
        "it@example.se",
        "blåbär-cykel-kompass",
        &app::server::auth::ClientAddress::of(None, &[], false),
        &tests::test_clock().timestamp(),
    )
    .await
    .expect("the administrator can sign in");
    assert_eq!(user.role, app::domain::Role::Admin);
    let mut conn = db.acquire().await.unwrap();
    let audited = app::server::db::audit::count(&mut conn, "user", "create_admin")
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn an_installation_without_the_demo_plan_lists_no_accounts_on_the_sign_in_page() {
    let app = tests::TestApp::empty_sqlite().await;
    let mut conn = app.db.acquire().await.unwrap();
    // Even an account on the demo's domain is not listed where the demo plan was never loaded.
    sqlx::query(
        "INSERT INTO organisation (code, kind, name_sv, name_en, short_name) \
         VALUES ('it', 'government', 'IT-enheten', 'IT unit', '')",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO app_user (email, display_name, organisation_id, role, created_at) \
         SELECT 'admin@demo.invalid', 'Admin', id, 'admin', '2026-11-28T12:00:00Z' \
         FROM organisation WHERE code = 'it'",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let page = app.get("/sign-in").await;
    page.assert_status(http::StatusCode::OK)
        .assert_contains(&["Logga in"])
        .assert_lacks(&["Demokonton", "admin@demo.invalid", "lagesbild-demo"]);
    assert_eq!(
        app.call("demo_accounts", "").await.json(),
        serde_json::json!([])
    );
    app.finish().await;
}
