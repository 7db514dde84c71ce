//! Waiting for a page's data, then showing it or the error.

use super::{ErrorView, use_locale};
use crate::error::AppError;
use crate::i18n::td_string;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// Renders `children` with the resource's value once it has loaded, or an [`ErrorView`].
/// Pages are rendered in full on the server before they are sent (and never in the browser,
/// which hydrates islands only), so the fallback is not seen.
///
/// One per page, never one inside another's `children`: the page is sent once every resource
/// read under a `Suspense` has loaded, and a resource created while a resolved `AwaitData`
/// renders is created late, or twice (when the browser hydrated whole pages, it was sent with
/// the page twice or not at all). A page loads everything it shows in one server function.
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
