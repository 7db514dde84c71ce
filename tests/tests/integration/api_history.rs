//! The history through the REST API, on SQLite and PostgreSQL: every recorded change of a
//! measure, an assignment or a county, newest first, a report draft's text only for who may
//! write the report; and the plan as it stood on a day, as the oversight page rebuilds it.

use super::api::{problem, put};
use http::StatusCode;
use serde_json::{Value, json};
use tests::{AGENCY, COUNTY_BOARD, OVERSIGHT, TestApp, on_both_databases};

/// Every change `token` reads of the history at `path` (all pages of 500).
async fn changes(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let response = app
        .get_with_token(token, &format!("{path}?per_page=500"))
        .await;
    response.assert_status(StatusCode::OK);
    let body = response.json();
    let items = body["items"].as_array().unwrap().clone();
    assert_eq!(body["total"], items.len(), "one page holds them");
    items
}

async fn the_history_holds_every_change_and_a_draft_s_text_only_for_its_writers(app: &TestApp) {
    let agency = app.create_token(AGENCY, "read_write").await;
    put(
        app,
        Some(&agency),
        "/api/v1/reports/measure/3.1/2026-Q3",
        Some("\"0.0\""),
        &json!({
            "intent": "draft",
            "status": "on_track",
            "progress": 30,
            "spent_to_date": 0,
            "narrative": "HEMLIGT-UTKAST",
        })
        .to_string(),
    )
    .await
    .assert_status(StatusCode::OK);

    let stored = {
        let mut conn = app.db.acquire().await.unwrap();
        app::server::db::audit::history(&mut conn, app::models::HistoryKind::Measure, "3.1")
            .await
            .unwrap()
    };
    let read = changes(app, &agency, "/api/v1/history/measure/3.1").await;
    assert_eq!(read.len(), stored.len());
    assert_eq!(read[0]["action"], "report_draft_saved", "newest first");
    assert_eq!(read[0]["actor_role"], "agency");
    assert!(read[0].to_string().contains("HEMLIGT-UTKAST"));
    // Oversight and a county board see that a draft was saved, not what it says.
    for token in [
        app.create_token(OVERSIGHT, "read").await,
        app.create_token(COUNTY_BOARD, "read_write").await,
        app.create_token(AGENCY, "read").await,
    ] {
        let read = changes(app, &token, "/api/v1/history/measure/3.1").await;
        assert_eq!(read.len(), stored.len());
        assert_eq!(read[0]["action"], "report_draft_saved");
        assert!(
            !read
                .iter()
                .any(|c| c.to_string().contains("HEMLIGT-UTKAST"))
        );
    }
    // A county's rows and an assignment have their histories too.
    let board = app.create_token(COUNTY_BOARD, "read_write").await;
    changes(app, &board, "/api/v1/history/county/24").await;
    let assignment = app
        .get_with_token(&board, "/api/v1/assignments?per_page=1")
        .await
        .json()["items"][0]["diary_number"]
        .as_str()
        .unwrap()
        .replace('/', "-");
    changes(
        app,
        &board,
        &format!("/api/v1/history/assignment/{assignment}"),
    )
    .await;
    for unknown in [
        "/api/v1/history/measure/99.9",
        "/api/v1/history/county/99",
        "/api/v1/history/assignment/nothing",
        "/api/v1/history/plan/1.8",
    ] {
        problem(
            &app.get_with_token(&board, unknown).await,
            StatusCode::NOT_FOUND,
        );
    }
    app.forget_session();
    problem(
        &app.get("/api/v1/history/measure/3.1").await,
        StatusCode::UNAUTHORIZED,
    );
}

async fn the_plan_as_of_a_day_is_the_oversight_page_s(app: &TestApp) {
    let token = app.create_token(OVERSIGHT, "read").await;
    for date in ["2025-06-30", "2020-01-01"] {
        let response = app
            .get_with_token(&token, &format!("/api/v1/plan-as-of?date={date}"))
            .await;
        response.assert_status(StatusCode::OK);
        let body = response.json();
        let rebuilt = {
            let mut conn = app.db.acquire().await.unwrap();
            let plan = app::server::db::reference::current_plan(&mut conn)
                .await
                .unwrap()
                .unwrap();
            app::server::db::oversight::plan_as_of(
                &mut conn,
                plan.id,
                app::domain::IsoDate::parse(date).unwrap(),
                tests::test_clock().today(),
            )
            .await
            .unwrap()
        };
        assert_eq!(body["date"], date);
        let measures = body["measures"].as_array().unwrap();
        assert_eq!(measures.len(), rebuilt.measures.len());
        for (read, stored) in measures.iter().zip(&rebuilt.measures) {
            assert_eq!(read["code"], stored.now.code);
            match stored.then {
                Some((status, progress)) => {
                    assert_eq!(read["status_then"], status.as_str());
                    assert_eq!(read["progress_then"], progress.percent());
                }
                // Not yet in the plan: absent, not null.
                None => assert!(
                    read.get("status_then").is_none() && read.get("progress_then").is_none()
                ),
            }
        }
    }
    problem(
        &app.get_with_token(&token, "/api/v1/plan-as-of?date=igår")
            .await,
        StatusCode::BAD_REQUEST,
    );
    app.forget_session();
    problem(
        &app.get("/api/v1/plan-as-of").await,
        StatusCode::UNAUTHORIZED,
    );
}

on_both_databases!(
    the_history_holds_every_change_and_a_draft_s_text_only_for_its_writers,
    the_plan_as_of_a_day_is_the_oversight_page_s,
);
