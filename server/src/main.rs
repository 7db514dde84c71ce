//! `server`: runs Lägesbild, or loads the demo plan. See `--help`.

use clap::{Parser, Subcommand};
use server::Config;

#[derive(Parser)]
#[command(
    name = "server",
    about = "Lägesbild: follow-up and oversight of a national action plan"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the application (the default).
    Serve,
    /// Load the demo plan into an empty database, then exit.
    LoadDemo,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve(&cli.config).await,
        Command::LoadDemo => server::load_demo(&cli.config).await,
    }
}
