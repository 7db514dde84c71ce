//! Forms sent without JavaScript: how the server recognises them and what it keeps of them for
//! the page they return to (see [`crate::models::FormReturn`]). The router's middleware
//! (`server/src/plain_forms.rs`) and the server functions' status rule both ask here.

use crate::models::FormReturn;
use http::{HeaderMap, Method, Uri, header};

/// The session key of the form kept for the next page.
pub const SESSION_KEY: &str = "returned_form";

/// A browser's own form submission to a server function: a `POST` under `/api/` that accepts
/// HTML. The WebAssembly's calls accept JSON only.
pub fn is_plain_form_post(method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
    method == Method::POST && uri.path().starts_with("/api/") && accepts_html(headers)
}

/// A browser asking for a page (not a script, style sheet or image).
pub fn is_page_request(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::GET && accepts_html(headers)
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// What to keep of a plain form post that the server function answered: its typed fields when
/// the redirect back carries a refusal, that it succeeded when its answer says only that,
/// nothing when the answer is no redirect at all. Kept for the page the redirect goes to, for
/// [`crate::models::form_return::RETURN_SECONDS`] from `now` (seconds since 1970).
pub fn to_keep(
    path: &str,
    body: &[u8],
    location: Option<&str>,
    output: &[u8],
    now: u64,
) -> Option<FormReturn> {
    let target = address(location?)?;
    let kept = if target.query_pairs().any(|(key, _)| key == "__err") {
        let fields = url::form_urlencoded::parse(body).into_owned().collect();
        FormReturn::refused(path, fields)
    } else {
        FormReturn::accepted(path, output)
    }?;
    Some(kept.for_page(
        target.path(),
        now + crate::models::form_return::RETURN_SECONDS,
    ))
}

/// A redirect's address, whole or on this host.
fn address(location: &str) -> Option<url::Url> {
    url::Url::parse(location)
        .or_else(|_| url::Url::parse("http://localhost/")?.join(location))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, accept.parse().unwrap());
        headers
    }

    #[test]
    fn a_browsers_form_post_is_plain_and_the_webassemblys_call_is_not() {
        let uri: Uri = "/api/save_regional_row".parse().unwrap();
        let browser = headers("text/html,application/xhtml+xml,*/*;q=0.8");
        assert!(is_plain_form_post(&Method::POST, &uri, &browser));
        assert!(!is_plain_form_post(
            &Method::POST,
            &uri,
            &headers("application/json")
        ));
        let page: Uri = "/counties/24".parse().unwrap();
        assert!(!is_plain_form_post(&Method::POST, &page, &browser));
        assert!(is_page_request(&Method::GET, &browser));
        assert!(!is_page_request(&Method::GET, &headers("*/*")));
    }

    #[test]
    fn a_refusal_keeps_the_typed_fields_and_a_success_that_it_succeeded() {
        let refused = to_keep(
            "/api/save_regional_row",
            b"progress=150&narrative=Tv%C3%A5+rader&password=x",
            Some("http://localhost:3000/counties/24/rows/1.8?__path=%2Fapi%2Fsave_regional_row&__err=e30"),
            b"{\"Invalid\":{}}",
            1_000,
        )
        .expect("kept");
        assert_eq!(refused.page, "/counties/24/rows/1.8");
        assert_eq!(refused.until, 1_120);
        assert_eq!(refused.value("narrative"), Some("Två rader"));
        assert_eq!(refused.value("password"), None);
        assert!(!refused.accepted);

        let accepted = to_keep(
            "/api/save_regional_row",
            b"progress=50",
            Some("/counties/24"),
            b"null",
            1_000,
        )
        .expect("kept");
        assert!(accepted.accepted && accepted.fields.is_empty());
        assert_eq!(accepted.page, "/counties/24");

        assert_eq!(
            to_keep("/api/save_regional_row", b"", None, b"null", 1_000),
            None
        );
    }
}
