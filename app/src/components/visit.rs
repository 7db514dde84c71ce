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

/// The current visit (anonymous until known). Read it inside a `Suspense` or `Transition`.
pub fn current_visit() -> Visit {
    use_context::<VisitResource>()
        .and_then(|visit| visit.0.get())
        .and_then(Result::ok)
        .unwrap_or_default()
}
