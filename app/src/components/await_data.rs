//! Waiting for a page's data, then showing it or the error.

use super::{ErrorView, use_locale};
use crate::error::AppError;
use crate::i18n::td_string;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// Renders `children` with the resource's value once it has loaded, or an [`ErrorView`].
/// Pages are rendered in full on the server before they are sent, so the fallback is only seen
/// while the browser loads data for a page it navigates to.
///
/// One per page, never one inside another's `children`: a resource created while the server
/// renders a resolved `AwaitData` is not reliably sent with the page (Leptos may create it twice
/// and send either copy, or none), and the browser then hydrates it as still loading and stops
/// with "unreachable". A page loads everything it shows in one server function.
#[component]
pub fn AwaitData<T, V>(
    resource: Resource<Result<T, AppError>>,
    children: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let locale = use_locale();
    let children = std::sync::Arc::new(children);
    view! {
        <Suspense fallback=move || view! { <p class="loading" role="status">{td_string!(locale, site.loading)}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => children(value).into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
