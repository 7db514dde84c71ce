//! Coverage by form of exploitation and target group: measures, statuses and money beside the
//! presumed victims of each form by sex, small counts suppressed.

use http::StatusCode;
use serde_json::Value;
use tests::{TestApp, on_both_databases};

on_both_databases!(
    each_form_and_group_counts_the_measures_naming_it_and_their_statuses,
    the_money_by_form_adds_up_to_no_more_than_the_plan_and_the_chart_draws_it,
    presumed_victims_by_form_are_split_by_sex_with_small_counts_suppressed,
    the_coverage_page_explains_how_it_counts,
    anonymous_visitors_are_refused_coverage,
    a_form_that_mainly_affects_women_and_loses_money_from_one_year_to_the_next_is_marked_in_words,
);

async fn coverage(app: &TestApp) -> Value {
    let response = app.call("coverage", "lang=Sv").await;
    response.assert_status(StatusCode::OK);
    response.json()
}

fn line<'a>(coverage: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    coverage[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l[key] == value)
        .unwrap()
}

async fn each_form_and_group_counts_the_measures_naming_it_and_their_statuses(app: &TestApp) {
    let c = coverage(app).await;
    assert_eq!(c["forms"].as_array().unwrap().len(), 8);
    assert_eq!(c["groups"].as_array().unwrap().len(), 8);
    for list in ["forms", "groups"] {
        for entry in c[list].as_array().unwrap() {
            let line = &entry["line"];
            let by_status: i64 = line["statuses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["count"].as_i64().unwrap())
                .sum();
            assert_eq!(by_status, line["measures"].as_i64().unwrap());
            assert!(line["specific"].as_i64() <= line["measures"].as_i64());
        }
    }
    // Measure 1.8 names sexual exploitation: the form counts it.
    let measure = app.call("measure", "code=1.8").await.json();
    assert!(
        measure["exploitation_forms"]
            .as_array()
            .unwrap()
            .contains(&Value::from("sexual"))
    );
    assert!(line(&c, "forms", "form", "sexual")["line"]["measures"].as_i64() >= Some(1));
}

async fn the_money_by_form_adds_up_to_no_more_than_the_plan_and_the_chart_draws_it(app: &TestApp) {
    let c = coverage(app).await;
    let plan = app.call("overview", "lang=Sv").await.json();
    let total = plan["funding"]["allocated"].as_i64().unwrap();
    let by_form: i64 = c["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"]["allocated"].as_i64().unwrap())
        .sum();
    assert!(by_form > 0 && by_form <= total, "{by_form} of {total}");
    let chart = c["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "money-by-form")
        .unwrap();
    let drawn: Vec<i64> = chart["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["values"][0].as_i64().unwrap())
        .collect();
    let listed: Vec<i64> = c["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"]["allocated"].as_i64().unwrap())
        .collect();
    assert_eq!(drawn, listed);
    let option: Value = serde_json::from_str(chart["option"].as_str().unwrap()).unwrap();
    assert_eq!(option["series"][0]["data"], serde_json::json!(listed));
}

async fn presumed_victims_by_form_are_split_by_sex_with_small_counts_suppressed(app: &TestApp) {
    let c = coverage(app).await;
    assert!(c["indicator"][1].as_i64().is_some(), "the latest year");
    // In the demo's latest year, 4 women were presumed victims of surrogacy: suppressed.
    let surrogacy = line(&c, "forms", "form", "surrogacy");
    assert_eq!(surrogacy["women"], "Suppressed");
    assert_eq!(surrogacy["men"], serde_json::json!({ "Shown": 0 }));
    let sexual = line(&c, "forms", "form", "sexual");
    assert!(sexual["women"]["Shown"].as_i64() > sexual["men"]["Shown"].as_i64());
    let chart = c["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "victims-by-form")
        .unwrap();
    let surrogacy_row = chart["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "Surrogatmoderskap")
        .unwrap();
    assert_eq!(surrogacy_row["values"], serde_json::json!([null, 0]));
    // A total that would give a suppressed count away is suppressed too.
    assert!(chart["summary"]["BySex"]["women"].is_null());
}

async fn the_coverage_page_explains_how_it_counts(app: &TestApp) {
    app.get("/coverage")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Täckning",
            "Så räknas det",
            "delas lika",
            "Sexuella ändamål",
            "Barn",
            "data-chart=",
            ">..<",
        ]);
    app.get("/").await.assert_contains(&["href=\"/coverage\""]);
}

async fn anonymous_visitors_are_refused_coverage(app: &TestApp) {
    app.forget_session();
    app.call("coverage", "lang=Sv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

/// With the threshold at 4, exactly one county's count of sexual exploitation among women is
/// hidden in the demo's latest year: the nation's total would give it away.
mod threshold_four {
    use super::*;
    use app::server::Settings;

    fn threshold_4() -> Settings {
        Settings {
            suppression_threshold: 4,
            ..Settings::default()
        }
    }

    async fn a_national_count_is_hidden_when_exactly_one_countys_count_is(app: &TestApp) {
        let c = coverage(app).await;
        let year = c["indicator"][1].as_i64().unwrap();
        // Each county's count of each form and sex in that year, as its county page shows it.
        let mut hidden: std::collections::HashMap<(String, String), usize> = Default::default();
        let counties = app.call("counties", "").await.json();
        for county in counties.as_array().unwrap() {
            let code = county["code"].as_str().unwrap();
            let page = app.call("county", &format!("code={code}")).await.json();
            for series in page["indicators"].as_array().unwrap() {
                let Some(column) = series["years"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|y| y.as_i64() == Some(year))
                else {
                    continue;
                };
                for row in series["rows"].as_array().unwrap() {
                    if let Some(form) = row["form"].as_str()
                        && row["values"][column] == "Suppressed"
                    {
                        *hidden
                            .entry((form.to_owned(), row["sex"].as_str().unwrap().to_owned()))
                            .or_default() += 1;
                    }
                }
            }
        }
        let mut checked = 0;
        for form in c["forms"].as_array().unwrap() {
            for sex in ["women", "men"] {
                let key = (form["form"].as_str().unwrap().to_owned(), sex.to_owned());
                if hidden.get(&key) == Some(&1) {
                    assert_eq!(form[sex], "Suppressed", "{key:?}");
                    checked += 1;
                }
            }
        }
        let shown = c["forms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["women"]["Shown"].as_i64() > Some(0))
            .count();
        assert!(shown > 0, "national counts are still shown where safe");
        assert!(
            checked > 0,
            "the demo has a form and sex hidden in exactly one county"
        );
    }

    on_both_databases!(
        settings = super::threshold_4();
        a_national_count_is_hidden_when_exactly_one_countys_count_is
    );
}

/// Money for `year` for measure 1.8 (which names sexual exploitation), without a county.
async fn decide_money(app: &TestApp, year: i64, kronor: i64) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "INSERT INTO funding (measure_id, year, expenditure_area, appropriation, allocated, evidence) \
         SELECT id, $1, 13, '3:1', $2, 'illustrative' FROM measure WHERE code = '1.8'",
    )
    .bind(year)
    .bind(kronor)
    .execute(&mut *conn)
    .await
    .unwrap();
}

/// Sexual exploitation year by year: (year, money, measures) and the years it loses ground.
async fn sexual_over_time(app: &TestApp) -> (bool, Vec<(i64, i64, i64)>, Vec<i64>) {
    let c = coverage(app).await;
    let sexual = line(&c, "over_time", "form", "sexual");
    let years = sexual["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap(),
                y["allocated"].as_i64().unwrap(),
                y["measures"].as_i64().unwrap(),
            )
        })
        .collect();
    let losing = sexual["losing_ground"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["year"].as_i64().unwrap())
        .collect();
    (sexual["mainly_women"].as_bool().unwrap(), years, losing)
}

async fn a_form_that_mainly_affects_women_and_loses_money_from_one_year_to_the_next_is_marked_in_words(
    app: &TestApp,
) {
    // The plan runs from 2025; the demo day is in 2026.
    let (mainly_women, years, _) = sexual_over_time(app).await;
    assert!(
        mainly_women,
        "most presumed victims of sexual exploitation are women"
    );
    assert_eq!(years.iter().map(|y| y.0).collect::<Vec<_>>(), [2025, 2026]);
    // Far more money in 2025 than in 2026: sexual exploitation loses ground in 2026.
    decide_money(app, 2025, 900_000_000).await;
    let (_, years, losing) = sexual_over_time(app).await;
    assert!(years[0].1 > years[1].1, "{years:?}");
    assert_eq!(losing, [2026]);
    app.get("/coverage").await.assert_contains(&[
        "År för år",
        "Sexuella ändamål, som främst drabbar kvinnor, tappar mark 2026",
    ]);
    // Far more money in 2026 again: it loses ground only if fewer measures run in 2026.
    decide_money(app, 2026, 5_000_000_000).await;
    let (_, years, losing) = sexual_over_time(app).await;
    assert!(years[1].1 > years[0].1, "{years:?}");
    assert_eq!(losing.contains(&2026), years[1].2 < years[0].2, "{years:?}");
}
