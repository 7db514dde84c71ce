//! Signals raised from the plan's data, on SQLite and PostgreSQL: each rule raised on data
//! made for it and gone when the data no longer holds it, on the measure, assignment and
//! county pages, the signals page with its filters, the measures list and the oversight page;
//! never for the public. The demo day is 2026-11-28.

use http::StatusCode;
use tests::{TestApp, on_both_databases};

/// Runs one statement of test data.
async fn execute(app: &TestApp, sql: &str) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(sql).execute(&mut *conn).await.unwrap();
}

/// Reads one text.
async fn text(app: &TestApp, sql: &str) -> String {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
}

async fn the_signals_page_lists_what_the_data_raises_with_every_rule_in_words(app: &TestApp) {
    let page = app.get("/oversight/flags").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Signaler från data",
        "Reglerna",
        "Enligt plan trots passerad tidsfrist",
        "Länsrad ej uppdaterad på två kvartal",
        "Slutredovisning försenad",
        "Per slag",
    ]);
    // Measure 1.8's coordinators have money to 2026 in a plan to 2030.
    app.get("/oversight/flags?kind=money_ends")
        .await
        .assert_contains(&[
            "Västerbottens län, åtgärd 1.8",
            "Pengarna tar slut 2026-12-31 men åtgärden pågår till 2030-12-31",
        ])
        .assert_lacks(&["Rapport utan underlag</span>"]);
    app.get_with(
        "/oversight/flags?kind=money_ends",
        &[("cookie", "i18n_pref_locale=en")],
    )
    .await
    .assert_contains(&[
        "Signals from the data",
        "The rules",
        "Västerbotten County, measure 1.8",
    ]);
}

async fn a_measure_past_its_end_date_is_flagged_until_it_is_done(app: &TestApp) {
    app.get("/measures/2.1")
        .await
        .assert_contains(&["Signaler från data"])
        .assert_lacks(&["Slutdatum passerat, inte klar"]);
    execute(
        app,
        "UPDATE measure SET end_date = '2026-06-30', status = 'at_risk' WHERE code = '2.1'",
    )
    .await;
    app.get("/measures/2.1").await.assert_contains(&[
        "Slutdatum passerat, inte klar",
        "Åtgärden skulle vara klar 2026-06-30 men har status Risk för försening.",
    ]);
    execute(
        app,
        "UPDATE measure SET status = 'completed' WHERE code = '2.1'",
    )
    .await;
    app.get("/measures/2.1")
        .await
        .assert_lacks(&["Slutdatum passerat, inte klar"]);
}

async fn a_county_row_not_updated_for_two_quarters_is_flagged_in_its_county_only(app: &TestApp) {
    let row = "UPDATE regional_implementation SET status = 'on_track', updated_at = '{at}' \
               WHERE county_code = '24' AND measure_id = (SELECT id FROM measure WHERE code = '1.7')";
    execute(app, &row.replace("{at}", "2026-03-20T09:00:00Z")).await;
    app.get("/counties/24").await.assert_contains(&[
        "Länsrad ej uppdaterad på två kvartal",
        "Raden uppdaterades senast 2026-03-20.",
    ]);
    app.get("/oversight/flags?kind=row_stale&county=24")
        .await
        .assert_contains(&["Signaler (1)", "Västerbottens län, åtgärd 1.7"]);
    app.get("/oversight/flags?kind=row_stale&county=01")
        .await
        .assert_contains(&["Inga signaler motsvarar urvalet."]);
    // Updated in the quarter before last: one whole quarter has passed, not two.
    execute(app, &row.replace("{at}", "2026-04-02T09:00:00Z")).await;
    app.get("/counties/24")
        .await
        .assert_lacks(&["Länsrad ej uppdaterad på två kvartal"]);
}

/// A submitted report of measure 3.1 for `period`, revision `revision`, at `progress`.
async fn submit(app: &TestApp, period: &str, revision: i64, progress: i64) {
    execute(
        app,
        &format!(
            "INSERT INTO progress_report (measure_id, period, revision, state, status, progress, \
               organisation_id, author_name, evidence, created_at, submitted_at) \
             SELECT id, '{period}', {revision}, 'submitted', 'on_track', {progress}, \
               lead_organisation_id, 'Test', 'illustrative', '2027-08-01T10:00:00Z', \
               '2027-08-01T10:00:00Z' FROM measure WHERE code = '3.1'"
        ),
    )
    .await;
}

async fn with_link(app: &TestApp, period: &str, revision: i64) {
    execute(
        app,
        &format!(
            "INSERT INTO progress_report_link (report_id, url, label) \
             SELECT r.id, 'https://example.org/underlag', 'Underlag' FROM progress_report r \
             JOIN measure m ON m.id = r.measure_id \
             WHERE m.code = '3.1' AND r.period = '{period}' AND r.revision = {revision}"
        ),
    )
    .await;
}

async fn progress_that_went_down_and_a_report_without_evidence_are_flagged(app: &TestApp) {
    submit(app, "2027-Q1", 1, 80).await;
    with_link(app, "2027-Q1", 1).await;
    submit(app, "2027-Q2", 1, 20).await;
    app.get("/measures/3.1")
        .await
        .assert_contains(&[
            "Framdriften minskade",
            "Framdriften gick från 80 % i rapporten för 2027-Q1 till 20 % i rapporten för 2027-Q2.",
            "Rapporten för 2027-Q2 lämnades utan någon länk till underlag.",
        ])
        .assert_lacks(&["Rapporten för 2027-Q1 lämnades utan"]);
    // A correction with a link and the progress the report should have had ends both.
    submit(app, "2027-Q2", 2, 90).await;
    with_link(app, "2027-Q2", 2).await;
    app.get("/measures/3.1").await.assert_lacks(&[
        "i rapporten för 2027-Q2.",
        "Rapporten för 2027-Q2 lämnades utan",
    ]);
}

async fn an_on_track_measure_with_an_overdue_assignment_report_is_flagged(app: &TestApp) {
    let code = text(
        app,
        "SELECT m.code FROM assignment_measure am JOIN measure m ON m.id = am.measure_id \
         ORDER BY m.code LIMIT 1",
    )
    .await;
    let slug = text(
        app,
        &format!(
            "SELECT a.diary_number FROM assignment_measure am \
             JOIN measure m ON m.id = am.measure_id JOIN assignment a ON a.id = am.assignment_id \
             WHERE m.code = '{code}' ORDER BY a.diary_number LIMIT 1"
        ),
    )
    .await
    .replace('/', "-");
    execute(
        app,
        &format!("UPDATE measure SET status = 'on_track' WHERE code = '{code}'"),
    )
    .await;
    execute(
        app,
        &format!(
            "INSERT INTO assignment_deadline (assignment_id, kind, due_date) \
             SELECT id, 'final', '2026-10-01' FROM assignment \
             WHERE diary_number = '{}'",
            slug.replace('-', "/")
        ),
    )
    .await;
    app.get(&format!("/measures/{code}"))
        .await
        .assert_contains(&[
            "Enligt plan trots passerad tidsfrist",
            "Rapporteras som enligt plan",
        ]);
    app.get(&format!("/assignments/{slug}"))
        .await
        .assert_contains(&[
            "Slutredovisning försenad",
            "Slutredovisningen skulle lämnas senast 2026-10-01 och har inte lämnats.",
        ]);
    execute(
        app,
        &format!("UPDATE measure SET status = 'at_risk' WHERE code = '{code}'"),
    )
    .await;
    app.get(&format!("/measures/{code}"))
        .await
        .assert_lacks(&["Enligt plan trots passerad tidsfrist"]);
    execute(
        app,
        "UPDATE assignment_deadline SET delivered_date = '2026-10-01' WHERE due_date = '2026-10-01'",
    )
    .await;
    app.get(&format!("/assignments/{slug}"))
        .await
        .assert_lacks(&["Slutredovisning försenad"]);
}

async fn an_obligation_answered_only_by_a_delayed_measure_is_flagged(app: &TestApp) {
    let reference = text(
        app,
        "SELECT reference FROM obligation \
         WHERE id NOT IN (SELECT obligation_id FROM measure_obligation) ORDER BY sort_order LIMIT 1",
    )
    .await;
    execute(
        app,
        &format!(
            "INSERT INTO measure_obligation (measure_id, obligation_id) \
             SELECT m.id, o.id FROM measure m, obligation o \
             WHERE m.code = '2.2' AND o.reference = '{reference}'"
        ),
    )
    .await;
    execute(
        app,
        "UPDATE measure SET status = 'delayed' WHERE code = '2.2'",
    )
    .await;
    let why = "Besvaras bara av åtgärd 2.2 (Försenad)";
    app.get("/oversight/flags?kind=obligation_weak")
        .await
        .assert_contains(&[&format!("Skyldighet {reference}"), why]);
    execute(
        app,
        "UPDATE measure SET status = 'on_track' WHERE code = '2.2'",
    )
    .await;
    app.get("/oversight/flags?kind=obligation_weak")
        .await
        .assert_lacks(&[why]);
}

async fn money_allocated_for_an_ended_year_and_never_spent_is_flagged(app: &TestApp) {
    let why = "beviljades för 2025 och inget av det har använts.";
    app.get("/measures/2.1").await.assert_lacks(&[why]);
    execute(
        app,
        "INSERT INTO funding (measure_id, year, expenditure_area, appropriation, allocated, evidence) \
         SELECT id, 2025, 13, '3:1', 700000, 'illustrative' FROM measure WHERE code = '2.1'",
    )
    .await;
    app.get("/measures/2.1")
        .await
        .assert_contains(&["Pengar oanvända ett avslutat år", why]);
    execute(
        app,
        "UPDATE funding SET spent = 1000 WHERE year = 2025 AND allocated = 700000",
    )
    .await;
    app.get("/measures/2.1").await.assert_lacks(&[why]);
}

async fn the_measures_list_and_the_oversight_page_show_reported_status_beside_signals(
    app: &TestApp,
) {
    let list = app.get("/measures?q=Regionkoordinatorer").await;
    list.assert_status(StatusCode::OK).assert_contains(&[
        r#"<th scope="col" class="signals">"#,
        "Pengarna tar slut före åtgärden",
    ]);
    app.get("/oversight").await.assert_contains(&[
        "Självrapporterat och signaler",
        "Rapporterat av ägaren",
        r#"href="/oversight/flags?kind=money_ends""#,
    ]);
}

async fn a_filter_that_is_not_one_is_refused_by_name(app: &TestApp) {
    app.call("flags", "organisation=&kind=nonsense&county=")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains(&["kind"]);
    app.call("flags", "organisation=&kind=&county=99")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

on_both_databases!(
    the_signals_page_lists_what_the_data_raises_with_every_rule_in_words,
    a_measure_past_its_end_date_is_flagged_until_it_is_done,
    a_county_row_not_updated_for_two_quarters_is_flagged_in_its_county_only,
    progress_that_went_down_and_a_report_without_evidence_are_flagged,
    an_on_track_measure_with_an_overdue_assignment_report_is_flagged,
    an_obligation_answered_only_by_a_delayed_measure_is_flagged,
    money_allocated_for_an_ended_year_and_never_spent_is_flagged,
    the_measures_list_and_the_oversight_page_show_reported_status_beside_signals,
    a_filter_that_is_not_one_is_refused_by_name,
);

mod public_view {
    use super::*;
    use app::server::Settings;

    async fn the_public_sees_no_signals(app: &TestApp) {
        app.forget_session();
        app.get("/measures/1.8")
            .await
            .assert_status(StatusCode::OK)
            .assert_lacks(&["Signaler från data", "Pengarna tar slut före åtgärden"]);
        app.get("/oversight/flags")
            .await
            .assert_status(StatusCode::FOUND);
        app.call("flags", "organisation=&kind=&county=")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }

    fn public() -> Settings {
        Settings {
            public_view: true,
            ..Settings::default()
        }
    }

    on_both_databases!(settings = super::public(); the_public_sees_no_signals);
}
