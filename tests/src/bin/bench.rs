//! `./lagesbild bench`: generates a plan ten times the demo into its own database (once) and
//! prints latency percentiles and throughput of the main pages, rendered through the whole
//! application (router, server rendering, database) in process.
//!
//! Figures vary with the machine; compare runs on the same machine. See docs/benchmarks.md.

use anyhow::{Result, bail};
use clap::Parser;
use http::{Request, StatusCode};
use std::time::{Duration, Instant};
use tests::large_plan;
use tower::ServiceExt;

#[derive(Parser)]
#[command(about = "Benchmark Lägesbild's main pages on a large generated plan")]
struct Args {
    /// Database for the large plan (generated when empty). SQLite or PostgreSQL.
    #[arg(
        long,
        env = "BENCH_DATABASE_URL",
        default_value = "sqlite://target/bench/large-plan.db?mode=rwc"
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

const PAGES: [(&str, &str); 6] = [
    ("overview", "/"),
    ("measures list", "/measures"),
    (
        "measures filtered + search",
        "/measures?status=on_track&q=genererad&sort=title&page=2",
    ),
    ("measure page (regional)", "/measures/1.8"),
    ("measure page (10 years of reports)", "/measures/G1.1"),
    ("county page", "/counties/01"),
];

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    if args.database_url.starts_with("sqlite://target/bench/") {
        std::fs::create_dir_all("target/bench")?;
    }
    let db = server::open_database(&args.database_url).await?;
    let today = app::domain::IsoDate::today();
    {
        let mut conn = db.acquire().await?;
        if app::server::db::is_empty(&mut conn).await? {
            drop(conn);
            let started = Instant::now();
            let plan = large_plan::generate(&db, args.scale, today).await?;
            println!(
                "generated a plan of {} measures, {} progress reports, {} regional rows and {} funding lines in {:.1} s",
                plan.measures,
                plan.reports,
                plan.regional_rows,
                plan.funding_lines,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let options = leptos::config::LeptosOptions::builder()
        .output_name("lagesbild")
        .build();
    let state = app::server::AppState {
        leptos_options: options,
        db,
        settings: Default::default(),
    };
    let router = server::router(state);
    println!(
        "{} requests per page, {} at a time, database {}\n",
        args.requests,
        args.concurrency,
        args.database_url.split('?').next().unwrap_or_default()
    );
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "page", "p50 ms", "p90 ms", "p99 ms", "req/s", "KiB"
    );
    for (name, path) in PAGES {
        let (mut latencies, elapsed, bytes) =
            run(&router, path, args.requests, args.concurrency).await?;
        latencies.sort();
        let percentile =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<36} {:>9.1} {:>9.1} {:>9.1} {:>9.0} {:>10.1}",
            name,
            ms(percentile(0.50)),
            ms(percentile(0.90)),
            ms(percentile(0.99)),
            args.requests as f64 / elapsed.as_secs_f64(),
            bytes as f64 / 1024.0
        );
    }
    print_bundle_sizes()?;
    Ok(())
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

/// Sends `requests` GETs for `path`, `concurrency` at a time. Returns every latency, the wall
/// time and the size of one response.
async fn run(
    router: &axum::Router,
    path: &str,
    requests: usize,
    concurrency: usize,
) -> Result<(Vec<Duration>, Duration, usize)> {
    // One warm-up request, which also checks the page works.
    let (status, bytes) = get(router, path).await?;
    if status != StatusCode::OK {
        bail!("{path} answered {status}");
    }
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(requests);
    let mut tasks = tokio::task::JoinSet::new();
    let mut sent = 0;
    while sent < requests || !tasks.is_empty() {
        while sent < requests && tasks.len() < concurrency {
            let router = router.clone();
            let path = path.to_owned();
            tasks.spawn(async move {
                let begun = Instant::now();
                get(&router, &path).await.map(|_| begun.elapsed())
            });
            sent += 1;
        }
        if let Some(done) = tasks.join_next().await {
            latencies.push(done??);
        }
    }
    Ok((latencies, started.elapsed(), bytes))
}

async fn get(router: &axum::Router, path: &str) -> Result<(StatusCode, usize)> {
    use http_body_util::BodyExt;
    let request = Request::get(path).body(axum::body::Body::empty())?;
    let response = router.clone().oneshot(request).await?;
    let status = response.status();
    let bytes = response.into_body().collect().await?.to_bytes().len();
    Ok((status, bytes))
}
