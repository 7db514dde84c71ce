//! Progress reports through the REST API, on SQLite and PostgreSQL: who may report on a measure
//! reads a period, keeps a draft, submits it and corrects it over the versions read (the
//! period's `ETag`), never over a newer save; a refused report names each field as the report
//! form does; a draft is discarded only at the version read; and who may do each is the
//! policy's answer, as on the report form.

use super::api::{problem, put, send};
use http::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, OVERSIGHT, TestApp, TestResponse, on_both_databases, scalar,
};

/// Measure 3.1 (led by Jämställdhetsmyndigheten) has reported on 2026-Q1 and Q2; Q3 is overdue.
const Q3: &str = "/api/v1/reports/measure/3.1/2026-Q3";
const Q2: &str = "/api/v1/reports/measure/3.1/2026-Q2";

/// A report of measure 3.1 with `intent` saying `narrative` at `progress`.
fn report(intent: &str, progress: i64, narrative: &str) -> String {
    json!({
        "intent": intent,
        "status": "on_track",
        "progress": progress,
        "spent_to_date": 2_400_000,
        "narrative": narrative,
        "links": "https://www.jamstalldhetsmyndigheten.se/vagledning Vägledningen",
    })
    .to_string()
}

fn etag(response: &TestResponse) -> String {
    response.header("etag").expect("an ETag").to_owned()
}

/// (state, revision, progress, narrative) of measure 3.1's reports of `period`, oldest first.
async fn saved(app: &TestApp, period: &str) -> Vec<(String, i64, i64, String)> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_as(
        "SELECT r.state, r.revision, r.progress, r.narrative FROM progress_report r \
         JOIN measure m ON m.id = r.measure_id WHERE m.code = '3.1' AND r.period = $1 \
         ORDER BY r.revision, r.state",
    )
    .bind(period)
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

async fn an_agency_keeps_a_draft_submits_and_corrects_a_report_over_the_versions_it_read(
    app: &TestApp,
) {
    let token = app.create_token(AGENCY, "read_write").await;
    let read = app.get_with_token(&token, Q3).await;
    read.assert_status(StatusCode::OK);
    assert_eq!(etag(&read), "\"0.0\"");
    let period = read.json();
    assert_eq!(
        (&period["subject"], &period["about"], &period["due"]),
        (&json!("measure"), &json!("3.1"), &json!("overdue"))
    );
    assert_eq!(period["draft"], Value::Null);

    // A draft may be half written.
    let draft = put(
        app,
        Some(&token),
        Q3,
        Some("\"0.0\""),
        &report("draft", 40, ""),
    )
    .await;
    draft.assert_status(StatusCode::OK);
    assert_eq!(etag(&draft), "\"1.0\"");
    assert_eq!(draft.json()["draft"]["progress"], 40);
    assert_eq!(
        saved(app, "2026-Q3").await,
        [("draft".into(), 1, 40, String::new())]
    );

    // Submitted over the draft: the period's first revision, and the measure takes its state.
    let submitted = put(
        app,
        Some(&token),
        Q3,
        Some("\"1.0\""),
        &report("submit", 60, "Vägledningen är klar."),
    )
    .await;
    submitted.assert_status(StatusCode::OK);
    assert_eq!(etag(&submitted), "\"0.1\"");
    let body = submitted.json();
    assert_eq!(body["due"], "submitted");
    assert_eq!(body["revisions"][0]["narrative"], "Vägledningen är klar.");
    assert_eq!(
        body["revisions"][0]["links"],
        "https://www.jamstalldhetsmyndigheten.se/vagledning Vägledningen"
    );
    assert_eq!(
        scalar(app, "SELECT progress FROM measure WHERE code = '3.1'").await,
        60
    );
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'report_submitted' \
             AND entity_id = '3.1' AND after_json LIKE '%Vägledningen är klar.%'"
        )
        .await,
        1
    );

    // The draft's version is stale now: nothing is written, and the answer says what is saved
    // and the ETag to send after merging.
    let stale = put(
        app,
        Some(&token),
        Q3,
        Some("\"1.0\""),
        &report("submit", 70, "Äldre text"),
    )
    .await;
    let stale = problem(&stale, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale["etag"], "\"0.1\"");
    assert!(
        stale["current"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "progress" && f["value"] == "60"),
        "{stale}"
    );
    assert_eq!(saved(app, "2026-Q3").await.len(), 1);

    // A correction is the period's next revision; the first is kept.
    let corrected = put(
        app,
        Some(&token),
        Q3,
        Some("\"0.1\""),
        &report("submit", 65, "Rättad: 65 procent."),
    )
    .await;
    corrected.assert_status(StatusCode::OK);
    assert_eq!(etag(&corrected), "\"0.2\"");
    assert_eq!(
        saved(app, "2026-Q3").await,
        [
            ("submitted".into(), 1, 60, "Vägledningen är klar.".into()),
            ("submitted".into(), 2, 65, "Rättad: 65 procent.".into()),
        ]
    );
    // An earlier period is corrected the same way.
    let q2 = app.get_with_token(&token, Q2).await;
    let revision = q2.json()["revisions"][0]["revision"].as_i64().unwrap();
    assert_eq!(etag(&q2), format!("\"0.{revision}\""));
    put(
        app,
        Some(&token),
        Q2,
        Some(&etag(&q2)),
        &report("submit", 50, "Q2, rättad."),
    )
    .await
    .assert_status(StatusCode::OK);
    assert_eq!(saved(app, "2026-Q2").await.last().unwrap().1, revision + 1);

    // Without a version, or with `*`, nothing is written.
    for if_match in [None, Some("*")] {
        problem(
            &put(app, Some(&token), Q3, if_match, &report("draft", 1, "x")).await,
            StatusCode::PRECONDITION_REQUIRED,
        );
    }
    // A period the measure does not report on, or a subject that is not one.
    for path in [
        "/api/v1/reports/measure/3.1/2040-Q1",
        "/api/v1/reports/measure/3.1/Q3",
        "/api/v1/reports/measure/99.9/2026-Q3",
        "/api/v1/reports/plan/3.1/2026-Q3",
        "/api/v1/reports/assignment/A2025-99999/2026-Q3",
    ] {
        problem(
            &put(
                app,
                Some(&token),
                path,
                Some("\"0.0\""),
                &report("draft", 1, "x"),
            )
            .await,
            StatusCode::NOT_FOUND,
        );
    }
    assert_eq!(saved(app, "2026-Q3").await.len(), 2);
}

async fn a_draft_is_discarded_only_at_the_version_read(app: &TestApp) {
    let token = app.create_token(AGENCY, "read_write").await;
    let draft = put(
        app,
        Some(&token),
        Q3,
        Some("\"0.0\""),
        &report("draft", 10, "Först"),
    )
    .await;
    draft.assert_status(StatusCode::OK);
    let again = put(
        app,
        Some(&token),
        Q3,
        Some("\"1.0\""),
        &report("draft", 20, "Sedan"),
    )
    .await;
    assert_eq!(etag(&again), "\"2.0\"");
    let draft_of_q3 = format!("{Q3}/draft");
    problem(
        &send(
            app,
            Method::DELETE,
            Some(&token),
            &draft_of_q3,
            Some("\"1.0\""),
            "",
        )
        .await,
        StatusCode::PRECONDITION_FAILED,
    );
    assert_eq!(saved(app, "2026-Q3").await.len(), 1);
    let discarded = send(
        app,
        Method::DELETE,
        Some(&token),
        &draft_of_q3,
        Some("\"2.0\""),
        "",
    )
    .await;
    discarded.assert_status(StatusCode::NO_CONTENT);
    assert!(saved(app, "2026-Q3").await.is_empty());
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'report_draft_discarded' \
             AND entity_id = '3.1'"
        )
        .await,
        1
    );
    problem(
        &send(
            app,
            Method::DELETE,
            Some(&token),
            &draft_of_q3,
            Some("\"2.0\""),
            "",
        )
        .await,
        StatusCode::NOT_FOUND,
    );
}

async fn a_refused_report_names_each_field_as_the_report_form_does(app: &TestApp) {
    let token = app.create_token(AGENCY, "read_write").await;
    let body = json!({
        "intent": "publish",
        "status": "finished",
        "progress": 150,
        "spent_to_date": "mycket",
        "narrative": "",
        "links": "ftp://example.invalid",
    })
    .to_string();
    let refused = put(
        app,
        Some(&token),
        &format!("{Q3}?lang=en"),
        Some("\"0.0\""),
        &body,
    )
    .await;
    let refused = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["intent", "spent_to_date", "status", "progress", "links"],
        "{refused}"
    );
    // Submitting needs a narrative, in the language asked for.
    let empty = put(
        app,
        Some(&token),
        Q3,
        Some("\"0.0\""),
        &report("submit", 60, "  "),
    )
    .await;
    let empty = problem(&empty, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty["errors"][0]["field"], "narrative");
    assert_eq!(empty["errors"][0]["problem"], "Required");
    assert!(
        empty["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    // Not JSON, or another body.
    problem(
        &put(
            app,
            Some(&token),
            Q3,
            Some("\"0.0\""),
            r#"{"intent": "draft", "colour": 1}"#,
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    problem(
        &put(app, Some(&token), Q3, Some("0.0"), &report("draft", 1, "x")).await,
        StatusCode::BAD_REQUEST,
    );
    assert!(
        saved(app, "2026-Q3").await.is_empty(),
        "nothing was written"
    );
}

async fn who_may_report_through_the_api_is_the_report_form_s_rule(app: &TestApp) {
    let agency = app.create_token(AGENCY, "read_write").await;
    put(
        app,
        Some(&agency),
        Q3,
        Some("\"0.0\""),
        &report("draft", 30, "UTKAST"),
    )
    .await
    .assert_status(StatusCode::OK);
    // Anyone who may read the plan reads the period, the draft only who may write it.
    for (email, scope) in [
        (OVERSIGHT, "read"),
        (COUNTY_BOARD, "read_write"),
        (ADMIN, "read_write"),
        (AGENCY, "read"),
    ] {
        let token = app.create_token(email, scope).await;
        let read = app.get_with_token(&token, Q3).await;
        read.assert_status(StatusCode::OK);
        assert_eq!(read.json()["draft"], Value::Null, "{email} {scope}");
        assert_eq!(etag(&read), "\"0.0\"", "{email} {scope}");
        for (method, path) in [
            (Method::PUT, Q3.to_owned()),
            (Method::DELETE, format!("{Q3}/draft")),
        ] {
            let refused = send(
                app,
                method.clone(),
                Some(&token),
                &path,
                Some("\"1.0\""),
                &report("draft", 1, "x"),
            )
            .await;
            assert_eq!(
                refused.status,
                StatusCode::FORBIDDEN,
                "{email} {scope} {method}"
            );
            problem(&refused, StatusCode::FORBIDDEN);
        }
    }
    assert_eq!(
        app.get_with_token(&agency, Q3).await.json()["draft"]["narrative"],
        "UTKAST"
    );
    // Anonymous: refused before anything is read.
    app.forget_session();
    problem(&app.get(Q3).await, StatusCode::UNAUTHORIZED);
    for (method, path) in [
        (Method::PUT, Q3.to_owned()),
        (Method::DELETE, format!("{Q3}/draft")),
    ] {
        problem(
            &send(app, method, None, &path, Some("\"1.0\""), "not json").await,
            StatusCode::UNAUTHORIZED,
        );
    }
    assert_eq!(
        saved(app, "2026-Q3").await,
        [("draft".into(), 1, 30, "UTKAST".into())]
    );
}

on_both_databases!(
    an_agency_keeps_a_draft_submits_and_corrects_a_report_over_the_versions_it_read,
    a_draft_is_discarded_only_at_the_version_read,
    a_refused_report_names_each_field_as_the_report_form_does,
    who_may_report_through_the_api_is_the_report_form_s_rule,
);
