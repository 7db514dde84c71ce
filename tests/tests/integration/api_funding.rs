//! Funding lines through the REST API, on SQLite and PostgreSQL: a ministry adds a line to a
//! measure it leads and changes it over the version it read, never over a newer save; a refused
//! line names each field as the funding form does; and who may do each is the policy's answer,
//! as on the funding form.

use super::api::{problem, put, send};
use http::{Method, StatusCode};
use serde_json::json;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, TestResponse, lines_of,
    on_both_databases, scalar,
};

const LINES: &str = "/api/v1/funding-lines";

/// A line of `measure` (absent: a change) of `allocated` kronor.
fn line(measure: Option<&str>, allocated: i64) -> String {
    let mut body = json!({
        "year": 2026,
        "expenditure_area": 13,
        "appropriation": "3:1",
        "appropriation_item": "ap.12",
        "county": "24",
        "allocated": allocated,
        "disbursed": 0,
        "spent": 0,
        "decision": "A2026/00123",
    });
    if let Some(measure) = measure {
        body["measure"] = json!(measure);
    }
    body.to_string()
}

async fn post(app: &TestApp, token: Option<&str>, body: &str) -> TestResponse {
    send(app, Method::POST, token, LINES, None, body).await
}

/// The id of a line of measure `code` as the database holds it.
async fn a_line_of(app: &TestApp, code: &str) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT MIN(f.id) FROM funding f JOIN measure m ON m.id = f.measure_id \
             WHERE m.code = '{code}'"
        ),
    )
    .await
}

async fn a_ministry_adds_a_line_and_changes_it_over_the_version_it_read(app: &TestApp) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let before = lines_of(app, "1.8").await;
    let added = post(app, Some(&token), &line(Some("1.8"), 750_000)).await;
    added.assert_status(StatusCode::CREATED);
    assert_eq!(lines_of(app, "1.8").await, before + 1);
    let location = added.header("location").expect("a Location").to_owned();
    let body = added.json();
    assert_eq!(location, format!("{LINES}/{}", body["id"]));
    assert_eq!(
        (
            &body["measure"],
            &body["allocated"],
            &body["county"]["code"]
        ),
        (&json!("1.8"), &json!(750_000), &json!("24"))
    );
    let read = app.get_with_token(&token, &location).await;
    read.assert_status(StatusCode::OK);
    let etag = read.header("etag").expect("an ETag").to_owned();
    assert_eq!(etag, format!("\"{}\"", body["version"]));
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'funding_added' AND entity_id = '1.8'"
        )
        .await,
        1
    );

    let changed = put(
        app,
        Some(&token),
        &location,
        Some(&etag),
        &line(None, 900_000),
    )
    .await;
    changed.assert_status(StatusCode::OK);
    assert_eq!(changed.json()["allocated"], 900_000);
    let newer = changed.header("etag").expect("an ETag").to_owned();
    assert_ne!(newer, etag);
    // The version read before that change is stale: nothing is written.
    let stale = put(app, Some(&token), &location, Some(&etag), &line(None, 1)).await;
    let stale = problem(&stale, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["etag"], newer);
    assert!(
        stale["current"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "allocated" && f["value"] == "900000"),
        "{stale}"
    );
    problem(
        &put(app, Some(&token), &location, None, &line(None, 1)).await,
        StatusCode::PRECONDITION_REQUIRED,
    );
    // A line stays with its measure.
    problem(
        &put(
            app,
            Some(&token),
            &location,
            Some(&newer),
            &line(Some("2.1"), 1),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(
        app.get_with_token(&token, &location).await.json()["allocated"],
        900_000
    );
    for unknown in ["999999", "9223372036854775808", "ett"] {
        problem(
            &app.get_with_token(&token, &format!("{LINES}/{unknown}"))
                .await,
            StatusCode::NOT_FOUND,
        );
    }
}

async fn a_refused_line_names_each_field_as_the_funding_form_does(app: &TestApp) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let before = lines_of(app, "1.8").await;
    let body = json!({
        "measure": "1.8",
        "year": 1999,
        "expenditure_area": 28,
        "appropriation": "tre",
        "county": "99",
        "assignment": "A2020/00001",
        "allocated": "mycket",
        "disbursed": -1,
        "spent": 1e30,
        "decision": "x".repeat(301),
    })
    .to_string();
    let refused = post(app, Some(&token), &body).await;
    let refused = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "allocated",
            "appropriation",
            "county",
            "decision",
            "disbursed",
            "expenditure_area",
            "spent",
            "year"
        ],
        "{refused}"
    );
    // An assignment that does not serve the measure.
    let mut other = serde_json::from_str::<serde_json::Value>(&line(Some("1.8"), 1)).unwrap();
    other["assignment"] = json!("A2020/00001");
    let refused = post(app, Some(&token), &other.to_string()).await;
    let refused = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["errors"][0]["field"], "assignment");
    // A new line needs its measure; an unknown measure is not found.
    let refused = post(app, Some(&token), &line(None, 1)).await;
    assert_eq!(
        problem(&refused, StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"],
        "measure"
    );
    problem(
        &post(app, Some(&token), &line(Some("99.9"), 1)).await,
        StatusCode::NOT_FOUND,
    );
    assert_eq!(lines_of(app, "1.8").await, before, "nothing was written");
}

async fn who_may_change_the_money_through_the_api_is_the_funding_form_s_rule(app: &TestApp) {
    let ministry = app.create_token(MINISTRY, "read_write").await;
    let admin = app.create_token(ADMIN, "read_write").await;
    // 3.3 is led by another ministry than the demo ministry's.
    let others = format!("{LINES}/{}", a_line_of(app, "3.3").await);
    let own = format!("{LINES}/{}", a_line_of(app, "1.8").await);
    let etag_of = |path: String| {
        let token = admin.clone();
        async move {
            app.get_with_token(&token, &path)
                .await
                .header("etag")
                .expect("an ETag")
                .to_owned()
        }
    };
    let before = (lines_of(app, "1.8").await, lines_of(app, "3.3").await);
    problem(
        &post(app, Some(&ministry), &line(Some("3.3"), 1)).await,
        StatusCode::FORBIDDEN,
    );
    problem(
        &put(
            app,
            Some(&ministry),
            &others,
            Some(&etag_of(others.clone()).await),
            "not json",
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    for (email, scope) in [
        (AGENCY, "read_write"),
        (COUNTY_BOARD, "read_write"),
        (OVERSIGHT, "read"),
        (MINISTRY, "read"),
    ] {
        let token = app.create_token(email, scope).await;
        app.get_with_token(&token, &own)
            .await
            .assert_status(StatusCode::OK);
        let refused = post(app, Some(&token), &line(Some("1.8"), 1)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email} {scope}");
        let refused = put(
            app,
            Some(&token),
            &own,
            Some(&etag_of(own.clone()).await),
            &line(None, 1),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email} {scope}");
    }
    app.forget_session();
    problem(&app.get(&own).await, StatusCode::UNAUTHORIZED);
    problem(
        &post(app, None, &line(Some("1.8"), 1)).await,
        StatusCode::UNAUTHORIZED,
    );
    problem(
        &put(app, None, &own, Some("\"1\""), &line(None, 1)).await,
        StatusCode::UNAUTHORIZED,
    );
    assert_eq!(
        (lines_of(app, "1.8").await, lines_of(app, "3.3").await),
        before,
        "nobody refused wrote"
    );
    // An administrator edits any measure's money.
    put(
        app,
        Some(&admin),
        &others,
        Some(&etag_of(others.clone()).await),
        &line(None, 5),
    )
    .await
    .assert_status(StatusCode::OK);
}

on_both_databases!(
    a_ministry_adds_a_line_and_changes_it_over_the_version_it_read,
    a_refused_line_names_each_field_as_the_funding_form_does,
    who_may_change_the_money_through_the_api_is_the_funding_form_s_rule,
);
