//! Registering and changing government assignments and their deadlines: only the ministry
//! whose prefix the diary number carries (or an admin), each wrong field named, no lost
//! updates, a delivered deadline keeping its delivery date, and the audit trail, on SQLite and
//! PostgreSQL.

use http::StatusCode;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, form_value, on_both_databases,
};

fn assignment_form(diary_number: &str, interim: &str, final_due: &str) -> String {
    format!(
        "diary_number={}&recipient=jam&title_sv={}&title_en=&description_sv=&decision_date=2026-11-20&interim_due={interim}&final_due={final_due}&measures%5B%5D=3.1&measures%5B%5D=3.2",
        form_value(diary_number),
        form_value("Uppdrag att stödja kommunernas arbete"),
    )
}

async fn a_ministry_registers_an_assignment_under_its_own_prefix(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/assignments")
        .await
        .assert_contains(&["/assignments/new"]);
    app.get("/assignments/new")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Nytt regeringsuppdrag", "Registrera uppdraget"]);
    let response = app
        .call(
            "create_assignment",
            &assignment_form("A2026/01999", "2027-03-31", "2027-12-31"),
        )
        .await;
    response.assert_status(StatusCode::OK);
    assert_eq!(response.json(), serde_json::json!("A2026-01999"));
    app.get("/assignments/A2026-01999").await.assert_contains(&[
        "Uppdrag att stödja kommunernas arbete",
        "Arbetsmarknadsdepartementet",
        "2027-03-31",
        "2027-12-31",
        "/measures/3.2",
    ]);
    // Its deadlines are the recipient's: they show on Jämställdhetsmyndigheten's work page.
    app.sign_in(AGENCY).await;
    app.get("/deadlines?organisation=jam")
        .await
        .assert_contains(&["A2026/01999"]);
    app.sign_in(MINISTRY).await;
    let again = app
        .call(
            "create_assignment",
            &assignment_form("A2026/01999", "", "2027-12-31"),
        )
        .await;
    assert_eq!(
        again.json()["Invalid"]["errors"],
        serde_json::json!([{"field": "diary_number", "problem": "DiaryNumberTaken"}])
    );
}

async fn an_assignment_is_refused_with_each_wrong_field_named(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let wrong = app
        .call(
            "create_assignment",
            &assignment_form("A2026-1", "2026-01-01", "2026-12-31"),
        )
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "diary_number", "problem": "NotADiaryNumber"},
            {"field": "interim_due", "problem": "BeforeDecision"},
        ])
    );
    // A ministry registers only its own assignments: S is Socialdepartementet's prefix.
    app.call(
        "create_assignment",
        &assignment_form("S2026/01999", "", "2027-12-31"),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    for (who, expected) in [
        (AGENCY, StatusCode::FORBIDDEN),
        (OVERSIGHT, StatusCode::FORBIDDEN),
    ] {
        app.sign_in(who).await;
        app.call(
            "create_assignment",
            &assignment_form("A2026/01998", "", "2027-12-31"),
        )
        .await
        .assert_status(expected);
    }
    let mut conn = app.db.acquire().await.unwrap();
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assignment WHERE diary_number IN ('S2026/01999', 'A2026/01998')",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(count, 0);
}

/// The version of assignment `diary_number`.
async fn assignment_version(app: &TestApp, diary_number: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar("SELECT version FROM assignment WHERE diary_number = $1")
        .bind(diary_number)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

/// A2025/00637's own fields as its form posts them, with these measures.
fn change_form(version: i64, title_sv: &str, decision_date: &str, measures: &[&str]) -> String {
    let measures: String = measures
        .iter()
        .map(|m| format!("&measures%5B%5D={m}"))
        .collect();
    format!(
        "diary_number=A2025%2F00637&version={version}&recipient=jam&title_sv={}&title_en=&description_sv=&description_en={}&decision_date={decision_date}{measures}",
        form_value(title_sv),
        form_value("Support for people exposed to prostitution"),
    )
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'assignment' \
         AND entity_id = 'A2025/00637' AND action = $1",
    )
    .bind(action)
    .fetch_one(&mut *conn)
    .await
    .unwrap()
}

async fn a_ministry_changes_its_assignment_and_a_stale_save_is_refused(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/assignments/A2025-00637").await.assert_contains(&[
        "/assignments/A2025-00637/edit",
        "/assignments/A2025-00637/deadlines",
    ]);
    app.get("/assignments/A2025-00637/edit")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Ändra regeringsuppdrag A2025/00637",
            "Uppdraget att förbereda",
        ]);
    let version = assignment_version(app, "A2025/00637").await;
    let saved = app
        .call(
            "save_assignment",
            &change_form(
                version,
                "Stöd till utsatta för prostitution",
                "2025-03-13",
                &["3.4", "2.3", "1.1"],
            ),
        )
        .await;
    saved.assert_status(StatusCode::OK);
    assert_eq!(saved.json(), serde_json::json!("A2025-00637"));
    assert_eq!(assignment_version(app, "A2025/00637").await, version + 1);
    app.get("/assignments/A2025-00637")
        .await
        .assert_contains(&["Stöd till utsatta för prostitution", "/measures/1.1"]);
    assert_eq!(audit_count(app, "update").await, 1);
    // Someone who opened the form before that save is refused and told what is saved now.
    let stale = app
        .call(
            "save_assignment",
            &change_form(version, "En annan rubrik", "2025-03-13", &["3.4", "2.3"]),
        )
        .await;
    stale.assert_status(StatusCode::CONFLICT);
    let conflict = stale.json();
    assert_eq!(conflict["Conflict"]["version"], version + 1);
    assert_eq!(
        conflict["Conflict"]["current"],
        serde_json::json!([
            {"field": "title_sv", "value": "Stöd till utsatta för prostitution"},
            {"field": "measures", "value": "1.1, 2.3, 3.4"},
        ])
    );
    assert_eq!(audit_count(app, "update").await, 1);
}

async fn an_assignment_keeps_its_funded_measures_and_its_decision_before_its_deadlines(
    app: &TestApp,
) {
    app.sign_in(MINISTRY).await;
    let version = assignment_version(app, "A2025/00637").await;
    // Money goes to measure 2.3 through the assignment, and its first interim report was due
    // 2025-11-30.
    let wrong = app
        .call(
            "save_assignment",
            &change_form(version, "", "2026-01-01", &["3.4"]),
        )
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "title_sv", "problem": "Required"},
        ])
    );
    let wrong = app
        .call(
            "save_assignment",
            &change_form(version, "Rubrik", "2026-01-01", &["3.4"]),
        )
        .await;
    assert_eq!(
        wrong.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "decision_date", "problem": "AfterDeadline"},
            {"field": "measures", "problem": "StillFunded"},
        ])
    );
    assert_eq!(assignment_version(app, "A2025/00637").await, version);
}

/// (id, version, kind, due date, delivered date) of A2025/00637's deadlines, by due date.
async fn deadlines(app: &TestApp) -> Vec<(i64, i64, String, String, Option<String>)> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_as(
        "SELECT d.id, d.version, d.kind, d.due_date, d.delivered_date FROM assignment_deadline d \
         JOIN assignment a ON a.id = d.assignment_id WHERE a.diary_number = 'A2025/00637' \
         ORDER BY d.due_date, d.id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

fn deadline_form(id: i64, version: i64, kind: &str, due: &str) -> String {
    format!(
        "diary_number=A2025%2F00637&deadline={id}&version={version}&kind={kind}&due_date={due}&description_sv={}&description_en=",
        form_value("Delredovisning: kostnader"),
    )
}

async fn deadlines_move_and_are_added_and_a_delivered_one_keeps_its_date(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/assignments/A2025-00637/deadlines")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Uppdragets tidsfrister", "Levererad"]);
    let before = deadlines(app).await;
    let (first, first_version, _, _, delivered) = before[0].clone();
    assert_eq!(delivered.as_deref(), Some("2025-11-27"));
    // The government moved the first interim report; it was delivered, and stays so.
    app.call(
        "save_deadline",
        &deadline_form(first, first_version, "interim", "2025-12-15"),
    )
    .await
    .assert_status(StatusCode::OK);
    // And asked for another one.
    app.call(
        "save_deadline",
        &deadline_form(0, 0, "interim", "2026-12-15"),
    )
    .await
    .assert_status(StatusCode::OK);
    let after = deadlines(app).await;
    assert_eq!(after.len(), 4);
    assert_eq!(
        (after[0].3.as_str(), after[0].4.as_deref()),
        ("2025-12-15", Some("2025-11-27"))
    );
    assert_eq!(
        (after[2].2.as_str(), after[2].3.as_str()),
        ("interim", "2026-12-15")
    );
    app.get("/deadlines?organisation=jam")
        .await
        .assert_contains(&["2026-12-15"]);
    assert_eq!(audit_count(app, "deadline_changed").await, 1);
    assert_eq!(audit_count(app, "deadline_added").await, 1);
    // One final report only; no interim report after it; none before the decision.
    let refusals = [
        (
            deadline_form(0, 0, "final", "2027-06-30"),
            "kind",
            "FinalExists",
        ),
        (
            deadline_form(0, 0, "interim", "2027-06-30"),
            "due_date",
            "DeadlineOrder",
        ),
        (
            deadline_form(0, 0, "interim", "2025-01-01"),
            "due_date",
            "BeforeDecision",
        ),
        (
            deadline_form(0, 0, "interim", "31/12/2026"),
            "due_date",
            "NotADate",
        ),
    ];
    for (form, field, problem) in refusals {
        let refused = app.call("save_deadline", &form).await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            refused.json()["Invalid"]["errors"],
            serde_json::json!([{"field": field, "problem": problem}]),
            "{form}"
        );
    }
    // A save over the version before the move is refused with the date saved now.
    let stale = app
        .call(
            "save_deadline",
            &deadline_form(first, first_version, "interim", "2025-12-31"),
        )
        .await;
    stale.assert_status(StatusCode::CONFLICT);
    assert_eq!(
        stale.json()["Conflict"]["current"],
        serde_json::json!([{"field": "due_date", "value": "2025-12-15"}])
    );
    assert_eq!(deadlines(app).await.len(), 4);
}

async fn a_ministry_links_its_assignments_only_to_measures_it_may_edit(app: &TestApp) {
    // Measure 4.4 is led by Justitiedepartementet, not by the ministry signed in.
    let not_yours = serde_json::json!([{"field": "measures", "problem": "NotYourMeasure"}]);
    app.sign_in(MINISTRY).await;
    let new = format!(
        "{}&measures%5B%5D=4.4",
        assignment_form("A2026/01998", "", "2027-12-31")
    );
    let refused = app.call("create_assignment", &new).await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["Invalid"]["errors"], not_yours);
    let version = assignment_version(app, "A2025/00637").await;
    let linked = change_form(version, "Uppdraget", "2025-03-13", &["3.4", "2.3", "4.4"]);
    let refused = app.call("save_assignment", &linked).await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["Invalid"]["errors"], not_yours);
    assert_eq!(assignment_version(app, "A2025/00637").await, version);
    // An admin may link it; the ministry then saves its assignment with the link kept.
    app.sign_in(ADMIN).await;
    app.call("save_assignment", &linked)
        .await
        .assert_status(StatusCode::OK);
    app.sign_in(MINISTRY).await;
    let kept = change_form(
        version + 1,
        "Uppdraget",
        "2025-03-13",
        &["3.4", "2.3", "4.4"],
    );
    app.call("save_assignment", &kept)
        .await
        .assert_status(StatusCode::OK);
    // Nor may it unlink it.
    let unlinked = change_form(version + 2, "Uppdraget", "2025-03-13", &["3.4", "2.3"]);
    let refused = app.call("save_assignment", &unlinked).await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["Invalid"]["errors"], not_yours);
}

async fn only_the_assignments_ministry_and_admins_may_change_it(app: &TestApp) {
    // S2026/01234 is Socialdepartementet's: Arbetsmarknadsdepartementet sees no edit link
    // and is refused.
    app.sign_in(MINISTRY).await;
    let page = app.get("/assignments/S2026-01234").await;
    assert!(!page.body.contains("/assignments/S2026-01234/edit"));
    app.get("/assignments/S2026-01234/edit")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let version = assignment_version(app, "A2025/00637").await;
    for who in [AGENCY, COUNTY_BOARD, OVERSIGHT] {
        app.sign_in(who).await;
        let page = app.get("/assignments/A2025-00637").await;
        assert!(
            !page.body.contains("/assignments/A2025-00637/edit"),
            "{who}"
        );
        app.get("/assignments/A2025-00637/deadlines")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        app.call(
            "save_assignment",
            &change_form(version, "Rubrik", "2025-03-13", &["3.4", "2.3"]),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        app.call(
            "save_deadline",
            &deadline_form(0, 0, "interim", "2026-12-15"),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    }
    app.sign_in(ADMIN).await;
    app.call(
        "save_assignment",
        &change_form(version, "Rubrik", "2025-03-13", &["3.4", "2.3"]),
    )
    .await
    .assert_status(StatusCode::OK);
    assert_eq!(audit_count(app, "update").await, 1);
}

on_both_databases!(
    a_ministry_registers_an_assignment_under_its_own_prefix,
    an_assignment_is_refused_with_each_wrong_field_named,
    a_ministry_changes_its_assignment_and_a_stale_save_is_refused,
    an_assignment_keeps_its_funded_measures_and_its_decision_before_its_deadlines,
    deadlines_move_and_are_added_and_a_delivered_one_keeps_its_date,
    only_the_assignments_ministry_and_admins_may_change_it,
    a_ministry_links_its_assignments_only_to_measures_it_may_edit,
);
