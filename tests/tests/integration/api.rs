//! The REST API (`/api/v1/`), on SQLite and PostgreSQL: it reads the plan, its areas,
//! measures, assignments with their deadlines, funding lines and the counties' rows as the
//! database holds them, paged and filtered; a county board changes its row over the version it
//! read and never over a newer one; every error is problem details naming what is wrong; who
//! may do what is the policy's answer for every operation, for anonymous callers, each role's
//! token and a revoked token; the OpenAPI document describes every operation.

use http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, TestResponse, add_draft,
    on_both_databases, scalar, vasterbotten,
};

/// `PUT path` with `token` (if any), `If-Match` (if any) and the JSON `body`, as a script
/// sends it.
pub(crate) async fn put(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    if_match: Option<&str>,
    body: &str,
) -> TestResponse {
    send(app, Method::PUT, token, path, if_match, body).await
}

/// `method path` with `token` (if any), `If-Match` (if any) and the JSON `body`.
pub(crate) async fn send(
    app: &TestApp,
    method: Method,
    token: Option<&str>,
    path: &str,
    if_match: Option<&str>,
    body: &str,
) -> TestResponse {
    app.forget_session();
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(if_match) = if_match {
        request = request.header(header::IF_MATCH, if_match);
    }
    app.send(request.body(body.to_owned().into()).expect("a request"))
        .await
}

/// A change of Västerbotten's row of measure 1.8 saying `narrative` at `progress`.
fn change(progress: i64, narrative: &str) -> String {
    json!({
        "status": "at_risk",
        "progress": progress,
        "contact_name": "Anna Andersson",
        "contact_role": "Samordnare",
        "narrative": narrative,
        "spent": 125_000,
    })
    .to_string()
}

const ROW: &str = "/api/v1/regional-rows/1.8/24";

/// The `ETag` of Västerbotten's row as the database holds it now.
async fn row_etag(app: &TestApp) -> String {
    format!("\"{}\"", vasterbotten(app).await.0)
}

/// A problem details answer with `status`; its body.
pub(crate) fn problem(response: &TestResponse, status: StatusCode) -> Value {
    response.assert_status(status);
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json"),
        "{}",
        response.text()
    );
    let body = response.json();
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    body
}

async fn the_api_reads_the_plan_as_the_database_holds_it_paged_and_filtered(app: &TestApp) {
    let token = app.create_token(AGENCY, "read").await;
    let get = async |path: &str| {
        let response = app.get_with_token(&token, path).await;
        response.assert_status(StatusCode::OK);
        assert_eq!(response.header("content-type"), Some("application/json"));
        response.json()
    };
    let plan = get("/api/v1/plan").await;
    assert_eq!(plan["lead_ministry"]["kind"], "ministry");
    assert!(plan["title"]["sv"].as_str().is_some_and(|t| !t.is_empty()));

    let measures = scalar(app, "SELECT COUNT(*) FROM measure").await;
    let all = get("/api/v1/measures?per_page=500").await;
    assert_eq!(all["total"], measures);
    assert_eq!(all["items"].as_array().unwrap().len() as i64, measures);
    // Pages: two at a time, the second page starts where the first ended.
    let first = get("/api/v1/measures?per_page=2").await;
    let second = get("/api/v1/measures?per_page=2&page=2").await;
    assert_eq!(first["items"][1]["code"], all["items"][1]["code"]);
    assert_eq!(second["items"][0]["code"], all["items"][2]["code"]);
    assert_eq!(
        (second["page"].clone(), second["per_page"].clone()),
        (json!(2), json!(2))
    );
    let beyond = get("/api/v1/measures?page=1000").await;
    assert_eq!(beyond["items"], json!([]));
    assert_eq!(beyond["total"], measures);
    // Filters as on the pages.
    let delayed = scalar(app, "SELECT COUNT(*) FROM measure WHERE status = 'delayed'").await;
    let filtered = get("/api/v1/measures?status=delayed").await;
    assert_eq!(filtered["total"], delayed);
    assert!(
        filtered["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "delayed")
    );
    let regional = scalar(app, "SELECT COUNT(*) FROM measure WHERE is_regional = 1").await;
    assert_eq!(
        get("/api/v1/measures?regional=true").await["total"],
        regional
    );

    let one = app.get_with_token(&token, "/api/v1/measures/1.8").await;
    one.assert_status(StatusCode::OK);
    let version = scalar(app, "SELECT version FROM measure WHERE code = '1.8'").await;
    assert_eq!(one.header("etag"), Some(format!("\"{version}\"").as_str()));
    assert_eq!(one.json()["version"], version);
    assert_eq!(one.json()["code"], "1.8");

    let areas = get("/api/v1/areas").await;
    assert_eq!(
        areas["total"],
        scalar(app, "SELECT COUNT(*) FROM area").await
    );

    let assignments = get("/api/v1/assignments?per_page=500").await;
    assert_eq!(
        assignments["total"],
        scalar(
            app,
            "SELECT COUNT(*) FROM assignment a WHERE EXISTS \
             (SELECT 1 FROM assignment_measure am WHERE am.assignment_id = a.id)"
        )
        .await
    );
    let deadlines: usize = assignments["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["deadlines"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        deadlines as i64,
        scalar(
            app,
            "SELECT COUNT(*) FROM assignment_deadline d WHERE EXISTS \
             (SELECT 1 FROM assignment_measure am WHERE am.assignment_id = d.assignment_id)"
        )
        .await
    );

    // Västerbotten's money: every line is the county's, and the sum is the database's.
    let funding = get("/api/v1/funding-lines?county=24&per_page=500").await;
    let lines = funding["items"].as_array().unwrap();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|f| f["county"]["code"] == "24"));
    let allocated: i64 = lines.iter().map(|f| f["allocated"].as_i64().unwrap()).sum();
    assert_eq!(
        allocated,
        scalar(
            app,
            "SELECT CAST(SUM(allocated) AS BIGINT) FROM funding WHERE county_code = '24'"
        )
        .await
    );

    let rows = get("/api/v1/regional-rows?county=24&per_page=500").await;
    assert_eq!(
        rows["total"],
        scalar(
            app,
            "SELECT COUNT(*) FROM regional_implementation WHERE county_code = '24'"
        )
        .await
    );
    assert!(
        rows["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["county"]["code"] == "24")
    );
    let row = app.get_with_token(&token, ROW).await;
    row.assert_status(StatusCode::OK);
    assert_eq!(row.header("etag"), Some(row_etag(app).await.as_str()));
    assert_eq!(row.json()["owner"]["kind"], "county_board");
}

async fn what_the_api_cannot_read_is_answered_with_problem_details(app: &TestApp) {
    let token = app.create_token(AGENCY, "read").await;
    for (path, status) in [
        ("/api/v1/measures?per_page=501", StatusCode::BAD_REQUEST),
        ("/api/v1/measures?per_page=0", StatusCode::BAD_REQUEST),
        ("/api/v1/measures?page=0", StatusCode::BAD_REQUEST),
        ("/api/v1/measures?page=-1", StatusCode::BAD_REQUEST),
        ("/api/v1/measures?page=99999999999", StatusCode::BAD_REQUEST),
        ("/api/v1/measures?status=finished", StatusCode::BAD_REQUEST),
        ("/api/v1/measures?regional=perhaps", StatusCode::BAD_REQUEST),
        ("/api/v1/funding-lines?county=99", StatusCode::BAD_REQUEST),
        ("/api/v1/funding-lines?year=twenty", StatusCode::BAD_REQUEST),
        ("/api/v1/regional-rows?status=%00", StatusCode::BAD_REQUEST),
        ("/api/v1/measures/9.99", StatusCode::NOT_FOUND),
        ("/api/v1/regional-rows/1.8/99", StatusCode::NOT_FOUND),
        ("/api/v1/regional-rows/9.99/24", StatusCode::NOT_FOUND),
        ("/api/v1/nothing", StatusCode::NOT_FOUND),
    ] {
        let response = app.get_with_token(&token, path).await;
        assert_eq!(response.status, status, "{path}: {}", response.text());
        problem(&response, status);
    }
    // A method an address does not take.
    let response = put(app, Some(&token), "/api/v1/plan", None, "{}").await;
    problem(&response, StatusCode::METHOD_NOT_ALLOWED);
}

async fn a_county_board_changes_its_row_over_the_version_it_read_and_never_over_a_newer_one(
    app: &TestApp,
) {
    let token = app.create_token(COUNTY_BOARD, "read_write").await;
    let read = app.get_with_token(&token, ROW).await;
    let etag = read.header("etag").expect("an ETag").to_owned();

    let saved = put(
        app,
        Some(&token),
        ROW,
        Some(&etag),
        &change(55, "Två samordnare"),
    )
    .await;
    saved.assert_status(StatusCode::OK);
    let (version, narrative) = vasterbotten(app).await;
    assert_eq!(narrative, "Två samordnare");
    assert_eq!(
        saved.header("etag"),
        Some(format!("\"{version}\"").as_str())
    );
    assert_ne!(saved.header("etag"), Some(etag.as_str()));
    let body = saved.json();
    assert_eq!(
        (body["progress"].clone(), body["spent"].clone()),
        (json!(55), json!(125_000))
    );
    assert_eq!(body["status"], "at_risk");
    // In the audit trail with the person's name, as a save through the form is.
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'regional_row' \
             AND entity_id = '24/1.8' AND action = 'update' \
             AND user_id = (SELECT id FROM app_user WHERE email = 'rapportor@lst24.demo.invalid') \
             AND after_json LIKE '%Två samordnare%'"
        )
        .await,
        1
    );

    // The version read before that save is stale: nothing is written, and the answer says
    // what is saved now and its version.
    let stale = put(
        app,
        Some(&token),
        ROW,
        Some(&etag),
        &change(10, "Äldre text"),
    )
    .await;
    let body = problem(&stale, StatusCode::PRECONDITION_FAILED);
    assert_eq!(body["version"], version);
    assert!(
        body["current"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "narrative" && f["value"] == "Två samordnare"),
        "{body}"
    );
    assert_eq!(
        vasterbotten(app).await,
        (version, "Två samordnare".to_owned())
    );

    // Without a version, or with `*`, nothing is written either.
    problem(
        &put(app, Some(&token), ROW, None, &change(10, "Utan version")).await,
        StatusCode::PRECONDITION_REQUIRED,
    );
    problem(
        &put(
            app,
            Some(&token),
            ROW,
            Some("*"),
            &change(10, "Vad som helst"),
        )
        .await,
        StatusCode::PRECONDITION_REQUIRED,
    );
    assert_eq!(vasterbotten(app).await.0, version);
}

async fn a_refused_change_names_each_field_in_the_language_asked_for(app: &TestApp) {
    let token = app.create_token(COUNTY_BOARD, "read_write").await;
    let etag = row_etag(app).await;
    let body = json!({
        "status": "finished",
        "progress": 150,
        "contact_name": "A\u{0}B",
        "contact_role": 7,
        "narrative": "x".repeat(4001),
        "spent": -5,
    })
    .to_string();
    let refused = put(app, Some(&token), ROW, Some(&etag), &body).await;
    let problem_body = problem(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem_body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for field in ["status", "progress", "contact_role", "narrative", "spent"] {
        assert!(fields.contains(&field), "{field} in {problem_body}");
    }
    let progress = problem_body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "progress")
        .unwrap()
        .clone();
    assert_eq!(
        progress["problem"],
        json!({"OutOfRange": {"min": 0, "max": 100}})
    );
    assert_eq!(progress["message"], "Skriv ett tal från 0 till 100.");
    let english = put(
        app,
        Some(&token),
        &format!("{ROW}?lang=en"),
        Some(&etag),
        &body,
    )
    .await;
    let english = problem(&english, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        english["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "progress"
                && e["message"].as_str().unwrap().contains("100")
                && !e["message"].as_str().unwrap().contains("Skriv")),
        "{english}"
    );
    // A body that is not the row's, or not JSON.
    for bad in [
        "[1]",
        "not json",
        r#"{"status": "on_track", "colour": "red"}"#,
    ] {
        problem(
            &put(app, Some(&token), ROW, Some(&etag), bad).await,
            StatusCode::BAD_REQUEST,
        );
    }
    app.forget_session();
    let as_form = app
        .send(
            Request::put(ROW)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::IF_MATCH, &etag)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body("status=on_track".into())
                .unwrap(),
        )
        .await;
    problem(&as_form, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(row_etag(app).await, etag, "nothing was written");
}

/// Every operation of the API for every kind of caller: anonymous, a token of each role (the
/// oversight role's only reads), a token that only reads, and a revoked token.
async fn who_may_use_the_api_is_the_policy_s_answer_for_every_operation(app: &TestApp) {
    let writing = |email: &'static str| async move {
        let scope = if email == OVERSIGHT {
            "read"
        } else {
            "read_write"
        };
        (email, app.create_token(email, scope).await)
    };
    let mut callers = Vec::new();
    for email in [MINISTRY, AGENCY, COUNTY_BOARD, OVERSIGHT, ADMIN] {
        callers.push(writing(email).await);
    }
    let county_reads = app.create_token(COUNTY_BOARD, "read").await;
    let revoked = app.create_token(AGENCY, "read_write").await;
    let id = {
        let hash = app::server::auth::secret::hash(&revoked);
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar::<_, i64>("SELECT id FROM access_token WHERE token_hash = $1")
            .bind(hash)
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    app.sign_in(AGENCY).await;
    app.call("revoke_access_token", &format!("id={id}"))
        .await
        .assert_status(StatusCode::OK);

    let a_line = format!(
        "/api/v1/funding-lines/{}",
        scalar(app, "SELECT MIN(id) FROM funding").await
    );
    let a_deadline = format!(
        "/api/v1/assignments/A2025-00637/deadlines/{}",
        scalar(
            app,
            "SELECT MIN(d.id) FROM assignment_deadline d JOIN assignment a \
             ON a.id = d.assignment_id WHERE a.diary_number = 'A2025/00637'"
        )
        .await
    );
    let reads = [
        "/api/v1/plan",
        "/api/v1/areas",
        "/api/v1/measures",
        "/api/v1/measures/1.8",
        "/api/v1/assignments",
        "/api/v1/assignments/A2025-00637",
        a_deadline.as_str(),
        "/api/v1/funding-lines",
        a_line.as_str(),
        "/api/v1/obligations",
        "/api/v1/indicators",
        "/api/v1/history/measure/1.8",
        "/api/v1/plan-as-of",
        "/api/v1/reports",
        "/api/v1/reports/measure/3.1/2026-Q3",
        "/api/v1/regional-rows",
        ROW,
    ];
    for path in reads {
        app.forget_session();
        problem(&app.get(path).await, StatusCode::UNAUTHORIZED);
        problem(
            &app.get_with_token(&revoked, path).await,
            StatusCode::UNAUTHORIZED,
        );
        for (email, token) in callers
            .iter()
            .chain([&(COUNTY_BOARD, county_reads.clone())])
        {
            let response = app.get_with_token(token, path).await;
            assert_eq!(response.status, StatusCode::OK, "{email} {path}");
        }
    }

    // The change: only the county's own board, with a token that writes.
    let body = change(60, "Skript");
    problem(
        &put(app, None, ROW, Some(&row_etag(app).await), &body).await,
        StatusCode::UNAUTHORIZED,
    );
    let refused = put(app, Some(&revoked), ROW, Some(&row_etag(app).await), &body).await;
    refused.assert_status(StatusCode::UNAUTHORIZED);
    for (email, token) in callers.iter().filter(|(email, _)| *email != COUNTY_BOARD) {
        let response = put(app, Some(token), ROW, Some(&row_etag(app).await), &body).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{email}");
        problem(&response, StatusCode::FORBIDDEN);
    }
    problem(
        &put(
            app,
            Some(&county_reads),
            ROW,
            Some(&row_etag(app).await),
            &body,
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    // Refused before anything is read: a refused caller's bad body or missing version is
    // still a 403.
    let (_, ministry) = &callers[0];
    problem(
        &put(app, Some(ministry), ROW, None, "not json").await,
        StatusCode::FORBIDDEN,
    );
    // Another county's row, even for a county board.
    let (_, board) = &callers[2];
    problem(
        &put(
            app,
            Some(board),
            "/api/v1/regional-rows/1.8/01",
            Some("\"1\""),
            &body,
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    let before = vasterbotten(app).await;
    assert_ne!(before.1, "Skript", "nobody refused wrote");
    put(app, Some(board), ROW, Some(&row_etag(app).await), &body)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(vasterbotten(app).await, (before.0 + 1, "Skript".to_owned()));
}

/// The narratives of the reports `token` reads through the API.
async fn narratives(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let response = app
        .get_with_token(token, &format!("/api/v1/reports?per_page=500{query}"))
        .await;
    response.assert_status(StatusCode::OK);
    response.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["narrative"].as_str().unwrap().to_owned())
        .collect()
}

async fn reports_come_with_a_draft_only_for_who_may_write_it(app: &TestApp) {
    // 1.8 is led by the agency, under the demo ministry; 3.3 by another ministry.
    add_draft(app, "1.8", "UTKAST-OM-1.8").await;
    add_draft(app, "3.3", "UTKAST-OM-3.3").await;
    let submitted = scalar(
        app,
        "SELECT COUNT(*) FROM progress_report WHERE state = 'submitted'",
    )
    .await;
    let agency = app.create_token(AGENCY, "read_write").await;
    let reports = narratives(app, &agency, "").await;
    assert_eq!(reports.len() as i64, submitted + 1);
    assert!(
        reports.contains(&"UTKAST-OM-1.8".to_owned()),
        "the owner's draft"
    );
    assert!(!reports.contains(&"UTKAST-OM-3.3".to_owned()));
    let drafts = app
        .get_with_token(&agency, "/api/v1/reports?state=draft")
        .await
        .json();
    assert_eq!(drafts["total"], 1);
    assert_eq!(drafts["items"][0]["about"], "1.8");
    assert_eq!(drafts["items"][0]["subject"], "measure");
    assert_eq!(drafts["items"][0]["submitted_at"], Value::Null);
    // A token that only reads, the oversight role and a county board read no draft.
    for token in [
        app.create_token(AGENCY, "read").await,
        app.create_token(OVERSIGHT, "read").await,
        app.create_token(COUNTY_BOARD, "read_write").await,
    ] {
        let reports = narratives(app, &token, "").await;
        assert_eq!(reports.len() as i64, submitted);
        assert!(!reports.iter().any(|n| n.starts_with("UTKAST")));
    }
    // Filters.
    let on_18 = scalar(
        app,
        "SELECT COUNT(*) FROM progress_report r JOIN measure m ON m.id = r.measure_id \
         WHERE m.code = '1.8' AND r.state = 'submitted'",
    )
    .await;
    let filtered = app
        .get_with_token(&agency, "/api/v1/reports?about=1.8&state=submitted")
        .await
        .json();
    assert_eq!(filtered["total"], on_18);
    for (query, status) in [("subject=plan", 400), ("state=deleted", 400)] {
        let response = app
            .get_with_token(&agency, &format!("/api/v1/reports?{query}"))
            .await;
        problem(&response, StatusCode::from_u16(status).unwrap());
    }
}

async fn obligations_come_with_the_measures_that_answer_them(app: &TestApp) {
    let token = app.create_token(OVERSIGHT, "read").await;
    let all = app
        .get_with_token(&token, "/api/v1/obligations?per_page=500")
        .await
        .json();
    assert_eq!(
        all["total"],
        scalar(app, "SELECT COUNT(*) FROM obligation").await
    );
    let unanswered = scalar(
        app,
        "SELECT COUNT(*) FROM obligation o WHERE NOT EXISTS \
         (SELECT 1 FROM measure_obligation mo WHERE mo.obligation_id = o.id)",
    )
    .await;
    let open = app
        .get_with_token(&token, "/api/v1/obligations?answered=false&per_page=500")
        .await
        .json();
    assert_eq!(open["total"], unanswered);
    assert!(
        open["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["answered_by"] == json!([]))
    );
    let links: usize = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["answered_by"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        links as i64,
        scalar(app, "SELECT COUNT(*) FROM measure_obligation").await
    );
}

/// The indicators as the API gives them, and the cells of the `indicator_values` table as its
/// CSV file gives them, both through `token`.
async fn indicators_both_ways(app: &TestApp, token: &str) -> (Value, Vec<Vec<String>>) {
    let api = app
        .get_with_token(token, "/api/v1/indicators?per_page=500")
        .await;
    api.assert_status(StatusCode::OK);
    let csv = app
        .get_with_token(token, "/data/indicator_values.csv")
        .await;
    csv.assert_status(StatusCode::OK);
    let cells = csv
        .text()
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect();
    (api.json(), cells)
}

async fn indicators_hide_small_counts_exactly_as_the_tables_do(app: &TestApp) {
    let token = app.create_token(OVERSIGHT, "read").await;
    let (api, cells) = indicators_both_ways(app, &token).await;
    assert_eq!(
        api["total"],
        scalar(app, "SELECT COUNT(*) FROM indicator").await
    );
    let years: Vec<&Value> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["years"].as_array().unwrap())
        .collect();
    assert_eq!(years.len(), cells.len(), "a year per row of the table");
    let hidden_in_api: usize = years
        .iter()
        .map(|y| y["hidden"].as_array().unwrap().len())
        .sum();
    let hidden_in_table = cells.iter().flatten().filter(|cell| *cell == "..").count();
    assert_eq!(hidden_in_api, hidden_in_table);
    // A hidden count is null and named; a shown one is a number.
    for year in &years {
        let hidden: Vec<&str> = year["hidden"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        for name in hidden.iter().copied() {
            assert_eq!(year[name], Value::Null, "{year}");
        }
        for name in ["total", "women", "men"] {
            assert!(hidden.contains(&name) || year[name].is_i64(), "{year}");
        }
    }
}

/// With a threshold above every count, every count above zero is hidden, in the API as in the
/// table.
async fn with_a_high_threshold_every_count_above_zero_is_hidden(app: &TestApp) {
    let token = app.create_token(AGENCY, "read").await;
    let (api, cells) = indicators_both_ways(app, &token).await;
    for year in api["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["years"].as_array().unwrap())
    {
        for name in ["total", "women", "men", "children", "adults"] {
            assert!(
                year[name].is_null() || year[name] == 0,
                "{name} shown in {year}"
            );
        }
    }
    let hidden_in_api: usize = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["years"].as_array().unwrap())
        .map(|y| y["hidden"].as_array().unwrap().len())
        .sum();
    assert!(hidden_in_api > 0);
    assert_eq!(
        hidden_in_api,
        cells.iter().flatten().filter(|cell| *cell == "..").count()
    );
}

mod high_threshold {
    use super::*;

    tests::on_both_databases!(
        settings = app::server::Settings {
            suppression_threshold: 1_000_000_000,
            ..Default::default()
        };
        with_a_high_threshold_every_count_above_zero_is_hidden,
    );
}

async fn the_reference_page_describes_every_operation_and_type_for_anyone(app: &TestApp) {
    app.forget_session();
    let page = app.get("/data/api").await;
    page.assert_status(StatusCode::OK);
    page.assert_contains(&[
        "<h1>API för program</h1>",
        "Authorization: Bearer",
        "href=\"/api/v1/openapi.json\"",
        "PUT /api/v1/regional-rows/{measure}/{county}",
        "If-Match",
        "id=\"type-RegionalRowChange\"",
        "id=\"put-api-v1-regional-rows-measure-county\"",
        "Someone saved first: nothing was saved",
    ]);
    // Every operation of the document is on the page, and every type.
    let document = app.get("/api/v1/openapi.json").await.json();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let operation = format!("{} {path}", method.to_uppercase());
            assert!(page.text().contains(&operation), "{operation}");
        }
    }
    for name in document["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
    {
        assert!(
            page.text().contains(&format!("id=\"type-{name}\"")),
            "{name}"
        );
    }
    app.get_with("/data/api", &[("cookie", "i18n_pref_locale=en")])
        .await
        .assert_contains(&["<h1>API for programs</h1>", "Getting started"]);
    // The data page leads there.
    app.sign_in(AGENCY).await;
    app.get("/data")
        .await
        .assert_contains(&["href=\"/data/api\""]);
}

async fn the_openapi_document_describes_every_operation_for_anyone(app: &TestApp) {
    app.forget_session();
    let response = app.get("/api/v1/openapi.json").await;
    response.assert_status(StatusCode::OK);
    let document = response.json();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().expect("paths");
    let mut operations: Vec<String> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{method} {path}"))
        })
        .collect();
    operations.sort();
    assert_eq!(
        operations,
        [
            "delete /api/v1/reports/{subject}/{about}/{period}/draft",
            "get /api/v1/areas",
            "get /api/v1/assignments",
            "get /api/v1/assignments/{number}",
            "get /api/v1/assignments/{number}/deadlines/{id}",
            "get /api/v1/funding-lines",
            "get /api/v1/funding-lines/{id}",
            "get /api/v1/history/{of}/{key}",
            "get /api/v1/indicators",
            "get /api/v1/measures",
            "get /api/v1/measures/{code}",
            "get /api/v1/obligations",
            "get /api/v1/plan",
            "get /api/v1/plan-as-of",
            "get /api/v1/regional-rows",
            "get /api/v1/regional-rows/{measure}/{county}",
            "get /api/v1/reports",
            "get /api/v1/reports/{subject}/{about}/{period}",
            "post /api/v1/assignments",
            "post /api/v1/assignments/{number}/deadlines",
            "post /api/v1/funding-lines",
            "post /api/v1/measures",
            "put /api/v1/assignments/{number}",
            "put /api/v1/assignments/{number}/deadlines/{id}",
            "put /api/v1/funding-lines/{id}",
            "put /api/v1/measures/{code}",
            "put /api/v1/regional-rows/{measure}/{county}",
            "put /api/v1/reports/{subject}/{about}/{period}",
        ]
    );
    // Every read of one record with an `ETag` takes the version held and may answer 304.
    for path in [
        "/api/v1/measures/{code}",
        "/api/v1/funding-lines/{id}",
        "/api/v1/assignments/{number}",
        "/api/v1/assignments/{number}/deadlines/{id}",
        "/api/v1/regional-rows/{measure}/{county}",
        "/api/v1/reports/{subject}/{about}/{period}",
    ] {
        let read = &paths[path]["get"];
        assert!(read["responses"]["304"].is_object(), "{path}");
        assert!(
            read["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "If-None-Match" && p["in"] == "header"),
            "{path}"
        );
    }
    assert!(paths["/api/v1/measures"]["get"]["responses"]["304"].is_null());
    // Every operation says how it is refused to someone not signed in, as problem details,
    // and each of its path's parameters is required.
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["in"] == "path" {
                    assert_eq!(parameter["required"], true, "{method} {path} {parameter}");
                }
            }
            assert_eq!(
                operation["responses"]["401"]["content"]["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{method} {path}"
            );
        }
    }
    assert_eq!(
        document["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let statuses = &document["components"]["schemas"]["RegionalRow"]["properties"]["status"];
    assert_eq!(
        statuses["enum"].as_array().map(Vec::len),
        Some(6),
        "{statuses}"
    );
}

on_both_databases!(
    the_api_reads_the_plan_as_the_database_holds_it_paged_and_filtered,
    what_the_api_cannot_read_is_answered_with_problem_details,
    a_county_board_changes_its_row_over_the_version_it_read_and_never_over_a_newer_one,
    a_refused_change_names_each_field_in_the_language_asked_for,
    who_may_use_the_api_is_the_policy_s_answer_for_every_operation,
    reports_come_with_a_draft_only_for_who_may_write_it,
    obligations_come_with_the_measures_that_answer_them,
    the_openapi_document_describes_every_operation_for_anyone,
    the_reference_page_describes_every_operation_and_type_for_anyone,
    indicators_hide_small_counts_exactly_as_the_tables_do,
);
