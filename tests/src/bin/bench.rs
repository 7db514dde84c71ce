//! `./lagesbild bench`: generates a plan ten times the demo into its own database (once) and
//! prints latency percentiles and throughput of the main pages, rendered through the whole
//! application (router, server rendering, database) in process, signed in as the demo
//! ministry desk officer. Every response is checked to be the page it names (its status and
//! its heading), so that a figure is never that of the sign-in page or an error.
//!
//! Figures vary with the machine; compare runs on the same machine. See docs/benchmarks.md.

use anyhow::{Result, bail};
use clap::Parser;
use http::{Request, StatusCode};
use std::time::{Duration, Instant};
use tests::large_plan::{self, USER};
use tower::ServiceExt;

#[derive(Parser)]
#[command(about = "Benchmark Lägesbild's main pages on a large generated plan")]
struct Args {
    /// Database for the large plan (generated when empty). SQLite or PostgreSQL.
    #[arg(
        long,
        env = "BENCH_DATABASE_URL",
        default_value = large_plan::DATABASE_URL
    )]
    database_url: String,
    /// How many times the demo plan's 30 measures to generate.
    #[arg(long, default_value_t = 10)]
    scale: usize,
    /// Requests per page.
    #[arg(long, default_value_t = 200)]
    requests: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let errors_logged = log_warnings_and_count_errors();
    let db = large_plan::open(&args.database_url, args.scale).await?;
    let router = server::router(tests::app_state(db, Default::default()));
    let cookie = sign_in(&router).await?;
    println!(
        "{} requests per page, {} at a time, signed in as {USER}, database {}\n",
        args.requests,
        args.concurrency,
        args.database_url.split('?').next().unwrap_or_default()
    );
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "page", "p50 ms", "p90 ms", "p99 ms", "req/s", "KiB"
    );
    for page in &large_plan::PAGES {
        let (mut latencies, elapsed, bytes) =
            run(&router, page, &cookie, args.requests, args.concurrency).await?;
        latencies.sort();
        let percentile =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<36} {:>9.1} {:>9.1} {:>9.1} {:>9.0} {:>10.1}",
            page.name,
            ms(percentile(0.50)),
            ms(percentile(0.90)),
            ms(percentile(0.99)),
            args.requests as f64 / elapsed.as_secs_f64(),
            bytes as f64 / 1024.0
        );
    }
    print_bundle_sizes()?;
    let errors = errors_logged.load(std::sync::atomic::Ordering::Relaxed);
    println!("\nerror lines in the log: {errors}");
    if errors > 0 {
        bail!("the application logged {errors} errors under load (printed above)");
    }
    Ok(())
}

/// Prints the application's warnings and errors to standard error, as the server's log would
/// show them, and counts the errors: a page that errs under load fails the benchmark.
fn log_warnings_and_count_errors() -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
    use tracing_subscriber::filter::LevelFilter;
    use tracing_subscriber::prelude::*;

    struct CountErrors(std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountErrors {
        fn on_event(
            &self,
            event: &tracing::Event<'_>,
            _: tracing_subscriber::layer::Context<'_, S>,
        ) {
            if *event.metadata().level() == LevelFilter::ERROR {
                self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    let count = std::sync::Arc::default();
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(LevelFilter::WARN),
        )
        .with(CountErrors(std::sync::Arc::clone(&count)))
        .init();
    count
}

/// The files every visitor downloads, as built by `cargo leptos build --release`, raw and as
/// gzip sends them (the server compresses responses).
fn print_bundle_sizes() -> Result<()> {
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;
    let pkg = std::path::Path::new("target/site/pkg");
    if !pkg.exists() {
        println!(
            "\n(no built site at target/site: run `cargo leptos build --release` for bundle sizes)"
        );
        return Ok(());
    }
    println!("\n{:<36} {:>10} {:>10}", "file", "KiB", "gzip KiB");
    for name in ["lagesbild.wasm", "lagesbild.js", "lagesbild.css"] {
        let bytes = std::fs::read(pkg.join(name))?;
        let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
        gzip.write_all(&bytes)?;
        let compressed = gzip.finish()?.len();
        println!(
            "{:<36} {:>10.1} {:>10.1}",
            name,
            bytes.len() as f64 / 1024.0,
            compressed as f64 / 1024.0
        );
    }
    Ok(())
}

/// Signs in as [`USER`] through the sign-in form's server function; returns the session
/// cookie to send with every request.
async fn sign_in(router: &axum::Router) -> Result<String> {
    let form = format!(
        "email={}&password={}&next=%2F",
        tests::form_value(USER),
        tests::form_value(server::DEMO_PASSWORD)
    );
    let request = Request::post("/api/sign_in")
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(axum::body::Body::from(form))?;
    let response = router.clone().oneshot(request).await?;
    let cookie = response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("lagesbild_session="))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned);
    match cookie {
        Some(cookie) if response.status().is_success() || response.status().is_redirection() => {
            Ok(cookie)
        }
        _ => bail!("signing in as {USER} failed: {}", response.status()),
    }
}

/// Sends `requests` GETs for `page`, `concurrency` at a time, each checked to be that page.
/// Returns every latency, the wall time and the size of one response.
async fn run(
    router: &axum::Router,
    page: &'static large_plan::Page,
    cookie: &str,
    requests: usize,
    concurrency: usize,
) -> Result<(Vec<Duration>, Duration, usize)> {
    // One warm-up request, which also shows what a wrong page looks like.
    let bytes = get(router, page, cookie).await?;
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(requests);
    let mut tasks = tokio::task::JoinSet::new();
    let mut sent = 0;
    while sent < requests || !tasks.is_empty() {
        while sent < requests && tasks.len() < concurrency {
            let router = router.clone();
            let cookie = cookie.to_owned();
            tasks.spawn(async move {
                let begun = Instant::now();
                get(&router, page, &cookie).await.map(|_| begun.elapsed())
            });
            sent += 1;
        }
        if let Some(done) = tasks.join_next().await {
            latencies.push(done??);
        }
    }
    Ok((latencies, started.elapsed(), bytes))
}

/// Requests `page` and checks that the answer is that page; returns its size.
async fn get(router: &axum::Router, page: &large_plan::Page, cookie: &str) -> Result<usize> {
    use http_body_util::BodyExt;
    let request = Request::get(page.path)
        .header(http::header::COOKIE, cookie)
        .header(http::header::ACCEPT, "text/html")
        .body(axum::body::Body::empty())?;
    let response = router.clone().oneshot(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    let html = String::from_utf8_lossy(&body);
    let heading = tests::first_heading(&html);
    if status != StatusCode::OK || !heading.contains(page.heading) {
        bail!(
            "{} answered {status} with the heading {heading:?}, not the page headed {:?}",
            page.path,
            page.heading
        );
    }
    Ok(body.len())
}
