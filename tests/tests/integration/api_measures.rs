//! Measures through the REST API, on SQLite and PostgreSQL: a ministry adds a measure and
//! changes one its ministry leads over the version it read (a measure read from the API, sent
//! back changed), never over a newer save; a refused measure names each field as the measure
//! form does; and who may do each is the policy's answer, as on the measure form. A measure read
//! again at the version the caller holds is not sent again (304).

use super::api::{problem, put, send};
use http::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, on_both_databases, scalar};

/// Measure 3.1 is led by Jämställdhetsmyndigheten, under the demo ministry; 3.3 by an agency
/// of another ministry.
const OWN: &str = "/api/v1/measures/3.1";
const OTHERS: &str = "/api/v1/measures/3.3";

/// What `token` reads of the measure at `path`, as a body to send back, and its `ETag`.
async fn as_change(app: &TestApp, token: &str, path: &str) -> (Value, String) {
    let read = app.get_with_token(token, path).await;
    read.assert_status(StatusCode::OK);
    let etag = read.header("etag").expect("an ETag").to_owned();
    let m = read.json();
    let codes = |list: &Value| {
        json!(
            list.as_array()
                .unwrap()
                .iter()
                .map(|o| o["code"].clone())
                .collect::<Vec<_>>()
        )
    };
    let body = json!({
        "area": m["area"],
        "title_sv": m["title"]["sv"],
        "title_en": m["title"]["en"],
        "description_sv": m["description"]["sv"],
        "description_en": m["description"]["en"],
        "kind": m["kind"],
        "lead": m["lead"]["code"],
        "partners": codes(&m["partners"]),
        "start_date": m["start"],
        "end_date": m["end"],
        "report_frequency": m["reports"],
        "is_regional": m["regional"],
        "obligations": m["obligations"],
        "forms": m["forms_of_trafficking"],
        "groups": m["target_groups"],
    });
    (body, etag)
}

fn new_measure(code: &str) -> Value {
    json!({
        "area": "skydd",
        "code": code,
        "title_sv": "Ny åtgärd från ett skript",
        "kind": "coordination",
        "lead": "jam",
        "partners": ["socialstyrelsen"],
        "start_date": "2027-01-01",
        "end_date": "2028-12-31",
        "report_frequency": "quarterly",
        "obligations": ["dir-2-3"],
        "forms": ["sexual"],
        "groups": ["women"],
    })
}

async fn post(app: &TestApp, token: Option<&str>, body: &Value) -> tests::TestResponse {
    send(
        app,
        Method::POST,
        token,
        "/api/v1/measures",
        None,
        &body.to_string(),
    )
    .await
}

async fn measures(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) FROM measure").await
}

async fn a_ministry_adds_a_measure_and_changes_one_over_the_version_it_read(app: &TestApp) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let before = measures(app).await;
    let added = post(app, Some(&token), &new_measure("3.90")).await;
    added.assert_status(StatusCode::CREATED);
    assert_eq!(added.header("location"), Some("/api/v1/measures/3.90"));
    let body = added.json();
    assert_eq!(
        (&body["code"], &body["lead"]["code"], &body["status"]),
        (&json!("3.90"), &json!("jam"), &json!("not_started"))
    );
    assert_eq!(measures(app).await, before + 1);
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'measure' AND entity_id = '3.90' \
             AND action = 'create'"
        )
        .await,
        1
    );

    // A measure read, changed and sent back.
    let (mut change, etag) = as_change(app, &token, OWN).await;
    change["title_sv"] = json!("Samordnad stödstruktur, ny rubrik från skript");
    let saved = put(app, Some(&token), OWN, Some(&etag), &change.to_string()).await;
    saved.assert_status(StatusCode::OK);
    assert_eq!(
        saved.json()["title"]["sv"],
        "Samordnad stödstruktur, ny rubrik från skript"
    );
    let newer = saved.header("etag").expect("an ETag").to_owned();
    assert_ne!(newer, etag);
    // Sent back unchanged, nothing else moved: the read and the write speak the same fields.
    let (again, _) = as_change(app, &token, OWN).await;
    assert_eq!(again, change);

    // The version read before is stale: nothing is written.
    change["title_sv"] = json!("Äldre rubrik");
    let stale = put(app, Some(&token), OWN, Some(&etag), &change.to_string()).await;
    let stale = problem(&stale, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["etag"], newer);
    assert!(
        stale["current"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "title_sv"),
        "{stale}"
    );
    problem(
        &put(app, Some(&token), OWN, None, &change.to_string()).await,
        StatusCode::PRECONDITION_REQUIRED,
    );
    // A measure's code never changes.
    change["code"] = json!("3.99");
    problem(
        &put(app, Some(&token), OWN, Some(&newer), &change.to_string()).await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(
        app.get_with_token(&token, OWN).await.json()["title"]["sv"],
        "Samordnad stödstruktur, ny rubrik från skript"
    );
}

async fn a_refused_measure_names_each_field_as_the_measure_form_does(app: &TestApp) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let before = measures(app).await;
    let mut taken = new_measure("3.1");
    taken["area"] = json!("no-such-area");
    taken["partners"] = json!(["no-such-organisation"]);
    let refused = post(app, Some(&token), &taken).await;
    let refused = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["area", "code", "partners"], "{refused}");
    let body = json!({
        "area": "skydd",
        "code": "3.98",
        "title_sv": "",
        "kind": "poster",
        "lead": "jam",
        "start_date": "2028-01-01",
        "end_date": "2027-01-01",
        "report_frequency": 4,
        "is_regional": "ja",
        "groups": "women",
    });
    let refused = post(app, Some(&token), &body).await;
    let refused = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for field in [
        "title_sv",
        "kind",
        "end_date",
        "report_frequency",
        "is_regional",
        "groups",
    ] {
        assert!(fields.contains(&field), "{field} in {refused}");
    }
    problem(
        &post(app, Some(&token), &json!({"code": "3.98", "colour": "red"})).await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(measures(app).await, before, "nothing was written");
}

async fn who_may_change_measures_through_the_api_is_the_measure_form_s_rule(app: &TestApp) {
    let ministry = app.create_token(MINISTRY, "read_write").await;
    let admin = app.create_token(ADMIN, "read_write").await;
    let before = measures(app).await;
    let (others, others_etag) = as_change(app, &admin, OTHERS).await;
    // Another ministry's measure, refused before the body is read.
    problem(
        &put(app, Some(&ministry), OTHERS, Some(&others_etag), "not json").await,
        StatusCode::FORBIDDEN,
    );
    // A lead that is not the ministry's to give.
    let mut given_away = new_measure("3.97");
    given_away["lead"] = others["lead"].clone();
    problem(
        &post(app, Some(&ministry), &given_away).await,
        StatusCode::FORBIDDEN,
    );
    let (own, own_etag) = as_change(app, &admin, OWN).await;
    for (email, scope) in [
        (AGENCY, "read_write"),
        (COUNTY_BOARD, "read_write"),
        (OVERSIGHT, "read"),
        (MINISTRY, "read"),
    ] {
        let token = app.create_token(email, scope).await;
        let refused = post(app, Some(&token), &new_measure("3.96")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email} {scope}");
        let refused = put(app, Some(&token), OWN, Some(&own_etag), &own.to_string()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email} {scope}");
    }
    app.forget_session();
    problem(
        &post(app, None, &new_measure("3.96")).await,
        StatusCode::UNAUTHORIZED,
    );
    problem(
        &put(app, None, OWN, Some(&own_etag), &own.to_string()).await,
        StatusCode::UNAUTHORIZED,
    );
    assert_eq!(measures(app).await, before, "nobody refused wrote");
    assert_eq!(as_change(app, &admin, OWN).await.1, own_etag);
    // An administrator edits any measure.
    put(
        app,
        Some(&admin),
        OTHERS,
        Some(&others_etag),
        &others.to_string(),
    )
    .await
    .assert_status(StatusCode::OK);
}

/// `GET path` with `token`, holding the version `held` (`If-None-Match`).
async fn read_holding(app: &TestApp, token: &str, path: &str, held: &str) -> tests::TestResponse {
    app.forget_session();
    let request = http::Request::builder()
        .uri(path)
        .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
        .header(http::header::IF_NONE_MATCH, held)
        .body(String::new().into())
        .expect("a request");
    app.send(request).await
}

async fn a_measure_read_again_at_the_version_held_is_not_sent_again(app: &TestApp) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let (mut change, etag) = as_change(app, &token, OWN).await;
    let same = read_holding(app, &token, OWN, &etag).await;
    same.assert_status(StatusCode::NOT_MODIFIED);
    assert_eq!(same.header("etag"), Some(etag.as_str()));
    assert!(same.body.is_empty());
    // Any of several tags, weakly compared; another version is sent whole.
    read_holding(app, &token, OWN, &format!("\"999\", W/{etag}"))
        .await
        .assert_status(StatusCode::NOT_MODIFIED);
    read_holding(app, &token, OWN, "\"999\"")
        .await
        .assert_status(StatusCode::OK);
    // Once it is changed, the version held is old: the measure comes whole, at its new one.
    change["title_sv"] = json!("Ny rubrik");
    put(app, Some(&token), OWN, Some(&etag), &change.to_string())
        .await
        .assert_status(StatusCode::OK);
    let newer = read_holding(app, &token, OWN, &etag).await;
    newer.assert_status(StatusCode::OK);
    assert_ne!(newer.header("etag"), Some(etag.as_str()));
    assert_eq!(newer.json()["title"]["sv"], "Ny rubrik");
    // Nor does a version held open what the caller may not read.
    app.forget_session();
    problem(
        &app.send(
            http::Request::builder()
                .uri(OWN)
                .header(http::header::IF_NONE_MATCH, "*")
                .body(String::new().into())
                .expect("a request"),
        )
        .await,
        StatusCode::UNAUTHORIZED,
    );
}

on_both_databases!(
    a_measure_read_again_at_the_version_held_is_not_sent_again,
    a_ministry_adds_a_measure_and_changes_one_over_the_version_it_read,
    a_refused_measure_names_each_field_as_the_measure_form_does,
    who_may_change_measures_through_the_api_is_the_measure_form_s_rule,
);
