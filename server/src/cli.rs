//! The command line of `server`: serve, load the demo, create an administrator, back up and
//! restore. See `server --help`.

use crate::Config;
use clap::{Parser, Subcommand};

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
    /// PostgreSQL: hand the audit log to a role of its own (created if missing, without login),
    /// leaving the application's role only INSERT and SELECT on it, so that nobody who takes
    /// over the application can rewrite the log. Run once, with DATABASE_URL naming a
    /// superuser, after the first start has created the tables. Refuses if the application's
    /// role would still hold the log (as the schema's owner, or a member of the audit role).
    ProtectAuditLog {
        /// The role the application connects as.
        #[arg(long)]
        app_role: crate::audit_owner::RoleName,
        /// The role that is to own the audit log.
        #[arg(long, default_value = "lagesbild_audit")]
        audit_role: crate::audit_owner::RoleName,
    },
    /// Write a consistent copy of the database to a new file while the server goes on serving
    /// (SQLite; on PostgreSQL use pg_dump).
    Backup {
        /// The file to write; it must not exist.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Put a backup in place of the database. Stop the server first. Refuses to overwrite a
    /// database that holds a plan or accounts unless --replace is given.
    Restore {
        /// The backup file written by `server backup`.
        #[arg(long)]
        from: std::path::PathBuf,
        /// Overwrite a database that holds data.
        #[arg(long)]
        replace: bool,
    },
}

/// Runs the command the command line names (serving by default).
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    crate::operations::init_logging(cli.config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::serve(&cli.config).await,
        Command::LoadDemo => crate::load_demo(&cli.config).await,
        Command::ProtectAuditLog {
            app_role,
            audit_role,
        } => {
            crate::protect_audit_log(&cli.config, &app_role, &audit_role).await?;
            println!("The audit log belongs to {audit_role}; {app_role} may only add and read.");
            Ok(())
        }
        Command::Backup { to } => {
            crate::backup(&cli.config, &to).await?;
            println!("Backed up to {}", to.display());
            Ok(())
        }
        Command::Restore { from, replace } => {
            crate::restore(&cli.config, &from, replace).await?;
            println!("Restored {}", from.display());
            Ok(())
        }
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
            crate::create_admin(
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
