//! Indicators tied to measures: the leading ministry names what a measure should move, with a
//! baseline and a target; the measure page shows the series for the whole country against them
//! (split by sex and age group, small counts suppressed), the comparison each county's distance
//! to the target, on SQLite and PostgreSQL. In the demo, measure 1.8 should raise the presumed
//! victims found by 30 % from 2022 to 2029; measure 3.1 has no indicator.

use http::StatusCode;
use serde_json::Value;
use tests::{AGENCY, MINISTRY, OVERSIGHT, TestApp, form_value, on_both_databases};

on_both_databases!(
    a_ministry_ties_an_indicator_to_a_measure_and_its_page_shows_the_series_against_the_target,
    two_editors_of_one_target_never_overwrite_each_other,
    a_target_is_refused_with_each_wrong_field_named_and_an_indicator_is_tied_once,
    only_the_leading_ministry_may_name_a_measures_indicators,
    a_refused_target_sent_without_javascript_comes_back_with_the_message_and_the_typed_values,
    the_whole_countrys_series_adds_up_by_sex_and_by_age_group,
    the_comparison_shows_each_countys_distance_to_a_measures_target,
);

fn target_form(
    code: &str,
    target: i64,
    version: i64,
    indicator: &str,
    values: [&str; 4],
) -> String {
    format!(
        "code={code}&target={target}&version={version}&indicator={indicator}&baseline_year={}&baseline_value={}&target_year={}&target_value={}",
        form_value(values[0]),
        form_value(values[1]),
        form_value(values[2]),
        form_value(values[3]),
    )
}

/// (id, version, baseline value, target value) of measure `code`'s targets.
async fn targets(app: &TestApp, code: &str) -> Vec<(i64, i64, i64, i64)> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_as(
        "SELECT t.id, t.version, t.baseline_value, t.target_value FROM measure_indicator t \
         JOIN measure m ON m.id = t.measure_id WHERE m.code = $1 ORDER BY t.id",
    )
    .bind(code)
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

fn errors(response: &tests::TestResponse) -> Value {
    response.json()["Invalid"]["errors"].clone()
}

async fn a_ministry_ties_an_indicator_to_a_measure_and_its_page_shows_the_series_against_the_target(
    app: &TestApp,
) {
    app.sign_in(MINISTRY).await;
    app.get("/measures/3.1")
        .await
        .assert_contains(&["/measures/3.1/indicators", "Ingen indikator är kopplad"]);
    app.get("/measures/3.1/indicators")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Koppla en indikator",
            "Spara indikatorn",
            "support-programme",
        ]);
    app.call(
        "save_indicator_target",
        &target_form(
            "3.1",
            0,
            0,
            "support-programme",
            ["2022", "1 000", "2028", "1 500"],
        ),
    )
    .await
    .assert_status(StatusCode::OK);
    assert_eq!(
        targets(app, "3.1")
            .await
            .iter()
            .map(|t| (t.2, t.3))
            .collect::<Vec<_>>(),
        [(1000, 1500)]
    );
    let measure = app.call("measure", "code=3.1").await.json();
    let indicator = &measure["indicators"][0];
    assert_eq!(indicator["indicator"]["code"], "support-programme");
    assert_eq!(
        indicator["target"]["target"],
        serde_json::json!({"year": 2028, "value": 1500})
    );
    assert!(!indicator["years"].as_array().unwrap().is_empty());
    let charts = app.call("measure_charts", "code=3.1&lang=Sv").await.json();
    let chart = charts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "indicator-support-programme")
        .expect("a chart of the indicator");
    assert_eq!(
        chart["table"]["columns"],
        serde_json::json!(["Hela landet", "Kvinnor", "Män"]),
        "not split by age in the demo"
    );
    let option: Value = serde_json::from_str(chart["option"].as_str().unwrap()).unwrap();
    let marks = &option["series"][0]["markLine"]["data"];
    assert_eq!(marks[0]["yAxis"], 1000.0, "the baseline drawn across");
    assert_eq!(marks[1]["yAxis"], 1500.0, "the target drawn across");
    app.get("/measures/3.1").await.assert_contains(&[
        "Indikatorer som åtgärden ska påverka",
        "Utgångsvärde 2022: 1\u{a0}000. Mål 2028: 1\u{a0}500.",
        "längre från målet än utgångsvärdet",
    ]);
    app.get("/measures/3.1/history")
        .await
        .assert_contains(&["Indikator kopplad", "Målvärde"]);
    let english = app.call("measure_charts", "code=3.1&lang=En").await.json();
    assert!(english.to_string().contains("Whole country"));
}

async fn two_editors_of_one_target_never_overwrite_each_other(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let [(id, version, _, _)] = targets(app, "1.8").await[..] else {
        panic!("measure 1.8 has one target in the demo");
    };
    let save = |version: i64, target: &'static str| {
        target_form(
            "1.8",
            id,
            version,
            "presumed-victims",
            ["2022", "900", "2029", target],
        )
    };
    app.call("save_indicator_target", &save(version, "1 400"))
        .await
        .assert_status(StatusCode::OK);
    // The second editor still has the first version.
    let stale = app
        .call("save_indicator_target", &save(version, "1 100"))
        .await;
    stale.assert_status(StatusCode::CONFLICT);
    assert_eq!(
        stale.json()["Conflict"]["current"],
        serde_json::json!([{"field": "target_value", "value": "1400"}])
    );
    let removed = app
        .call(
            "remove_indicator_target",
            &format!("code=1.8&target={id}&version={version}"),
        )
        .await;
    removed.assert_status(StatusCode::CONFLICT);
    assert_eq!(targets(app, "1.8").await, [(id, version + 1, 900, 1400)]);
    app.call(
        "remove_indicator_target",
        &format!("code=1.8&target={id}&version={}", version + 1),
    )
    .await
    .assert_status(StatusCode::OK);
    assert!(targets(app, "1.8").await.is_empty());
    app.get("/measures/1.8/history")
        .await
        .assert_contains(&["Indikatorns mål ändrat", "Indikator borttagen"]);
    app.get(&format!("/measures/1.8/indicators?target={id}"))
        .await
        .assert_contains(&[
            "Indikatorn är redan borttagen från åtgärden.",
            "Koppla en indikator",
        ]);
    // Gone: removing or saving it again is a 404, not a silent success.
    app.call(
        "remove_indicator_target",
        &format!("code=1.8&target={id}&version={}", version + 1),
    )
    .await
    .assert_status(StatusCode::NOT_FOUND);
}

async fn a_target_is_refused_with_each_wrong_field_named_and_an_indicator_is_tied_once(
    app: &TestApp,
) {
    app.sign_in(MINISTRY).await;
    let wrong = app
        .call(
            "save_indicator_target",
            &target_form(
                "3.1",
                0,
                0,
                "support-programme",
                ["2030", "-5", "2025", "99999999999999999999"],
            ),
        )
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        errors(&wrong),
        serde_json::json!([
            {"field": "baseline_value", "problem": {"OutOfRange": {"min": 0, "max": 1_000_000_000}}},
            {"field": "target_value", "problem": {"OutOfRange": {"min": 0, "max": 1_000_000_000}}},
            {"field": "target_year", "problem": "TargetNotAfterBaseline"},
        ])
    );
    let same = app
        .call(
            "save_indicator_target",
            &target_form(
                "3.1",
                0,
                0,
                "support-programme",
                ["2022", "10", "2028", "10"],
            ),
        )
        .await;
    assert_eq!(
        errors(&same),
        serde_json::json!([{"field": "target_value", "problem": "TargetIsBaseline"}])
    );
    let unknown = app
        .call(
            "save_indicator_target",
            &target_form("3.1", 0, 0, "%3Cscript%3E", ["2022", "10", "2028", "20"]),
        )
        .await;
    assert_eq!(
        errors(&unknown),
        serde_json::json!([{"field": "indicator", "problem": "NotAChoice"}])
    );
    // Measure 1.8 already has the presumed victims.
    let twice = app
        .call(
            "save_indicator_target",
            &target_form(
                "1.8",
                0,
                0,
                "presumed-victims",
                ["2022", "10", "2028", "20"],
            ),
        )
        .await;
    twice.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        errors(&twice),
        serde_json::json!([{"field": "indicator", "problem": "AlreadyLinked"}])
    );
    assert!(targets(app, "3.1").await.is_empty(), "nothing was saved");
    assert_eq!(targets(app, "1.8").await.len(), 1);
}

async fn only_the_leading_ministry_may_name_a_measures_indicators(app: &TestApp) {
    let form = target_form(
        "3.1",
        0,
        0,
        "support-programme",
        ["2022", "10", "2028", "20"],
    );
    for who in [AGENCY, OVERSIGHT] {
        app.sign_in(who).await;
        app.call("save_indicator_target", &form)
            .await
            .assert_status(StatusCode::FORBIDDEN);
        app.get("/measures/3.1/indicators")
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    app.sign_in(OVERSIGHT).await;
    let [(id, version, ..)] = targets(app, "1.8").await[..] else {
        panic!("measure 1.8 has one target in the demo");
    };
    app.call(
        "remove_indicator_target",
        &format!("code=1.8&target={id}&version={version}"),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    app.sign_in(MINISTRY).await;
    // Measure 1.8's target cannot be changed or removed through measure 3.1.
    app.call(
        "save_indicator_target",
        &target_form(
            "3.1",
            id,
            version,
            "presumed-victims",
            ["2022", "10", "2028", "20"],
        ),
    )
    .await
    .assert_status(StatusCode::NOT_FOUND);
    app.call(
        "remove_indicator_target",
        &format!("code=3.1&target={id}&version={version}"),
    )
    .await
    .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(targets(app, "1.8").await.len(), 1);
    // Measure 3.3 is led by the National Board of Health and Welfare, under another ministry.
    app.call(
        "save_indicator_target",
        &target_form(
            "3.3",
            0,
            0,
            "support-programme",
            ["2022", "10", "2028", "20"],
        ),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    app.get("/measures/3.3/indicators")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert!(targets(app, "3.1").await.is_empty());
    // Everyone signed in reads the targets on the measure page; the oversight role too.
    app.sign_in(OVERSIGHT).await;
    app.get("/measures/1.8")
        .await
        .assert_contains(&["Indikatorer som åtgärden ska påverka", "Mål 2029"])
        .assert_lacks(&["/measures/1.8/indicators"]);
}

async fn a_refused_target_sent_without_javascript_comes_back_with_the_message_and_the_typed_values(
    app: &TestApp,
) {
    app.sign_in(MINISTRY).await;
    let answer = app
        .post_plain_form(
            "save_indicator_target",
            &target_form(
                "3.1",
                0,
                0,
                "support-programme",
                ["2022", "400", "2021", "450"],
            ),
            "/measures/3.1/indicators",
        )
        .await;
    answer.assert_status(StatusCode::FOUND);
    app.follow(&answer).await.assert_contains(&[
        "Målåret måste komma efter utgångsåret.",
        r#"value="2021""#,
        r#"value="450""#,
        r#"<option value="support-programme" selected"#,
    ]);
    let saved = app
        .post_plain_form(
            "save_indicator_target",
            &target_form(
                "3.1",
                0,
                0,
                "support-programme",
                ["2022", "400", "2027", "450"],
            ),
            "/measures/3.1/indicators",
        )
        .await;
    saved.assert_status(StatusCode::FOUND);
    app.follow(&saved).await.assert_contains(&[
        "Sparat",
        "Personer som fått stöd genom det nationella stödprogrammet",
    ]);
    assert_eq!(targets(app, "3.1").await.len(), 1);
}

async fn the_whole_countrys_series_adds_up_by_sex_and_by_age_group(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    let charts = app.call("measure_charts", "code=1.8&lang=Sv").await.json();
    let chart = charts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "indicator-presumed-victims")
        .expect("measure 1.8 charts its indicator");
    assert_eq!(
        chart["table"]["columns"],
        serde_json::json!(["Hela landet", "Kvinnor", "Män", "Barn", "Vuxna"])
    );
    let rows = chart["table"]["rows"].as_array().unwrap();
    assert!(rows.len() >= 5, "five years of values");
    for row in rows {
        let v: Vec<i64> = row["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().expect("nothing this large is suppressed"))
            .collect();
        assert_eq!(v[0], v[1] + v[2], "{row}: women and men add up");
        assert_eq!(v[0], v[3] + v[4], "{row}: children and adults add up");
        assert!(v[3] > 0 && v[3] < v[4], "{row}: fewer children than adults");
    }
    // The baseline is 2022's count, the target 30 % more.
    let measure = app.call("measure", "code=1.8").await.json();
    let target = &measure["indicators"][0]["target"];
    let baseline = target["baseline"]["value"].as_i64().unwrap();
    let year_2022 = rows.iter().find(|r| r["label"] == "2022").unwrap()["values"][0]
        .as_i64()
        .unwrap();
    assert_eq!(baseline, year_2022);
    assert_eq!(
        target["target"]["value"].as_i64().unwrap(),
        (baseline as f64 * 1.3).round() as i64
    );
}

/// The comparison as the browser asks for it.
async fn comparison(app: &TestApp, show: &str) -> tests::TestResponse {
    app.call(
        "comparison",
        &format!("query%5Bshow%5D={show}&query%5Bsort%5D=value&query%5Bstatus%5D=&lang=Sv"),
    )
    .await
}

async fn the_comparison_shows_each_countys_distance_to_a_measures_target(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    let show = "target%3A1.8%3Apresumed-victims";
    let response = comparison(app, show).await;
    response.assert_status(StatusCode::OK);
    let c = response.json();
    assert!(
        c["choices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|choice| choice["key"] == "target:1.8:presumed-victims"),
        "the target is a choice"
    );
    let target_rate = c["target"]["per_100k"].as_f64().unwrap();
    let population: i64 = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["population"].as_i64().unwrap())
        .sum();
    let target_value = c["target"]["values"]["target"]["value"].as_f64().unwrap();
    assert!((target_rate - target_value * 100_000.0 / population as f64).abs() < 1e-6);
    let (mut left, mut reached, mut hidden) = (0, 0, 0);
    for row in c["rows"].as_array().unwrap() {
        let figure = &row["figure"]["ToTarget"];
        match (figure["per_100k"].as_f64(), figure["to_go"].as_f64()) {
            (Some(rate), Some(to_go)) => {
                assert!(
                    (to_go - (target_rate - rate).max(0.0)).abs() < 1e-9,
                    "{row}"
                );
                if to_go > 0.0 {
                    left += 1;
                } else {
                    reached += 1;
                }
            }
            (None, None) => {
                hidden += 1;
                assert_eq!(row["figure_text"], "..");
            }
            other => panic!("a rate and a distance go together: {other:?}"),
        }
    }
    assert_eq!(left + reached + hidden, 21);
    assert!(left > 0, "the target is above some counties");
    // Sorted by the distance, the furthest first.
    let distances: Vec<f64> = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["figure"]["ToTarget"]["to_go"].as_f64())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] >= w[1]));
    app.get(&format!("/compare?show={show}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Kvar till målet",
            "Målet för hela landet är",
            "/measures/1.8#indicators-heading",
        ]);
    // A target the plan does not have is a bad request, not an empty map.
    comparison(app, "target%3A3.1%3Apresumed-victims")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}
