//! What changed between two dates (`/oversight/changes`), rebuilt from the audit trail, on
//! SQLite and PostgreSQL: edits made on a day are exactly what that day's interval adds, per
//! measure, on the page, in the CSV and in English; bad intervals are refused by name; never
//! for the public. The test clock stands at noon on 2026-11-28.

use http::StatusCode;
use serde_json::Value;
use tests::{COUNTY_BOARD, OVERSIGHT, TestApp, on_both_databases, save_vasterbotten_row};

const DAY: &str = "from=2026-11-28&to=2026-11-28";

/// Every change the interval lists, as (what, which, the fields it changed).
fn listed(changes: &Value) -> Vec<(String, String, Vec<String>)> {
    changes["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|subject| subject["entries"].as_array().unwrap().clone())
        .map(|entry| {
            let fields = entry["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let after = c["after"].as_str().unwrap_or_default();
                    format!("{}={after}", c["field"].as_str().unwrap())
                })
                .collect();
            (
                entry["entity_type"].as_str().unwrap().to_owned(),
                entry["entity_id"].as_str().unwrap().to_owned(),
                fields,
            )
        })
        .collect()
}

async fn the_changes_of_a_day_are_exactly_the_edits_made_on_it(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    let before = listed(&app.call("changes", DAY).await.json());
    app.sign_in(COUNTY_BOARD).await;
    save_vasterbotten_row(app, 61).await;
    save_vasterbotten_row(app, 62).await;
    app.sign_in(OVERSIGHT).await;
    let after = app.call("changes", DAY).await;
    after.assert_status(StatusCode::OK);
    let after = listed(&after.json());
    let added: Vec<_> = after.iter().filter(|c| !before.contains(c)).collect();
    assert_eq!(after.len(), before.len() + 2, "{added:?}");
    assert_eq!(added.len(), 2, "{added:?}");
    for (change, progress) in added.iter().zip(["61", "62"]) {
        assert_eq!(
            (change.0.as_str(), change.1.as_str()),
            ("regional_row", "24/1.8")
        );
        assert!(
            change.2.contains(&format!("progress={progress}")),
            "{change:?}"
        );
    }
    // The day before has none of them.
    let earlier = listed(
        &app.call("changes", "from=2026-11-01&to=2026-11-27")
            .await
            .json(),
    );
    assert!(
        !earlier
            .iter()
            .any(|c| c.2.contains(&"progress=62".to_owned()))
    );
    app.get(&format!("/oversight/changes?{DAY}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Ändringar mellan två datum",
            "Regional rad, län 24, åtgärd 1.8",
            "Framdrift: 61 % → 62 %",
            "Länsstyrelse, Länsstyrelsen i Västerbottens län",
        ]);
    app.get_with(
        &format!("/oversight/changes?{DAY}"),
        &[("cookie", "i18n_pref_locale=en")],
    )
    .await
    .assert_contains(&["Changes between two dates", "61 % → 62 %"]);
    let csv = app
        .get(&format!("/oversight/changes.csv?{DAY}&lang=sv"))
        .await;
    csv.assert_status(StatusCode::OK).assert_contains(&[
        "Ändring",
        "24/1.8",
        "Framdrift: 61 % → 62 %",
    ]);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
}

async fn an_interval_that_is_not_one_is_refused_by_name(app: &TestApp) {
    app.call("changes", "from=2026-11-28&to=2026-11-01")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains(&["to"]);
    app.call("changes", "from=yesterday&to=")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains(&["from"]);
    app.get("/oversight/changes.csv?from=2026-13-01")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

async fn the_changes_are_not_for_the_public(app: &TestApp) {
    app.forget_session();
    app.call("changes", DAY)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.get(&format!("/oversight/changes.csv?{DAY}"))
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

on_both_databases!(
    the_changes_of_a_day_are_exactly_the_edits_made_on_it,
    an_interval_that_is_not_one_is_refused_by_name,
    the_changes_are_not_for_the_public,
);
