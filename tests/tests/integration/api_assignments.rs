//! Government assignments and their deadlines through the REST API, on SQLite and PostgreSQL:
//! a ministry registers an assignment under its own prefix and changes one over the version it
//! read (an assignment read from the API, sent back changed), never over a newer save; it adds
//! and moves deadlines, a delivered one keeping its delivery date; a refused assignment or
//! deadline names each field as the forms do; and who may do each is the policy's answer, as on
//! the assignment forms.

use super::api::{problem, put, send};
use http::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, TestResponse, on_both_databases,
    scalar,
};

const ASSIGNMENTS: &str = "/api/v1/assignments";
/// Arbetsmarknadsdepartementet's (the demo ministry's); serves measures 3.4 and 2.3; its first
/// interim report was delivered on 2025-11-27.
const OWN: &str = "/api/v1/assignments/A2025-00637";
/// Socialdepartementet's.
const OTHERS: &str = "/api/v1/assignments/S2026-01234";

fn new_assignment(number: &str, measures: &[&str]) -> Value {
    json!({
        "diary_number": number,
        "recipient": "jam",
        "title_sv": "Uppdrag att stödja kommunernas arbete",
        "decision_date": "2026-11-20",
        "interim_due": "2027-03-31",
        "final_due": "2027-12-31",
        "measures": measures,
    })
}

/// What `token` reads of the assignment at `path`, as a body to send back, and its `ETag`.
async fn as_change(app: &TestApp, token: &str, path: &str) -> (Value, String) {
    let read = app.get_with_token(token, path).await;
    read.assert_status(StatusCode::OK);
    let etag = read.header("etag").expect("an ETag").to_owned();
    let a = read.json();
    let body = json!({
        "recipient": a["recipient"]["code"],
        "title_sv": a["title"]["sv"],
        "title_en": a["title"]["en"],
        "description_sv": a["description"]["sv"],
        "description_en": a["description"]["en"],
        "decision_date": a["decided"],
        "measures": a["measures"],
    });
    (body, etag)
}

fn deadline(kind: &str, due: &str) -> String {
    json!({"kind": kind, "due_date": due, "description_sv": "Delredovisning: kostnader"})
        .to_string()
}

async fn post(app: &TestApp, token: Option<&str>, path: &str, body: &str) -> TestResponse {
    send(app, Method::POST, token, path, None, body).await
}

async fn count(app: &TestApp, table: &str) -> i64 {
    scalar(app, &format!("SELECT COUNT(*) FROM {table}")).await
}

async fn audited(app: &TestApp, number: &str, action: &str) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'assignment' \
             AND entity_id = '{number}' AND action = '{action}'"
        ),
    )
    .await
}

async fn a_ministry_registers_an_assignment_and_changes_one_over_the_version_it_read(
    app: &TestApp,
) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let before = count(app, "assignment").await;
    let added = post(
        app,
        Some(&token),
        ASSIGNMENTS,
        &new_assignment("A2026/01999", &["3.2", "3.1"]).to_string(),
    )
    .await;
    added.assert_status(StatusCode::CREATED);
    assert_eq!(
        added.header("location"),
        Some("/api/v1/assignments/A2026-01999")
    );
    let body = added.json();
    assert_eq!(
        (
            &body["diary_number"],
            &body["ministry"]["code"],
            &body["measures"]
        ),
        (&json!("A2026/01999"), &json!("a"), &json!(["3.1", "3.2"]))
    );
    let dues: Vec<&Value> = body["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["due"])
        .collect();
    assert_eq!(dues, [&json!("2027-03-31"), &json!("2027-12-31")]);
    assert_eq!(count(app, "assignment").await, before + 1);
    assert_eq!(audited(app, "A2026/01999", "create").await, 1);
    // Registered once: the same number again is named.
    let again = post(
        app,
        Some(&token),
        ASSIGNMENTS,
        &new_assignment("A2026/01999", &["3.1"]).to_string(),
    )
    .await;
    assert_eq!(
        problem(&again, StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"],
        "diary_number"
    );

    // An assignment read, changed and sent back.
    let (mut change, etag) = as_change(app, &token, OWN).await;
    change["title_sv"] = json!("Uppdrag om kostnaderna, ny rubrik från skript");
    let saved = put(app, Some(&token), OWN, Some(&etag), &change.to_string()).await;
    saved.assert_status(StatusCode::OK);
    assert_eq!(
        saved.json()["title"]["sv"],
        "Uppdrag om kostnaderna, ny rubrik från skript"
    );
    let newer = saved.header("etag").expect("an ETag").to_owned();
    assert_ne!(newer, etag);
    assert_eq!(audited(app, "A2025/00637", "update").await, 1);
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
    // A diary number never changes, and deadlines are changed one at a time.
    for (field, value) in [("diary_number", "A2025/00999"), ("final_due", "2030-01-01")] {
        let mut moved = change.clone();
        moved[field] = json!(value);
        problem(
            &put(app, Some(&token), OWN, Some(&newer), &moved.to_string()).await,
            StatusCode::BAD_REQUEST,
        );
    }
    assert_eq!(
        app.get_with_token(&token, OWN).await.json()["title"]["sv"],
        "Uppdrag om kostnaderna, ny rubrik från skript"
    );
    for unknown in ["A2099-99999", "not-a-number", "A2025"] {
        problem(
            &app.get_with_token(&token, &format!("{ASSIGNMENTS}/{unknown}"))
                .await,
            StatusCode::NOT_FOUND,
        );
    }
}

async fn a_ministry_adds_and_moves_deadlines_over_the_version_it_read(app: &TestApp) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let read = app.get_with_token(&token, OWN).await.json();
    let first = &read["deadlines"][0];
    assert_eq!(first["delivered"], "2025-11-27");
    let first_path = format!("{OWN}/deadlines/{}", first["id"]);
    let fetched = app.get_with_token(&token, &first_path).await;
    fetched.assert_status(StatusCode::OK);
    let etag = fetched.header("etag").expect("an ETag").to_owned();
    assert_eq!(etag, format!("\"{}\"", first["version"]));
    assert_eq!(&fetched.json(), first);

    // The Government moved the delivered interim report: it stays delivered.
    let moved = put(
        app,
        Some(&token),
        &first_path,
        Some(&etag),
        &deadline("interim", "2025-12-15"),
    )
    .await;
    moved.assert_status(StatusCode::OK);
    let moved_json = moved.json();
    assert_eq!(
        (&moved_json["due"], &moved_json["delivered"]),
        (&json!("2025-12-15"), &json!("2025-11-27"))
    );
    let newer = moved.header("etag").expect("an ETag").to_owned();
    assert_eq!(audited(app, "A2025/00637", "deadline_changed").await, 1);
    // Over the version before the move: refused with the date saved now.
    let stale = put(
        app,
        Some(&token),
        &first_path,
        Some(&etag),
        &deadline("interim", "2025-12-31"),
    )
    .await;
    let stale = problem(&stale, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["etag"], newer);
    assert_eq!(
        stale["current"],
        json!([{"field": "due_date", "value": "2025-12-15"}])
    );

    // And asked for another report.
    let before = count(app, "assignment_deadline").await;
    let added = post(
        app,
        Some(&token),
        &format!("{OWN}/deadlines"),
        &deadline("interim", "2026-12-15"),
    )
    .await;
    added.assert_status(StatusCode::CREATED);
    let location = added.header("location").expect("a Location").to_owned();
    assert_eq!(location, format!("{OWN}/deadlines/{}", added.json()["id"]));
    app.get_with_token(&token, &location)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(count(app, "assignment_deadline").await, before + 1);
    assert_eq!(audited(app, "A2025/00637", "deadline_added").await, 1);

    // One final report only; none before the decision; each named as the form names it.
    for (body, field) in [
        (deadline("final", "2027-06-30"), "kind"),
        (deadline("interim", "2025-01-01"), "due_date"),
        (deadline("someday", "31/12/2026"), "kind"),
    ] {
        let refused = post(app, Some(&token), &format!("{OWN}/deadlines"), &body).await;
        let refused = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(count(app, "assignment_deadline").await, before + 1);
    for unknown in ["999999", "9223372036854775808", "ett"] {
        problem(
            &app.get_with_token(&token, &format!("{OWN}/deadlines/{unknown}"))
                .await,
            StatusCode::NOT_FOUND,
        );
    }
    // A deadline of another assignment is not one of this one's.
    let others = app.get_with_token(&token, OTHERS).await.json();
    problem(
        &app.get_with_token(
            &token,
            &format!("{OWN}/deadlines/{}", others["deadlines"][0]["id"]),
        )
        .await,
        StatusCode::NOT_FOUND,
    );
}

async fn a_refused_assignment_names_each_field_as_the_assignment_form_does(app: &TestApp) {
    let token = app.create_token(MINISTRY, "read_write").await;
    let before = count(app, "assignment").await;
    let body = json!({
        "diary_number": "A2026-1",
        "recipient": "nobody",
        "title_sv": "x".repeat(301),
        "decision_date": "igår",
        "final_due": 20271231,
        "measures": "3.1",
    });
    let refused = post(app, Some(&token), ASSIGNMENTS, &body.to_string()).await;
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
            "decision_date",
            "diary_number",
            "final_due",
            "measures",
            "title_sv"
        ],
        "{refused}"
    );
    // In English when asked.
    let english = post(
        app,
        Some(&token),
        &format!("{ASSIGNMENTS}?lang=en"),
        &json!({"recipient": "jam", "title_sv": "Uppdrag", "decision_date": "2026-11-20", "final_due": "2027-12-31"}).to_string(),
    )
    .await;
    let english = problem(&english, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(english["errors"][0]["field"], "diary_number");
    assert_eq!(
        english["errors"][0]["message"], "Fill in this field.",
        "{english}"
    );
    // What the values name must exist, and a measure must be the ministry's to link.
    for (assignment, field) in [
        (
            {
                let mut a = new_assignment("A2026/01997", &["3.1"]);
                a["recipient"] = json!("nobody");
                a
            },
            "recipient",
        ),
        (new_assignment("A2026/01997", &["99.9"]), "measures"),
        (new_assignment("A2026/01997", &["4.4"]), "measures"),
    ] {
        let refused = post(app, Some(&token), ASSIGNMENTS, &assignment.to_string()).await;
        let refused = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["errors"][0]["field"], field, "{refused}");
    }
    assert_eq!(
        count(app, "assignment").await,
        before,
        "nothing was written"
    );
}

async fn who_may_change_assignments_through_the_api_is_the_assignment_form_s_rule(app: &TestApp) {
    let ministry = app.create_token(MINISTRY, "read_write").await;
    let admin = app.create_token(ADMIN, "read_write").await;
    let etag_of = |path: &'static str| {
        let token = admin.clone();
        async move {
            app.get_with_token(&token, path)
                .await
                .header("etag")
                .expect("an ETag")
                .to_owned()
        }
    };
    let before = (
        count(app, "assignment").await,
        count(app, "assignment_deadline").await,
    );
    // Not another ministry's assignment, nor a number under another ministry's prefix;
    // refused before the body is read.
    problem(
        &put(
            app,
            Some(&ministry),
            OTHERS,
            Some(&etag_of(OTHERS).await),
            "not json",
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    problem(
        &post(
            app,
            Some(&ministry),
            &format!("{OTHERS}/deadlines"),
            "not json",
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    problem(
        &post(
            app,
            Some(&ministry),
            ASSIGNMENTS,
            &new_assignment("S2026/01999", &["3.1"]).to_string(),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    let (change, _) = as_change(app, &admin, OWN).await;
    let first_deadline = format!(
        "{OWN}/deadlines/{}",
        app.get_with_token(&admin, OWN).await.json()["deadlines"][0]["id"]
    );
    for (email, scope) in [
        (AGENCY, "read_write"),
        (COUNTY_BOARD, "read_write"),
        (OVERSIGHT, "read"),
        (MINISTRY, "read"),
    ] {
        let token = app.create_token(email, scope).await;
        app.get_with_token(&token, OWN)
            .await
            .assert_status(StatusCode::OK);
        app.get_with_token(&token, &first_deadline)
            .await
            .assert_status(StatusCode::OK);
        for refused in [
            post(
                app,
                Some(&token),
                ASSIGNMENTS,
                &new_assignment("A2026/01996", &["3.1"]).to_string(),
            )
            .await,
            put(
                app,
                Some(&token),
                OWN,
                Some(&etag_of(OWN).await),
                &change.to_string(),
            )
            .await,
            post(
                app,
                Some(&token),
                &format!("{OWN}/deadlines"),
                &deadline("interim", "2026-12-15"),
            )
            .await,
            put(
                app,
                Some(&token),
                &first_deadline,
                Some("\"1\""),
                &deadline("interim", "2026-12-15"),
            )
            .await,
        ] {
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email} {scope}");
        }
    }
    app.forget_session();
    problem(&app.get(OWN).await, StatusCode::UNAUTHORIZED);
    problem(
        &post(
            app,
            None,
            ASSIGNMENTS,
            &new_assignment("A2026/01996", &["3.1"]).to_string(),
        )
        .await,
        StatusCode::UNAUTHORIZED,
    );
    problem(
        &put(app, None, OWN, Some("\"1\""), &change.to_string()).await,
        StatusCode::UNAUTHORIZED,
    );
    problem(
        &put(
            app,
            None,
            &first_deadline,
            Some("\"1\""),
            &deadline("interim", "2026-12-15"),
        )
        .await,
        StatusCode::UNAUTHORIZED,
    );
    assert_eq!(
        (
            count(app, "assignment").await,
            count(app, "assignment_deadline").await
        ),
        before,
        "nobody refused wrote"
    );
    // An administrator changes any ministry's assignment.
    let (others, etag) = as_change(app, &admin, OTHERS).await;
    put(app, Some(&admin), OTHERS, Some(&etag), &others.to_string())
        .await
        .assert_status(StatusCode::OK);
}

on_both_databases!(
    a_ministry_registers_an_assignment_and_changes_one_over_the_version_it_read,
    a_ministry_adds_and_moves_deadlines_over_the_version_it_read,
    a_refused_assignment_names_each_field_as_the_assignment_form_does,
    who_may_change_assignments_through_the_api_is_the_assignment_form_s_rule,
);
