//! A page's data rendered once per revision of the plan.

use crate::models::ReadAt;
use leptos::prelude::*;

/// Renders `view`, the page's data read at `at`, or on the server the HTML kept from the last
/// time this page was rendered from the same revision of the plan for the same kind of viewer
/// (`server::cache::PageKey`): most requests for a page then render only its frame. Nothing
/// inside `view` may depend on more than its data, the address, the language, the day and the
/// viewer's role, organisation and token scope; a page answering a form sent without JavaScript (with the
/// person's input and messages) is always rendered afresh, and so is data read at no known
/// revision.
pub fn render_kept<V: IntoView + 'static>(at: ReadAt, view: impl FnOnce() -> V) -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some((state, key)) = page_key(at) {
        let html = match state.caches.pages.get(at, key.clone()) {
            Some(html) => html,
            None => {
                let html = view().into_view().to_html();
                state.caches.pages.put(at, key, html)
            }
        };
        return leptos::tachys::html::InertElement::new(html.as_str().to_owned()).into_any();
    }
    #[cfg(not(feature = "ssr"))]
    let _ = at;
    view().into_any()
}

/// Where the page's HTML is kept, unless it must be rendered afresh.
#[cfg(feature = "ssr")]
fn page_key(at: ReadAt) -> Option<(crate::server::AppState, crate::server::cache::PageKey)> {
    let visit = super::current_visit();
    let day = at.day?;
    if visit.returned.is_some() {
        return None;
    }
    let state = use_context::<crate::server::AppState>()?;
    let parts = use_context::<http::request::Parts>()?;
    let key = crate::server::cache::PageKey {
        address: parts
            .uri
            .path_and_query()
            .map(|address| address.as_str().to_owned())?,
        lang: super::use_lang(),
        day,
        role: visit.viewer.role(),
        organisation: visit.viewer.user().map(|user| user.organisation_id),
        token: visit
            .viewer
            .user()
            .and_then(|user| user.token.as_ref())
            .map(|token| token.scope),
    };
    Some((state, key))
}
