//! Regional reporting by county boards: saving their own rows, validation, no lost updates,
//! staleness and the audit trail, on SQLite and PostgreSQL.

use http::StatusCode;
use tests::{COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, form_value, on_both_databases};

/// Västerbotten's row for measure 1.8: (version, progress, narrative).
async fn row(app: &TestApp) -> (i64, i64, String) {
    let mut conn = app.db.acquire().await.unwrap();
    let row: (i64, i64, String) = sqlx::query_as(
        "SELECT ri.version, ri.progress, ri.narrative FROM regional_implementation ri \
         JOIN measure m ON m.id = ri.measure_id WHERE m.code = '1.8' AND ri.county_code = '24'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    row
}

async fn audited(app: &TestApp) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    app::server::db::audit::count(&mut conn, "regional_row", "update")
        .await
        .unwrap()
}

fn save_form(county: &str, version: i64, progress: &str, spent: &str, narrative: &str) -> String {
    format!(
        "code=1.8&county={county}&version={version}&status=at_risk&progress={}&contact_name={}&contact_role={}&narrative={}&spent={}",
        form_value(progress),
        form_value("Anna Andersson"),
        form_value("Regional samordnare"),
        form_value(narrative),
        form_value(spent),
    )
}

async fn a_county_board_saves_its_own_row_and_the_change_is_audited(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let (version, _, _) = row(app).await;
    let before = audited(app).await;
    app.call(
        "save_regional_row",
        &save_form(
            "24",
            version,
            "64 %",
            "1 250 000 kr",
            "Utbildning i alla kommuner.",
        ),
    )
    .await
    .assert_status(StatusCode::OK);
    let (new_version, progress, narrative) = row(app).await;
    assert_eq!(new_version, version + 1);
    assert_eq!(progress, 64);
    assert_eq!(narrative, "Utbildning i alla kommuner.");
    assert_eq!(audited(app).await, before + 1);
    app.get("/counties/24/history").await.assert_contains(&[
        "Regional rad, län 24, åtgärd 1.8",
        "→ 64 %",
        "Förbrukat:",
        "1250000 kr",
    ]);
}

async fn nobody_but_the_countys_own_board_may_save_its_row(app: &TestApp) {
    let (version, _, _) = row(app).await;
    let form = save_form("24", version, "10", "0", "Försök");
    for (who, expected) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(MINISTRY), StatusCode::FORBIDDEN),
        (Some(OVERSIGHT), StatusCode::FORBIDDEN),
    ] {
        app.forget_session();
        if let Some(email) = who {
            app.sign_in(email).await;
        }
        app.call("save_regional_row", &form)
            .await
            .assert_status(expected);
    }
    // Västerbotten's board may not touch Stockholm's row.
    app.sign_in(COUNTY_BOARD).await;
    app.call(
        "save_regional_row",
        &save_form("01", 1, "10", "0", "Försök"),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    assert_eq!(row(app).await.0, version, "nothing was saved");
}

async fn every_wrong_field_is_named_and_nothing_is_saved(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let (version, progress, _) = row(app).await;
    let before = audited(app).await;
    let response = app
        .call(
            "save_regional_row",
            &save_form("24", version, "140", "-5", "Text"),
        )
        .await;
    response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json(),
        serde_json::json!({"Invalid": {"errors": [
            {"field": "progress", "problem": {"OutOfRange": {"min": 0, "max": 100}}},
            {"field": "spent", "problem": "Negative"},
        ]}})
    );
    assert_eq!(row(app).await, (version, progress, row(app).await.2));
    assert_eq!(audited(app).await, before);
}

async fn two_saves_of_the_same_version_never_both_win(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let (version, _, _) = row(app).await;
    let first = save_form("24", version, "50", "0", "Den första versionen");
    let second = save_form("24", version, "55", "0", "Den andra versionen");
    let (a, b) = tokio::join!(
        app.call("save_regional_row", &first),
        app.call("save_regional_row", &second)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let (winner, loser) = if a.status == StatusCode::OK {
        (&first, b)
    } else {
        (&second, a)
    };
    let (new_version, _, narrative) = row(app).await;
    assert_eq!(new_version, version + 1);
    assert!(
        winner.contains(&form_value(&narrative)),
        "the winner's text is saved"
    );
    let conflict = loser.json();
    assert_eq!(conflict["Conflict"]["version"], new_version);
    assert!(
        conflict["Conflict"]["current"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["field"] == "narrative" && v["value"] == narrative.as_str()),
        "the refused person is shown what is saved now: {conflict}"
    );
    // Having seen it, they may save over the new version.
    app.call(
        "save_regional_row",
        &save_form("24", new_version, "60", "0", "Sammanfogad"),
    )
    .await
    .assert_status(StatusCode::OK);
}

async fn the_form_is_offered_only_to_the_countys_own_board(app: &TestApp) {
    app.get("/counties/24/rows/1.8")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Bara länsstyrelsen i länet kan ändra raden."])
        .assert_lacks(&["Spara raden"]);
    app.sign_in(COUNTY_BOARD).await;
    let (version, _, _) = row(app).await;
    app.get("/counties/24/rows/1.8")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Spara raden",
            "Framdrift i procent",
            "Läget i länet",
            // In the server's HTML, so the form saves before any WebAssembly has run.
            &format!("name=\"version\" value=\"{version}\""),
        ]);
    app.get("/counties/24/rows/99.9")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn saved_text_that_tries_to_end_its_text_area_stays_text_in_the_form(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let (version, _, _) = row(app).await;
    let attack = "Klart.</textarea><form action=\"https://evil.example\"><button>Logga in igen</button></form>";
    app.call(
        "save_regional_row",
        &save_form("24", version, "50", "0", attack),
    )
    .await
    .assert_status(StatusCode::OK);
    app.get("/counties/24/rows/1.8")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Klart.&lt;/textarea&gt;&lt;form action=\"https://evil.example\"&gt;&lt;button&gt;Logga in igen&lt;/button&gt;&lt;/form&gt;</textarea>",
        ])
        .assert_lacks(&["<form action=\"https://evil.example\">"]);
}

async fn a_row_not_updated_this_quarter_is_marked_until_it_is(app: &TestApp) {
    let stale_rows = |body: String| -> usize {
        let marker = " av ";
        let at = body.find("rader är inte uppdaterade under").unwrap();
        let start = body[..at].rfind('>').unwrap() + 1;
        body[start..at]
            .split(marker)
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let before = stale_rows(app.get("/counties/24").await.text());
    app.sign_in(COUNTY_BOARD).await;
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "UPDATE regional_implementation SET updated_at = '2020-01-01T00:00:00Z' \
         WHERE county_code = '24' AND measure_id = (SELECT id FROM measure WHERE code = '1.8')",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let stale = stale_rows(app.get("/counties/24").await.text());
    assert!(stale >= 1 && stale >= before.min(stale));
    let (version, _, _) = row(app).await;
    app.call(
        "save_regional_row",
        &save_form("24", version, "70", "0", "Uppdaterad"),
    )
    .await
    .assert_status(StatusCode::OK);
    let page = app.get("/counties/24").await;
    assert_eq!(stale_rows(page.text()), stale - 1);
    page.assert_contains(&["Uppdatera"]);
}

on_both_databases!(
    a_county_board_saves_its_own_row_and_the_change_is_audited,
    nobody_but_the_countys_own_board_may_save_its_row,
    every_wrong_field_is_named_and_nothing_is_saved,
    two_saves_of_the_same_version_never_both_win,
    the_form_is_offered_only_to_the_countys_own_board,
    saved_text_that_tries_to_end_its_text_area_stays_text_in_the_form,
    a_row_not_updated_this_quarter_is_marked_until_it_is,
);
