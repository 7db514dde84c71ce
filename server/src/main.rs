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
    /// Create an administrator account (for a new installation). The password is read from
    /// LAGESBILD_ADMIN_PASSWORD, or from the first line of standard input.
    CreateAdmin {
        /// The administrator's e-mail address, used to sign in.
        #[arg(long)]
        email: String,
        /// The name shown in the application and the audit trail.
        #[arg(long)]
        name: String,
        /// The code of the administrator's organisation (e.g. `fa`).
        #[arg(long)]
        organisation: String,
        /// Creates the organisation with this name if no organisation has the code yet (a new
        /// installation).
        #[arg(long)]
        organisation_name: Option<String>,
    },
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
        Command::CreateAdmin {
            email,
            name,
            organisation,
            organisation_name,
        } => {
            let password = match std::env::var("LAGESBILD_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprintln!("Password for {email} (8 to 128 characters), then Enter:");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            server::create_admin(
                &cli.config,
                &email,
                &name,
                &organisation,
                organisation_name.as_deref(),
                &password,
            )
            .await?;
            println!("{email} is an administrator and can sign in.");
            Ok(())
        }
    }
}
