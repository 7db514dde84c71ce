//! Pages read from a PostgreSQL read replica (`DATABASE_READ_URL`), writes and a writer's next
//! reads from the primary. The replica is a role on the same server that may only read: a
//! table it is then refused shows which connection a request used.

use http::StatusCode;
use tests::{COUNTY_BOARD, OVERSIGHT, READER, TestApp, form_value};

mod postgres {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_read_from_the_replica_and_a_writer_reads_its_own_write_from_the_primary() {
        let Some(app) = TestApp::postgres_with_read_replica().await else {
            return;
        };
        app.sign_in(COUNTY_BOARD).await;
        app.get("/counties/24").await.assert_status(StatusCode::OK);
        // Every page reads the plan (what it shows may be kept per revision of the plan, but
        // the revision is read with the plan on each request).
        refuse_the_replica(&app, "plan").await;
        app.get("/counties/24")
            .await
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);

        let (version, _) = {
            let mut conn = app.db.acquire().await.unwrap();
            tests::vasterbotten_row(&mut conn).await
        };
        let form = format!(
            "code=1.8&county=24&version={version}&status=at_risk&progress=70&contact_name=Anna&contact_role=Samordnare&narrative={}&spent=0",
            form_value("Skrivet på primären"),
        );
        let saved = app.call("save_regional_row", &form).await;
        saved.assert_status(StatusCode::OK);
        let wrote = saved
            .headers
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("lagesbild_wrote=1"))
            .expect("the writer is told to read from the primary for a while")
            .to_owned();
        assert!(
            wrote.contains("Max-Age=30") && wrote.contains("HttpOnly"),
            "{wrote}"
        );

        app.get_with("/counties/24", &[("cookie", "lagesbild_wrote=1")])
            .await
            .assert_status(StatusCode::OK)
            .assert_contains(&["Skrivet på primären"]);
        app.get("/counties/24")
            .await
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
        app.finish().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_oversight_body_and_downloads_read_from_the_replica() {
        let Some(app) = TestApp::postgres_with_read_replica().await else {
            return;
        };
        app.sign_in(OVERSIGHT).await;
        app.get("/oversight").await.assert_status(StatusCode::OK);
        app.get("/oversight/compliance.csv")
            .await
            .assert_status(StatusCode::OK);
        // The compliance is kept per revision of the plan; the revision is read with the plan
        // on each request.
        refuse_the_replica(&app, "plan").await;
        app.get("/oversight")
            .await
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
        app.get("/oversight/compliance.csv")
            .await
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
        app.finish().await;
    }
}

/// Takes from the replica's role the right to read `table`.
async fn refuse_the_replica(app: &TestApp, table: &str) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(&format!("REVOKE SELECT ON {table} FROM {READER}"))
        .execute(&mut *conn)
        .await
        .unwrap();
}
