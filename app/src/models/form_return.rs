//! What a form sent without JavaScript brings back to the page it came from.
//!
//! Before any WebAssembly has run (or with JavaScript off), a form posts straight to its server
//! function and the browser follows the redirect back to the page (server_fn's form
//! redirects; a refusal rides in that address as `__path` and `__err`, which Leptos turns into
//! the action's first value). What the person typed, and a success, do not fit in
//! an address, so the server keeps them for the next page (`server/src/plain_forms.rs`) and
//! the page starts from them as the WebAssembly would have: in the session, except an answer
//! with content (a one-time link, recovery codes, a calendar address: secrets shown once, which
//! must never rest in a session row) and what a visitor without a session sent, which travel
//! in a short-lived cookie of that browser alone.

use serde::{Deserialize, Serialize};

/// The most a form's kept fields may hold: far above any form of Lägesbild (its longest text
/// is bounded well below), small enough for a session.
pub const MAX_KEPT_BYTES: usize = 256 * 1024;

/// The most an answer kept for the next page may hold: it travels in a cookie, and browsers
/// keep cookies of up to 4 096 bytes (name, value and attributes).
pub const MAX_ANSWER_BYTES: usize = 2 * 1024;

/// Forms of which nothing is kept: every field is a password or goes with one (a password
/// link's secret).
const FORMS_OF_SECRETS: [&str; 2] = ["/api/change_password", "/api/set_password"];

/// Fields that are secrets whatever their form: a password typed again, a link's secret.
const SECRET_FIELDS: [&str; 2] = ["repeat", "token"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FormReturn {
    /// The server function's address, such as `/api/save_regional_row`.
    pub path: String,
    /// The fields as sent, in order, when the server refused them; never a secret (see
    /// [`FormReturn::keeps`]).
    pub fields: Vec<(String, String)>,
    /// Whether the server function succeeded.
    pub accepted: bool,
    /// Its answer (JSON) when it has content; `None` for an answer that says only that it
    /// succeeded (`()`, `null`). Kept only in the browser's cookie (see [`FormReturn::secret`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The page the browser is sent back to (its path): the only page that takes this return,
    /// so that another tab's page, asked for in between, leaves it alone. Empty: any page.
    #[serde(default)]
    pub page: String,
    /// Until when (seconds since 1970) the page takes it: the browser follows the redirect at
    /// once, so one never followed is not shown when the person comes back later. 0: always.
    #[serde(default)]
    pub until: u64,
}

/// What a page request does with a form's return kept for the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// It is this page's: the page starts from it, and it is removed.
    Take,
    /// It is another page's, still on its way there: left alone.
    Leave,
    /// Its time is up: removed, unused.
    Drop,
}

/// How long a return waits for its page, in seconds.
pub const RETURN_SECONDS: u64 = 120;

impl FormReturn {
    /// The fields of a refused form, less its secrets; `None` when they are too large to keep.
    pub fn refused(path: &str, fields: Vec<(String, String)>) -> Option<FormReturn> {
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .filter(|(name, _)| FormReturn::keeps(path, name))
            .collect();
        let size: usize = fields.iter().map(|(n, v)| n.len() + v.len()).sum();
        (size <= MAX_KEPT_BYTES).then(|| FormReturn {
            path: path.to_owned(),
            fields,
            accepted: false,
            answer: None,
            page: String::new(),
            until: 0,
        })
    }

    /// A form the server accepted, with its answer (JSON) when that says more than that it
    /// succeeded; `None` when the answer is not JSON text or too large to keep.
    pub fn accepted(path: &str, answer: &[u8]) -> Option<FormReturn> {
        let answer = std::str::from_utf8(answer.trim_ascii()).ok()?;
        if answer.len() > MAX_ANSWER_BYTES {
            return None;
        }
        Some(FormReturn {
            path: path.to_owned(),
            fields: Vec::new(),
            accepted: true,
            answer: (answer != "null").then(|| answer.to_owned()),
            page: String::new(),
            until: 0,
        })
    }

    /// This return bound for `page` (a path) until `until` (seconds since 1970).
    pub fn for_page(self, page: &str, until: u64) -> FormReturn {
        FormReturn {
            page: page.to_owned(),
            until,
            ..self
        }
    }

    /// What a request for the page at `path` does with this return at `now` (seconds since
    /// 1970).
    pub fn claim(&self, path: &str, now: u64) -> Claim {
        if self.until != 0 && now > self.until {
            Claim::Drop
        } else if self.page.is_empty() || self.page == path {
            Claim::Take
        } else {
            Claim::Leave
        }
    }

    /// Whether this return holds a secret shown once (an answer with content), which is never
    /// written to the session.
    pub fn secret(&self) -> bool {
        self.answer.is_some()
    }

    /// Whether a field's value of the form posted to `path` may be kept and sent back: never a
    /// password or a code of the second factor, which a browser never fills back in either. The
    /// code of a new measure or area is no secret and is kept.
    pub fn keeps(path: &str, name: &str) -> bool {
        if FORMS_OF_SECRETS.contains(&path) {
            return false;
        }
        let one_time_code =
            name.ends_with("_code") || (name == "code" && path.contains("second_factor"));
        !(name.contains("password") || SECRET_FIELDS.contains(&name) || one_time_code)
    }

    /// The value sent for `name` (the first, if it came more than once).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value sent for `name` (a group of checkboxes, `name[]`).
    pub fn values(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_refused_form_keeps_what_was_typed_but_never_a_password_or_code() {
        let kept = FormReturn::refused(
            "/api/confirm_second_factor",
            sent(&[
                ("email", "a@example.se"),
                ("password", "secret"),
                ("current_password", "old"),
                ("new_password_again", "new"),
                ("code", "123456"),
                ("recovery_code", "abcd"),
                ("narrative", "Text"),
            ]),
        )
        .expect("small enough");
        assert_eq!(
            kept.fields,
            sent(&[("email", "a@example.se"), ("narrative", "Text")])
        );
        assert_eq!(kept.value("narrative"), Some("Text"));
        assert_eq!(kept.value("password"), None);
        for form in [
            "/api/change_password",
            "/api/set_password",
            "/api/save_report",
        ] {
            let sent = sent(&[
                ("repeat", "nytt lösenord"),
                ("token", "ab12"),
                ("next", "/"),
            ]);
            let kept = FormReturn::refused(form, sent).expect("small");
            assert!(kept.value("repeat").is_none() && kept.value("token").is_none());
        }
        let verified = FormReturn::refused("/api/verify_second_factor", sent(&[("code", "123")]));
        assert_eq!(verified.expect("small").fields, Vec::new());
    }

    #[test]
    fn only_the_page_a_return_is_bound_for_takes_it_and_only_in_time() {
        let kept = FormReturn::accepted("/api/save_regional_row", b"null")
            .expect("kept")
            .for_page("/counties/24/rows/1.8", 1_000);
        assert_eq!(kept.claim("/counties/24/rows/1.8", 900), Claim::Take);
        assert_eq!(kept.claim("/measures", 900), Claim::Leave);
        assert_eq!(kept.claim("/counties/24/rows/1.8", 1_001), Claim::Drop);
        assert_eq!(kept.claim("/measures", 1_001), Claim::Drop);
        let unbound = FormReturn::accepted("/api/save_area", b"null").expect("kept");
        assert_eq!(unbound.claim("/areas", u64::MAX), Claim::Take);
    }

    #[test]
    fn the_code_of_a_new_area_or_measure_is_kept() {
        let kept = FormReturn::refused("/api/save_area", sent(&[("code", "utvardering")]));
        assert_eq!(kept.expect("small").value("code"), Some("utvardering"));
    }

    #[test]
    fn a_form_larger_than_a_session_should_hold_is_not_kept() {
        let huge = "x".repeat(MAX_KEPT_BYTES + 1);
        assert!(FormReturn::refused("/api/save_report", sent(&[("narrative", &huge)])).is_none());
    }

    #[test]
    fn an_accepted_forms_answer_with_content_is_kept_as_a_secret() {
        let saved = FormReturn::accepted("/api/save_regional_row", b"null").expect("kept");
        assert!(saved.accepted && !saved.secret());
        let link = br#"{"address":"http://localhost/set-password/abc","expires":"2026-12-02"}"#;
        let issued = FormReturn::accepted("/api/create_password_link", link).expect("kept");
        assert!(issued.secret());
        assert_eq!(issued.answer.as_deref().map(str::as_bytes), Some(&link[..]));
        let huge = format!("\"{}\"", "x".repeat(MAX_ANSWER_BYTES));
        assert_eq!(
            FormReturn::accepted("/api/renew_calendar_feed", huge.as_bytes()),
            None
        );
    }

    #[test]
    fn every_checked_box_of_a_group_is_kept_in_order() {
        let kept = FormReturn::refused(
            "/api/save_measure",
            sent(&[
                ("obligations[]", "dir-9"),
                ("title", "T"),
                ("obligations[]", "dir-19-3"),
            ]),
        )
        .expect("small enough");
        assert_eq!(kept.values("obligations[]"), ["dir-9", "dir-19-3"]);
        assert!(kept.values("counties[]").is_empty());
    }
}
