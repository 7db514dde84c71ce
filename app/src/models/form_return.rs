//! What a form sent without JavaScript brings back to the page it came from.
//!
//! Before any WebAssembly has run (or with JavaScript off), a form posts straight to its server
//! function and the browser follows the redirect back to the page (server_fn's form
//! redirects; a refusal rides in that address as `__path` and `__err`, which Leptos turns into
//! the action's first value). What the person typed, and a success, do not fit in
//! an address, so the server keeps them in the session for the next page
//! (`server/src/plain_forms.rs`) and the page starts from them as the WebAssembly would have.

use serde::{Deserialize, Serialize};

/// The most a form's kept fields may hold: far above any form of Lägesbild (its longest text
/// is bounded well below), small enough for a session.
pub const MAX_KEPT_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FormReturn {
    /// The server function's address, such as `/api/save_regional_row`.
    pub path: String,
    /// The fields as sent, in order, when the server refused them; never a secret (see
    /// [`FormReturn::keeps`]).
    pub fields: Vec<(String, String)>,
    /// Whether the server function succeeded with an answer that says only that (`()`, JSON
    /// `null`). An answer with content is never kept: those are links, keys and codes shown
    /// once, which must not rest in a session row; their forms need the WebAssembly to show it.
    pub accepted: bool,
}

impl FormReturn {
    /// The fields of a refused form, less its secrets; `None` when they are too large to keep.
    pub fn refused(path: &str, fields: Vec<(String, String)>) -> Option<FormReturn> {
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .filter(|(name, _)| FormReturn::keeps(name))
            .collect();
        let size: usize = fields.iter().map(|(n, v)| n.len() + v.len()).sum();
        (size <= MAX_KEPT_BYTES).then(|| FormReturn {
            path: path.to_owned(),
            fields,
            accepted: false,
        })
    }

    /// A form the server accepted, when its answer (JSON) says nothing but that.
    pub fn accepted(path: &str, answer: &[u8]) -> Option<FormReturn> {
        (answer.trim_ascii() == b"null").then(|| FormReturn {
            path: path.to_owned(),
            fields: Vec::new(),
            accepted: true,
        })
    }

    /// Whether a field's value may be kept and sent back: never a password or a code of the
    /// second factor, which a browser never fills back in either.
    pub fn keeps(name: &str) -> bool {
        !(name.contains("password") || name == "code" || name.ends_with("_code"))
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
            "/api/change_password",
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
    }

    #[test]
    fn a_form_larger_than_a_session_should_hold_is_not_kept() {
        let huge = "x".repeat(MAX_KEPT_BYTES + 1);
        assert!(FormReturn::refused("/api/save_report", sent(&[("narrative", &huge)])).is_none());
    }

    #[test]
    fn an_accepted_form_is_kept_only_when_its_answer_is_no_secret() {
        assert!(
            FormReturn::accepted("/api/save_regional_row", b"null").is_some_and(|r| r.accepted)
        );
        let link = br#"{"address":"http://localhost/set-password/abc","expires":"2026-12-02"}"#;
        assert_eq!(
            FormReturn::accepted("/api/create_password_link", link),
            None
        );
        assert_eq!(
            FormReturn::accepted("/api/renew_calendar_feed", br#""http://x/calendar/k.ics""#),
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
