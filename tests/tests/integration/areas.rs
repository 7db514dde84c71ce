//! The plan's areas: everyone who reads the plan reads them; the ministry that leads the plan
//! (Arbetsmarknadsdepartementet in the demo) or an admin adds and changes them, over the
//! version they saw, audited; on SQLite and PostgreSQL.

use http::StatusCode;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, form_value, on_both_databases,
};

fn area_form(original: &str, version: i64, code: &str, title_sv: &str, position: &str) -> String {
    format!(
        "original={original}&version={version}&code={code}&title_sv={}&title_en=Follow-up&description_sv={}&description_en=&position={position}",
        form_value(title_sv),
        form_value("Utvärdering av planen och dess resultat."),
    )
}

async fn area_version(app: &TestApp, code: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar("SELECT version FROM area WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'area' AND entity_id = 'utvardering' \
         AND action = $1",
    )
    .bind(action)
    .fetch_one(&mut *conn)
    .await
    .unwrap()
}

async fn the_plan_ministry_adds_an_area_and_changes_it_over_its_version(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/").await.assert_contains(&["href=\"/areas\""]);
    app.get("/areas")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Samordning och styrning",
            "/measures?area=samordning",
            "Nytt insatsområde",
        ]);
    app.call(
        "save_area",
        &area_form("", 0, "utvardering", "Utvärdering", "6"),
    )
    .await
    .assert_status(StatusCode::OK);
    // A measure can be put in it at once.
    app.get("/measures/new")
        .await
        .assert_contains(&["<option value=\"utvardering\">Utvärdering</option>"]);
    let version = area_version(app, "utvardering").await;
    app.call(
        "save_area",
        &area_form(
            "utvardering",
            version,
            "ignored",
            "Utvärdering och lärande",
            "6",
        ),
    )
    .await
    .assert_status(StatusCode::OK);
    app.get("/areas")
        .await
        .assert_contains(&["Utvärdering och lärande"]);
    // The same version again: someone else saved first.
    let stale = app
        .call(
            "save_area",
            &area_form("utvardering", version, "utvardering", "Utvärdering", "6"),
        )
        .await;
    stale.assert_status(StatusCode::CONFLICT);
    assert_eq!(
        stale.json()["Conflict"]["current"],
        serde_json::json!([{"field": "title_sv", "value": "Utvärdering och lärande"}])
    );
    assert_eq!(audit_count(app, "create").await, 1);
    assert_eq!(audit_count(app, "update").await, 1);
}

async fn an_area_is_refused_with_each_wrong_field_named(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let taken = app
        .call(
            "save_area",
            &area_form("", 0, "samordning", "Dubblett", "1"),
        )
        .await;
    taken.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        taken.json()["Invalid"]["errors"],
        serde_json::json!([{"field": "code", "problem": "CodeTaken"}])
    );
    let wrong = app
        .call("save_area", &area_form("", 0, "ny kod", "", "hundra"))
        .await;
    assert_eq!(
        wrong.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "code", "problem": "NotACode"},
            {"field": "title_sv", "problem": "Required"},
            {"field": "position", "problem": "NotAWholeNumber"},
        ])
    );
}

async fn only_the_plan_ministry_and_admins_may_change_areas(app: &TestApp) {
    for who in [AGENCY, COUNTY_BOARD, OVERSIGHT] {
        app.sign_in(who).await;
        let page = app.get("/areas").await;
        page.assert_status(StatusCode::OK);
        assert!(page.body.contains("Samordning och styrning"), "{who}");
        assert!(!page.body.contains("Nytt insatsområde"), "{who}");
        app.call(
            "save_area",
            &area_form("", 0, "utvardering", "Utvärdering", "6"),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    }
    app.sign_in(ADMIN).await;
    app.call(
        "save_area",
        &area_form("", 0, "utvardering", "Utvärdering", "6"),
    )
    .await
    .assert_status(StatusCode::OK);
}

on_both_databases!(
    the_plan_ministry_adds_an_area_and_changes_it_over_its_version,
    an_area_is_refused_with_each_wrong_field_named,
    only_the_plan_ministry_and_admins_may_change_areas,
);
