//! `server`: runs Lägesbild, or loads the demo plan, or backs it up. See `--help`.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::cli::run().await
}
