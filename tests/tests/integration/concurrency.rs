//! Several applications in one process, as the tests and a server with several routers run:
//! none may stop another's pages from loading.

use http::StatusCode;
use std::time::Duration;
use tests::TestApp;

/// Building a router generates Leptos's route list, which runs the whole application once with
/// the loading of data switched off for the whole process (leptos_server's
/// `SuppressResourceLoad`, leptos-rs/leptos#4773). A page whose data began loading in that
/// moment used to wait forever: this is the stall that made the tests run one at a time.
#[test]
fn pages_load_while_another_router_is_built_in_the_same_process() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(async {
        let app = TestApp::sqlite().await;
        app.sign_in(tests::MINISTRY).await;
        app
    });
    let db = app.db.clone();
    let builder = std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            for _ in 0..200 {
                drop(server::router(tests::app_state(
                    db.clone(),
                    Default::default(),
                )));
                tokio::task::yield_now().await;
            }
        });
    });
    runtime.block_on(async {
        while !builder.is_finished() {
            let page = tokio::time::timeout(Duration::from_secs(20), app.get("/measures"))
                .await
                .expect("the page loads while routers are built elsewhere in the process");
            page.assert_status(StatusCode::OK);
        }
        app.finish().await;
    });
    builder.join().unwrap();
}
