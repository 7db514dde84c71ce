//! Progress reports by the owners of measures and assignments: drafts, submitting, corrections
//! as new revisions, what a report changes, validation, permissions and no lost updates, on
//! SQLite and PostgreSQL.

use http::StatusCode;
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, form_value, on_both_databases,
};

/// Measure 3.1 (led by Jämställdhetsmyndigheten) has reported on 2026-Q1 and Q2; Q3 is overdue.
const MEASURE: &str = "3.1";

struct Report<'a> {
    key: &'a str,
    period: &'a str,
    version: i64,
    /// The newest submitted revision of the period the person saw.
    seen_revision: i64,
    status: &'a str,
    progress: &'a str,
    spent: &'a str,
    narrative: &'a str,
    links: &'a str,
    intent: &'a str,
}

impl Default for Report<'_> {
    fn default() -> Self {
        Report {
            key: MEASURE,
            period: "2026-Q3",
            version: 0,
            seen_revision: 0,
            status: "on_track",
            progress: "60 %",
            spent: "2 400 000 kr",
            narrative: "Vägledningen är klar och skickad till alla kommuner.",
            links: "https://www.jamstalldhetsmyndigheten.se/vagledning Vägledningen",
            intent: "submit",
        }
    }
}

impl Report<'_> {
    fn form(&self, kind: &str) -> String {
        format!(
            "kind={kind}&key={}&period={}&version={}&seen_revision={}&status={}&progress={}&spent_to_date={}&narrative={}&links={}&intent={}",
            form_value(self.key),
            self.period,
            self.version,
            self.seen_revision,
            self.status,
            form_value(self.progress),
            form_value(self.spent),
            form_value(self.narrative),
            form_value(self.links),
            self.intent,
        )
    }
}

async fn save(app: &TestApp, report: Report<'_>) -> tests::TestResponse {
    app.call("save_report", &report.form("measures")).await
}

/// (state, revision, progress, narrative) of every report of measure 3.1 for `period`, oldest
/// revision first.
async fn reports(app: &TestApp, period: &str) -> Vec<(String, i64, i64, String)> {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_as(
        "SELECT r.state, r.revision, r.progress, r.narrative FROM progress_report r \
         JOIN measure m ON m.id = r.measure_id WHERE m.code = $1 AND r.period = $2 \
         ORDER BY r.revision, r.state",
    )
    .bind(MEASURE)
    .bind(period)
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

/// (status, progress) of measure 3.1.
async fn measure(app: &TestApp) -> (String, i64) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query_as("SELECT status, progress FROM measure WHERE code = $1")
        .bind(MEASURE)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn audited(app: &TestApp, entity: &str, action: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    app::server::db::audit::count(&mut conn, entity, action)
        .await
        .unwrap()
}

async fn an_agency_saves_a_draft_and_submits_it_and_the_measure_takes_its_status(app: &TestApp) {
    app.sign_in(AGENCY).await;
    app.get("/measures/3.1/report")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Rapport för 2026-Q3", "Spara utkast", "Lämna rapporten"]);
    save(
        app,
        Report {
            intent: "draft",
            narrative: "Halvfärdig text",
            ..Report::default()
        },
    )
    .await
    .assert_status(StatusCode::OK);
    assert_eq!(
        reports(app, "2026-Q3").await,
        vec![("draft".into(), 1, 60, "Halvfärdig text".into())]
    );
    assert_eq!(
        measure(app).await,
        ("delayed".into(), 35),
        "a draft changes nothing"
    );
    // The draft is the owner's: the measure page does not show it.
    app.get("/measures/3.1")
        .await
        .assert_lacks(&["Halvfärdig text"]);
    app.get("/measures/3.1/report?period=2026-Q3")
        .await
        .assert_contains(&["Halvfärdig text", "Utkastet sparades senast av"]);

    save(
        app,
        Report {
            version: 1,
            ..Report::default()
        },
    )
    .await
    .assert_status(StatusCode::OK);
    assert_eq!(
        reports(app, "2026-Q3").await,
        vec![(
            "submitted".into(),
            1,
            60,
            "Vägledningen är klar och skickad till alla kommuner.".into()
        )]
    );
    assert_eq!(measure(app).await, ("on_track".into(), 60));
    assert_eq!(audited(app, "measure", "report_draft_saved").await, 1);
    assert_eq!(audited(app, "measure", "report_submitted").await, 1);
    app.get("/measures/3.1").await.assert_contains(&[
        "Vägledningen är klar och skickad till alla kommuner.",
        "https://www.jamstalldhetsmyndigheten.se/vagledning",
    ]);
    app.get("/measures/3.1/history")
        .await
        .assert_contains(&["Lägesrapport lämnad", "Status: Försenad → Enligt plan"]);
}

async fn a_correction_is_a_new_revision_and_the_first_stays(app: &TestApp) {
    app.sign_in(AGENCY).await;
    let before = reports(app, "2026-Q1").await;
    assert_eq!(before.len(), 1);
    app.get("/measures/3.1/report?period=2026-Q1")
        .await
        .assert_contains(&["blir version 2, en rättelse"]);
    // Written without having seen the first revision: refused, with what was submitted.
    let stale = save(
        app,
        Report {
            period: "2026-Q1",
            ..Report::default()
        },
    )
    .await;
    stale.assert_status(StatusCode::CONFLICT);
    assert_eq!(stale.json()["Conflict"]["revision"], 1);
    save(
        app,
        Report {
            period: "2026-Q1",
            seen_revision: 1,
            progress: "12",
            narrative: "Rättelse: siffran för första kvartalet var fel.",
            ..Report::default()
        },
    )
    .await
    .assert_status(StatusCode::OK);
    let after = reports(app, "2026-Q1").await;
    assert_eq!(after[0], before[0], "the first revision is unchanged");
    assert_eq!(
        after[1],
        (
            "submitted".into(),
            2,
            12,
            "Rättelse: siffran för första kvartalet var fel.".into()
        )
    );
    // An older period's correction does not move the measure: Q2 is its newest report.
    assert_eq!(measure(app).await, ("delayed".into(), 35));
    // And the database itself refuses to change a submitted report.
    let mut conn = app.db.acquire().await.unwrap();
    let changed =
        sqlx::query("UPDATE progress_report SET narrative = 'x' WHERE state = 'submitted'")
            .execute(&mut *conn)
            .await;
    assert!(changed.is_err());
}

async fn every_wrong_field_is_named_and_nothing_is_saved(app: &TestApp) {
    app.sign_in(AGENCY).await;
    let response = save(
        app,
        Report {
            period: "2031-Q1",
            status: "finished",
            progress: "120",
            spent: "-5",
            narrative: " ",
            links: "ftp://example.se/fil",
            ..Report::default()
        },
    )
    .await;
    response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json(),
        serde_json::json!({"Invalid": {"errors": [
            {"field": "period", "problem": "NotAPeriod"},
            {"field": "status", "problem": "NotAChoice"},
            {"field": "progress", "problem": {"OutOfRange": {"min": 0, "max": 100}}},
            {"field": "spent_to_date", "problem": "Negative"},
            {"field": "narrative", "problem": "Required"},
            {"field": "links", "problem": "NotAWebAddress"},
        ]}})
    );
    let response = save(
        app,
        Report {
            progress: "fyrtio",
            spent: "12,50",
            ..Report::default()
        },
    )
    .await;
    assert_eq!(
        response.json()["Invalid"]["errors"],
        serde_json::json!([
            {"field": "progress", "problem": "NotAWholeNumber"},
            {"field": "spent_to_date", "problem": "NotAWholeNumber"},
        ])
    );
    assert!(reports(app, "2026-Q3").await.is_empty());
    assert_eq!(audited(app, "measure", "report_submitted").await, 0);
}

async fn only_the_owner_and_its_ministry_may_report(app: &TestApp) {
    for (who, expected) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(COUNTY_BOARD), StatusCode::FORBIDDEN),
        (Some(OVERSIGHT), StatusCode::FORBIDDEN),
        (Some(ADMIN), StatusCode::FORBIDDEN),
    ] {
        app.forget_session();
        if let Some(email) = who {
            app.sign_in(email).await;
        }
        save(app, Report::default()).await.assert_status(expected);
        app.call(
            "discard_report_draft",
            "kind=measures&key=3.1&period=2026-Q3&version=1",
        )
        .await
        .assert_status(expected);
    }
    assert!(reports(app, "2026-Q3").await.is_empty());
    // The form is shown to whoever may report, and to nobody else.
    app.get("/measures/3.1/report")
        .await
        .assert_lacks(&["Lämna rapporten"])
        .assert_contains(&["Bara den organisation som äger åtgärden"]);
    app.get("/measures/3.1")
        .await
        .assert_lacks(&["/measures/3.1/report"]);
    // Arbetsmarknadsdepartementet leads Jämställdhetsmyndigheten's measures.
    app.sign_in(MINISTRY).await;
    app.get("/measures/3.1")
        .await
        .assert_contains(&["/measures/3.1/report"]);
    save(app, Report::default())
        .await
        .assert_status(StatusCode::OK);
}

async fn two_submits_of_the_same_draft_never_both_win(app: &TestApp) {
    app.sign_in(AGENCY).await;
    save(
        app,
        Report {
            intent: "draft",
            ..Report::default()
        },
    )
    .await
    .assert_status(StatusCode::OK);
    let first = Report {
        version: 1,
        narrative: "Den första texten",
        ..Report::default()
    };
    let second = Report {
        version: 1,
        narrative: "Den andra texten",
        progress: "65",
        ..Report::default()
    };
    let (a, b) = tokio::join!(save(app, first), save(app, second));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let saved = reports(app, "2026-Q3").await;
    assert_eq!(saved.len(), 1, "one report: {saved:?}");
    let loser = if a.status == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    let conflict = loser.json();
    // The draft is gone (submitted): the loser sees what was submitted and may correct it.
    assert_eq!(conflict["Conflict"]["version"], 0);
    let fields: Vec<&str> = conflict["Conflict"]["current"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"narrative"), "{conflict}");
}

async fn two_first_reports_for_a_period_at_once_never_both_win(app: &TestApp) {
    app.sign_in(AGENCY).await;
    let draft = Report {
        intent: "draft",
        narrative: "Ett utkast",
        ..Report::default()
    };
    let submitted = Report {
        narrative: "En inlämnad rapport",
        ..Report::default()
    };
    // Whichever comes first, the other was written without seeing it.
    let (a, b) = tokio::join!(save(app, draft), save(app, submitted));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} {}",
        a.body,
        b.body
    );
    assert_eq!(reports(app, "2026-Q3").await.len(), 1);
}

async fn a_draft_can_be_discarded_but_only_at_the_version_seen(app: &TestApp) {
    app.sign_in(AGENCY).await;
    save(
        app,
        Report {
            intent: "draft",
            ..Report::default()
        },
    )
    .await
    .assert_status(StatusCode::OK);
    save(
        app,
        Report {
            intent: "draft",
            version: 1,
            narrative: "Ändrad av en kollega",
            ..Report::default()
        },
    )
    .await
    .assert_status(StatusCode::OK);
    app.call(
        "discard_report_draft",
        "kind=measures&key=3.1&period=2026-Q3&version=1",
    )
    .await
    .assert_status(StatusCode::CONFLICT);
    app.call(
        "discard_report_draft",
        "kind=measures&key=3.1&period=2026-Q3&version=2",
    )
    .await
    .assert_status(StatusCode::OK);
    assert!(reports(app, "2026-Q3").await.is_empty());
    assert_eq!(audited(app, "measure", "report_draft_discarded").await, 1);
}

async fn a_draft_is_read_only_by_those_who_may_report_on_it(app: &TestApp) {
    let secret = "Utkast som ingen annan ska läsa";
    app.sign_in(AGENCY).await;
    save(
        app,
        Report {
            intent: "draft",
            narrative: secret,
            ..Report::default()
        },
    )
    .await
    .assert_status(StatusCode::OK);
    // The owner and its ministry read it, in the form and in the history.
    for who in [AGENCY, MINISTRY] {
        app.sign_in(who).await;
        app.call("report_form", "kind=measures&key=3.1&period=2026-Q3")
            .await
            .assert_contains(&[secret]);
        app.call("history", "kind=Measure&code=3.1")
            .await
            .assert_contains(&["report_draft_saved", secret]);
    }
    // Others see that a draft was saved, never what it says.
    for who in [COUNTY_BOARD, OVERSIGHT, ADMIN] {
        app.sign_in(who).await;
        app.call("report_form", "kind=measures&key=3.1&period=2026-Q3")
            .await
            .assert_status(StatusCode::OK)
            .assert_lacks(&[secret]);
        app.get("/measures/3.1/report?period=2026-Q3")
            .await
            .assert_lacks(&[secret]);
        app.call("history", "kind=Measure&code=3.1")
            .await
            .assert_status(StatusCode::OK)
            .assert_contains(&["report_draft_saved", "2026-Q3"])
            .assert_lacks(&[secret]);
        app.get("/measures/3.1/history")
            .await
            .assert_status(StatusCode::OK)
            .assert_lacks(&[secret]);
    }
}

async fn a_delivered_assignment_report_meets_its_deadline(app: &TestApp) {
    app.sign_in(AGENCY).await;
    // A2026/00412: interim report due 2026-10-15 (overdue), final 2026-12-31.
    app.get("/assignments/A2026-00412")
        .await
        .assert_contains(&["/assignments/A2026-00412/report", "Ej redovisad"]);
    let form = Report {
        key: "A2026-00412",
        period: "2026-Q4",
        narrative: "Delredovisningen är lämnad till departementet.",
        ..Report::default()
    }
    .form("assignments");
    // Both deadlines fall in 2026-Q4: the report delivers the earlier one, the interim report.
    app.call("save_report", &form)
        .await
        .assert_status(StatusCode::OK);
    let mut conn = app.db.acquire().await.unwrap();
    let delivered: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT d.kind, d.delivered_date FROM assignment_deadline d \
         JOIN assignment a ON a.id = d.assignment_id WHERE a.diary_number = 'A2026/00412' \
         ORDER BY d.due_date",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let today = tests::demo_day().to_string();
    assert_eq!(
        delivered,
        vec![("interim".into(), Some(today)), ("final".into(), None)]
    );
    assert_eq!(audited(app, "assignment", "deadline_met").await, 1);
    app.get("/assignments/A2026-00412").await.assert_contains(&[
        "Delredovisningen är lämnad till departementet.",
        "Redovisad",
    ]);
}

on_both_databases!(
    an_agency_saves_a_draft_and_submits_it_and_the_measure_takes_its_status,
    a_correction_is_a_new_revision_and_the_first_stays,
    every_wrong_field_is_named_and_nothing_is_saved,
    only_the_owner_and_its_ministry_may_report,
    two_submits_of_the_same_draft_never_both_win,
    two_first_reports_for_a_period_at_once_never_both_win,
    a_draft_can_be_discarded_but_only_at_the_version_seen,
    a_delivered_assignment_report_meets_its_deadline,
    a_draft_is_read_only_by_those_who_may_report_on_it,
);
