//! The database keeps its own rules, whatever the code above it does: on SQLite and PostgreSQL.

use sqlx::Row;
use tests::{TestApp, on_both_databases};

on_both_databases!(
    the_demo_plan_holds_the_real_counties_municipalities_and_measures,
    every_demo_record_carries_an_evidence_label,
    the_demo_plan_is_loaded_only_into_an_empty_database,
    a_submitted_report_is_never_changed_in_place,
    the_audit_trail_cannot_be_changed_or_deleted,
    negative_money_and_progress_over_100_are_refused,
    a_measure_must_end_after_it_starts,
);

async fn count(app: &TestApp, table: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn the_demo_plan_holds_the_real_counties_municipalities_and_measures(app: &TestApp) {
    assert_eq!(count(app, "county").await, 21);
    assert_eq!(count(app, "municipality").await, 290);
    assert_eq!(count(app, "measure").await, 30);
    assert_eq!(count(app, "assignment").await, 8);
    assert_eq!(count(app, "regional_implementation").await, 3 * 21);
    assert!(
        count(app, "progress_report").await > 50,
        "several periods of reports"
    );
    assert!(count(app, "indicator_value").await > 1000);
    let mut conn = app.db.acquire().await.unwrap();
    let corrections: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM progress_report WHERE revision > 1")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert!(
        corrections > 0,
        "some reports were corrected by a new revision"
    );
    let boards: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM organisation WHERE kind = 'county_board'")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(boards, 21);
    let ministry: String = sqlx::query_scalar(
        "SELECT o.name_sv FROM assignment a JOIN organisation o ON o.id = a.ministry_id WHERE a.diary_number = 'A2025/00637'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(ministry, "Arbetsmarknadsdepartementet");
}

async fn every_demo_record_carries_an_evidence_label(app: &TestApp) {
    let mut conn = app.db.acquire().await.unwrap();
    for table in [
        "measure",
        "assignment",
        "funding",
        "regional_implementation",
        "progress_report",
        "indicator",
    ] {
        let unlabelled: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} WHERE evidence NOT IN ('verified', 'verified_via_response', 'illustrative')"
        ))
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert_eq!(unlabelled, 0, "{table}");
    }
    let illustrative_reports: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM progress_report WHERE evidence <> 'illustrative'")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(
        illustrative_reports, 0,
        "generated reports are labelled illustrative"
    );
}

async fn the_demo_plan_is_loaded_only_into_an_empty_database(app: &TestApp) {
    let again = server::load_demo_into(&app.db, tests::demo_day()).await;
    assert!(again.is_err(), "a second load is refused");
    assert_eq!(count(app, "measure").await, 30, "nothing was added");
}

async fn a_submitted_report_is_never_changed_in_place(app: &TestApp) {
    let mut conn = app.db.acquire().await.unwrap();
    let id: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM progress_report WHERE state = 'submitted'")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    let update = sqlx::query("UPDATE progress_report SET narrative = 'changed' WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await;
    let error = update.expect_err("the database refuses to change a submitted report");
    assert!(
        error
            .to_string()
            .contains("progress_report_submitted_is_final"),
        "{error}"
    );
    let delete = sqlx::query("DELETE FROM progress_report WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await;
    assert!(delete.is_err(), "nor may it be deleted");
    let narrative: String = sqlx::query("SELECT narrative FROM progress_report WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get("narrative");
    assert_ne!(narrative, "changed");
}

async fn the_audit_trail_cannot_be_changed_or_deleted(app: &TestApp) {
    let before = count(app, "audit_log").await;
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, user_name, user_role, entity_type, entity_id, action, before_json, after_json) \
         VALUES ($1, 'Test', 'admin', 'measure', '1.1', 'update', '{}', '{}')",
    )
    .bind(tests::test_clock().timestamp().as_str())
    .execute(&mut *conn)
    .await
    .expect("appending is allowed");
    let update = sqlx::query("UPDATE audit_log SET action = 'forged'")
        .execute(&mut *conn)
        .await;
    assert!(
        update
            .unwrap_err()
            .to_string()
            .contains("audit_log_is_append_only")
    );
    let delete = sqlx::query("DELETE FROM audit_log")
        .execute(&mut *conn)
        .await;
    assert!(
        delete
            .unwrap_err()
            .to_string()
            .contains("audit_log_is_append_only")
    );
    assert_eq!(count(app, "audit_log").await, before + 1);
}

async fn negative_money_and_progress_over_100_are_refused(app: &TestApp) {
    let mut conn = app.db.acquire().await.unwrap();
    let measure_id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM measure")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let negative = sqlx::query(
        "INSERT INTO funding (measure_id, year, expenditure_area, appropriation, allocated, evidence) \
         VALUES ($1, 2026, 13, '3:1', -1, 'illustrative')",
    )
    .bind(measure_id)
    .execute(&mut *conn)
    .await;
    assert!(negative.is_err(), "negative kronor are refused");
    let over = sqlx::query("UPDATE measure SET progress = 101 WHERE id = $1")
        .bind(measure_id)
        .execute(&mut *conn)
        .await;
    assert!(over.is_err(), "progress above 100 is refused");
}

async fn a_measure_must_end_after_it_starts(app: &TestApp) {
    let mut conn = app.db.acquire().await.unwrap();
    let backwards = sqlx::query("UPDATE measure SET end_date = '2000-01-01' WHERE code = '1.1'")
        .execute(&mut *conn)
        .await;
    assert!(backwards.is_err());
}

/// On PostgreSQL the audit log belongs to a role of its own (`server protect-audit-log`): the
/// application, running as its own role, signs in and records changes and reads the history,
/// but can neither rewrite, delete, empty nor drop the log, nor switch its triggers off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_the_application_role_may_only_add_to_and_read_the_audit_log() {
    let Some(app) = TestApp::postgres_with_protected_audit_log().await else {
        return;
    };
    let mut conn = app.db.acquire().await.unwrap();
    assert!(
        !server::audit_owner::held_by_current_user(&mut conn)
            .await
            .unwrap(),
        "the application's role holds neither the log nor its schema"
    );
    drop(conn);
    let before = count(&app, "audit_log").await;
    app.sign_in(tests::MINISTRY).await;
    app.get("/measures/3.1/history")
        .await
        .assert_status(http::StatusCode::OK);
    assert_eq!(count(&app, "audit_log").await, before + 1, "the sign-in");
    let mut conn = app.db.acquire().await.unwrap();
    for forbidden in [
        "UPDATE audit_log SET action = 'forged'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_log_is_append_only ON audit_log",
        "CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger AS \
         $$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql",
        "DROP TABLE audit_log CASCADE",
    ] {
        let refused = sqlx::query(forbidden).execute(&mut *conn).await;
        let message = refused.expect_err(forbidden).to_string();
        assert!(
            message.contains("permission denied") || message.contains("must be owner"),
            "{forbidden}: {message}"
        );
    }
    drop(conn);
    assert_eq!(count(&app, "audit_log").await, before + 1);
    app.finish().await;
}

/// `server protect-audit-log` refuses, changing nothing, where handing the log over would not
/// protect it: an application role that is a member of the log's owner, or no such role.
#[tokio::test]
async fn handing_over_the_audit_log_is_refused_where_it_would_protect_nothing() {
    use server::audit_owner::{RoleName, protect};
    let Some(admin_url) = tests::databases::postgres_admin_url() else {
        return;
    };
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .unwrap();
    let audit = RoleName::parse(tests::AUDIT_ROLE).unwrap();
    // The tests' own role is a member of the audit role (so that it may hand tables to it).
    let user = admin_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split([':', '@']).next());
    let tests_role = RoleName::parse(user.unwrap()).unwrap();
    let refused = protect(&mut conn, &tests_role, &audit).await.unwrap_err();
    assert!(refused.to_string().contains("member"), "{refused}");
    let nobody = RoleName::parse("no_such_role_here").unwrap();
    let refused = protect(&mut conn, &nobody, &audit).await.unwrap_err();
    assert!(
        refused.to_string().contains("there is no role"),
        "{refused}"
    );
}
