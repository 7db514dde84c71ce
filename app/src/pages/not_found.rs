//! The page for addresses that match no route: a real 404.

use crate::components::ErrorView;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <ErrorView error=AppError::NotFound/> }
}
