//! Editing the plan's measures: a ministry adds and changes the measures its ministry leads,
//! admins any; validation, permissions, no lost updates and the audit trail, on SQLite and
//! PostgreSQL.

use http::StatusCode;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, form_value, on_both_databases,
};

/// The form of a measure as a browser posts it (checkbox groups as `name[]`).
struct MeasureForm<'a> {
    original: &'a str,
    version: i64,
    area: &'a str,
    code: &'a str,
    title_sv: &'a str,
    lead: &'a str,
    start_date: &'a str,
    end_date: &'a str,
    partners: &'a [&'a str],
    obligations: &'a [&'a str],
}

impl Default for MeasureForm<'_> {
    fn default() -> Self {
        MeasureForm {
            original: "3.1",
            version: 1,
            area: "skydd",
            code: "3.1",
            title_sv: "Samordnad stödstruktur för utsatta, ny rubrik",
            lead: "jam",
            start_date: "2026-01-01",
            end_date: "2027-06-30",
            partners: &["socialstyrelsen"],
            obligations: &["dir-2-3"],
        }
    }
}

impl MeasureForm<'_> {
    fn encode(&self) -> String {
        let mut form = format!(
            "original={}&version={}&area={}&code={}&title_sv={}&title_en=&description_sv=&description_en=&kind=coordination&lead={}&start_date={}&end_date={}&report_frequency=quarterly&forms%5B%5D=sexual&groups%5B%5D=women",
            self.original,
            self.version,
            self.area,
            self.code,
            form_value(self.title_sv),
            self.lead,
            form_value(self.start_date),
            form_value(self.end_date),
        );
        for partner in self.partners {
            form.push_str(&format!("&partners%5B%5D={partner}"));
        }
        for obligation in self.obligations {
            form.push_str(&format!("&obligations%5B%5D={obligation}"));
        }
        form
    }
}

async fn save(app: &TestApp, form: MeasureForm<'_>) -> tests::TestResponse {
    app.call("save_measure", &form.encode()).await
}

/// (version, title, end date, partner codes) of a measure.
async fn stored(app: &TestApp, code: &str) -> Option<(i64, String, String, String)> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_as(
        "SELECT m.version, m.title_sv, m.end_date, \
                COALESCE((SELECT MIN(o.code) FROM measure_partner p \
                          JOIN organisation o ON o.id = p.organisation_id \
                          WHERE p.measure_id = m.id), '') \
         FROM measure m WHERE m.code = $1",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await
    .unwrap()
}

async fn version_of(app: &TestApp, code: &str) -> i64 {
    stored(app, code).await.unwrap().0
}

async fn a_ministry_changes_a_measure_its_ministry_leads_and_it_is_audited(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/measures/3.1")
        .await
        .assert_contains(&["/measures/3.1/edit"]);
    app.get("/measures/3.1/edit")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Ändra åtgärd 3.1", "Spara åtgärden"]);
    let version = version_of(app, "3.1").await;
    let response = save(
        app,
        MeasureForm {
            version,
            ..MeasureForm::default()
        },
    )
    .await;
    response.assert_status(StatusCode::OK);
    assert_eq!(response.json(), serde_json::json!("3.1"));
    assert_eq!(
        stored(app, "3.1").await.unwrap(),
        (
            version + 1,
            "Samordnad stödstruktur för utsatta, ny rubrik".into(),
            "2027-06-30".into(),
            "socialstyrelsen".into()
        )
    );
    app.get("/measures/3.1")
        .await
        .assert_contains(&["Samordnad stödstruktur för utsatta, ny rubrik", "Art. 2(3)"]);
    app.get("/measures/3.1/history")
        .await
        .assert_contains(&["2026-12-31 → 2027-06-30"]);
}

async fn a_ministry_adds_a_measure_with_a_code_of_its_own(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/measures")
        .await
        .assert_contains(&["/measures/new"]);
    app.get("/measures/new")
        .await
        .assert_contains(&["Ny åtgärd"]);
    let new = MeasureForm {
        original: "",
        version: 0,
        code: "3.99",
        title_sv: "Ny åtgärd om stöd",
        ..MeasureForm::default()
    };
    save(app, new).await.assert_status(StatusCode::OK);
    app.get("/measures/3.99")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Ny åtgärd om stöd", "Ej påbörjad"]);
    let again = save(
        app,
        MeasureForm {
            original: "",
            version: 0,
            code: "3.99",
            ..MeasureForm::default()
        },
    )
    .await;
    again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        again.json()["Invalid"]["errors"],
        serde_json::json!([{"field": "code", "problem": "CodeTaken"}])
    );
    let mut conn = app.db.acquire().await.unwrap();
    assert_eq!(
        app::server::db::audit::count(&mut conn, "measure", "create")
            .await
            .unwrap(),
        // The demo's history records each demo measure's creation, and this one.
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM measure")
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    );
}

async fn every_wrong_field_is_named_and_nothing_is_saved(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let before = stored(app, "3.1").await;
    let response = save(
        app,
        MeasureForm {
            area: "nowhere",
            title_sv: " ",
            start_date: "2026-01-01",
            end_date: "2025-12-31",
            partners: &["nobody"],
            obligations: &["dir-99"],
            ..MeasureForm::default()
        },
    )
    .await;
    response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "title_sv", "problem": "Required"},
            {"field": "end_date", "problem": "EndBeforeStart"},
        ])
    );
    let response = save(
        app,
        MeasureForm {
            area: "nowhere",
            partners: &["nobody"],
            obligations: &["dir-99"],
            ..MeasureForm::default()
        },
    )
    .await;
    assert_eq!(
        response.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "partners", "problem": "Unknown"},
            {"field": "area", "problem": "Unknown"},
            {"field": "obligations", "problem": "Unknown"},
        ])
    );
    assert_eq!(stored(app, "3.1").await, before);
}

async fn only_the_leading_ministry_and_admins_may_edit_a_measure(app: &TestApp) {
    let version = version_of(app, "3.1").await;
    let form = || {
        MeasureForm {
            version,
            ..MeasureForm::default()
        }
        .encode()
    };
    for (who, expected) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(AGENCY), StatusCode::FORBIDDEN),
        (Some(COUNTY_BOARD), StatusCode::FORBIDDEN),
        (Some(OVERSIGHT), StatusCode::FORBIDDEN),
    ] {
        app.forget_session();
        if let Some(email) = who {
            app.sign_in(email).await;
        }
        app.call("save_measure", &form())
            .await
            .assert_status(expected);
    }
    app.get("/measures/3.1")
        .await
        .assert_lacks(&["/measures/3.1/edit"]);
    // Arbetsmarknadsdepartementet may not touch Socialdepartementet's measure 3.3, nor hand
    // its own measure to an agency of another ministry.
    app.sign_in(MINISTRY).await;
    app.get("/measures/3.3/edit")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.call(
        "save_measure",
        &MeasureForm {
            version,
            lead: "migrationsverket",
            ..MeasureForm::default()
        }
        .encode(),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    assert_eq!(version_of(app, "3.1").await, version, "nothing was saved");
    app.sign_in(ADMIN).await;
    app.call("save_measure", &form())
        .await
        .assert_status(StatusCode::OK);
}

async fn two_saves_of_the_same_version_never_both_win(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let version = version_of(app, "3.1").await;
    let first = MeasureForm {
        version,
        title_sv: "Den första rubriken",
        ..MeasureForm::default()
    };
    let second = MeasureForm {
        version,
        title_sv: "Den andra rubriken",
        ..MeasureForm::default()
    };
    let (a, b) = tokio::join!(save(app, first), save(app, second));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let loser = if a.status == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    let (new_version, title, _, _) = stored(app, "3.1").await.unwrap();
    assert_eq!(new_version, version + 1);
    let conflict = loser.json();
    assert_eq!(conflict["Conflict"]["version"], new_version);
    assert_eq!(
        conflict["Conflict"]["current"],
        serde_json::json!([{"field": "title_sv", "value": title}])
    );
}

fn funding_form(line: i64, version: i64, year: &str, allocated: &str) -> String {
    format!(
        "code=3.1&line={line}&version={version}&year={year}&expenditure_area=13&appropriation=3%3A1&appropriation_item=ap.12&county=24&assignment=&allocated={}&disbursed=0&spent=0&decision_ref={}",
        form_value(allocated),
        form_value("Regleringsbrev 2027"),
    )
}

/// (id, version, year, allocated, county) of measure 3.1's funding lines.
async fn funding_lines(app: &TestApp) -> Vec<(i64, i64, i64, i64, Option<String>)> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_as(
        "SELECT f.id, f.version, f.year, f.allocated, f.county_code FROM funding f \
         JOIN measure m ON m.id = f.measure_id WHERE m.code = '3.1' ORDER BY f.id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

async fn a_ministry_adds_and_corrects_a_funding_decision_and_the_sums_follow(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/measures/3.1")
        .await
        .assert_contains(&["/measures/3.1/funding"]);
    app.get("/measures/3.1/funding")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Nytt finansieringsbeslut", "Spara beslutet"]);
    let before = funding_lines(app).await.len();
    app.call("save_funding", &funding_form(0, 0, "2027", "2 500 000 kr"))
        .await
        .assert_status(StatusCode::OK);
    let lines = funding_lines(app).await;
    assert_eq!(lines.len(), before + 1);
    let (id, version, year, allocated, county) = lines.last().cloned().unwrap();
    assert_eq!(
        (year, allocated, county.as_deref()),
        (2027, 2_500_000, Some("24"))
    );
    app.get("/measures/3.1/funding")
        .await
        .assert_contains(&["2\u{a0}500\u{a0}000\u{a0}kr"]);
    app.call(
        "save_funding",
        &funding_form(id, version, "2027", "3000000"),
    )
    .await
    .assert_status(StatusCode::OK);
    // The second editor still has the first version.
    let stale = app
        .call(
            "save_funding",
            &funding_form(id, version, "2027", "1000000"),
        )
        .await;
    stale.assert_status(StatusCode::CONFLICT);
    assert_eq!(
        stale.json()["Conflict"]["current"],
        serde_json::json!([{"field": "allocated", "value": "3000000"}])
    );
    assert_eq!(funding_lines(app).await.last().unwrap().3, 3_000_000);
    app.get("/funding")
        .await
        .assert_contains(&["Västerbottens län"]);
    app.get("/measures/3.1/history")
        .await
        .assert_contains(&["Beviljat: 2500000 kr → 3000000 kr"]);
}

async fn a_funding_decision_is_refused_with_each_wrong_field_named(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let wrong = app
        .call("save_funding", &funding_form(0, 0, "1999", "-1"))
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "year", "problem": {"OutOfRange": {"min": 2000, "max": 2100}}},
            {"field": "allocated", "problem": "Negative"},
        ])
    );
    for (who, expected) in [
        (AGENCY, StatusCode::FORBIDDEN),
        (OVERSIGHT, StatusCode::FORBIDDEN),
    ] {
        app.sign_in(who).await;
        app.call("save_funding", &funding_form(0, 0, "2027", "100"))
            .await
            .assert_status(expected);
    }
    app.sign_in(MINISTRY).await;
    app.get("/measures/3.3/funding")
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

async fn an_amount_no_plan_holds_is_refused_and_every_sum_stays_readable(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let before = funding_lines(app).await;
    let huge = app
        .call(
            "save_funding",
            &funding_form(0, 0, "2027", "9223372036854775807"),
        )
        .await;
    huge.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        huge.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "allocated", "problem": {"TooMuch": {"max": 100_000_000_000_i64}}},
        ])
    );
    assert_eq!(funding_lines(app).await, before, "nothing was saved");
    // The most each line may hold, many times over, still sums without overflowing.
    for _ in 0..5 {
        app.call(
            "save_funding",
            &funding_form(0, 0, "2027", "100 000 000 000 kr"),
        )
        .await
        .assert_status(StatusCode::OK);
    }
    for page in [
        "/",
        "/funding",
        "/coverage",
        "/measures/3.1",
        "/counties/24",
    ] {
        app.get(page).await.assert_status(StatusCode::OK);
    }
}

async fn a_flood_of_partners_is_refused_at_once(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let before = stored(app, "3.1").await;
    let flood = vec!["a"; 90_000];
    let response = save(
        app,
        MeasureForm {
            partners: &flood,
            ..MeasureForm::default()
        },
    )
    .await;
    response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json()["Invalid"]["errors"],
        serde_json::json!([{"field": "partners", "problem": {"TooMany": {"max": 200}}}])
    );
    assert_eq!(stored(app, "3.1").await, before, "nothing was saved");
}

on_both_databases!(
    a_ministry_adds_and_corrects_a_funding_decision_and_the_sums_follow,
    a_funding_decision_is_refused_with_each_wrong_field_named,
    an_amount_no_plan_holds_is_refused_and_every_sum_stays_readable,
    a_flood_of_partners_is_refused_at_once,
    a_ministry_changes_a_measure_its_ministry_leads_and_it_is_audited,
    a_ministry_adds_a_measure_with_a_code_of_its_own,
    every_wrong_field_is_named_and_nothing_is_saved,
    only_the_leading_ministry_and_admins_may_edit_a_measure,
    two_saves_of_the_same_version_never_both_win,
);
