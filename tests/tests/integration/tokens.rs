//! Personal access tokens, on SQLite and PostgreSQL: a script reads (and, with a token that
//! writes, changes) as the token's person with no session; only the secret's hash is kept; a
//! token that reads changes nothing, none touches accounts, the oversight role's only read; a
//! revoked, expired, unknown or malformed token is refused with 401; use is noted; the person
//! and the administrators revoke them. The test clock stands at 2026-11-28.

use http::StatusCode;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, OVERSIGHT, TestApp, add_draft, on_both_databases, vasterbotten_row,
};

async fn scalar(app: &TestApp, sql: &str, value: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar(sql)
        .bind(value)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn execute(app: &TestApp, sql: &str) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(sql).execute(&mut *conn).await.unwrap();
}

/// The form that saves Västerbotten's row of measure 1.8 at its current version.
async fn row_form(app: &TestApp, progress: i64) -> String {
    let version = {
        let mut conn = app.db.acquire().await.unwrap();
        vasterbotten_row(&mut conn).await.0
    };
    format!(
        "code=1.8&county=24&version={version}&status=on_track&progress={progress}&contact_name=&contact_role=&narrative=&spent=0"
    )
}

async fn a_token_reads_as_its_person_without_a_session_and_only_its_hash_is_kept(app: &TestApp) {
    let token = app.create_token(COUNTY_BOARD, "read").await;
    assert!(
        token.starts_with("lagesbild_") && token.len() == 74,
        "{token}"
    );
    let hash = app::server::auth::secret::hash(&token);
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM access_token WHERE token_hash = $1",
            &hash
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM access_token WHERE token_hash = $1 OR name = $1",
            &token
        )
        .await,
        0,
        "the secret itself is kept nowhere"
    );
    // The account page lists it, never with its secret.
    app.get("/account")
        .await
        .assert_contains(&["Åtkomstnycklar för skript", "Skript", "Bara läsa", "Aldrig"])
        .assert_lacks(&[&token]);

    let csv = app.get_with_token(&token, "/data/funding.csv").await;
    csv.assert_status(StatusCode::OK);
    assert!(
        csv.header("set-cookie").is_none(),
        "no session for a token: {:?}",
        csv.header("set-cookie")
    );
    app.call_with_token(&token, "overview", "lang=Sv")
        .await
        .assert_status(StatusCode::OK);
    app.get_with_token(&token, "/oversight/compliance.csv")
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM access_token WHERE token_hash = $1 AND last_used_on = '2026-11-28'",
            &hash
        )
        .await,
        1,
        "the day of its use is noted"
    );
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'access_token' AND action = $1",
            "create"
        )
        .await,
        1,
        "making it is in the audit trail"
    );
    app.sign_in(COUNTY_BOARD).await;
    app.get("/account")
        .await
        .assert_contains(&["Senast använd"]);
}

async fn a_token_that_reads_changes_nothing_and_one_that_writes_does_what_the_role_may(
    app: &TestApp,
) {
    let reading = app.create_token(COUNTY_BOARD, "read").await;
    let writing = app.create_token(COUNTY_BOARD, "read_write").await;
    let form = row_form(app, 41).await;
    app.call_with_token(&reading, "save_regional_row", &form)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.call_with_token(&writing, "save_regional_row", &form)
        .await
        .assert_status(StatusCode::OK);
    let saved: i64 = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar(
            "SELECT ri.progress FROM regional_implementation ri JOIN measure m ON m.id = ri.measure_id \
             WHERE m.code = '1.8' AND ri.county_code = '24'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    assert_eq!(saved, 41);
    // Never beyond the role: an agency's token that writes saves no county's row.
    let agency = app.create_token(AGENCY, "read_write").await;
    app.call_with_token(&agency, "save_regional_row", &row_form(app, 42).await)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // Never anything about accounts, whatever the scope.
    for (function, form) in [
        ("create_access_token", "name=Mer&scope=read&days=30"),
        ("change_password", "current_password=x&password=y&repeat=y"),
        ("renew_calendar_feed", ""),
        ("start_second_factor_setup", ""),
        ("sign_out", ""),
    ] {
        app.call_with_token(&writing, function, form)
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    let admin = app.create_token(ADMIN, "read_write").await;
    app.call_with_token(&admin, "users", "")
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

async fn a_token_that_reads_counts_no_drafts_even_after_its_person_s_session_did(app: &TestApp) {
    // A draft of Jämställdhetsmyndigheten's measure 3.1, which its session counts.
    add_draft(app, "3.1", "Utkast").await;
    let token = app.create_token(AGENCY, "read").await;
    app.sign_in(AGENCY).await;
    let with_draft = app
        .call("data_catalogue", "lang=Sv")
        .await
        .catalogue_rows("reports");
    let without = app
        .call_with_token(&token, "data_catalogue", "lang=Sv")
        .await
        .catalogue_rows("reports");
    assert_eq!(
        with_draft - without,
        1,
        "the session's count is not the token's"
    );
}

async fn the_oversight_role_makes_only_tokens_that_read(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    let refused = app
        .call(
            "create_access_token",
            "name=Granskning&scope=read_write&days=30",
        )
        .await;
    refused
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains(&["scope"]);
    app.get("/account")
        .await
        .assert_lacks(&[r#"<option value="read_write""#]);
    let token = app.create_token(OVERSIGHT, "read").await;
    app.get_with_token(&token, "/oversight/granskning.docx")
        .await
        .assert_status(StatusCode::OK);
    app.call_with_token(&token, "save_regional_row", &row_form(app, 43).await)
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

async fn a_new_token_is_checked_field_by_field_and_a_person_holds_at_most_twenty(app: &TestApp) {
    app.sign_in(AGENCY).await;
    let refused = app
        .call(
            "create_access_token",
            &format!(
                "name={}&scope=root&days=99999999999999999999",
                "x".repeat(101)
            ),
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = refused.json()["Invalid"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["name", "scope", "days"]);
    for _ in 0..20 {
        app.call("create_access_token", "name=Skript&scope=read&days=1")
            .await
            .assert_status(StatusCode::OK);
    }
    app.call("create_access_token", "name=Skript&scope=read&days=1")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains(&["TooMany"]);
}

async fn a_token_that_does_not_work_is_refused_with_401(app: &TestApp) {
    let token = app.create_token(COUNTY_BOARD, "read").await;
    app.get_with_token(&token, "/data/plan.csv")
        .await
        .assert_status(StatusCode::OK);
    for header in [
        format!("Bearer lagesbild_{}", "0".repeat(64)),
        "Bearer not-a-token".to_owned(),
        format!("bearer {token}x"),
    ] {
        app.forget_session();
        let response = app
            .get_with("/data/plan.csv", &[("authorization", &header)])
            .await;
        response.assert_status(StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.header("www-authenticate"),
            Some(r#"Bearer error="invalid_token""#)
        );
    }
    // Another scheme (a proxy's basic authentication) is no token: the session answers.
    app.sign_in(AGENCY).await;
    app.get_with("/data/plan.csv", &[("authorization", "Basic dXNlcjpwYXNz")])
        .await
        .assert_status(StatusCode::OK);
    // Expired: it worked through its last day.
    execute(
        app,
        "UPDATE access_token SET expires_on = '2026-11-27' WHERE name = 'Skript'",
    )
    .await;
    app.get_with_token(&token, "/data/plan.csv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    execute(
        app,
        "UPDATE access_token SET expires_on = '2026-11-28' WHERE name = 'Skript'",
    )
    .await;
    app.get_with_token(&token, "/data/plan.csv")
        .await
        .assert_status(StatusCode::OK);
    // Its person deactivated: it ends, and stays ended when they are let back in.
    let person = scalar(
        app,
        "SELECT id FROM app_user WHERE email = $1",
        "rapportor@lst24.demo.invalid",
    )
    .await;
    app.sign_in(ADMIN).await;
    for active in [false, true] {
        app.call(
            "set_user_active",
            &format!("user_id={person}&active={active}"),
        )
        .await
        .assert_status(StatusCode::OK);
    }
    app.get_with_token(&token, "/data/plan.csv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn the_person_and_the_administrators_revoke_a_token_and_nobody_else(app: &TestApp) {
    let token = app.create_token(COUNTY_BOARD, "read").await;
    let id = scalar(
        app,
        "SELECT id FROM access_token WHERE token_hash = $1",
        &app::server::auth::secret::hash(&token),
    )
    .await;
    let form = format!("id={id}");
    // Someone else's token is as unknown to another person as one that never was.
    app.sign_in(AGENCY).await;
    app.call("revoke_access_token", &form)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Nor does a token revoke one, not even its own.
    app.call_with_token(&token, "revoke_access_token", &form)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.get_with_token(&token, "/data/plan.csv")
        .await
        .assert_status(StatusCode::OK);
    // The administrator sees it on the user's page, and revokes it.
    app.sign_in(ADMIN).await;
    let owner = scalar(
        app,
        "SELECT user_id FROM access_token WHERE token_hash = $1",
        &app::server::auth::secret::hash(&token),
    )
    .await;
    app.get(&format!("/admin/users/{owner}"))
        .await
        .assert_contains(&["Åtkomstnycklar för skript", "Skript", "Återkalla"]);
    app.call("revoke_access_token", &form)
        .await
        .assert_status(StatusCode::OK);
    app.get_with_token(&token, "/data/plan.csv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.sign_in(COUNTY_BOARD).await;
    app.get("/account").await.assert_contains(&["Återkallad"]);
    // Its person revokes their own.
    let own = app.create_token(COUNTY_BOARD, "read").await;
    let own_id = scalar(
        app,
        "SELECT id FROM access_token WHERE token_hash = $1",
        &app::server::auth::secret::hash(&own),
    )
    .await;
    app.call("revoke_access_token", &format!("id={own_id}"))
        .await
        .assert_status(StatusCode::OK);
    app.get_with_token(&own, "/data/plan.csv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'access_token' AND action = $1",
            "revoke"
        )
        .await,
        2
    );
}

on_both_databases!(
    a_token_reads_as_its_person_without_a_session_and_only_its_hash_is_kept,
    a_token_that_reads_changes_nothing_and_one_that_writes_does_what_the_role_may,
    the_oversight_role_makes_only_tokens_that_read,
    a_token_that_reads_counts_no_drafts_even_after_its_person_s_session_did,
    a_new_token_is_checked_field_by_field_and_a_person_holds_at_most_twenty,
    a_token_that_does_not_work_is_refused_with_401,
    the_person_and_the_administrators_revoke_a_token_and_nobody_else,
);
