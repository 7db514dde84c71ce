//! Crash safety: the real server binary is killed (SIGKILL) at random moments while a county
//! board saves in a loop, and restarted, again and again. Every save it acknowledged must be
//! there afterwards, and the SQLite file must stay sound.

use sqlx::{AnyConnection, Connection};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tests::COUNTY_BOARD;
use tests::process::{ServerProcess, call, regional_row_form, sign_in};

const CYCLES: usize = 20;

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_acknowledged_save_survives_the_server_being_killed_at_random_moments() {
        let dir = tempfile::tempdir().unwrap();
        let url = tests::databases::sqlite_copy(dir.path()).await.unwrap();
        super::kill_while_saving(&url).await;
    }
}

mod postgres {
    use sqlx::Connection;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_acknowledged_save_survives_the_server_being_killed_at_random_moments() {
        let Some(admin_url) = tests::databases::postgres_admin_url() else {
            return;
        };
        let database = tests::databases::postgres_copy(&admin_url).await.unwrap();
        let url = tests::databases::replace_database(&admin_url, &database);
        super::kill_while_saving(&url).await;
        let mut admin = sqlx::AnyConnection::connect(&admin_url).await.unwrap();
        let _ = tests::databases::drop_postgres(&mut admin, &database).await;
    }
}

/// What the saving loop knows: the version the row is at after the last acknowledged save, and
/// that save's text.
#[derive(Debug, Clone)]
struct Acknowledged {
    version: i64,
    narrative: String,
    saves: usize,
}

async fn kill_while_saving(url: &str) {
    sqlx::any::install_default_drivers();
    let started = Instant::now();
    let binary = env!("CARGO_BIN_EXE_lagesbild-server");
    let env = [("DATABASE_URL", url.to_owned())];
    let (version, narrative) = row(url).await;
    let acknowledged = Arc::new(Mutex::new(Acknowledged {
        version,
        narrative,
        saves: 0,
    }));
    let mut random = Random::seeded();
    let mut committed_unacknowledged = 0;
    for cycle in 0..CYCLES {
        let server = ServerProcess::start(binary, &env).await.unwrap();
        let cookie = sign_in(server.addr, COUNTY_BOARD).await;
        let saving = tokio::spawn(save_until_refused(
            server.addr,
            cookie,
            cycle,
            Arc::clone(&acknowledged),
        ));
        tokio::time::sleep(Duration::from_millis(20 + random.below(300))).await;
        server.kill().await.unwrap();
        saving.await.unwrap();

        let known = acknowledged.lock().unwrap().clone();
        let (version, narrative) = row(url).await;
        assert!(
            version == known.version || version == known.version + 1,
            "cycle {cycle}: the row is at version {version}, the last acknowledged save made it {}",
            known.version
        );
        if version == known.version {
            assert_eq!(
                narrative, known.narrative,
                "cycle {cycle}: the last acknowledged save is there"
            );
        } else {
            // The save in flight when the server died was committed, unacknowledged: allowed.
            committed_unacknowledged += 1;
            let mut known = acknowledged.lock().unwrap();
            known.version = version;
            known.narrative = narrative;
        }
        if url.starts_with("sqlite:") {
            let mut conn = AnyConnection::connect(url).await.unwrap();
            let check: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&mut conn)
                .await
                .unwrap();
            assert_eq!(check, "ok", "cycle {cycle}: the database file is sound");
            conn.close().await.unwrap();
        }
    }
    let saves = acknowledged.lock().unwrap().saves;
    assert!(
        saves >= CYCLES,
        "the server saved between kills ({saves} saves)"
    );
    println!(
        "{CYCLES} kills, {saves} acknowledged saves all kept, {committed_unacknowledged} saves in flight committed, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Saves Västerbotten's row of measure 1.8 again and again until the server stops answering.
async fn save_until_refused(
    addr: std::net::SocketAddr,
    cookie: String,
    cycle: usize,
    acknowledged: Arc<Mutex<Acknowledged>>,
) {
    for n in 0.. {
        let version = acknowledged.lock().unwrap().version;
        let narrative = format!("Omgång {cycle}, sparning {n}");
        let form = regional_row_form(version, n % 100, &narrative);
        match call(addr, &cookie, "save_regional_row", &form).await {
            Ok(response) if response.status == 200 => {
                let mut known = acknowledged.lock().unwrap();
                known.version = version + 1;
                known.narrative = narrative;
                known.saves += 1;
            }
            Ok(response) => panic!(
                "save {n} of cycle {cycle} over version {version} was refused ({}): {}",
                response.status, response.body
            ),
            Err(_) => return,
        }
    }
}

/// Västerbotten's row of measure 1.8: its version and text, read straight from the database.
/// On PostgreSQL, once the killed server's connections have ended: a commit it had sent before
/// it died still completes (and is visible) a moment later.
async fn row(url: &str) -> (i64, String) {
    let mut conn = AnyConnection::connect(url).await.unwrap();
    if url.starts_with("postgres") {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let others: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap();
            if others == 0 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the killed server's connections end"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    let row = tests::vasterbotten_row(&mut conn).await;
    conn.close().await.unwrap();
    row
}

/// Random enough moments to kill at (xorshift), from a seed printed when a cycle fails.
struct Random(u64);

impl Random {
    fn seeded() -> Random {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1;
        println!("random seed {seed}");
        Random(seed)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}
