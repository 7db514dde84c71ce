//! The plan to take away: the whole plan as an Excel workbook (a sheet per table, typed cells)
//! and each table as CSV, in Swedish or English, with what the reader may read and nothing
//! more (no one else's drafts, small counts hidden as on the pages, no formulas), on SQLite and
//! PostgreSQL.

use calamine::{Data, Reader, Xlsx};
use http::StatusCode;
use std::io::Cursor;
use tests::scalar;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, TestResponse, add_draft,
    on_both_databases,
};

on_both_databases!(
    the_whole_plan_downloads_as_a_workbook_with_a_sheet_per_table_and_typed_cells,
    each_table_downloads_as_csv_with_the_rows_of_its_sheet,
    a_draft_is_in_the_download_only_for_who_may_write_the_report,
    small_counts_are_hidden_in_the_download_as_on_the_measure_page,
    a_title_that_looks_like_a_formula_stays_text_in_the_workbook_and_the_csv,
    the_data_page_lists_each_table_with_its_rows_and_columns,
    nobody_signed_out_gets_a_download_without_the_public_view,
    the_plan_ministry_makes_the_progress_report_as_a_word_document_with_its_figures,
    only_the_ministry_that_leads_the_plan_makes_the_progress_report,
);

mod public_view {
    use super::*;

    fn public() -> app::server::Settings {
        app::server::Settings {
            public_view: true,
            data_contact: "oppnadata@example.se".to_owned(),
            data_licence: "https://creativecommons.org/licenses/by/4.0/".to_owned(),
            ..app::server::Settings::default()
        }
    }

    /// The catalogue Sweden's data portal harvests: every table a dataset, in both languages,
    /// each CSV file (Swedish and English) a distribution anyone can download, under the
    /// configured licence and contact.
    async fn the_open_data_catalogue_describes_each_table_for_the_data_portal(app: &TestApp) {
        app.forget_session();
        let response = app.get("/data/catalog.jsonld").await;
        response.assert_status(StatusCode::OK);
        assert_eq!(response.header("content-type"), Some("application/ld+json"));
        let catalogue: serde_json::Value = serde_json::from_str(&response.body).unwrap();
        assert_eq!(catalogue["@type"], "dcat:Catalog");
        assert_eq!(
            catalogue["dct:license"]["@id"],
            "https://creativecommons.org/licenses/by/4.0/"
        );
        let publisher = &catalogue["dct:publisher"]["foaf:name"];
        assert_eq!(publisher[0]["@language"], "sv");
        assert_eq!(publisher[1]["@language"], "en");
        let datasets = catalogue["dcat:dataset"].as_array().unwrap();
        assert_eq!(datasets.len(), TABLES.len());
        for (dataset, table) in datasets.iter().zip(TABLES) {
            assert_eq!(dataset["@type"], "dcat:Dataset");
            for field in ["dct:title", "dct:description"] {
                let texts = dataset[field].as_array().unwrap();
                assert_eq!(texts.len(), 2, "{table}: {field} in Swedish and English");
                assert!(
                    texts
                        .iter()
                        .all(|t| !t["@value"].as_str().unwrap().is_empty())
                );
            }
            assert_eq!(
                dataset["dcat:contactPoint"]["vcard:hasEmail"]["@id"],
                "mailto:oppnadata@example.se"
            );
            assert_eq!(
                dataset["dct:publisher"]["@id"],
                catalogue["dct:publisher"]["@id"]
            );
            let distributions = dataset["dcat:distribution"].as_array().unwrap();
            assert_eq!(distributions.len(), 2, "{table}: Swedish and English");
            for distribution in distributions {
                let url = distribution["dcat:downloadURL"]["@id"].as_str().unwrap();
                let path = url
                    .strip_prefix("http://localhost:3000")
                    .expect("on this site");
                assert!(
                    path.starts_with(&format!("/data/{table}.csv?lang=")),
                    "{path}"
                );
                let csv = app.get(path).await;
                csv.assert_status(StatusCode::OK);
                assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
                assert_eq!(
                    distribution["dct:license"]["@id"],
                    catalogue["dct:license"]["@id"]
                );
            }
        }
        app.sign_in(MINISTRY).await;
        app.get("/data")
            .await
            .assert_contains(&["/data/catalog.jsonld", "Öppna data"]);
    }

    /// Anonymous visitors of a public installation read what is published: every table, no
    /// draft.
    async fn anonymous_visitors_download_the_published_plan_without_drafts(app: &TestApp) {
        add_draft(app, "1.8", "UTKAST-SOM-INTE-ÄR-PUBLICERAT").await;
        app.forget_session();
        let book = workbook(app, "sv").await;
        assert_eq!(book.sheet_names().len(), 12);
        let reports = csv_of(app, "reports").await;
        reports.assert_status(StatusCode::OK);
        assert!(!reports.body.contains("UTKAST-SOM-INTE-ÄR-PUBLICERAT"));
        assert!(reports.body.contains("inskickad"));
        // Kept for anonymous visitors until the plan changes, and no longer.
        let before = csv_of(app, "measures").await;
        assert_eq!(csv_of(app, "measures").await.body, before.body);
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query("UPDATE measure SET title_sv = 'Ny titel efter ändring' WHERE code = '1.8'")
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        let after = csv_of(app, "measures").await;
        assert!(
            after.body.contains("Ny titel efter ändring"),
            "the change shows"
        );
    }

    on_both_databases!(
        settings = super::public();
        anonymous_visitors_download_the_published_plan_without_drafts,
        the_open_data_catalogue_describes_each_table_for_the_data_portal,
    );
}

const SHEETS_SV: [&str; 12] = [
    "Plan",
    "Områden",
    "Åtgärder",
    "Regeringsuppdrag",
    "Redovisningsdatum",
    "Finansiering",
    "Regionalt genomförande",
    "Lägesrapporter",
    "Åtaganden",
    "Indikatorer",
    "Indikatorvärden, hela landet",
    "Indikatormål",
];

const TABLES: [&str; 12] = [
    "plan",
    "areas",
    "measures",
    "assignments",
    "deadlines",
    "funding",
    "regional_rows",
    "reports",
    "obligations",
    "indicators",
    "indicator_values",
    "indicator_targets",
];

async fn workbook(app: &TestApp, lang: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let response = app.get(&format!("/data/lagesbild.xlsx?lang={lang}")).await;
    response.assert_status(StatusCode::OK);
    assert_eq!(
        response.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert!(
        response
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment; filename=\"lagesbild-")),
        "a download"
    );
    Xlsx::new(Cursor::new(response.bytes)).expect("a workbook")
}

async fn csv_of(app: &TestApp, table: &str) -> TestResponse {
    app.get(&format!("/data/{table}.csv")).await
}

/// The rows of a CSV download, the header row first.
fn records(csv: &TestResponse) -> Vec<Vec<String>> {
    assert!(
        csv.body.starts_with('\u{feff}'),
        "a byte-order mark for Excel"
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The row of `sheet` whose first cell is `key`.
fn row_of<'a>(range: &'a calamine::Range<Data>, key: &str) -> &'a [Data] {
    range
        .rows()
        .find(|row| row[0] == Data::String(key.to_owned()))
        .unwrap_or_else(|| panic!("a row {key}"))
}

/// A draft report on measure `code`, period 2030-Q4, as its owner would have saved it.
async fn the_whole_plan_downloads_as_a_workbook_with_a_sheet_per_table_and_typed_cells(
    app: &TestApp,
) {
    let mut book = workbook(app, "sv").await;
    assert_eq!(book.sheet_names(), SHEETS_SV);

    let measures = book.worksheet_range("Åtgärder").unwrap();
    assert_eq!(
        measures.height() as i64,
        scalar(app, "SELECT COUNT(*) FROM measure").await + 1,
        "a header row and a row per measure"
    );
    assert_eq!(
        measures.rows().next().unwrap()[0],
        Data::String("Kod".into())
    );
    let m18 = row_of(&measures, "1.8");
    let progress: i64 = scalar(app, "SELECT progress FROM measure WHERE code = '1.8'").await;
    assert_eq!(
        m18[10],
        Data::Float(progress as f64),
        "progress is a number"
    );
    assert!(
        matches!(m18[7], Data::DateTime(_)),
        "the start is a date: {:?}",
        m18[7]
    );
    assert!(
        matches!(&m18[9], Data::String(s) if !s.is_empty()),
        "status in words"
    );

    // Kronor are numbers: the sheet adds up to the database.
    let funding = book.worksheet_range("Finansiering").unwrap();
    let allocated: f64 = funding
        .rows()
        .skip(1)
        .map(|row| match row[9] {
            Data::Float(n) => n,
            ref other => panic!("allocated is a number, not {other:?}"),
        })
        .sum();
    assert_eq!(
        allocated as i64,
        scalar(app, "SELECT CAST(SUM(allocated) AS BIGINT) FROM funding").await
    );

    // Submitted reports, every revision (the demo has no drafts).
    let reports = book.worksheet_range("Lägesrapporter").unwrap();
    assert_eq!(
        reports.height() as i64,
        scalar(app, "SELECT COUNT(*) FROM progress_report").await + 1
    );
    let regional = book.worksheet_range("Regionalt genomförande").unwrap();
    assert_eq!(
        regional.height() as i64,
        scalar(app, "SELECT COUNT(*) FROM regional_implementation").await + 1
    );
    let obligations = book.worksheet_range("Åtaganden").unwrap();
    let unanswered = obligations
        .rows()
        .skip(1)
        .filter(|row| row[5] == Data::String("nej".into()))
        .count() as i64;
    assert_eq!(
        unanswered,
        scalar(
            app,
            "SELECT COUNT(*) FROM obligation \
             WHERE id NOT IN (SELECT obligation_id FROM measure_obligation)"
        )
        .await
    );

    let mut english = workbook(app, "en").await;
    assert!(english.sheet_names().contains(&"Measures".to_owned()));
    let measures = english.worksheet_range("Measures").unwrap();
    assert_eq!(
        measures.rows().next().unwrap()[0],
        Data::String("Code".into())
    );
}

async fn each_table_downloads_as_csv_with_the_rows_of_its_sheet(app: &TestApp) {
    let mut book = workbook(app, "sv").await;
    for (table, sheet) in TABLES.iter().zip(SHEETS_SV) {
        let csv = csv_of(app, table).await;
        csv.assert_status(StatusCode::OK);
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        let rows = records(&csv);
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(rows.len(), range.height(), "{table}: the rows of its sheet");
        assert!(rows.len() > 1, "{table} has rows in the demo");
        assert_eq!(
            rows[0],
            range
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>(),
            "{table}: the headers of its sheet"
        );
    }
    let english = app.get("/data/measures.csv?lang=en").await;
    assert!(
        english.body.contains("Code,Area,Title"),
        "{}",
        &english.body[..80]
    );
    app.get("/data/passwords.csv")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get("/data/measures.xlsx")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

/// The reports' row count on the data page, as the signed-in person sees it.
async fn reports_listed(app: &TestApp) -> i64 {
    app.call("data_catalogue", "lang=Sv")
        .await
        .catalogue_rows("reports")
}

async fn a_draft_is_in_the_download_only_for_who_may_write_the_report(app: &TestApp) {
    let submitted = scalar(
        app,
        "SELECT COUNT(*) FROM progress_report WHERE state = 'submitted'",
    )
    .await;
    assert_eq!(reports_listed(app).await, submitted);
    // 1.8 is led by an agency under the signed-in ministry; 3.3 by another ministry.
    add_draft(app, "1.8", "UTKAST-OM-1.8").await;
    assert_eq!(
        reports_listed(app).await,
        submitted + 1,
        "the page counts it at once"
    );
    add_draft(app, "3.3", "UTKAST-OM-3.3").await;
    let reports = csv_of(app, "reports").await;
    assert!(
        reports.body.contains("UTKAST-OM-1.8"),
        "the leading ministry's"
    );
    assert!(
        !reports.body.contains("UTKAST-OM-3.3"),
        "not another ministry's"
    );
    let draft = records(&reports)
        .into_iter()
        .find(|r| r.contains(&"UTKAST-OM-1.8".to_owned()))
        .unwrap();
    assert_eq!(draft[4], "utkast");

    app.sign_in(AGENCY).await;
    let reports = csv_of(app, "reports").await;
    assert!(reports.body.contains("UTKAST-OM-1.8"), "the owner's");
    assert!(!reports.body.contains("UTKAST-OM-3.3"));

    app.sign_in(OVERSIGHT).await;
    assert_eq!(reports_listed(app).await, submitted, "not for oversight");
    let reports = csv_of(app, "reports").await;
    reports.assert_status(StatusCode::OK);
    assert!(
        !reports.body.contains("UTKAST-OM"),
        "oversight reads no draft"
    );
    let mut book = workbook(app, "sv").await;
    let sheet = book.worksheet_range("Lägesrapporter").unwrap();
    assert!(
        !sheet
            .rows()
            .any(|row| row.iter().any(|c| c.to_string().starts_with("UTKAST-OM"))),
        "nor in the workbook"
    );
    assert_eq!(
        sheet.height() as i64,
        scalar(
            app,
            "SELECT COUNT(*) FROM progress_report WHERE state = 'submitted'"
        )
        .await
            + 1
    );
    app.sign_in(MINISTRY).await;
}

async fn small_counts_are_hidden_in_the_download_as_on_the_measure_page(app: &TestApp) {
    // An indicator with 2 women and 30 men in 2024: the women's count is small, and the men's
    // would give it away beside the total of 32, so both are hidden; the total is shown.
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "INSERT INTO indicator (code, name_sv, name_en, unit_sv, unit_en, source, evidence, \
             sort_order) \
         VALUES ('small-test', 'Litet test', 'Small test', 'personer', 'people', 'test', \
                 'illustrative', 999)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    for (sex, value) in [("women", 2), ("men", 30)] {
        sqlx::query(
            "INSERT INTO indicator_value (indicator_id, county_code, year, sex, value) \
             SELECT id, '01', 2024, $1, $2 FROM indicator WHERE code = 'small-test'",
        )
        .bind(sex)
        .bind(value)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    drop(conn);
    let values = records(&csv_of(app, "indicator_values").await);
    let row = values
        .iter()
        .find(|r| r[0] == "small-test")
        .expect("the indicator's row");
    assert_eq!(row[2..6], ["2024", "32", "..", ".."]);
    assert_eq!(row[6..8], ["", ""], "not split by age");
    assert!(
        !values.iter().flatten().any(|cell| cell == "2"),
        "no small count anywhere: {values:?}"
    );

    let mut book = workbook(app, "sv").await;
    let sheet = book
        .worksheet_range("Indikatorvärden, hela landet")
        .unwrap();
    let row = row_of(&sheet, "small-test");
    assert_eq!(row[3], Data::Float(32.0));
    assert_eq!(row[4], Data::String("..".into()));
}

async fn a_title_that_looks_like_a_formula_stays_text_in_the_workbook_and_the_csv(app: &TestApp) {
    let formula = r#"=HYPERLINK("https://evil.example","klicka")"#;
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query("UPDATE measure SET title_sv = $1 WHERE code = '1.8'")
        .bind(formula)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let mut book = workbook(app, "sv").await;
    let measures = book.worksheet_range("Åtgärder").unwrap();
    assert_eq!(
        row_of(&measures, "1.8")[2],
        Data::String(formula.to_owned())
    );
    let formulas = book.worksheet_formula("Åtgärder").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
    let rows = records(&csv_of(app, "measures").await);
    let m18 = rows.iter().find(|r| r[0] == "1.8").unwrap();
    assert_eq!(m18[2], format!("'{formula}"));
}

async fn the_data_page_lists_each_table_with_its_rows_and_columns(app: &TestApp) {
    let measures = scalar(app, "SELECT COUNT(*) FROM measure").await;
    app.get("/data")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Data och nedladdning",
            "/data/lagesbild.xlsx?lang=sv",
            "/data/lagesbild.xlsx?lang=en",
            "/data/measures.csv?lang=sv",
            "/data/indicator_values.csv?lang=sv",
            "Regionalt genomförande",
            "Kod, Område, Titel",
            &format!("<td class=\"number\">{measures}</td>"),
        ]);
    app.get_with("/data", &[("cookie", "i18n_pref_locale=en")])
        .await
        .assert_contains(&[
            "Data and downloads",
            "/data/measures.csv?lang=en",
            "Code, Area, Title",
        ]);
}

async fn nobody_signed_out_gets_a_download_without_the_public_view(app: &TestApp) {
    app.forget_session();
    for path in [
        "/data/lagesbild.xlsx",
        "/data/measures.csv",
        "/data/reports.csv",
    ] {
        app.get(path).await.assert_status(StatusCode::UNAUTHORIZED);
    }
    app.call("data_catalogue", "lang=Sv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.get("/data").await.assert_status(StatusCode::FOUND);
    // Nothing is open data, so there is no catalogue of it.
    app.get("/data/catalog.jsonld")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.sign_in(MINISTRY).await;
    app.get("/data/catalog.jsonld")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get("/data").await.assert_lacks(&["catalog.jsonld"]);
}

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar(sql).fetch_all(&mut *conn).await.unwrap()
}

async fn the_plan_ministry_makes_the_progress_report_as_a_word_document_with_its_figures(
    app: &TestApp,
) {
    add_draft(app, "1.8", "UTKAST-SOM-INTE-SKA-MED").await;
    let response = app.get("/data/lagesrapport.docx?period=2030&lang=sv").await;
    assert!(
        response
            .header("content-disposition")
            .is_some_and(|d| d.contains("lagesrapport-2030.docx")),
        "a download named by its period"
    );
    let text = response.word_text();
    for heading in [
        "Lägesrapport: ",
        "Åtgärder per insatsområde",
        "Pengar per år",
        "Länen i de regionala åtgärderna",
        "Uppdragens tidsfrister",
        "Skyldigheter som ingen åtgärd besvarar",
        "Inlämnad i tid: ",
    ] {
        assert!(text.contains(heading), "the report has {heading}");
    }
    // Each measure, with its latest submitted narrative and never a draft.
    for title in strings(app, "SELECT code || ' ' || title_sv FROM measure").await {
        assert!(text.contains(&title), "{title}");
    }
    let narrative = strings(
        app,
        "SELECT r.narrative FROM progress_report r JOIN measure m ON m.id = r.measure_id \
         WHERE m.code = '1.8' AND r.state = 'submitted' ORDER BY r.period DESC, r.revision DESC",
    )
    .await;
    let first_line = narrative[0].lines().next().unwrap();
    assert!(
        text.contains(first_line),
        "the latest narrative: {first_line}"
    );
    assert!(!text.contains("UTKAST-SOM-INTE-SKA-MED"), "no draft");
    // The money adds up to the database's sum, written as on the pages.
    let allocated = scalar(app, "SELECT CAST(SUM(allocated) AS BIGINT) FROM funding").await;
    let total = app::domain::Money::kronor(allocated)
        .unwrap()
        .format(app::domain::Lang::Sv);
    assert!(text.contains(&total), "the total allocated {total}");
    // Every obligation no measure answers, and only those.
    let unanswered = strings(
        app,
        "SELECT o.reference FROM obligation o WHERE NOT EXISTS \
         (SELECT 1 FROM measure_obligation mo WHERE mo.obligation_id = o.id)",
    )
    .await;
    assert!(
        !unanswered.is_empty(),
        "the demo leaves some obligations unanswered"
    );
    for reference in unanswered {
        assert!(text.contains(&format!(" {reference}: ")), "{reference}");
    }

    let english = app
        .get("/data/lagesrapport.docx?period=2026-Q3&lang=en")
        .await
        .word_text();
    for heading in [
        "Progress report: ",
        "Measures by area",
        "Obligations no measure answers",
    ] {
        assert!(
            english.contains(heading),
            "the English report has {heading}"
        );
    }
    app.get("/data/lagesrapport.docx?period=2026-Q5")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // The data page offers it, with the periods that have begun.
    app.get("/data")
        .await
        .assert_contains(&["/data/lagesrapport.docx", r#"<option value="2026-Q4">"#])
        .assert_lacks(&[r#"<option value="2027">"#]);
}

async fn only_the_ministry_that_leads_the_plan_makes_the_progress_report(app: &TestApp) {
    let path = "/data/lagesrapport.docx?period=2026";
    app.get(path).await.assert_status(StatusCode::OK);
    for (who, status) in [
        (AGENCY, StatusCode::FORBIDDEN),
        (COUNTY_BOARD, StatusCode::FORBIDDEN),
        (OVERSIGHT, StatusCode::FORBIDDEN),
        (ADMIN, StatusCode::OK),
    ] {
        app.sign_in(who).await;
        app.get(path).await.assert_status(status);
        let page = app.get("/data").await;
        assert_eq!(
            page.text().contains("/data/lagesrapport.docx"),
            status == StatusCode::OK,
            "{who}: the data page offers it only to who may make it"
        );
    }
    app.forget_session();
    app.get(path).await.assert_status(StatusCode::UNAUTHORIZED);
}
