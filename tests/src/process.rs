//! The real server as a process: started from its binary (`lagesbild-server`, the server's own
//! command line built beside the tests), spoken to over plain HTTP/1.1, and killed.

use anyhow::{Context, Result, bail};
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

/// A server process listening on a free port of 127.0.0.1.
pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `binary` with `env` (besides a free port and quiet logs) and waits until it
    /// serves.
    pub async fn start(binary: &str, env: &[(&str, String)]) -> Result<ServerProcess> {
        let mut child = Command::new(binary)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("LAGESBILD_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {binary}"))?;
        let stdout = child.stdout.take().context("the server's output")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(rest) = line.split("running at http://").nth(1) {
                    return Ok(rest.trim_end_matches('/').parse::<SocketAddr>()?);
                }
            }
            bail!("the server stopped before it served")
        })
        .await
        .context("the server did not start within 60 s")??;
        // Keep reading what it prints, so that it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(ServerProcess { child, addr })
    }

    /// The process's id.
    pub fn id(&self) -> Option<u32> {
        self.child.id()
    }

    /// Kills the process at once (SIGKILL: no shutdown, no flushing), as a power cut would.
    pub async fn kill(mut self) -> Result<()> {
        self.child.start_kill()?;
        self.child.wait().await?;
        Ok(())
    }

    /// Asks the process to stop (SIGTERM) and waits for it.
    pub async fn stop(self) -> Result<()> {
        let pid = self.child.id().context("a running process")?;
        let status = Command::new("kill").arg(pid.to_string()).status().await?;
        anyhow::ensure!(status.success(), "kill {pid}");
        let mut child = self.child;
        child.wait().await?;
        Ok(())
    }
}

/// An HTTP response: its status, headers (names in lower case) and body as text.
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// The value of the session cookie the response sets, if it sets one.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .iter()
            .filter(|(name, _)| name == "set-cookie")
            .find_map(|(_, value)| {
                let rest = value.strip_prefix(&format!("{}=", crate::SESSION_COOKIE))?;
                Some(rest.split(';').next()?.to_owned())
            })
    }
}

/// Sends one request on a new connection and reads the whole response.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<HttpResponse> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "an incomplete response")
    })?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no status"))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_lowercase(), value.trim().to_owned()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: body.to_owned(),
    })
}

/// Signs in over HTTP as the sign-in page does; returns the `Cookie` header that carries the
/// session in later requests.
pub async fn sign_in(addr: SocketAddr, email: &str) -> String {
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
    ];
    let form = crate::sign_in_form(email, server::DEMO_PASSWORD);
    let response = http(addr, "POST", "/api/sign_in", &headers, &form)
        .await
        .expect("the server answers");
    assert_eq!(response.status, 200, "{}", response.body);
    let cookie = response.session_cookie().expect("a session cookie");
    format!("{}={cookie}", crate::SESSION_COOKIE)
}

/// Calls a server function as the browser does, with the session in `cookie`.
pub async fn call(
    addr: SocketAddr,
    cookie: &str,
    name: &str,
    form: &str,
) -> std::io::Result<HttpResponse> {
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
        ("cookie", cookie),
    ];
    http(addr, "POST", &format!("/api/{name}"), &headers, form).await
}

/// The county board's form for Västerbotten's row of measure 1.8, saved over `version`.
pub fn regional_row_form(version: i64, progress: i64, narrative: &str) -> String {
    format!(
        "code=1.8&county=24&version={version}&status=at_risk&progress={progress}&contact_name=Anna&contact_role=Samordnare&narrative={}&spent=0",
        crate::form_value(narrative),
    )
}
