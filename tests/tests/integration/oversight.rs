//! The rights body's views and the change history, on SQLite and PostgreSQL.

use http::StatusCode;
use tests::scalar;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, measures_form, on_both_databases,
    save_vasterbotten_row,
};

const UNANSWERED: &str = "SELECT COUNT(*) FROM obligation \
     WHERE id NOT IN (SELECT obligation_id FROM measure_obligation)";

async fn the_matrix_lists_every_obligation_and_counts_the_unanswered_ones(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    let total = scalar(app, "SELECT COUNT(*) FROM obligation").await;
    let unanswered = scalar(app, UNANSWERED).await;
    assert!(
        unanswered > 0,
        "the demo plan leaves some obligations unanswered"
    );
    let page = app.get("/oversight").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Granskning",
        "Åtaganden och åtgärder",
        &format!("{unanswered} av {total} åtaganden besvaras inte"),
        "Ingen åtgärd i planen svarar mot detta åtagande",
        "Art. 11(4)",
        "Försenade och saknade rapporter",
    ]);
    assert_eq!(
        page.count("class=\"uncovered\""),
        unanswered as usize,
        "each unanswered obligation stands out"
    );
    // Article 19 as amended by 2024/1712: coordinators in (1)–(2), the independent body the
    // rights body answers in (3); the 2011 "national rapporteurs" are gone.
    page.assert_contains(&[
        "Art. 19(1)–(2)",
        "Nationella samordnare mot människohandel eller motsvarande mekanismer",
        "Art. 19(3)",
    ]);
    page.assert_lacks(&["Nationella rapportörer"]);
    let answered_by_the_rights_body = scalar(
        app,
        "SELECT COUNT(*) FROM measure_obligation mo \
         JOIN obligation o ON o.id = mo.obligation_id JOIN measure m ON m.id = mo.measure_id \
         WHERE o.code = 'dir-19-3' AND m.code = '5.1'",
    )
    .await;
    assert_eq!(answered_by_the_rights_body, 1, "5.1 answers Art. 19(3)");
}

async fn an_obligation_answered_by_many_measures_shows_how_many_by_status_and_leads_to_them_all(
    app: &TestApp,
) {
    // Art. 19(3) is answered by measure 5.1 alone; here by every measure of the plan.
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "INSERT INTO measure_obligation (measure_id, obligation_id) \
         SELECT m.id, o.id FROM measure m, obligation o WHERE o.code = 'dir-19-3' \
         AND NOT EXISTS (SELECT 1 FROM measure_obligation x \
                         WHERE x.measure_id = m.id AND x.obligation_id = o.id)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let measures = scalar(app, "SELECT COUNT(*) FROM measure").await;
    assert!(measures > 5);
    app.sign_in(OVERSIGHT).await;
    let compliance = app.call("compliance", "").await.json();
    let obligations = compliance["obligations"].as_array().unwrap();
    let many = obligations
        .iter()
        .find(|o| o["obligation"]["code"] == "dir-19-3")
        .unwrap();
    assert_eq!(many["measure_count"], measures);
    assert_eq!(
        many["measures"].as_array().unwrap().len(),
        0,
        "not sent one by one"
    );
    let by_status: i64 = many["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_i64().unwrap())
        .sum();
    assert_eq!(by_status, measures, "every measure counted at its status");
    // An obligation answered by a few keeps them.
    assert!(obligations.iter().any(|o| {
        let listed = o["measures"].as_array().unwrap().len();
        listed > 0 && o["measure_count"] == listed
    }));
    app.get("/oversight").await.assert_contains(&[
        "href=\"/measures?obligation=dir-19-3\"",
        &format!("Alla {measures} åtgärder"),
    ]);
    app.get("/measures?obligation=dir-19-3")
        .await
        .assert_status(StatusCode::OK);
    let listed = app
        .call(
            "measures",
            &measures_form(&[("obligation", "dir-19-3")], "Sv"),
        )
        .await
        .json();
    assert_eq!(listed["total"], measures, "the filtered list has them all");
    // The download has them all, a row each.
    let csv = app.get("/oversight/compliance.csv").await;
    assert_eq!(
        csv.body.matches("Art. 19(3)").count() as i64,
        measures,
        "a row per measure answering it"
    );
}

async fn the_oversight_page_lists_the_most_overdue_and_leads_to_all_of_them(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    let compliance = app.call("compliance", "").await.json();
    let listed = compliance["overdue"].as_array().unwrap();
    let total = compliance["overdue_total"].as_u64().unwrap() as usize;
    let deadlines = app.call("deadlines", "organisation=&all=true").await.json();
    assert_eq!(
        total,
        deadlines["overdue_total"].as_u64().unwrap() as usize,
        "the same count as the deadlines page"
    );
    assert_eq!(listed.len(), total.min(20));
    // Most overdue first.
    let late: Vec<i64> = listed
        .iter()
        .map(|d| d["days_left"].as_i64().unwrap())
        .collect();
    assert!(late.windows(2).all(|w| w[0] <= w[1]) && late.iter().all(|d| *d < 0));
    app.get("/oversight").await.assert_contains(&[
        r#"href="/deadlines""#,
        &format!("{total} rapporter och redovisningar är försenade"),
    ]);
}

async fn the_matrix_downloads_as_csv_with_a_row_per_obligation_and_measure(app: &TestApp) {
    let csv = app.get("/oversight/compliance.csv").await;
    csv.assert_status(StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.body.starts_with('\u{feff}'),
        "a byte-order mark for Excel"
    );
    let links = scalar(app, "SELECT COUNT(*) FROM measure_obligation").await;
    let unanswered = scalar(app, UNANSWERED).await;
    let unlinked = scalar(
        app,
        "SELECT COUNT(*) FROM measure WHERE id NOT IN (SELECT measure_id FROM measure_obligation)",
    )
    .await;
    let mut reader = csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "Källa");
    assert_eq!(&headers[4], "Åtgärd");
    let records: Vec<_> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len() as i64, links + unanswered + unlinked);
    assert!(
        records
            .iter()
            .any(|r| &r[4] == "1.8" && r[6].contains("Enligt plan"))
    );
    let english = app.get("/oversight/compliance.csv?lang=en").await;
    assert!(english.body.contains("Source,Article,Obligation"));
}

async fn a_title_that_looks_like_a_formula_downloads_as_text(app: &TestApp) {
    let formula = r#"=HYPERLINK("https://evil.example","klicka")"#;
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query("UPDATE measure SET title_sv = $1 WHERE code = '1.8'")
        .bind(formula)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let csv = app.get("/oversight/compliance.csv").await;
    csv.assert_status(StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[4] == "1.8")
        .expect("measure 1.8 has a row");
    assert_eq!(
        &row[5],
        format!("'{formula}"),
        "the title is text, not a formula"
    );
    assert!(
        row[7].parse::<u8>().is_ok(),
        "progress stays a number: {:?}",
        &row[7]
    );
}

async fn the_plan_on_a_past_date_is_rebuilt_from_the_history(app: &TestApp) {
    // Before the first measure began nothing was in the plan; today it is as it is.
    let mut conn = app.db.acquire().await.unwrap();
    let first: String = sqlx::query_scalar("SELECT MIN(start_date) FROM measure")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let day_before = app::domain::IsoDate::parse(&first).unwrap().add_days(-1);
    let before = app
        .call("plan_as_of", &format!("date={day_before}"))
        .await
        .json();
    let measures = before["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 30);
    assert!(measures.iter().all(|m| m["then"].is_null()));
    let today = tests::demo_day().to_string();
    let now = app
        .call("plan_as_of", &format!("date={today}"))
        .await
        .json();
    for m in now["measures"].as_array().unwrap() {
        assert_eq!(m["then"][0], m["now"]["status"], "{m}");
        assert_eq!(m["then"][1], m["now"]["progress"], "{m}");
    }
    // A recorded change after a date is undone for that date.
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, user_name, user_role, entity_type, entity_id, \
                                action, before_json, after_json) \
         VALUES ('2026-11-20T12:00:00Z', 'Test', 'ministry', 'measure', '1.8', 'update', \
                 '{\"status\": \"at_risk\", \"progress\": 12}', '{\"status\": \"on_track\"}')",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let then = app.call("plan_as_of", "date=2026-11-19").await.json();
    let measure = then["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["now"]["code"] == "1.8")
        .unwrap()
        .clone();
    assert_eq!(measure["then"], serde_json::json!(["at_risk", 12]));
    app.get("/oversight/as-of?date=2026-11-19")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Planen ett tidigare datum",
            "Åtgärderna den 2026-11-19 och i dag",
        ]);
    app.call("plan_as_of", "date=not-a-date")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

async fn the_history_tab_tells_each_change_in_plain_words(app: &TestApp) {
    app.get("/measures/1.8")
        .await
        .assert_contains(&["Ändringshistorik", "href=\"/measures/1.8/history\""]);
    app.get("/measures/1.8/history")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Ändringshistorik",
            "Åtgärd 1.8",
            "Skapad",
            "Status: Ej påbörjad",
            "Regional rad, län",
            "UTC",
        ]);
    app.get("/counties/24/history")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Västerbottens län", "Regional rad, län 24"]);
    app.get("/assignments/A2025-00637/history")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Ändringshistorik"]);
    app.get("/measures/99.99/history")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar(sql).fetch_all(&mut *conn).await.unwrap()
}

async fn the_review_is_a_word_document_with_the_whole_matrix_every_overdue_item_and_the_changes(
    app: &TestApp,
) {
    // More overdue than the oversight page shows: 25 interim reports of an assignment passed
    // in 2025 without delivery.
    {
        let mut conn = app.db.acquire().await.unwrap();
        for day in 1..=25 {
            sqlx::query(
                "INSERT INTO assignment_deadline (assignment_id, kind, due_date) \
                 SELECT MIN(id), 'interim', $1 FROM assignment",
            )
            .bind(format!("2025-06-{day:02}"))
            .execute(&mut *conn)
            .await
            .unwrap();
        }
    }
    app.sign_in(COUNTY_BOARD).await;
    save_vasterbotten_row(app, 63).await;
    app.sign_in(OVERSIGHT).await;
    let response = app
        .get("/oversight/granskning.docx?since=2026-11-28&lang=sv")
        .await;
    assert!(
        response
            .header("content-disposition")
            .is_some_and(|d| d.contains("granskningsunderlag-2026-11-28.docx")),
        "a download named by the day it was made"
    );
    let text = response.word_text();
    for heading in [
        "Granskningsunderlag: ",
        "Åtaganden och åtgärder",
        "Åtaganden som ingen åtgärd svarar mot",
        "Åtgärder som inte svarar mot något åtagande",
        "Försenade och saknade rapporter",
        "Ändringar från och med 2026-11-28",
    ] {
        assert!(text.contains(heading), "the review has {heading}");
    }
    // The matrix: the database's counts, and every obligation.
    let total = scalar(app, "SELECT COUNT(*) FROM obligation").await;
    let unanswered = scalar(app, UNANSWERED).await;
    assert!(
        text.contains(&format!(
            "Åtaganden: {total}. Besvaras inte av någon åtgärd: {unanswered}."
        )),
        "{total} obligations, {unanswered} unanswered"
    );
    for reference in strings(app, "SELECT reference FROM obligation").await {
        assert!(text.contains(&reference), "{reference}");
    }
    assert!(
        text.contains("1.8 "),
        "the measures answering an obligation"
    );
    // Every overdue item, not only the page's first 20: as many as the deadlines page counts,
    // each measure report named with its period.
    let deadlines = app.call("deadlines", "organisation=&all=true").await.json();
    let overdue = deadlines["overdue"].as_array().unwrap();
    assert_eq!(
        overdue.len() as u64,
        deadlines["overdue_total"].as_u64().unwrap(),
        "the deadlines page lists every overdue item"
    );
    assert!(overdue.len() > 25, "more than the oversight page shows");
    assert!(
        text.contains(&format!("Försenade: {}.", overdue.len())),
        "the count of overdue items"
    );
    for item in overdue {
        if let Some(report) = item["subject"].get("MeasureReport") {
            let named = format!(
                "Lägesrapport {}, åtgärd {} ",
                report["period"].as_str().unwrap(),
                report["code"].as_str().unwrap()
            );
            assert!(text.contains(&named), "{named}");
        }
    }
    // The changes since the date: as many as the changes page counts, the county board's
    // among them.
    let changes = app
        .call("changes", "from=2026-11-28&to=2026-11-28")
        .await
        .json();
    assert!(
        text.contains(&format!("Ändringar: {}.", changes["total"])),
        "the changes page's count {}",
        changes["total"]
    );
    for words in [
        "Regional rad, län 24, åtgärd 1.8",
        "→ 63 %",
        "Länsstyrelsen i Västerbottens län",
    ] {
        assert!(text.contains(words), "the county board's change: {words}");
    }

    let english = app
        .get("/oversight/granskning.docx?since=2026-11-28&lang=en")
        .await
        .word_text();
    for heading in [
        "Review: ",
        "Obligations no measure answers",
        "Changes from 2026-11-28",
        "Regional row, county 24, measure 1.8",
    ] {
        assert!(
            english.contains(heading),
            "the English review has {heading}"
        );
    }
    for since in ["2026-13-01", "2026-11-29"] {
        app.get(&format!("/oversight/granskning.docx?since={since}"))
            .await
            .assert_status(StatusCode::BAD_REQUEST)
            .assert_contains(&["since"]);
    }
    // The oversight page offers it, with the changes of the last 90 days by default.
    app.get("/oversight").await.assert_contains(&[
        r#"action="/oversight/granskning.docx""#,
        r#"value="2026-08-30""#,
    ]);
}

async fn whoever_reads_the_oversight_views_makes_the_review_and_nobody_signed_out(app: &TestApp) {
    let path = "/oversight/granskning.docx";
    for who in [OVERSIGHT, AGENCY, COUNTY_BOARD, MINISTRY, ADMIN] {
        app.sign_in(who).await;
        app.get(path).await.assert_status(StatusCode::OK);
    }
    app.forget_session();
    app.get(path).await.assert_status(StatusCode::UNAUTHORIZED);
}

on_both_databases!(
    the_matrix_lists_every_obligation_and_counts_the_unanswered_ones,
    an_obligation_answered_by_many_measures_shows_how_many_by_status_and_leads_to_them_all,
    the_oversight_page_lists_the_most_overdue_and_leads_to_all_of_them,
    the_matrix_downloads_as_csv_with_a_row_per_obligation_and_measure,
    a_title_that_looks_like_a_formula_downloads_as_text,
    the_plan_on_a_past_date_is_rebuilt_from_the_history,
    the_history_tab_tells_each_change_in_plain_words,
    the_review_is_a_word_document_with_the_whole_matrix_every_overdue_item_and_the_changes,
    whoever_reads_the_oversight_views_makes_the_review_and_nobody_signed_out,
);
