//! `./lagesbild bench-load`: the release server as production runs it, pinned to one core, on
//! the large generated plan, driven page by page by a real HTTP load tool (wrk) on the other
//! core, signed in as the demo ministry desk officer. Prints requests a second, p50 and p99
//! latency and errors per page under load, the p50 of one request at a time (the page's own
//! time, without queueing), and the server's peak memory.
//!
//! Before and after each page's load, one request checks that the answer is that page (status
//! 200 and its heading), so that a figure is never that of the sign-in page or an error page,
//! and wrk's own count of non-2xx answers and socket errors is printed and fails the run.
//!
//! Figures vary with the machine; compare runs on the same machine. See docs/benchmarks.md.

use anyhow::{Context, Result, bail, ensure};
use clap::Parser;
use std::net::SocketAddr;
use tests::large_plan::{self, Page};
use tests::process::{self, ServerProcess};
use tokio::process::Command;

#[derive(Parser)]
#[command(about = "Load the release server's main pages with wrk, the server on one core")]
struct Args {
    /// Database for the large plan (generated when empty). SQLite or PostgreSQL.
    #[arg(long, env = "BENCH_DATABASE_URL", default_value = large_plan::DATABASE_URL)]
    database_url: String,
    /// How many times the demo plan's 30 measures to generate.
    #[arg(long, default_value_t = 10)]
    scale: usize,
    /// Seconds of load per page.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Open connections (each with one request in flight).
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// Seconds of one request at a time per page, for its p50 alone.
    #[arg(long, default_value_t = 3)]
    alone_seconds: u32,
    /// The server's binary (by default `lagesbild-server`, built beside this one).
    #[arg(long, env = "LAGESBILD_SERVER")]
    server: Option<String>,
}

/// What wrk measured for one page.
struct Figures {
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Answers other than 2xx or 3xx, and connect, read, write and timeout errors.
    errors: u64,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let cores = std::thread::available_parallelism()?.get();
    ensure!(
        cores >= 2,
        "the load benchmark needs two cores: one for the server, one for wrk"
    );
    let server = match args.server.clone() {
        Some(server) => server,
        None => std::env::current_exe()?
            .with_file_name("lagesbild-server")
            .to_string_lossy()
            .into_owned(),
    };
    let db = large_plan::open(&args.database_url, args.scale).await?;
    db.close().await;

    let server = ServerProcess::start(
        &server,
        &[
            ("DATABASE_URL", args.database_url.clone()),
            ("LAGESBILD_TODAY", tests::demo_day().to_string()),
            // One worker thread for the one core it gets.
            ("TOKIO_WORKER_THREADS", "1".to_owned()),
            // Memory a request freed goes back to the system at once, as the README advises
            // for production (unless the run names another delay).
            (
                "MIMALLOC_PURGE_DELAY",
                std::env::var("MIMALLOC_PURGE_DELAY").unwrap_or_else(|_| "0".to_owned()),
            ),
        ],
    )
    .await?;
    let pid = server.id().context("the server's process id")?;
    // Every thread of the server on core 0, and so every thread it starts later.
    run("taskset", &["-a", "-p", "-c", "0", &pid.to_string()]).await?;
    let cookie = process::sign_in(server.addr, large_plan::USER).await;

    println!(
        "the server on core 0 of {cores}, wrk on core 1: {} connections, {} s per page, signed in as {}, database {}\n",
        args.connections,
        args.seconds,
        large_plan::USER,
        args.database_url.split('?').next().unwrap_or_default()
    );
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>7} {:>13} {:>9}",
        "page", "req/s", "p50 ms", "p99 ms", "errors", "alone p50 ms", "KiB"
    );
    let mut failed = Vec::new();
    for page in &large_plan::PAGES {
        let bytes = check(server.addr, page, &cookie).await?;
        let alone = wrk(server.addr, page, &cookie, 1, args.alone_seconds).await?;
        let figures = wrk(server.addr, page, &cookie, args.connections, args.seconds).await?;
        check(server.addr, page, &cookie).await?;
        println!(
            "{:<36} {:>9.0} {:>9.1} {:>9.1} {:>7} {:>13.1} {:>9.1}",
            page.name,
            figures.requests_per_second,
            figures.p50_ms,
            figures.p99_ms,
            figures.errors,
            alone.p50_ms,
            bytes as f64 / 1024.0
        );
        if figures.errors + alone.errors > 0 {
            failed.push(page.name);
        }
    }
    let peak = peak_memory_kib(pid)?;
    println!(
        "\nthe server's peak memory (VmHWM): {:.1} MiB",
        peak as f64 / 1024.0
    );
    server.stop().await?;
    if !failed.is_empty() {
        bail!("requests failed under load on: {}", failed.join(", "));
    }
    Ok(())
}

/// Requests `page` once and checks that the answer is that page; returns its size.
async fn check(addr: SocketAddr, page: &Page, cookie: &str) -> Result<usize> {
    let response = process::http(addr, "GET", page.path, &[("cookie", cookie)], "").await?;
    let heading = tests::first_heading(&response.body);
    if response.status != 200 || !heading.contains(page.heading) {
        bail!(
            "{} answered {} with the heading {heading:?}, not the page headed {:?}",
            page.path,
            response.status,
            page.heading
        );
    }
    Ok(response.body.len())
}

/// Drives `page` with wrk on core 1, `connections` requests in flight for `seconds`, and
/// reads its figures.
async fn wrk(
    addr: SocketAddr,
    page: &Page,
    cookie: &str,
    connections: u32,
    seconds: u32,
) -> Result<Figures> {
    let output = Command::new("taskset")
        .args(["-c", "1", "wrk", "--latency", "-t1"])
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .args(["--timeout", "10s", "-H"])
        .arg(format!("Cookie: {cookie}"))
        .arg(format!("http://{addr}{}", page.path))
        .output()
        .await
        .context("running wrk (installed by ./lagesbild bench-load)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    ensure!(
        output.status.success(),
        "wrk failed: {text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    parse_wrk(&text).with_context(|| format!("reading wrk's output:\n{text}"))
}

/// The figures in wrk's report (run with `--latency`).
fn parse_wrk(text: &str) -> Option<Figures> {
    let field = |label: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(label))
            .map(str::trim)
    };
    let socket_errors: u64 = field("Socket errors:").map_or(0, |rest| {
        rest.split(',')
            .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
            .sum()
    });
    let non_2xx: u64 = field("Non-2xx or 3xx responses:").map_or(Some(0), |n| n.parse().ok())?;
    Some(Figures {
        requests_per_second: field("Requests/sec:")?.parse().ok()?,
        p50_ms: milliseconds(field("50%")?)?,
        p99_ms: milliseconds(field("99%")?)?,
        errors: socket_errors + non_2xx,
    })
}

/// A duration as wrk prints it (`812.00us`, `1.23ms`, `2.01s`, `1.50m`) in milliseconds.
fn milliseconds(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        _ => return None,
    })
}

/// The most memory the process has held (its high-water mark of resident memory).
fn peak_memory_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .context("VmHWM in /proc/<pid>/status")
}

/// Runs a command and fails when it does.
async fn run(program: &str, args: &[&str]) -> Result<()> {
    let status = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .with_context(|| format!("running {program}"))?;
    ensure!(status.success(), "{program} {} failed", args.join(" "));
    Ok(())
}

#[cfg(test)]
mod reading_wrk {
    use super::*;

    #[test]
    fn wrk_s_report_is_read_into_figures() {
        let report = "Running 5s test @ http://127.0.0.1:3900/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   137.14ms   24.70ms 212.55ms   72.99%
  Latency Distribution
     50%  812.00us
     75%  150.00ms
     90%  170.00ms
     99%    1.33s 
  1153 requests in 5.01s, 89.76MB read
  Socket errors: connect 0, read 2, write 0, timeout 12
  Non-2xx or 3xx responses: 3
Requests/sec:    230.49
Transfer/sec:     17.92MB
";
        let figures = parse_wrk(report).expect("figures");
        assert_eq!(figures.requests_per_second, 230.49);
        assert_eq!(figures.p50_ms, 0.812);
        assert_eq!(figures.p99_ms, 1330.0);
        assert_eq!(figures.errors, 17);
    }
}
