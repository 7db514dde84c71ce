//! What there is to do: "my work" per organisation, the deadline list for everyone, and the
//! calendar feed an organisation subscribes to, on SQLite and PostgreSQL.

use http::StatusCode;
use tests::{ADMIN, AGENCY, COUNTY_BOARD, OVERSIGHT, TestApp, form_value, on_both_databases};

async fn my_work_lists_the_organisations_overdue_reports_and_drafts(app: &TestApp) {
    app.forget_session();
    app.get("/my-work").await.assert_status(StatusCode::FOUND);
    app.sign_in(AGENCY).await;
    let page = app.get("/my-work").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Mitt arbete",
        "Jämställdhetsmyndigheten",
        // 3.1 owes its 2026-Q3 report; A2026/00412's interim report is overdue.
        "Lägesrapport 2026-Q3",
        "Delredovisning A2026/00412",
        "Inga sparade utkast.",
    ]);
    // Another organisation's deadline (Åklagarmyndigheten's assignment) is not listed.
    page.assert_lacks(&["Ju2026/00873"]);
    app.call(
        "save_report",
        &format!(
            "kind=measures&key=3.1&period=2026-Q3&version=0&seen_revision=0&status=delayed&progress=40&spent_to_date=0&narrative={}&links=&intent=draft",
            form_value("Påbörjad")
        ),
    )
    .await
    .assert_status(StatusCode::OK);
    app.get("/my-work")
        .await
        .assert_contains(&["Utkast (1)", "/measures/3.1/report?period=2026-Q3"]);
}

async fn a_county_board_sees_its_rows_not_updated_this_quarter(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    app.get("/my-work")
        .await
        .assert_contains(&["Rader som inte är uppdaterade under", "/counties/24/rows/"]);
}

async fn the_deadline_list_shows_everyones_deadlines_and_filters_by_organisation(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    app.get("/deadlines")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Tidsfrister",
            "A2026/00412",
            "Ju2026/00873",
            // Each organisation's counts first, linking to its own list.
            "Ej uppfyllda tidsfrister per organisation",
            "href=\"/deadlines?organisation=jam\"",
        ]);
    let filtered = app.get("/deadlines?organisation=jam").await;
    filtered
        .assert_contains(&["A2026/00412"])
        .assert_lacks(&["Ju2026/00873", "Ej uppfyllda tidsfrister per organisation"]);
    app.get("/deadlines?organisation=jam&all=1")
        .await
        .assert_contains(&["A2026/00412"]);
    app.get("/deadlines?organisation=nobody")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

async fn an_organisations_calendar_feed_holds_its_deadlines_until_the_address_is_renewed(
    app: &TestApp,
) {
    app.sign_in(AGENCY).await;
    app.get("/my-work")
        .await
        .assert_contains(&["Skapa kalenderadress"])
        .assert_lacks(&["/calendar/", "kalenderadress sedan"]);
    let path = renew_calendar(app).await;
    // The address is shown once: the page says only since when there is one.
    app.get("/my-work")
        .await
        .assert_contains(&["kalenderadress sedan"])
        .assert_lacks(&["/calendar/"]);
    app.forget_session();
    // A calendar program fetches it without signing in.
    let feed = app.get(&path).await;
    feed.assert_status(StatusCode::OK).assert_contains(&[
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "Delredovisning A2026/00412",
        "UID:assignment-A2026-00412-interim@lagesbild",
        "DTSTART;VALUE=DATE:20261015",
        // Links start with the configured public address, whatever Host the request named.
        "URL:http://localhost:3000/assignments/A2026-00412/report",
    ]);
    assert_eq!(
        feed.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert!(!feed.text().contains("Ju2026/00873"), "only the agency's");
    // Renewing ends the old address.
    app.sign_in(AGENCY).await;
    let renewed = renew_calendar(app).await;
    app.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    app.get(&renewed).await.assert_status(StatusCode::OK);
    app.get("/calendar/not-a-token.ics")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn calendar_addresses_are_stored_only_as_hashes_and_an_admin_can_end_one(app: &TestApp) {
    app.sign_in(AGENCY).await;
    let path = renew_calendar(app).await;
    let secret = path
        .strip_prefix("/calendar/")
        .and_then(|p| p.strip_suffix(".ics"))
        .unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM calendar_feed")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(stored, vec![app::server::auth::secret::hash(secret)]);
    // The administrators see which organisations have one, never the address.
    app.sign_in(ADMIN).await;
    app.get("/admin/users")
        .await
        .assert_contains(&["Kalenderadresser", "Avsluta adressen"])
        .assert_lacks(&[secret]);
    let feeds = app.call("calendar_feeds", "").await.json();
    assert_eq!(feeds[0]["organisation"]["code"], "jam", "{feeds}");
    app.call("revoke_calendar_feed", "organisation=jam")
        .await
        .assert_status(StatusCode::OK);
    app.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    let history: i64 = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'calendar_feed' \
             AND entity_id = 'jam' AND action = 'revoke'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    assert_eq!(history, 1, "the revocation is in the audit trail");
    // Ending what is not there is a 404, not a silent success.
    app.call("revoke_calendar_feed", "organisation=jam")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

/// Makes a new calendar address as the signed-in user: its path on the configured site.
async fn renew_calendar(app: &TestApp) -> String {
    let response = app.call("renew_calendar_feed", "").await;
    response.assert_status(StatusCode::OK);
    let address = response.json();
    let address = address.as_str().expect("the address, once");
    address
        .strip_prefix("http://localhost:3000")
        .expect("on the configured public address")
        .to_owned()
}

async fn the_oversight_role_has_no_calendar_to_make(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    app.get("/my-work")
        .await
        .assert_status(StatusCode::OK)
        .assert_lacks(&["Skapa kalenderadress"]);
    app.call("renew_calendar_feed", "")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.forget_session();
    app.call("renew_calendar_feed", "")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn every_funding_roll_up_adds_up_to_the_same_total(app: &TestApp) {
    let response = app.call("funding", "");
    let rollup = response.await.json();
    let total = &rollup["total"];
    let mut conn = app.db.acquire().await.unwrap();
    let (allocated, spent): (i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(allocated) AS BIGINT), CAST(SUM(spent) AS BIGINT) FROM funding",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    assert_eq!(total["allocated"], allocated);
    assert_eq!(total["spent"], spent);
    let groups = rollup["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 5);
    for group in groups {
        let lines = group[1].as_array().unwrap();
        let sum = |field: &str| {
            lines
                .iter()
                .map(|l| l["totals"][field].as_i64().unwrap())
                .sum::<i64>()
        };
        assert_eq!(sum("allocated"), allocated, "{}", group[0]);
        assert_eq!(sum("spent"), spent, "{}", group[0]);
    }
    app.get("/funding").await.assert_contains(&[
        "Per ansvarig organisation",
        "Inte fördelat på län",
        "Så räknas det: varje tabell summerar samma finansieringsbeslut",
    ]);
}

on_both_databases!(
    every_funding_roll_up_adds_up_to_the_same_total,
    my_work_lists_the_organisations_overdue_reports_and_drafts,
    a_county_board_sees_its_rows_not_updated_this_quarter,
    the_deadline_list_shows_everyones_deadlines_and_filters_by_organisation,
    an_organisations_calendar_feed_holds_its_deadlines_until_the_address_is_renewed,
    calendar_addresses_are_stored_only_as_hashes_and_an_admin_can_end_one,
    the_oversight_role_has_no_calendar_to_make,
);
