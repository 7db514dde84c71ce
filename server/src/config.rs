//! Where things are: address, database, data directory, built site. Read from the command line
//! or the environment (`--help` lists both).

use app::domain::IsoDate;
use app::server::Clock;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "LAGESBILD_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Database: `sqlite://path/file.db` (created if missing) or `postgres://user:pass@host/db`.
    /// Default: an SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// A PostgreSQL read replica (streaming replication) that pages, exports and the
    /// oversight role read from; writes, and a person's reads for 30 s after their own write,
    /// go to `DATABASE_URL`.
    #[arg(long, env = "DATABASE_READ_URL")]
    pub database_read_url: Option<String>,

    /// Directory for the embedded SQLite database.
    #[arg(long, env = "LAGESBILD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The site built by `cargo leptos build` (WebAssembly, JavaScript, CSS, static files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Load the demo plan into the database when it is empty (`LAGESBILD_DEMO=1`).
    #[arg(long, env = "LAGESBILD_DEMO", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,

    /// Counts of people below this are shown as `..` in statistics.
    #[arg(long, env = "LAGESBILD_SUPPRESSION_THRESHOLD", default_value_t = app::domain::SUPPRESSION_THRESHOLD)]
    pub suppression_threshold: i64,

    /// Let anonymous visitors read the published plan (no change history, nothing to change).
    #[arg(long, env = "LAGESBILD_PUBLIC_VIEW", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub public_view: bool,

    /// The site is reached over HTTPS (directly or through a proxy): mark the session cookie
    /// `Secure` and send HSTS.
    #[arg(long, env = "LAGESBILD_BEHIND_TLS", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub behind_tls: bool,

    /// Serve plain HTTP on an address other networks reach, with no HTTPS in front: only on a
    /// network protected some other way. Without it (or `LAGESBILD_BEHIND_TLS`), the server
    /// refuses to listen anywhere but on this machine's own loopback address.
    #[arg(long, env = "LAGESBILD_ALLOW_PLAIN_HTTP", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_plain_http: bool,

    /// A reverse proxy stands in front and appends each client's address to
    /// `X-Forwarded-For`: sign-in is throttled by the address it appended last. Without it the
    /// header is ignored (anyone could write it) and the connecting address counts.
    #[arg(long, env = "LAGESBILD_BEHIND_PROXY", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub behind_proxy: bool,

    /// The address people reach the site at (`https://lagesbild.example.se`), for the links
    /// the site gives out: invitations, password resets, calendar feeds. Required behind HTTPS
    /// or on an address other than loopback; otherwise `http://` and the listening address.
    /// Never taken from a request's `Host` header, which the client writes.
    #[arg(long, env = "LAGESBILD_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// Minutes without a request after which a session ends.
    #[arg(long, env = "LAGESBILD_SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: u64,

    /// Hours after sign-in after which a session ends however active it is.
    #[arg(long, env = "LAGESBILD_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u64,

    /// The e-mail address where visitors report accessibility problems (shown in the
    /// accessibility statement, as the law on accessible public digital services requires).
    #[arg(long, env = "LAGESBILD_ACCESSIBILITY_CONTACT", default_value = "")]
    pub accessibility_contact: String,

    /// The licence of the published data (a URI), named in the open-data catalogue
    /// (`/data/catalog.jsonld`, served while the public view is on). The default is CC0 1.0,
    /// which the Swedish agency for digital government recommends for open data.
    #[arg(
        long,
        env = "LAGESBILD_DATA_LICENCE",
        default_value = "http://creativecommons.org/publicdomain/zero/1.0/"
    )]
    pub data_licence: String,

    /// The e-mail address where the published data's users reach its publisher, named in the
    /// open-data catalogue.
    #[arg(long, env = "LAGESBILD_DATA_CONTACT", default_value = "")]
    pub data_contact: String,

    /// Run the application's clock from this day (YYYY-MM-DD) instead of the real date: what
    /// is overdue, due or stale is read against it. With the demo plan the default is the day
    /// the demo was made for, so that the demo always looks as it was made to.
    #[arg(long, env = "LAGESBILD_TODAY", value_parser = parse_day)]
    pub today: Option<IsoDate>,

    /// Serve Prometheus metrics at `/metrics` on the application's address to requests that
    /// send `Authorization: Bearer <this token>` (at least 32 characters). Without it, and
    /// without a metrics address, there are no metrics.
    #[arg(long, env = "LAGESBILD_METRICS_TOKEN", hide_env_values = true, value_parser = parse_token)]
    pub metrics_token: Option<String>,

    /// Also serve `/metrics`, open, on this address (one that only the monitoring network
    /// reaches, such as 127.0.0.1:9100).
    #[arg(long, env = "LAGESBILD_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// How log lines are written: `text` for people, `json` for a log collector.
    #[arg(long, env = "LAGESBILD_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

fn parse_token(text: &str) -> Result<String, String> {
    let token = text.trim();
    if token.len() >= 32 && token.chars().all(|c| c.is_ascii_graphic()) {
        Ok(token.to_owned())
    } else {
        Err("the metrics token must be at least 32 visible ASCII characters".to_owned())
    }
}

/// A site's address: `http` or `https`, a host, maybe a port, nothing after; written back
/// without a trailing slash, so that paths can be appended.
fn parse_public_url(text: &str) -> Result<String, String> {
    let refused = || {
        format!(
            "{text:?} is not a site address such as https://lagesbild.example.se \
             (http or https, a host, no path, query or user)"
        )
    };
    let uri: axum::http::Uri = text.trim().parse().map_err(|_| refused())?;
    let scheme = uri.scheme_str().filter(|s| matches!(*s, "http" | "https"));
    let authority = uri.authority().filter(|a| !a.as_str().contains('@'));
    let bare = matches!(uri.path(), "" | "/") && uri.query().is_none();
    match (scheme, authority) {
        (Some(scheme), Some(authority)) if bare && !authority.host().is_empty() => {
            Ok(format!("{scheme}://{authority}"))
        }
        _ => Err(refused()),
    }
}

fn parse_day(text: &str) -> Result<IsoDate, String> {
    IsoDate::parse(text).map_err(|_| format!("{text:?} is not a date written YYYY-MM-DD"))
}

impl Config {
    /// What the application needs to know of this configuration.
    pub fn settings(&self) -> app::server::Settings {
        app::server::Settings {
            suppression_threshold: self.suppression_threshold,
            public_view: self.public_view,
            behind_tls: self.behind_tls,
            behind_proxy: self.behind_proxy,
            session_idle: std::time::Duration::from_secs(self.session_idle_minutes * 60),
            session_max_age: std::time::Duration::from_secs(self.session_max_hours * 60 * 60),
            accessibility_contact: self.accessibility_contact.trim().to_owned(),
            data_licence: self.data_licence.trim().to_owned(),
            data_contact: self.data_contact.trim().to_owned(),
            metrics_token: self.metrics_token.clone(),
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", self.addr)),
        }
    }

    /// The application's clock: the real one, unless a day is given or the demo runs.
    pub fn clock(&self) -> Clock {
        match (self.today, self.demo) {
            (Some(day), _) => Clock::starting_on(day),
            (None, true) => Clock::starting_on(crate::demo::demo_day()),
            (None, false) => Clock::System,
        }
    }

    /// Refuses an address that would carry passwords and session cookies in clear text over a
    /// network: one other than loopback, with neither HTTPS in front (`LAGESBILD_BEHIND_TLS`)
    /// nor an explicit `LAGESBILD_ALLOW_PLAIN_HTTP`.
    /// The site's public address must be given wherever people reach it by another address
    /// than the listening one: behind HTTPS, or on the network.
    pub fn check_listening(&self) -> Result<(), String> {
        let loopback = self.addr.ip().is_loopback();
        if !(loopback || self.behind_tls || self.allow_plain_http) {
            return Err(self.plain_http_refusal());
        }
        if self.public_url.is_none() && (self.behind_tls || !loopback) {
            return Err(format!(
                "set LAGESBILD_PUBLIC_URL to the address people reach the site at (such as \
                 https://lagesbild.example.se): invitations, password resets and calendar \
                 feeds link to it, and on {}{} it is not the listening address.",
                self.addr,
                if self.behind_tls { " behind HTTPS" } else { "" }
            ));
        }
        Ok(())
    }

    fn plain_http_refusal(&self) -> String {
        format!(
            "refusing to listen on {} with plain HTTP: other machines would reach it, and \
             passwords and session cookies would cross the network unencrypted. Put a proxy \
             that serves HTTPS in front and set LAGESBILD_BEHIND_TLS=1, or listen on \
             127.0.0.1, or, on a network protected some other way, set \
             LAGESBILD_ALLOW_PLAIN_HTTP=1.",
            self.addr
        )
    }

    /// The database URL: the one given, or an SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("lagesbild.db").display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    #[test]
    fn the_default_database_is_an_sqlite_file_in_the_data_directory() {
        let cli = Cli::parse_from(["server", "--data-dir", "/var/lib/lagesbild"]);
        assert_eq!(
            cli.config.database_url(),
            "sqlite:///var/lib/lagesbild/lagesbild.db?mode=rwc"
        );
    }

    #[test]
    fn demo_mode_is_off_unless_asked_for() {
        assert!(!Cli::parse_from(["server"]).config.demo);
        assert!(Cli::parse_from(["server", "--demo"]).config.demo);
    }

    #[test]
    fn the_plan_is_private_and_sessions_are_limited_unless_configured_otherwise() {
        let settings = Cli::parse_from(["server"]).config.settings();
        assert!(!settings.public_view);
        assert!(!settings.behind_tls);
        assert!(!settings.behind_proxy);
        assert_eq!(settings.session_idle.as_secs(), 3600);
        assert_eq!(settings.session_max_age.as_secs(), 12 * 3600);
        let public = Cli::parse_from(["server", "--public-view"])
            .config
            .settings();
        assert!(public.public_view);
    }

    #[test]
    fn the_clock_is_real_unless_a_day_is_given_or_the_demo_runs() {
        assert_eq!(Cli::parse_from(["server"]).config.clock(), Clock::System);
        let demo = Cli::parse_from(["server", "--demo"]).config.clock();
        assert_eq!(demo.today(), crate::demo::demo_day());
        let given = Cli::parse_from(["server", "--demo", "--today", "2027-01-15"]);
        assert_eq!(given.config.clock().today().to_string(), "2027-01-15");
        assert!(Cli::try_parse_from(["server", "--today", "15/1 2027"]).is_err());
    }

    #[test]
    fn plain_http_is_served_to_the_network_only_when_asked_for() {
        let listening = |args: &[&str]| {
            Cli::parse_from(["server"].iter().chain(args))
                .config
                .check_listening()
        };
        assert_eq!(listening(&[]), Ok(()));
        assert_eq!(listening(&["--addr", "[::1]:3000"]), Ok(()));
        let refused = listening(&["--addr", "0.0.0.0:3000"]).unwrap_err();
        assert!(refused.contains("0.0.0.0:3000"), "{refused}");
        assert!(refused.contains("LAGESBILD_BEHIND_TLS"), "{refused}");
        assert!(listening(&["--addr", "192.0.2.10:3000"]).is_err());
        let site = ["--public-url", "https://lagesbild.example.se"];
        let with_site = |args: &[&str]| listening(&[args, &site[..]].concat());
        assert_eq!(
            with_site(&["--addr", "0.0.0.0:3000", "--behind-tls"]),
            Ok(())
        );
        assert_eq!(
            with_site(&["--addr", "0.0.0.0:3000", "--allow-plain-http"]),
            Ok(())
        );
    }

    #[test]
    fn links_name_the_configured_site_and_never_a_guess_behind_https() {
        let listening = |args: &[&str]| {
            Cli::parse_from(["server"].iter().chain(args))
                .config
                .check_listening()
        };
        let refused = listening(&["--behind-tls"]).unwrap_err();
        assert!(refused.contains("LAGESBILD_PUBLIC_URL"), "{refused}");
        let refused = listening(&["--addr", "0.0.0.0:3000", "--allow-plain-http"]).unwrap_err();
        assert!(refused.contains("LAGESBILD_PUBLIC_URL"), "{refused}");
        let site = |args: &[&str]| {
            Cli::parse_from(["server"].iter().chain(args))
                .config
                .settings()
                .public_url
        };
        assert_eq!(site(&[]), "http://127.0.0.1:3000");
        assert_eq!(
            site(&["--public-url", "https://lagesbild.example.se/"]),
            "https://lagesbild.example.se"
        );
        for wrong in [
            "lagesbild.example.se",
            "ftp://lagesbild.example.se",
            "https://lagesbild.example.se/path",
            "https://lagesbild.example.se/?q=1",
            "https://user@lagesbild.example.se",
            "javascript:alert(1)",
        ] {
            let parsed = Cli::try_parse_from(["server", "--public-url", wrong]);
            assert!(parsed.is_err(), "{wrong} was accepted");
        }
    }

    #[test]
    fn a_given_database_url_wins() {
        let cli = Cli::parse_from(["server", "--database-url", "postgres://u@h/db"]);
        assert_eq!(cli.config.database_url(), "postgres://u@h/db");
    }
}
