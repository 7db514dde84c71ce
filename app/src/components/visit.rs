//! Who is visiting, asked once per navigation and shared by the header and the pages (which
//! use it only to decide which links and controls to show; the server decides what is
//! allowed).

use crate::error::AppError;
use crate::models::Visit;
use crate::server_fns::get_visit;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
struct VisitResource(Resource<Result<Visit, AppError>>);

/// Provides the visit to everything inside. Asked again on every navigation, so that signing
/// in or out shows at once.
#[component]
pub fn ProvideVisit(children: Children) -> impl IntoView {
    let location = use_location();
    let visit = Resource::new(move || location.pathname.get(), |_| get_visit());
    provide_context(VisitResource(visit));
    children()
}

/// The current visit (anonymous until known), tracked: for the frame (header), read inside a
/// `Transition`, the way a resource is meant to be read.
pub fn tracked_visit() -> Visit {
    use_context::<VisitResource>()
        .and_then(|visit| visit.0.get())
        .and_then(Result::ok)
        .unwrap_or_default()
}

/// The current visit, untracked: for pages, which call this while laying out data they have
/// already awaited. On the server, where pages are rendered, it comes straight from the request
/// (reading a resource there, inside a suspended page, could leave the render waiting);
/// anywhere else from the resource.
pub fn current_visit() -> Visit {
    #[cfg(feature = "ssr")]
    if let Some(visit) = visit_of_request() {
        return visit;
    }
    use_context::<VisitResource>()
        .and_then(|visit| visit.0.get_untracked())
        .and_then(Result::ok)
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn visit_of_request() -> Option<Visit> {
    let parts = use_context::<http::request::Parts>()?;
    let state = use_context::<crate::server::AppState>()?;
    Some(Visit {
        viewer: parts
            .extensions
            .get::<crate::models::Viewer>()
            .cloned()
            .unwrap_or_default(),
        public_view: state.settings.public_view,
        returned: parts.extensions.get::<crate::models::FormReturn>().cloned(),
    })
}
