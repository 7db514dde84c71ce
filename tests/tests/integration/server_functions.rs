//! Every server function, called over HTTP the way the browser calls it, on SQLite and on
//! PostgreSQL: right data as JSON, and the right status for each refusal.

use http::StatusCode;
use serde_json::Value;
use tests::{TestApp, measures_form, on_both_databases};

on_both_databases!(
    the_overview_counts_every_measure_once,
    the_measures_function_pages_filters_and_sorts,
    the_measures_function_refuses_an_unknown_status_with_400,
    the_measure_function_returns_everything_about_a_measure,
    the_measure_function_answers_404_for_an_unknown_code,
    the_assignment_functions_return_the_list_and_one_assignment,
    the_county_functions_return_the_list_and_one_county,
    a_call_without_its_arguments_is_a_bad_request,
    a_request_larger_than_any_form_is_refused_with_413_whether_or_not_it_says_so,
);

async fn the_overview_counts_every_measure_once(app: &TestApp) {
    let response = app.call("overview", "lang=Sv").await;
    response.assert_status(StatusCode::OK);
    let overview = response.json();
    assert_eq!(overview["measure_count"], 30);
    let by_status: i64 = overview["status_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_i64().unwrap())
        .sum();
    assert_eq!(by_status, 30);
    assert_eq!(
        overview["status_counts"].as_array().unwrap().len(),
        6,
        "every status, also the empty ones"
    );
    assert_eq!(
        overview["plan"]["title"]["sv"],
        "Nationell handlingsplan mot människohandel 2025–2030"
    );
    let allocated_by_year: i64 = overview["funding_by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["totals"]["allocated"].as_i64().unwrap())
        .sum();
    assert_eq!(
        overview["funding"]["allocated"].as_i64().unwrap(),
        allocated_by_year
    );
    let by_area: i64 = overview["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["funding"]["allocated"].as_i64().unwrap())
        .sum();
    assert_eq!(by_area, allocated_by_year, "the areas add up to the plan");
}

async fn the_measures_function_pages_filters_and_sorts(app: &TestApp) {
    let all = app.call("measures", &measures_form(&[], "Sv")).await.json();
    assert_eq!(all["total"], 30);
    assert_eq!(all["page_count"], 2);
    assert_eq!(all["items"].as_array().unwrap().len(), 25);
    assert_eq!(all["items"][0]["code"], "1.1");
    assert_eq!(all["options"]["counties"].as_array().unwrap().len(), 21);

    let delayed = app
        .call("measures", &measures_form(&[("status", "delayed")], "Sv"))
        .await
        .json();
    let items = delayed["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|m| m["status"] == "delayed"));
    assert_eq!(delayed["total"].as_i64().unwrap(), items.len() as i64);

    let by_progress = app
        .call(
            "measures",
            &measures_form(&[("sort", "progress"), ("dir", "desc")], "Sv"),
        )
        .await
        .json();
    let progress: Vec<i64> = by_progress["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["progress"].as_i64().unwrap())
        .collect();
    assert!(
        progress.windows(2).all(|w| w[0] >= w[1]),
        "descending progress: {progress:?}"
    );

    let english = app
        .call("measures", &measures_form(&[("sort", "title")], "En"))
        .await
        .json();
    let titles: Vec<&str> = english["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"]["en"].as_str().unwrap())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted, "English titles in English order");
}

async fn the_measures_function_refuses_an_unknown_status_with_400(app: &TestApp) {
    let response = app
        .call("measures", &measures_form(&[("status", "late")], "Sv"))
        .await;
    response.assert_status(StatusCode::BAD_REQUEST);
    let error: Value = response.json();
    assert_eq!(error["InvalidParameter"]["parameter"], "status");
    assert_eq!(error["InvalidParameter"]["value"], "late");
}

async fn the_measure_function_returns_everything_about_a_measure(app: &TestApp) {
    let measure = app.call("measure", "code=1.8").await.json();
    assert_eq!(measure["code"], "1.8");
    assert_eq!(measure["lead"]["code"], "jam");
    assert_eq!(measure["is_regional"], true);
    let regional = measure["regional"].as_array().unwrap();
    assert_eq!(regional.len(), 21);
    let vasterbotten = regional
        .iter()
        .find(|r| r["county"]["code"] == "24")
        .unwrap();
    assert_eq!(vasterbotten["evidence"], "verified_via_response");
    let allocated: i64 = measure["funding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["totals"]["allocated"].as_i64().unwrap())
        .sum();
    assert_eq!(
        measure["funding_totals"]["allocated"].as_i64().unwrap(),
        allocated
    );
    assert_eq!(
        measure["funding_by_year"].as_array().unwrap().len(),
        2,
        "2025 and 2026"
    );
    assert!(!measure["reports"].as_array().unwrap().is_empty());
    assert!(
        measure["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["code"] == "dir-11-4")
    );
}

async fn the_measure_function_answers_404_for_an_unknown_code(app: &TestApp) {
    let response = app.call("measure", "code=9.9").await;
    response.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(response.json(), Value::String("NotFound".into()));
}

async fn the_assignment_functions_return_the_list_and_one_assignment(app: &TestApp) {
    let list = app.call("assignments", "").await.json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 8);
    let a2025 = items
        .iter()
        .find(|a| a["diary_number"] == "A2025/00637")
        .unwrap();
    assert_eq!(
        a2025["ministry"]["name"]["sv"],
        "Arbetsmarknadsdepartementet"
    );
    assert!(
        a2025["overdue_count"].as_i64().unwrap() >= 1,
        "the 2026-10-01 interim report is overdue"
    );

    let detail = app.call("assignment", "slug=A2025-00637").await.json();
    assert_eq!(detail["recipient"]["code"], "jam");
    assert_eq!(detail["deadlines"].as_array().unwrap().len(), 3);
    assert_eq!(
        app.call("assignment", "slug=nonsense").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn the_county_functions_return_the_list_and_one_county(app: &TestApp) {
    let counties = app.call("counties", "").await.json();
    let counties = counties.as_array().unwrap();
    assert_eq!(counties.len(), 21);
    let municipalities: i64 = counties
        .iter()
        .map(|c| c["municipality_count"].as_i64().unwrap())
        .sum();
    assert_eq!(municipalities, 290);

    let county = app.call("county", "code=24").await.json();
    assert_eq!(county["summary"]["name"]["sv"], "Västerbottens län");
    assert_eq!(county["municipalities"].as_array().unwrap().len(), 15);
    assert_eq!(county["rows"].as_array().unwrap().len(), 3);
    assert_eq!(
        app.call("county", "code=02").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_call_without_its_arguments_is_a_bad_request(app: &TestApp) {
    app.call("measure", "")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

/// A body larger than any form needs is refused with 413 and the error a form shows, before any
/// of it reaches a server function: whether the request declares its length or (like a
/// chunked upload) does not.
async fn a_request_larger_than_any_form_is_refused_with_413_whether_or_not_it_says_so(
    app: &TestApp,
) {
    use app::error::{AppError, MAX_REQUEST_BYTES};
    // Jämställdhetsmyndigheten's report on measure 3.1, with a narrative of this many bytes.
    app.sign_in(tests::AGENCY).await;
    let form = |narrative_bytes: usize| {
        format!(
            "kind=measures&key=3.1&period=2026-Q3&version=0&seen_revision=0&status=on_track&progress=60&spent_to_date=0&links=&intent=draft&narrative={}",
            "a".repeat(narrative_bytes)
        )
    };
    let undeclared = app.call("save_report", &form(MAX_REQUEST_BYTES)).await;
    undeclared.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        serde_json::from_str::<AppError>(&undeclared.body).unwrap(),
        AppError::TooLarge
    );
    let body = form(MAX_REQUEST_BYTES);
    let declared = http::Request::post("/api/save_report")
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::CONTENT_LENGTH, body.len().to_string())
        .body(axum::body::Body::from(body))
        .unwrap();
    app.send(declared)
        .await
        .assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    // A long text under the limit reaches the function, which names the field.
    let long_text = app.call("save_report", &form(100_000)).await;
    long_text.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long_text.body.contains("narrative"), "{}", long_text.body);
}
