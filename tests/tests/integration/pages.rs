//! Every page, rendered on the server through the router, on SQLite and on PostgreSQL.

use http::StatusCode;
use tests::{TestApp, on_both_databases};

on_both_databases!(
    a_county_charts_its_statuses_its_money_and_its_indicators,
    the_overview_charts_progress_by_period_and_deadlines_by_month,
    a_measure_charts_its_progress_by_period_and_its_money_by_year,
    small_counts_are_suppressed_in_charts_and_their_downloads,
    a_hidden_count_cannot_be_worked_out_from_a_total_beside_it,
    the_accessibility_statement_is_public_and_linked_from_every_page,
    the_overview_shows_the_plan_its_statuses_and_money,
    the_overview_writes_its_roll_up_rules_next_to_the_figures,
    the_measures_list_shows_the_first_page_in_code_order,
    the_measures_list_filters_by_status,
    the_measures_list_filters_by_county_lead_area_and_obligation,
    free_text_search_finds_measures_regardless_of_case,
    sorting_by_title_puts_swedish_letters_last,
    a_bad_filter_value_is_a_bad_request_with_a_clear_message,
    the_measure_page_shows_everything_about_a_measure,
    the_measure_page_shows_a_table_of_all_21_counties_for_a_regional_measure,
    the_measure_page_shows_its_reporting_schedule_and_report_history,
    an_unknown_measure_is_a_real_404,
    the_assignments_list_shows_diary_numbers_with_their_ministry,
    the_assignment_page_marks_an_overdue_deadline,
    an_unknown_or_malformed_diary_number_is_a_404,
    the_counties_list_shows_all_21_counties,
    the_county_page_shows_its_rows_municipalities_and_indicators,
    small_counts_are_suppressed_on_the_county_page,
    an_unknown_county_is_a_404,
    an_address_that_matches_no_page_is_a_404,
    swedish_is_the_default_whatever_the_browser_asks_for,
    english_is_served_once_chosen,
    the_language_switch_remembers_the_choice_and_returns_to_the_page,
    the_language_switch_never_redirects_to_another_site,
    the_language_switch_returns_to_a_filtered_page_with_its_filters,
    pages_are_complete_html_with_hydration_scripts_and_no_outside_requests,
    the_sites_files_are_linked_by_their_content_and_kept_a_year,
    each_page_is_rendered_once_and_sends_no_copy_of_its_data_for_hydration,
    a_forms_checked_fields_are_its_only_islands,
);

async fn the_overview_shows_the_plan_its_statuses_and_money(app: &TestApp) {
    app.get("/")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Nationell handlingsplan mot människohandel 2025–2030",
            "Arbetsmarknadsdepartementet",
            "Åtgärder per status",
            "av totalt 30",
            "Försenad",
            "Insatsområden",
            "Identifiering, skydd och stöd",
            "Senast inlämnade lägesrapporter",
            "kr",
        ]);
}

async fn the_overview_writes_its_roll_up_rules_next_to_the_figures(app: &TestApp) {
    app.get("/").await.assert_contains(&[
        "oviktat medelvärde av framdriften för alla åtgärder utom avbrutna",
        "Utfall = förbrukat i procent av beviljat",
        "senast 30 dagar efter periodens slut",
    ]);
}

async fn the_measures_list_shows_the_first_page_in_code_order(app: &TestApp) {
    let page = app.get("/measures").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Antal åtgärder: 30",
        "Sida 1 av 2",
        "Jämställdhetsmyndigheten som nationell samordnare",
    ]);
    let body = page.text();
    let first = body.find(">1.1<").expect("measure 1.1 is listed");
    let second = body.find(">1.2<").expect("measure 1.2 is listed");
    assert!(first < second, "1.1 comes before 1.2");
    page.assert_lacks(&[">5.5<"]);
    app.get("/measures?page=2")
        .await
        .assert_contains(&[">5.5<", "Sida 2 av 2"])
        .assert_lacks(&[">1.1<"]);
}

async fn the_measures_list_filters_by_status(app: &TestApp) {
    let page = app.get("/measures?status=completed").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Antal åtgärder: 7",
        ">1.3<",
        ">3.5<",
        ">4.1<",
        ">5.5<",
    ]);
    page.assert_lacks(&[">1.1<", ">4.3<"]);
}

async fn the_measures_list_filters_by_county_lead_area_and_obligation(app: &TestApp) {
    app.get("/measures?county=24")
        .await
        .assert_contains(&["Antal åtgärder: 3", ">1.7<", ">1.8<", ">2.1<"])
        .assert_lacks(&[">1.1<"]);
    app.get("/measures?obligation=dir-18a")
        .await
        .assert_contains(&["Antal åtgärder: 4", ">4.1<", ">4.2<", ">4.3<", ">4.5<"]);
    app.get("/measures?lead=migrationsverket")
        .await
        .assert_contains(&["Antal åtgärder: 2", ">3.8<", ">3.9<"]);
    app.get("/measures?area=lagforing")
        .await
        .assert_contains(&["Antal åtgärder: 5", ">4.4<"])
        .assert_lacks(&[">1.1<"]);
}

async fn free_text_search_finds_measures_regardless_of_case(app: &TestApp) {
    app.get("/measures?q=OLAGA+TJÄNSTEUTNYTTJANDE")
        .await
        .assert_contains(&[">4.3<", ">4.5<"])
        .assert_lacks(&[">1.1<"]);
    app.get("/measures?q=%C3%A5tg%C3%A4rdsprogram")
        .await
        .assert_contains(&["Antal åtgärder: 1", ">1.5<"]);
    // A percent sign is searched for, not used as a wildcard.
    app.get("/measures?q=%25")
        .await
        .assert_contains(&["Antal åtgärder: 0", "Inga åtgärder matchar urvalet."]);
}

async fn sorting_by_title_puts_swedish_letters_last(app: &TestApp) {
    let page = app.get("/measures?sort=title&page=2").await;
    let position = |code: &str| {
        page.body
            .find(&format!(">{code}<"))
            .unwrap_or_else(|| panic!("{code} listed"))
    };
    assert!(
        position("5.4") < position("1.5"),
        "Årlig before Åtgärdsprogram"
    );
    assert!(
        position("1.5") < position("2.3"),
        "Åtgärdsprogram before Ökat"
    );
    let descending = app.get("/measures?sort=title&dir=desc").await;
    let first_row = descending.body.find("<tbody").expect("a table");
    assert!(
        descending.body[first_row..].find(">2.3<") < descending.body[first_row..].find(">5.4<")
    );
}

async fn a_bad_filter_value_is_a_bad_request_with_a_clear_message(app: &TestApp) {
    app.get("/measures?status=late")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains(&["Adressen kunde inte läsas", "late"]);
    app.get("/measures?county=02")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    app.get("/measures?page=0")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

async fn the_measure_page_shows_everything_about_a_measure(app: &TestApp) {
    app.get("/measures/3.4")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Uppdraget att förbereda för stöd till utsatta för prostitution och närliggande målgrupper",
            "Identifiering, skydd och stöd",
            "Jämställdhetsmyndigheten",
            "Socialstyrelsen",
            "Personer i prostitution",
            "Sexuella ändamål",
            "Art. 11(5)",
            "/assignments/A2025-00637",
            "Förslag enligt remissvar",
            "Medel per år",
            "Finansieringsbeslut",
        ]);
}

async fn the_measure_page_shows_a_table_of_all_21_counties_for_a_regional_measure(app: &TestApp) {
    let page = app.get("/measures/1.8").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Regionkoordinatorer mot prostitution och människohandel",
        "Genomförande i länen",
        "Västerbottens län",
        "Polisen i region Nord saknar i dag särskilda människohandelssektioner",
    ]);
    let html = page.text();
    let regional = &html[html.find("id=\"regional-heading\"").unwrap()..];
    let regional = &regional[..regional.find("</section>").unwrap()];
    assert_eq!(
        regional.matches("href=\"/counties/").count(),
        21,
        "one row per county"
    );
}

async fn the_measure_page_shows_its_reporting_schedule_and_report_history(app: &TestApp) {
    app.get("/measures/1.6").await.assert_contains(&[
        "Rapporteringsplan",
        "2025-Q1",
        "2026-Q3",
        "Lägesrapporter",
        "version 1",
    ]);
    // A measure that ended before the plan began owes no reports, and the page says so.
    app.get("/measures/3.5").await.assert_contains(&[
        "Inga lägesrapporter väntas ännu.",
        "Inga inlämnade lägesrapporter ännu.",
    ]);
}

async fn an_unknown_measure_is_a_real_404(app: &TestApp) {
    app.get("/measures/9.9")
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .assert_contains(&["Sidan finns inte"]);
}

async fn the_assignments_list_shows_diary_numbers_with_their_ministry(app: &TestApp) {
    let page = app.get("/assignments").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "A2025/00637",
        "Arbetsmarknadsdepartementet",
        "Ju2026/00873",
        "Justitiedepartementet",
        "S2026/01234",
        "Socialdepartementet",
    ]);
    // The ministry signed in also sees the link to register a new one.
    assert_eq!(page.count("href=\"/assignments/new\""), 1);
    assert_eq!(
        page.count("href=\"/assignments/") - 1,
        8,
        "eight assignments"
    );
}

async fn the_assignment_page_marks_an_overdue_deadline(app: &TestApp) {
    app.get("/assignments/A2025-00637")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "A2025/00637",
            "Arbetsmarknadsdepartementet",
            "Redovisad 2025-11-27",
            "Ej redovisad,",
            "dagar sen",
            "Slutredovisning",
            "/measures/3.4",
        ]);
    app.get("/assignments/Ju2026-00991")
        .await
        .assert_contains(&["Redovisad 2026-10-12, efter tidsfristen"]);
}

async fn an_unknown_or_malformed_diary_number_is_a_404(app: &TestApp) {
    app.get("/assignments/A2099-99999")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get("/assignments/X2025-00637")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn the_counties_list_shows_all_21_counties(app: &TestApp) {
    let page = app.get("/counties").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Stockholms län",
        "Norrbottens län",
        "Umeå",
        "2\u{a0}473\u{a0}307",
    ]);
    assert_eq!(page.count("href=\"/counties/"), 21);
}

async fn the_county_page_shows_its_rows_municipalities_and_indicators(app: &TestApp) {
    app.get("/counties/24")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Västerbottens län",
            "Länsstyrelsen i Västerbottens län",
            "SE-AC",
            "Kommuner (15)",
            "Umeå kommun",
            "Regionkoordinatorer mot prostitution och människohandel",
            "Förmodade offer som uppmärksammats av regionkoordinatorerna",
            "Kvinnor",
            "Arbetskraftsexploatering",
            "Medel öronmärkta för länet",
        ]);
}

async fn small_counts_are_suppressed_on_the_county_page(app: &TestApp) {
    let page = app.get("/counties/09").await;
    page.assert_status(StatusCode::OK)
        .assert_contains(&["Gotlands län", "visas som ”..”"]);
    assert!(page.count(">..<") > 0, "Gotland's small counts show as ..");
}

async fn an_unknown_county_is_a_404(app: &TestApp) {
    app.get("/counties/02")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get("/counties/abc")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn an_address_that_matches_no_page_is_a_404(app: &TestApp) {
    app.get("/no/such/page")
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .assert_contains(&["Sidan finns inte"]);
}

async fn swedish_is_the_default_whatever_the_browser_asks_for(app: &TestApp) {
    app.get_with("/", &[("accept-language", "en-GB,en;q=0.9")])
        .await
        .assert_contains(&["lang=\"sv\"", "Översikt", "Hoppa till innehållet"]);
}

async fn english_is_served_once_chosen(app: &TestApp) {
    app.get_with("/measures/1.8", &[("cookie", "i18n_pref_locale=en")])
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "lang=\"en\"",
            "Regional coordinators against prostitution and trafficking",
            "Implementation in the counties",
            "Västerbotten County",
            "På svenska",
        ]);
    app.get_with("/", &[("cookie", "i18n_pref_locale=en")])
        .await
        .assert_contains(&["SEK\u{a0}"]);
}

async fn the_language_switch_remembers_the_choice_and_returns_to_the_page(app: &TestApp) {
    let response = app
        .get("/language/en?next=%2Fmeasures%3Fstatus%3Ddelayed")
        .await;
    response.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        response.header("location"),
        Some("/measures?status=delayed")
    );
    let cookie = response.header("set-cookie").expect("a cookie");
    assert!(cookie.starts_with("i18n_pref_locale=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    app.get("/language/fr")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn the_language_switch_never_redirects_to_another_site(app: &TestApp) {
    for next in [
        "%2F%2Fevil.example%2F",
        "https%3A%2F%2Fevil.example%2F",
        "%2F%5Cevil.example",
        // Browsers drop tabs and line breaks from an address, leaving `//evil.example`.
        "%2F%09%2Fevil.example",
        "%2F%0D%0A%2Fevil.example",
        "%2F%20%2Fevil.example",
        "%2F..%2F%2Fevil.example",
        "%2F%00%2Fevil.example",
    ] {
        let response = app.get(&format!("/language/sv?next={next}")).await;
        response.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(response.header("location"), Some("/"), "next={next}");
    }
}

async fn the_language_switch_returns_to_a_filtered_page_with_its_filters(app: &TestApp) {
    let page = app.get("/measures?area=samordning&status=delayed").await;
    page.assert_status(StatusCode::OK);
    let html = page.text();
    let switch = html
        .split("<a ")
        .find(|tag| tag.contains("class=\"language-switch\""))
        .and_then(|tag| tag.split("href=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("the page links to the other language")
        .replace("&amp;", "&");
    let response = app.get(&switch).await;
    response.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        response.header("location"),
        Some("/measures?area=samordning&status=delayed"),
        "the switch {switch} returns to the filtered list"
    );
}

async fn pages_are_complete_html_with_hydration_scripts_and_no_outside_requests(app: &TestApp) {
    for path in [
        "/",
        "/measures",
        "/measures/1.1",
        "/assignments",
        "/assignments/A2025-00637",
        "/counties",
        "/counties/01",
    ] {
        let page = app.get(path).await;
        page.assert_status(StatusCode::OK).assert_contains(&[
            "<!DOCTYPE html>",
            "/pkg/lagesbild.css",
            "/pkg/lagesbild",
            "<main id=\"main\"",
            "class=\"skip-link\"",
        ]);
        // Nothing the page loads comes from another host.
        for attribute in ["src=\"http", "href=\"http://", "url(http"] {
            assert!(
                !page.body.contains(attribute),
                "{path} loads something from elsewhere: {attribute}"
            );
        }
        for stylesheet_or_script in page
            .body
            .match_indices("<link")
            .chain(page.body.match_indices("<script"))
        {
            let tag = &page.body[stylesheet_or_script.0..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            assert!(!tag.contains("https://"), "{path}: {tag}");
        }
    }
}

/// Pages are rendered on the server only; the browser hydrates their islands alone, so a page
/// carries no second copy of its data for hydration (that copy was 40-47 % of every page, and
/// rendering it a good part of the server's time: docs/benchmarks.md). Loaded several at once,
/// as the timing of resources once decided what a page sent.
async fn each_page_is_rendered_once_and_sends_no_copy_of_its_data_for_hydration(app: &TestApp) {
    for path in [
        "/",
        "/measures",
        "/measures/1.8",
        "/assignments",
        "/assignments/A2025-00637",
        "/counties",
        "/counties/24",
        "/compare",
        "/coverage",
        "/data",
        "/deadlines",
        "/funding",
        "/oversight",
        "/my-work",
    ] {
        let loads = futures::future::join_all((0..6).map(|_| app.get(path))).await;
        for page in loads {
            page.assert_status(StatusCode::OK)
                .assert_contains(&["hydrateIslands(document.body, mod)"])
                .assert_lacks(&[
                    "__RESOLVED_RESOURCES[",
                    "__SERIALIZED_ERRORS[",
                    "<leptos-island",
                ]);
            assert_eq!(
                page.body.matches("__PENDING_RESOURCES=[];").count(),
                1,
                "{path} has no resource for the browser to wait for"
            );
        }
    }
}

/// The fields the browser checks as they are typed are the only islands: a new measure's form
/// has two, its start and end dates; its other fields are the server's HTML alone.
async fn a_forms_checked_fields_are_its_only_islands(app: &TestApp) {
    let form = app.get("/measures/new").await;
    form.assert_status(StatusCode::OK);
    let islands: Vec<&str> = form
        .body
        .split("<leptos-island")
        .skip(1)
        .map(|island| &island[..island.find('>').unwrap()])
        .collect();
    assert_eq!(islands.len(), 2, "{islands:?}");
    for (island, field) in islands.iter().zip(["start_date", "end_date"]) {
        assert!(
            island.contains("CheckedInput") && island.contains(field),
            "{island}"
        );
    }
}

async fn the_accessibility_statement_is_public_and_linked_from_every_page(app: &TestApp) {
    app.get("/")
        .await
        .assert_contains(&["href=\"/accessibility\""]);
    app.forget_session();
    app.get("/accessibility")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Tillgänglighetsredogörelse",
            "WCAG 2.1",
            "Digg",
            // No address configured: the reader is told whom to ask instead.
            "den som förvaltar Lägesbild",
        ]);
}

mod configured_contact {
    use super::*;
    use app::server::Settings;

    fn with_contact() -> Settings {
        Settings {
            accessibility_contact: "tillganglighet@example.se".into(),
            ..Settings::default()
        }
    }

    async fn the_accessibility_statement_names_the_configured_address(app: &TestApp) {
        app.forget_session();
        app.get("/accessibility")
            .await
            .assert_status(StatusCode::OK)
            .assert_contains(&["href=\"mailto:tillganglighet@example.se\""]);
    }

    on_both_databases!(
        settings = super::with_contact();
        the_accessibility_statement_names_the_configured_address
    );
}

async fn a_measure_charts_its_progress_by_period_and_its_money_by_year(app: &TestApp) {
    let response = app.call("measure_charts", "code=1.8&lang=Sv").await;
    response.assert_status(StatusCode::OK);
    let charts = response.json();
    // Then the indicator the measure should move (`integration::indicators`).
    assert_eq!(
        chart_ids(&charts),
        [
            "progress-over-time",
            "money-by-year",
            "indicator-presumed-victims"
        ]
    );
    assert_charts_draw_their_tables(&charts);
    // Periods run oldest first, one per period (its newest revision).
    assert_oldest_first_once_each(&row_labels(&charts[0]));
    // In English the same numbers, worded in English.
    let english = app.call("measure_charts", "code=1.8&lang=En").await.json();
    assert_eq!(english[0]["title"], "Progress by reporting period");
    assert_eq!(english[0]["table"]["rows"], charts[0]["table"]["rows"]);
}

/// The row labels of a chart's table, in order.
fn row_labels(chart: &serde_json::Value) -> Vec<&str> {
    chart["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect()
}

/// Labels that sort as periods do (`2025-Q1` before `2025-Q2`), each listed once, oldest first.
fn assert_oldest_first_once_each(labels: &[&str]) {
    let mut sorted = labels.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(labels, sorted);
}

/// The ids of a list of charts, in order.
fn chart_ids(charts: &serde_json::Value) -> Vec<&str> {
    charts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

/// Each chart's option draws exactly its table: the categories are the row labels, and each
/// series holds one column's values (a suppressed count is `null` in both).
fn assert_charts_draw_their_tables(charts: &serde_json::Value) {
    for chart in charts.as_array().unwrap() {
        let option: serde_json::Value =
            serde_json::from_str(chart["option"].as_str().unwrap()).unwrap();
        let rows = chart["table"]["rows"].as_array().unwrap();
        let labels: Vec<&serde_json::Value> = rows.iter().map(|r| &r["label"]).collect();
        let categories = if option["xAxis"]["type"] == "category" {
            &option["xAxis"]["data"]
        } else {
            &option["yAxis"]["data"]
        };
        assert_eq!(
            categories.as_array().unwrap().iter().collect::<Vec<_>>(),
            labels,
            "{}",
            chart["id"]
        );
        for (column, series) in option["series"].as_array().unwrap().iter().enumerate() {
            let listed: Vec<&serde_json::Value> =
                rows.iter().map(|r| &r["values"][column]).collect();
            let drawn: Vec<&serde_json::Value> =
                series["data"].as_array().unwrap().iter().collect();
            assert_eq!(drawn, listed, "{}", chart["id"]);
        }
    }
}

/// The CSV download of a chart, as text.
fn csv_of(chart: &serde_json::Value) -> String {
    let href = chart["csv_href"].as_str().unwrap();
    let encoded = href.strip_prefix("data:text/csv;charset=utf-8,").unwrap();
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

async fn a_county_charts_its_statuses_its_money_and_its_indicators(app: &TestApp) {
    let response = app.call("county_charts", "code=09&lang=Sv").await;
    response.assert_status(StatusCode::OK);
    let charts = response.json();
    let ids = chart_ids(&charts);
    assert_eq!(ids[..2], ["county-status", "county-money"]);
    assert!(ids[2..].iter().all(|id| id.starts_with("indicator-")));
    assert!(ids.len() > 2, "Gotland has indicator series");
    assert_charts_draw_their_tables(&charts);
    // Gotland's rows by status add up to its rows.
    let page = app.call("county", "code=09").await.json();
    let drawn: i64 = charts[0]["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["values"][0].as_i64().unwrap())
        .sum();
    assert_eq!(drawn, page["rows"].as_array().unwrap().len() as i64);
}

async fn small_counts_are_suppressed_in_charts_and_their_downloads(app: &TestApp) {
    let charts = app.call("county_charts", "code=09&lang=Sv").await.json();
    let indicators: Vec<&serde_json::Value> = charts
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("indicator-"))
        .collect();
    let values: Vec<&serde_json::Value> = indicators
        .iter()
        .flat_map(|c| c["table"]["rows"].as_array().unwrap())
        .flat_map(|r| r["values"].as_array().unwrap())
        .collect();
    assert!(
        values.iter().any(|v| v.is_null()),
        "some counts are suppressed"
    );
    assert!(
        values
            .iter()
            .filter_map(|v| v.as_i64())
            .all(|v| v == 0 || v >= 5),
        "no count from 1 to 4 is shown"
    );
    let suppressed = indicators
        .iter()
        .find(|c| csv_of(c).contains(",.."))
        .expect("a download with a suppressed count");
    assert!(!csv_of(suppressed).contains(",1\n"));
}

mod no_suppression {
    use super::*;
    use app::server::Settings;

    fn without_suppression() -> Settings {
        Settings {
            suppression_threshold: 0,
            ..Settings::default()
        }
    }

    async fn with_the_threshold_at_zero_every_count_is_shown(app: &TestApp) {
        let charts = app.call("county_charts", "code=09&lang=Sv").await.json();
        let nulls = charts
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["table"]["rows"].as_array().unwrap())
            .flat_map(|r| r["values"].as_array().unwrap())
            .filter(|v| v.is_null())
            .count();
        assert_eq!(nulls, 0);
    }

    on_both_databases!(
        settings = super::without_suppression();
        with_the_threshold_at_zero_every_count_is_shown
    );
}

async fn the_overview_charts_progress_by_period_and_deadlines_by_month(app: &TestApp) {
    let response = app.call("overview", "lang=Sv").await;
    response.assert_status(StatusCode::OK);
    let overview = response.json();
    let charts = &overview["charts"];
    assert_eq!(
        chart_ids(charts),
        [
            "status",
            "plan-progress",
            "deadlines-by-month",
            "money-by-year",
            "money-by-area"
        ]
    );
    assert_charts_draw_their_tables(charts);
    // Quarters oldest first, each once.
    let periods = row_labels(&charts[1]);
    assert_oldest_first_once_each(&periods);
    assert!(
        periods.len() >= 4,
        "the demo has reported for a year and more"
    );
    // Six consecutive months from this one, each with its count of unmet deadlines; the
    // overview's list of upcoming deadlines falls within them.
    let months = row_labels(&charts[2]);
    assert_eq!(months.len(), 6);
    assert_eq!(months[0], &overview["today"].as_str().unwrap()[..7]);
    let coming: i64 = charts[2]["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["values"][0].as_i64().unwrap())
        .sum();
    let listed_in_window = overview["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| months.contains(&&d["due_date"].as_str().unwrap()[..7]))
        .count() as i64;
    assert!(coming >= listed_in_window && coming > 0);
}

/// For each indicator of a county: every (year, sex) whose total over the forms is shown,
/// with how many of that sex's form counts for the year are hidden.
fn totals_and_hidden_parts(county: &serde_json::Value) -> Vec<(bool, usize)> {
    let mut found = Vec::new();
    for series in county["indicators"].as_array().unwrap() {
        let rows = series["rows"].as_array().unwrap();
        for total in rows.iter().filter(|r| r["form"].is_null()) {
            let parts: Vec<&serde_json::Value> = rows
                .iter()
                .filter(|r| !r["form"].is_null() && r["sex"] == total["sex"])
                .collect();
            for (year, value) in total["values"].as_array().unwrap().iter().enumerate() {
                let hidden = parts
                    .iter()
                    .filter(|p| p["values"][year] == "Suppressed")
                    .count();
                found.push((value != "Suppressed", hidden));
            }
        }
    }
    found
}

async fn a_hidden_count_cannot_be_worked_out_from_a_total_beside_it(app: &TestApp) {
    let mut exactly_one_hidden = 0;
    for code in ["01", "09", "10", "23", "24", "25"] {
        let county = app.call("county", &format!("code={code}")).await.json();
        for (shown, hidden) in totals_and_hidden_parts(&county) {
            if hidden == 1 {
                exactly_one_hidden += 1;
                assert!(
                    !shown,
                    "county {code}: a total beside exactly one hidden form is hidden"
                );
            }
        }
    }
    assert!(exactly_one_hidden > 0, "the demo has such totals");
}

async fn the_sites_files_are_linked_by_their_content_and_kept_a_year(app: &TestApp) {
    let page = app.get("/").await;
    // `<script src="/charts.<hash>.js" data-echarts=… data-outline="/sweden-counties.<hash>…">`
    let named = |prefix: &str| {
        let start = page
            .body
            .find(prefix)
            .unwrap_or_else(|| panic!("{prefix} is linked"));
        let end = start + page.body[start..].find('"').expect("a closing quote");
        page.body[start..end].to_owned()
    };
    let charts = named("/charts.");
    assert_eq!(charts.len(), "/charts..js".len() + 32, "{charts}");
    assert!(named("/sweden-counties.").ends_with(".geojson"));
    assert!(
        !page.body.contains("\"/charts.js\""),
        "never linked by its own address"
    );
    let file = app.get(&charts).await;
    file.assert_status(StatusCode::OK);
    assert_eq!(
        file.body,
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/charts.js"))
            .unwrap()
    );
    assert_eq!(
        file.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // Its own address still answers (a page from before a new build), checked before each use.
    let own = app.get("/charts.js").await;
    own.assert_status(StatusCode::OK);
    assert_eq!(own.header("cache-control"), Some("no-cache"));
    // A name no build of this server gave is not found.
    app.get("/charts.0123456789abcdef0123456789abcdef.js")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
