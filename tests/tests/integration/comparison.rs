//! The regional comparison: the county x measure matrix, the map's figure against the national
//! median, per-capita indicators with small counts suppressed, sorting and filtering.

use http::StatusCode;
use serde_json::Value;
use tests::{TestApp, on_both_databases};

on_both_databases!(
    the_comparison_shows_every_county_on_every_regional_measure,
    each_county_is_set_against_the_median_of_all_21,
    the_map_draws_the_same_figures_as_the_table,
    an_indicator_is_compared_per_100_000_inhabitants_with_small_counts_suppressed,
    counties_can_be_sorted_by_their_figure_or_name_and_filtered_by_status,
    a_choice_that_does_not_exist_is_a_clear_bad_request,
    the_comparison_page_links_every_county_and_explains_its_symbols,
    anonymous_visitors_are_refused_the_comparison,
);

/// The comparison as the browser asks for it.
async fn comparison(app: &TestApp, show: &str, sort: &str, status: &str) -> Value {
    let response = app
        .call(
            "comparison",
            &format!(
                "query%5Bshow%5D={show}&query%5Bsort%5D={sort}&query%5Bstatus%5D={status}&lang=Sv"
            ),
        )
        .await;
    response.assert_status(StatusCode::OK);
    response.json()
}

fn rows(comparison: &Value) -> &Vec<Value> {
    comparison["rows"].as_array().unwrap()
}

fn names(comparison: &Value) -> Vec<&str> {
    rows(comparison)
        .iter()
        .map(|r| r["county"]["name"]["sv"].as_str().unwrap())
        .collect()
}

async fn the_comparison_shows_every_county_on_every_regional_measure(app: &TestApp) {
    let c = comparison(app, "", "", "").await;
    let measures: Vec<&str> = c["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(measures, ["1.7", "1.8", "2.1"]);
    assert_eq!(rows(&c).len(), 21);
    // Each cell is the county's own row: Gotland's status on 2.1 as its county page has it.
    let gotland = rows(&c)
        .iter()
        .find(|r| r["county"]["code"] == "09")
        .unwrap();
    let county = app.call("county", "code=09").await.json();
    let own = county["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["measure"]["code"] == "2.1")
        .unwrap();
    assert_eq!(gotland["statuses"][2], own["status"]);
    // With no choice, the map shows the first regional measure's progress.
    assert_eq!(c["figure"], serde_json::json!({ "Progress": "1.7" }));
}

async fn each_county_is_set_against_the_median_of_all_21(app: &TestApp) {
    let c = comparison(app, "progress:1.8", "", "").await;
    let mut values: Vec<f64> = rows(&c)
        .iter()
        .map(|r| r["figure"]["Progress"].as_f64().unwrap())
        .collect();
    values.sort_by(f64::total_cmp);
    let median = values[10];
    assert_eq!(c["median"].as_f64(), Some(median));
    for row in rows(&c) {
        let value = row["figure"]["Progress"].as_f64().unwrap();
        assert_eq!(row["from_median"].as_f64(), Some(value - median));
    }
    // The filter leaves the median alone: it is the nation's.
    let delayed = comparison(app, "progress:1.8", "", "delayed").await;
    assert!(rows(&delayed).len() < 21);
    assert_eq!(delayed["median"], c["median"]);
}

async fn the_map_draws_the_same_figures_as_the_table(app: &TestApp) {
    for show in ["progress:2.1", "status:2.1", "indicator:presumed-victims"] {
        let c = comparison(app, show, "", "").await;
        let option: Value = serde_json::from_str(c["map_option"].as_str().unwrap()).unwrap();
        let series = &option["series"][0];
        assert_eq!(series["type"], "map");
        assert_eq!(series["nameMap"].as_object().unwrap().len(), 21);
        let data = series["data"].as_array().unwrap();
        assert_eq!(data.len(), 21);
        for row in rows(&c) {
            let name = &row["county"]["name"]["sv"];
            let area = data.iter().find(|d| &d["name"] == name).unwrap();
            assert_eq!(area["text"], row["figure_text"], "{show} {name}");
            assert_eq!(
                series["nameMap"][row["county"]["code"].as_str().unwrap()],
                *name
            );
        }
        // Statuses are named in the legend, never only coloured.
        if show.starts_with("status") {
            let pieces = option["visualMap"]["pieces"].as_array().unwrap();
            assert!(pieces.iter().any(|p| p["label"] == "Ej påbörjad"));
        }
    }
}

async fn an_indicator_is_compared_per_100_000_inhabitants_with_small_counts_suppressed(
    app: &TestApp,
) {
    let c = comparison(app, "indicator:presumed-victims", "", "").await;
    assert!(c["year"].as_i64().is_some());
    let row = |code: &str| {
        rows(&c)
            .iter()
            .find(|r| r["county"]["code"] == code)
            .unwrap()
            .clone()
    };
    // Gotland's count is small: neither the count nor the rate is shown, nor its distance.
    let gotland = row("09");
    assert_eq!(gotland["figure"]["Rate"]["count"], "Suppressed");
    assert!(gotland["figure"]["Rate"]["per_100k"].is_null());
    assert_eq!(gotland["figure_text"], "..");
    assert!(gotland["from_median"].is_null());
    // Every shown rate is its count per 100 000 inhabitants, and no shown count is small.
    let mut shown = 0;
    for r in rows(&c) {
        if let Some(count) = r["figure"]["Rate"]["count"]["Shown"].as_i64() {
            assert!(count == 0 || count >= 5);
            let rate = r["figure"]["Rate"]["per_100k"].as_f64().unwrap();
            let population = r["population"].as_f64().unwrap();
            assert!((rate - count as f64 * 100_000.0 / population).abs() < 1e-9);
            shown += 1;
        }
    }
    assert!(shown > 10, "most counties show a rate");
    // The download says ".." too.
    let href = c["csv_href"].as_str().unwrap();
    let text = percent_encoding::percent_decode_str(
        href.strip_prefix("data:text/csv;charset=utf-8,").unwrap(),
    )
    .decode_utf8()
    .unwrap()
    .into_owned();
    assert!(text.contains("09,Gotlands län,"));
    let gotland_line = text.lines().find(|l| l.starts_with("09,")).unwrap();
    assert!(gotland_line.contains(",..,"), "{gotland_line}");
}

async fn counties_can_be_sorted_by_their_figure_or_name_and_filtered_by_status(app: &TestApp) {
    let by_value = comparison(app, "progress:1.8", "value", "").await;
    let values: Vec<f64> = rows(&by_value)
        .iter()
        .map(|r| r["figure"]["Progress"].as_f64().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    let by_name = comparison(app, "", "name", "").await;
    let names = names(&by_name);
    assert_eq!(names.first(), Some(&"Blekinge län"));
    // Swedish order: Å, Ä and Ö come last.
    assert_eq!(names.last(), Some(&"Östergötlands län"));
    let not_started = comparison(app, "", "", "not_started").await;
    assert!(!rows(&not_started).is_empty());
    for row in rows(&not_started) {
        assert!(
            row["statuses"]
                .as_array()
                .unwrap()
                .contains(&Value::from("NotStarted"))
                || row["statuses"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from("not_started"))
        );
    }
}

async fn a_choice_that_does_not_exist_is_a_clear_bad_request(app: &TestApp) {
    for form in [
        "query%5Bshow%5D=colour:1.8&query%5Bsort%5D=&query%5Bstatus%5D=&lang=Sv",
        "query%5Bshow%5D=progress:9.9&query%5Bsort%5D=&query%5Bstatus%5D=&lang=Sv",
        "query%5Bshow%5D=&query%5Bsort%5D=size&query%5Bstatus%5D=&lang=Sv",
        "query%5Bshow%5D=&query%5Bsort%5D=&query%5Bstatus%5D=finished&lang=Sv",
    ] {
        app.call("comparison", form)
            .await
            .assert_status(StatusCode::BAD_REQUEST);
    }
    app.get("/compare?sort=size")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains(&["size"]);
}

async fn the_comparison_page_links_every_county_and_explains_its_symbols(app: &TestApp) {
    let page = app.get("/compare?show=status:2.1").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Jämför län",
        "Status per län och åtgärd",
        "Varje status har en egen färg, symbol och text",
        "href=\"/counties/09\"",
        "href=\"/counties/25\"",
        "data-chart=",
        "försenade och",
    ]);
    assert!(
        page.count("href=\"/counties/") >= 42,
        "both tables link each county"
    );
    app.get("/compare").await.assert_contains(&["Riksmedianen"]);
    // The overview's navigation leads here.
    app.get("/").await.assert_contains(&["href=\"/compare\""]);
}

async fn anonymous_visitors_are_refused_the_comparison(app: &TestApp) {
    app.forget_session();
    app.call(
        "comparison",
        "query%5Bshow%5D=&query%5Bsort%5D=&query%5Bstatus%5D=&lang=Sv",
    )
    .await
    .assert_status(StatusCode::UNAUTHORIZED);
    let page = app.get("/compare").await;
    assert_eq!(page.header("location"), Some("/sign-in?next=/compare"));
}
