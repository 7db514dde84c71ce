//! The server's own command line, built beside the integration tests so that they can start
//! the real server as a process and kill it (`tests/tests/integration/crash.rs`).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::cli::run().await
}
