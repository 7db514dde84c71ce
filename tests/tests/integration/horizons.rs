//! How far the money reaches: the last year with money decided for each county's row of a
//! regional measure and for each measure, and the signal a year before the money ends while
//! the measure runs on, on the county, measure and money pages, on SQLite and PostgreSQL. The
//! demo day is 2026-11-28; measure 1.8's coordinators have money to 2026 in a plan to 2030.

use http::StatusCode;
use tests::{TestApp, on_both_databases};

/// Money for `year` earmarked for county `county`'s row of measure `code`.
async fn decide_money(app: &TestApp, code: &str, county: &str, year: i64) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "INSERT INTO funding (measure_id, county_code, year, expenditure_area, appropriation, allocated, evidence) \
         SELECT id, $2, $3, 13, '3:1', 500000, 'illustrative' FROM measure WHERE code = $1",
    )
    .bind(code)
    .bind(county)
    .bind(year)
    .execute(&mut *conn)
    .await
    .unwrap();
}

/// The county page's row of measure `code` (from its code cell to the end of the row).
fn county_row(html: &str, code: &str) -> String {
    let start = html
        .find(&format!(r#"<td class="nowrap">{code}</td>"#))
        .unwrap_or_else(|| panic!("a row for {code}"));
    let end = html[start..].find("</tr>").unwrap() + start;
    html[start..end].to_owned()
}

async fn a_coordinator_funded_to_2026_in_a_plan_to_2030_is_flagged_on_the_county_page(
    app: &TestApp,
) {
    let page = app.get("/counties/24").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Pengar beslutade till och med",
        "Så räknas hur långt pengarna räcker",
    ]);
    let row = county_row(&page.text(), "1.8");
    assert!(row.contains("2026"), "{row}");
    assert!(row.contains("Pengarna tar slut inom ett år"), "{row}");
    assert!(
        row.contains("Pengarna tar slut 2026-12-31 men åtgärden pågår till 2030-12-31"),
        "{row}"
    );
    // Measure 2.1's money (to 2027, not earmarked) lasts as long as the measure (to mid-2027).
    let row = county_row(&page.text(), "2.1");
    assert!(
        row.contains("2027") && !row.contains("Pengarna tar slut"),
        "{row}"
    );
}

async fn money_decided_to_the_measures_end_lifts_the_signal(app: &TestApp) {
    decide_money(app, "1.8", "24", 2030).await;
    let row = county_row(&app.get("/counties/24").await.text(), "1.8");
    assert!(
        row.contains("2030") && !row.contains("Pengarna tar slut"),
        "{row}"
    );
    // Another county's row of the same measure is still flagged.
    let row = county_row(&app.get("/counties/01").await.text(), "1.8");
    assert!(row.contains("Pengarna tar slut inom ett år"), "{row}");
}

async fn the_measure_page_says_how_far_its_money_reaches(app: &TestApp) {
    app.get("/measures/1.8").await.assert_contains(&[
        "Pengar är beslutade till och med 2026.",
        "Pengarna tar slut 2026-12-31 men åtgärden pågår till 2030-12-31",
    ]);
    app.get("/measures/2.1")
        .await
        .assert_contains(&["Pengar är beslutade till och med 2027."])
        .assert_lacks(&["Pengarna tar slut"]);
}

async fn the_money_page_counts_each_countys_rows_whose_money_ends_first(app: &TestApp) {
    let html = app.get("/funding").await.text();
    assert!(html.contains("Hur långt pengarna räcker i länen"));
    // Västerbotten: rows 1.7, 1.8 and 2.1; all funded; 1.7 and 1.8 end before their measures
    // and are flagged; the money runs out first in 2026.
    let section = html.find(r#"id="horizon-heading""#).unwrap();
    let start = section
        + html[section..]
            .find(r#"href="/counties/24">Västerbottens län</a></th>"#)
            .unwrap();
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    let cells: Vec<&str> = row
        .split(r#"<td class="number">"#)
        .skip(1)
        .map(|cell| cell.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["3", "3", "2", "2", "2026"], "{row}");
}

on_both_databases!(
    a_coordinator_funded_to_2026_in_a_plan_to_2030_is_flagged_on_the_county_page,
    money_decided_to_the_measures_end_lifts_the_signal,
    the_measure_page_says_how_far_its_money_reaches,
    the_money_page_counts_each_countys_rows_whose_money_ends_first,
);
