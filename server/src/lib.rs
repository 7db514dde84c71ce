//! Lägesbild's web server: start-up (configuration, database, demo data) and the router. The
//! binary in `main.rs` only parses the command line; tests call [`router`] directly.

mod accounts;
mod api;
pub mod audit_owner;
mod calendar;
pub mod cli;
pub mod config;
mod demo;
mod exports;
mod imports;
mod language;
mod open_data;
pub mod operations;
mod plain_forms;
mod security;
mod site_files;

pub use config::Config;
pub use demo::{DEMO_PASSWORD, demo_day};

/// The memory allocator of every program built with the server (the server, the tests and the
/// benchmarks): mimalloc, because rendering a page allocates many small strings and glibc's
/// allocator spent about a third of the server's time on them in a profile of the overview
/// under load (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use app::domain::IsoDate;
use app::server::AppState;
use app::server::assets::Assets;
use app::server::db::Db;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::Response;
use axum::routing::get;
use leptos::config::{Env, LeptosOptions};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::{Arc, OnceLock};
use tower_http::compression::CompressionLayer;

/// Connects to the database and brings its schema up to date.
pub async fn open_database(url: &str) -> Result<Db> {
    open_database_with_replica(url, None).await
}

/// [`open_database`], reading pages from the PostgreSQL read replica at `replica_url`.
pub async fn open_database_with_replica(url: &str, replica_url: Option<&str>) -> Result<Db> {
    let db = Db::connect_with_replica(url, replica_url)
        .await
        .with_context(|| match replica_url {
            Some(replica) => format!("connecting to {} and {}", redact(url), redact(replica)),
            None => format!("connecting to {}", redact(url)),
        })?;
    db.migrate().await.context("applying database migrations")?;
    Ok(db)
}

/// The database URL without its password, for logs and error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    let mut options = LeptosOptions::builder()
        .output_name("lagesbild")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(Env::PROD)
        .build();
    // `cargo leptos watch` (`./lagesbild dev`) says where the page hears of finished builds.
    if let Some(port) = std::env::var("LEPTOS_RELOAD_PORT")
        .ok()
        .and_then(|port| port.parse().ok())
    {
        options.reload_port = port;
    }
    options
}

/// Everything a running server needs: database ready, demo data loaded if asked for.
pub async fn prepare(config: &Config) -> Result<AppState> {
    if config.database_url.as_deref().is_none_or(str::is_empty) {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!("creating the data directory {}", config.data_dir.display())
        })?;
    }
    let db = open_database_with_replica(
        &config.database_url(),
        config
            .database_read_url
            .as_deref()
            .filter(|url| !url.is_empty()),
    )
    .await?;
    let clock = config.clock();
    if config.demo && demo::load_if_empty(&db, clock.today()).await? {
        tracing::info!("loaded the demo plan into the empty database");
    }
    warn_if_audit_log_unprotected(&db).await?;
    let leptos_options = leptos_options(config);
    // Under `cargo leptos watch` the files change while the server runs: linked by their own
    // addresses, revalidated on every use.
    let assets = if std::env::var("LEPTOS_WATCH").is_ok() {
        Assets::default()
    } else {
        Assets::of_site(&leptos_options).context("reading the site's files")?
    };
    Ok(AppState {
        leptos_options,
        db,
        settings: config.settings(),
        clock,
        caches: Default::default(),
        assets: Arc::new(assets),
        api_reference: Default::default(),
    })
}

/// On PostgreSQL, a warning while the application's own role owns the audit log (see
/// [`audit_owner`]).
async fn warn_if_audit_log_unprotected(db: &Db) -> Result<()> {
    if db.backend() != app::server::db::Backend::Postgres {
        return Ok(());
    }
    let mut conn = db.acquire().await?;
    if audit_owner::held_by_current_user(&mut conn).await? {
        tracing::warn!(
            "the application's database role holds the audit log (owns it or its schema), so \
             it could rewrite or drop it: hand it to a role of its own with `server \
             protect-audit-log` (README, Security)"
        );
    }
    Ok(())
}

/// Hands the audit log to the role `audit`, leaving `app` only INSERT and SELECT on it
/// (`server protect-audit-log`; PostgreSQL only).
pub async fn protect_audit_log(
    config: &Config,
    app: &audit_owner::RoleName,
    audit: &audit_owner::RoleName,
) -> Result<()> {
    let url = config.database_url();
    if app::server::db::Backend::of_url(&url)? != app::server::db::Backend::Postgres {
        anyhow::bail!("protect-audit-log is for PostgreSQL (DATABASE_URL=postgres://…)");
    }
    // A plain connection: migrations are the application's to apply, as its own role.
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await?;
    audit_owner::protect(&mut conn, app, audit).await?;
    sqlx::Connection::close(conn).await?;
    Ok(())
}

/// Loads the demo plan into an empty database (`server load-demo`).
pub async fn load_demo(config: &Config) -> Result<()> {
    if config.database_url.as_deref().is_none_or(str::is_empty) {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let db = open_database(&config.database_url()).await?;
    demo::load_into_empty(&db, config.today.unwrap_or_else(demo_day)).await
}

/// Loads the demo plan into an opened database; for tests and tools.
/// Creates an administrator (the first one on a new installation), or makes an existing
/// account an active administrator with a new password.
pub async fn create_admin(
    config: &Config,
    email: &str,
    display_name: &str,
    organisation: &str,
    organisation_name: Option<&str>,
    password: &str,
) -> Result<()> {
    if config.database_url.as_deref().is_none_or(str::is_empty) {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let db = open_database(&config.database_url()).await?;
    let created = accounts::create_admin(
        &db,
        email,
        display_name,
        organisation,
        organisation_name,
        password,
        &config.clock().timestamp(),
    )
    .await;
    db.close().await;
    created
}

pub async fn load_demo_into(db: &Db, today: IsoDate) -> Result<()> {
    demo::load_into_empty(db, today).await
}

/// The whole application: pages, server functions, the language switch and static files.
/// Every route of the application, in the order a request meets them: security headers,
/// refusal of cross-site writes, the session (from its cookie), the viewer (from the session),
/// what a form sent without JavaScript brings back, then the pages, server functions and
/// static files.
pub fn router(mut state: AppState) -> Router {
    operations::init_process();
    state.api_reference = api::reference();
    let routes = page_routes();
    let options = state.leptos_options.clone();
    Router::new()
        .merge(api::routes())
        .route("/language/{lang}", get(language::switch))
        .route("/oversight/compliance.csv", get(exports::compliance_csv))
        .route("/oversight/changes.csv", get(exports::changes_csv))
        .route("/oversight/granskning.docx", get(exports::review))
        .route(open_data::PATH, get(open_data::catalogue))
        .route("/data/lagesrapport.docx", get(exports::government_report))
        .route(
            imports::PATH,
            axum::routing::post(imports::upload).layer(axum::extract::DefaultBodyLimit::max(
                imports::MAX_BODY_BYTES,
            )),
        )
        .route("/data/{file}", get(exports::data_file))
        .route("/calendar/{file}", get(calendar::feed))
        .leptos_routes_with_context(
            &state,
            routes,
            site_files::page_context(&state),
            move || shell(options.clone()),
        )
        .fallback(site_files::file_or_not_found)
        .layer(from_fn(error_status))
        .layer(from_fn_with_state(
            state.clone(),
            plain_forms::keep_for_next_page,
        ))
        .layer(from_fn_with_state(state.clone(), accounts::resolve_viewer))
        .layer(accounts::session_layer(&state))
        .layer(from_fn(security::refuse_cross_site_writes))
        .layer(from_fn(security::limit_request_body))
        .layer(from_fn_with_state(
            state.clone(),
            operations::read_own_writes,
        ))
        .merge(operations::routes())
        .layer(from_fn_with_state(
            state.settings.behind_tls,
            security::headers,
        ))
        .layer(CompressionLayer::new())
        .layer(from_fn(operations::log_and_count))
        .layer(from_fn(operations::request_id))
        .with_state(state)
}

/// Every page route of the application, generated once per process and then reused by every
/// router built in it. Generating the list runs the whole application once with the loading of
/// data switched off for the whole process (leptos_server's `SuppressResourceLoad`, a global
/// flag): a page whose data began loading in another router at that moment would wait forever
/// (leptos-rs/leptos#4773). The routes never change while the process runs.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Gives every failed server-function call the HTTP status of its `AppError`: the framework
/// answers 500 for errors raised before the function body runs (such as unreadable
/// arguments, which are the caller's fault: 400).
async fn error_status(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    let is_server_fn = path.starts_with("/api/") && !path.starts_with(api::PREFIX);
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Serves until interrupted (Ctrl-C or SIGTERM), finishing requests under way.
pub async fn serve(config: &Config) -> Result<()> {
    config.check_listening().map_err(anyhow::Error::msg)?;
    let mut state = prepare(config).await?;
    let db = state.db.clone();
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("listening on {}", config.addr))?;
    let address = listener.local_addr()?;
    if config.public_url.is_none() {
        // On loopback (checked above), links name the address actually listened on (port 0
        // picks a free one).
        state.settings.public_url = format!("http://{address}");
    }
    println!("Lägesbild is running at http://{address}/");
    let sweeper = tokio::spawn(accounts::remove_expired_sessions(db.clone()));
    let metrics = match config.metrics_addr {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("listening for metrics on {addr}"))?;
            println!("Metrics are at http://{}/metrics", listener.local_addr()?);
            let metrics = operations::metrics_router(state.clone());
            Some(tokio::spawn(
                async move { axum::serve(listener, metrics).await },
            ))
        }
        None => None,
    };
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving")?;
    sweeper.abort();
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    db.close().await;
    Ok(())
}

/// Writes a consistent copy of the database to `to` while servers go on using it
/// (`server backup`; SQLite only: PostgreSQL has pg_dump).
pub async fn backup(config: &Config, to: &std::path::Path) -> Result<()> {
    let db = Db::connect(&config.database_url())
        .await
        .with_context(|| format!("connecting to {}", redact(&config.database_url())))?;
    let copied = db.backup_to(to).await;
    db.close().await;
    copied.with_context(|| format!("backing up to {}", to.display()))
}

/// Puts a backup made by [`backup`] in place of the SQLite database (`server restore`), which
/// no server may be using. Refuses to overwrite a database with data unless `replace`.
pub async fn restore(config: &Config, from: &std::path::Path, replace: bool) -> Result<()> {
    let url = config.database_url();
    let Some(file) = url
        .strip_prefix("sqlite://")
        .map(|rest| rest.split('?').next().unwrap_or(rest))
    else {
        anyhow::bail!("on PostgreSQL, restore with pg_restore (see the README, Operations)");
    };
    if let Some(dir) = std::path::Path::new(file).parent() {
        std::fs::create_dir_all(dir)?;
    }
    app::server::db::restore_sqlite(from, std::path::Path::new(file), replace)
        .await
        .with_context(|| format!("restoring {}", from.display()))?;
    // A backup of an older version is brought up to this one's schema now, not at next start.
    let db = open_database(&url).await?;
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://user:secret@db:5432/lagesbild"),
            "postgres://…@db:5432/lagesbild"
        );
        assert_eq!(
            redact("sqlite://data/lagesbild.db"),
            "sqlite://data/lagesbild.db"
        );
    }
}
