//! What the server tells its operators besides the pages: why a request failed, logged once on
//! the line of the request it failed (written by `server::operations`), and the counts behind
//! `/metrics` (the `metrics` crate; the server installs the exporter).

use std::future::Future;
use std::sync::{Arc, Mutex};

tokio::task_local! {
    /// Where the request being served keeps the cause of its failure.
    static CAUSE: Arc<Mutex<Option<String>>>;
}

/// Records why the current request failed, for its log line. `what` says what was being done
/// (for a database error: where the query was sent from); `error` says what went wrong, never
/// the data or a password. Outside a request it is logged at once.
#[track_caller]
pub fn failure(what: &str, error: &dyn std::fmt::Display) {
    let at = std::panic::Location::caller();
    let cause = format!("{what} ({}:{}): {error}", at.file(), at.line());
    let kept = CAUSE.try_with(|slot| {
        if let Ok(mut slot) = slot.lock() {
            // The first failure is the cause; what fails after it is a consequence.
            slot.get_or_insert(cause.clone());
        }
    });
    if kept.is_err() {
        tracing::error!(cause, "failed outside a request");
    }
}

/// Serves a request: runs `serve` and returns its output with the cause of its failure, if
/// any code it ran (or spawned, see [`carry_cause`]) recorded one.
pub async fn serve_keeping_cause<F: Future>(serve: F) -> (F::Output, Option<String>) {
    let slot = Arc::new(Mutex::new(None));
    let output = CAUSE.scope(Arc::clone(&slot), serve).await;
    let cause = slot.lock().ok().and_then(|mut slot| slot.take());
    (output, cause)
}

/// Makes work spawned while serving a request record its failure for that request.
pub fn carry_cause<F: Future>(work: F) -> impl Future<Output = F::Output> {
    let slot = CAUSE.try_with(Arc::clone).ok();
    async move {
        match slot {
            Some(slot) => CAUSE.scope(slot, work).await,
            None => work.await,
        }
    }
}

/// A sign-in that signed nobody in: `reason` is `failed`, `locked` or `busy`.
pub fn sign_in_refused(reason: &'static str) {
    metrics::counter!("lagesbild_sign_in_refusals_total", "reason" => reason).increment(1);
}

/// A report submitted (counted once its transaction has committed).
pub fn report_submitted() {
    metrics::counter!("lagesbild_reports_submitted_total").increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_failure_of_a_request_is_its_cause_even_in_work_it_spawned() {
        let ((), cause) = serve_keeping_cause(async {
            tokio::spawn(carry_cause(async { failure("loading", &"table gone") }))
                .await
                .unwrap();
            failure("rendering", &"a consequence");
        })
        .await;
        let cause = cause.expect("a cause");
        assert!(
            cause.starts_with("loading (app/src/server/telemetry.rs:"),
            "{cause}"
        );
        assert!(cause.ends_with("): table gone"), "{cause}");
    }
}
