//! The application's clock: every date a page shows and every instant a change is stamped with
//! comes from it, so that a test (fixed on the demo's day) gives the same answer on any day.

use tests::{TestApp, demo_day, on_both_databases, test_clock};

async fn dates_and_change_stamps_come_from_the_applications_clock(app: &TestApp) {
    let overview = app.call("overview", "lang=Sv").await.json();
    assert_eq!(overview["today"], demo_day().to_string());
    // The harness signed in: the audit row carries the clock's instant, not the machine's.
    let mut conn = app.db.acquire().await.unwrap();
    let stamped: String = sqlx::query_scalar(
        "SELECT occurred_at FROM audit_log WHERE entity_type = 'user' AND action = 'sign_in' \
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(stamped, test_clock().timestamp().as_str());
    assert_eq!(stamped, "2026-11-28T12:00:00Z");
}

on_both_databases!(dates_and_change_stamps_come_from_the_applications_clock);
