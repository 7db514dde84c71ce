//! What the people who run Lägesbild rely on: health and readiness, metrics behind a token, a
//! request id on every response, one log line naming the cause of a failure, and backups
//! taken while people save.

use app::server::Settings;
use http::StatusCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tests::{AGENCY, COUNTY_BOARD, TestApp, form_value, on_both_databases};

on_both_databases!(
    health_and_readiness_answer_anyone_without_a_session_or_data,
    readiness_fails_while_a_migration_of_this_build_is_missing,
    every_response_carries_a_request_id_and_a_sensible_one_from_a_proxy_is_kept,
    metrics_are_not_served_without_a_token,
);

mod with_token {
    use super::*;

    on_both_databases!(
        settings = super::with_metrics_token();
        metrics_need_the_token_and_count_requests_pools_refusals_and_submissions
    );
}

const TOKEN: &str = "a-metrics-token-of-at-least-32-characters";

fn with_metrics_token() -> Settings {
    Settings {
        metrics_token: Some(TOKEN.to_owned()),
        ..Settings::default()
    }
}

async fn health_and_readiness_answer_anyone_without_a_session_or_data(app: &TestApp) {
    app.forget_session();
    let health = app.get("/health").await;
    health.assert_status(StatusCode::OK);
    assert_eq!(health.body, "ok\n");
    let ready = app.get("/ready").await;
    ready.assert_status(StatusCode::OK);
    assert_eq!(ready.body, "ready\n");
    for response in [health, ready] {
        assert_eq!(response.header("set-cookie"), None, "no session is made");
        assert_eq!(response.header("cache-control"), Some("no-store"));
    }
}

async fn readiness_fails_while_a_migration_of_this_build_is_missing(app: &TestApp) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let ready = app.get("/ready").await;
    ready.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        ready.body,
        "not ready: 1 database migrations are not applied\n"
    );
    app.get("/health").await.assert_status(StatusCode::OK);
}

async fn every_response_carries_a_request_id_and_a_sensible_one_from_a_proxy_is_kept(
    app: &TestApp,
) {
    let first = app.get("/measures").await;
    let second = app.get("/no/such/page").await;
    let ids: Vec<&str> = [&first, &second]
        .iter()
        .map(|r| r.header("x-request-id").expect("a request id"))
        .collect();
    assert_ne!(ids[0], ids[1], "each request has its own id");
    assert_eq!(ids[0].len(), 36, "a UUID: {}", ids[0]);
    let kept = app
        .get_with("/health", &[("x-request-id", "proxy-7f3a.42")])
        .await;
    assert_eq!(kept.header("x-request-id"), Some("proxy-7f3a.42"));
    let replaced = app
        .get_with("/health", &[("x-request-id", "x\" forged=1")])
        .await;
    let id = replaced.header("x-request-id").unwrap();
    assert_eq!(id.len(), 36, "an unusable id is replaced: {id}");
}

async fn metrics_are_not_served_without_a_token(app: &TestApp) {
    app.get("/metrics")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get_with("/metrics", &[("authorization", "Bearer ")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn metrics_need_the_token_and_count_requests_pools_refusals_and_submissions(app: &TestApp) {
    app.get("/metrics")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.get_with("/metrics", &[("authorization", "Bearer not-the-token")])
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    app.get("/measures/1.8").await.assert_status(StatusCode::OK);
    app.forget_session();
    app.try_sign_in(COUNTY_BOARD, "not the password")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.sign_in(AGENCY).await;
    submit_a_report(app).await;

    let metrics = app
        .get_with("/metrics", &[("authorization", &format!("Bearer {TOKEN}"))])
        .await;
    metrics.assert_status(StatusCode::OK);
    let text = &metrics.body;
    assert!(
        text.contains(r#"lagesbild_http_requests_total{route="/measures/{code}",status="200"} 1"#),
        "requests by route template and status:\n{text}"
    );
    assert!(text.contains(
        r#"lagesbild_http_request_duration_seconds_bucket{route="/measures/{code}",le="+Inf"} 1"#
    ));
    assert!(text.contains(r#"lagesbild_sign_in_refusals_total{reason="failed"} 1"#));
    assert!(text.contains("lagesbild_reports_submitted_total 1"));
    for pool in ["write", "read_only"] {
        for state in ["in_use", "idle"] {
            assert!(
                text.contains(&format!(
                    r#"lagesbild_db_connections{{pool="{pool}",state="{state}"}}"#
                )),
                "{pool} {state}"
            );
        }
    }
    assert!(text.contains("lagesbild_db_waiting_for_connection 0"));
}

/// Jämställdhetsmyndigheten submits its overdue 2026-Q3 report on measure 3.1.
async fn submit_a_report(app: &TestApp) {
    let body = format!(
        "kind=measures&key=3.1&period=2026-Q3&version=0&seen_revision=0&status=on_track&progress=60&spent_to_date=0&narrative={}&links=&intent=submit",
        form_value("Vägledningen är klar."),
    );
    app.call("save_report", &body)
        .await
        .assert_status(StatusCode::OK);
}

/// A backup is one moment of the database: every save acknowledged before it began is in it,
/// although saves go on while it is written; and it restores only where it may.
mod sqlite_backup {
    mod sqlite {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn a_backup_taken_while_people_save_holds_every_save_acknowledged_before_it_began() {
            super::super::a_backup_taken_while_people_save_holds_every_save_acknowledged_before_it_began().await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn the_backup_and_restore_commands_copy_a_served_database_and_never_overwrite_data() {
            super::super::the_backup_and_restore_commands_copy_a_served_database_and_never_overwrite_data().await;
        }
    }
}

/// `server backup` copies the database a running server serves, `server restore` puts the copy
/// in place of an empty database, and refuses the second time, when it holds data.
async fn the_backup_and_restore_commands_copy_a_served_database_and_never_overwrite_data() {
    let binary = env!("CARGO_BIN_EXE_lagesbild-server");
    let dir = tempfile::tempdir().unwrap();
    let url = tests::databases::sqlite_copy(dir.path()).await.unwrap();
    let serving = tests::process::ServerProcess::start(binary, &[("DATABASE_URL", url.clone())])
        .await
        .unwrap();
    let command = |args: &[&str], env: (&str, String)| {
        let mut command = tokio::process::Command::new(binary);
        command
            .args(args)
            .env_remove("DATABASE_URL")
            .env(env.0, env.1)
            .env("RUST_BACKTRACE", "0");
        command
    };
    let backup = dir.path().join("backup.db");
    let backup_arg = backup.display().to_string();
    let made = command(&["backup", "--to", &backup_arg], ("DATABASE_URL", url))
        .output()
        .await
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    serving.stop().await.unwrap();

    let restored_dir = dir.path().join("restored");
    let data_dir = ("LAGESBILD_DATA_DIR", restored_dir.display().to_string());
    let restore = ["restore", "--from", &backup_arg];
    let first = command(&restore, data_dir.clone()).output().await.unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let again = command(&restore, data_dir.clone()).output().await.unwrap();
    assert!(
        !again.status.success(),
        "a database with data is not overwritten"
    );
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("add --replace"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let restored = tests::databases::sqlite_url(&restored_dir.join("lagesbild.db"));
    let db = server::open_database(&restored).await.unwrap();
    let mut conn = db.acquire().await.unwrap();
    assert!(
        !app::server::db::is_empty(&mut conn).await.unwrap(),
        "the plan is restored"
    );
    drop(conn);
    db.close().await;
}

async fn a_backup_taken_while_people_save_holds_every_save_acknowledged_before_it_began() {
    let app = TestApp::sqlite().await;
    app.sign_in(COUNTY_BOARD).await;
    let (start, _) = {
        let mut conn = app.db.acquire().await.unwrap();
        tests::vasterbotten_row(&mut conn).await
    };
    let acknowledged = AtomicUsize::new(0);
    let backed_up = AtomicBool::new(false);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let saves = async {
        while !backed_up.load(Ordering::SeqCst) {
            let done = acknowledged.load(Ordering::SeqCst);
            let form = format!(
                "code=1.8&county=24&version={}&status=at_risk&progress={}&contact_name=Anna&contact_role=Samordnare&narrative={}&spent=0",
                start + done as i64,
                done % 100,
                form_value(&format!("Sparning {done}")),
            );
            app.call("save_regional_row", &form)
                .await
                .assert_status(StatusCode::OK);
            acknowledged.fetch_add(1, Ordering::SeqCst);
        }
    };
    let backup = async {
        while acknowledged.load(Ordering::SeqCst) < 5 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let before = acknowledged.load(Ordering::SeqCst);
        app.db.backup_to(&file).await.unwrap();
        // Saves go on a little after the backup, and none of them may be lost from the live
        // database either.
        tokio::time::sleep(Duration::from_millis(50)).await;
        backed_up.store(true, Ordering::SeqCst);
        before
    };
    let ((), before) = tokio::join!(saves, backup);
    let after = acknowledged.load(Ordering::SeqCst);
    assert!(after > before, "saves went on while the backup was written");
    assert!(
        app.db.backup_to(&file).await.is_err(),
        "a backup never overwrites a file"
    );

    let restored = dir.path().join("restored.db");
    app::server::db::restore_sqlite(&file, &restored, false)
        .await
        .unwrap();
    let db = server::open_database(&format!("sqlite://{}", restored.display()))
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let (version, narrative) = tests::vasterbotten_row(&mut conn).await;
    let saved_in_backup = (version - start) as usize;
    assert!(
        (before..=after).contains(&saved_in_backup),
        "the backup holds the {before} saves acknowledged before it began (it has {saved_in_backup})"
    );
    assert_eq!(narrative, format!("Sparning {}", saved_in_backup - 1));
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    db.close().await;

    let refused = app::server::db::restore_sqlite(&file, &restored, false).await;
    assert!(
        matches!(refused, Err(app::server::db::RestoreError::NotEmpty)),
        "a database with data is not overwritten unless asked: {refused:?}"
    );
    app::server::db::restore_sqlite(&file, &restored, true)
        .await
        .expect("replaced when asked");
    app.finish().await;
}

/// A failure deep in a page (here a table gone from under the application) is logged once, as
/// an error, on the line of its request: with the request's id, its route, its status and its
/// cause, which names the code that sent the query and the database's message.
mod logged_failure {
    use super::*;

    mod sqlite {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn a_failed_request_is_logged_once_with_its_id_route_and_cause() {
            let log = super::CapturedLog::install();
            let app = super::TestApp::sqlite().await;
            super::a_failed_request_is_logged_once_with_its_id_route_and_cause(
                &app,
                &log,
                "no such table",
            )
            .await;
            app.finish().await;
        }
    }

    mod postgres {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn a_failed_request_is_logged_once_with_its_id_route_and_cause() {
            let log = super::CapturedLog::install();
            let Some(app) = super::TestApp::postgres().await else {
                return;
            };
            super::a_failed_request_is_logged_once_with_its_id_route_and_cause(
                &app,
                &log,
                "does not exist",
            )
            .await;
            app.finish().await;
        }
    }
}

async fn a_failed_request_is_logged_once_with_its_id_route_and_cause(
    app: &TestApp,
    log: &CapturedLog,
    message: &str,
) {
    app.sign_in(tests::MINISTRY).await;
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query("DROP TABLE indicator_value")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    app.get_with("/counties/24", &[("x-request-id", "trace-me-24")])
        .await
        .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    let text = log.text();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("trace-me-24")).collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(errors.len(), 1, "logged once as an error:\n{text}");
    let line = errors[0];
    for part in [
        "route=\"/counties/{code}\"",
        "status=500",
        "cause=\"database query (app/src/",
        message,
    ] {
        assert!(line.contains(part), "{part:?} is in the line: {line}");
    }
    assert!(!line.contains(tests::MINISTRY), "no personal data: {line}");
}

/// Everything the application logs in this test process, as text.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl CapturedLog {
    fn install() -> CapturedLog {
        let log = CapturedLog::default();
        let writer = log.clone();
        tracing_subscriber::fmt()
            .with_env_filter("info,sqlx=warn")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        log
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The real server, asked to listen on every address with plain HTTP, refuses to start and
/// says why (what is allowed is tested with `Config::check_listening`).
#[tokio::test]
async fn the_server_refuses_plain_http_on_an_address_other_machines_reach() {
    let binary = env!("CARGO_BIN_EXE_lagesbild-server");
    let dir = tempfile::tempdir().unwrap();
    let refused = tokio::process::Command::new(binary)
        .env_remove("LAGESBILD_BEHIND_TLS")
        .env_remove("LAGESBILD_ALLOW_PLAIN_HTTP")
        .env_remove("DATABASE_URL")
        .env("LAGESBILD_ADDR", "0.0.0.0:0")
        .env("LAGESBILD_DATA_DIR", dir.path())
        .output();
    let refused = tokio::time::timeout(Duration::from_secs(60), refused)
        .await
        .expect("the server stops by itself")
        .unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{said}");
    assert!(
        said.contains("refusing to listen on 0.0.0.0:0 with plain HTTP"),
        "{said}"
    );
    assert!(
        !dir.path().join("lagesbild.db").exists(),
        "it refuses before it touches the database"
    );
}
