//! Forms that work before any WebAssembly has run. A form is plain HTML posted to its server
//! function; without JavaScript the server answers with a redirect back to the page and keeps
//! what the address cannot carry (see `models::FormReturn`). Pages build their actions with
//! [`form_action`] and their forms with [`Form`], and a field starts from [`typed_or`], so
//! that the page shows the server's answer and the person's own text the same way with and
//! without the WebAssembly.

use super::current_visit;
use crate::error::AppError;
use crate::models::FormReturn;
use leptos::context::Provider;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::client::Client;
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::{Http, ServerFn, codec::PostUrl};
use leptos::web_sys::FormData;
use serde::de::DeserializeOwned;

/// The fields the person typed into this form before the server refused it, when the form was
/// sent without JavaScript and this is the page it returned to.
#[derive(Clone)]
struct TypedFields(Option<FormReturn>);

/// A server function's action that starts from the answer a form sent without JavaScript got:
/// a refusal comes in the address (Leptos reads it in `ServerAction::new`), a success and its
/// answer from what the server kept for this page (through the visit).
#[track_caller]
pub fn form_action<S>() -> ServerAction<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: DeserializeOwned + Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let answer = current_visit()
        .returned
        .filter(|returned| returned.accepted && returned.path == S::PATH)
        .and_then(|returned| {
            serde_json::from_str::<S::Output>(returned.answer.as_deref().unwrap_or("null")).ok()
        });
    if let Some(answer) = answer
        && action.value().with_untracked(Option::is_none)
    {
        action.value().set(Some(Ok(answer)));
    }
    action
}

/// `<ActionForm>` whose fields start from what the person typed when the server refused the
/// form sent without JavaScript (until the form is sent again).
#[component]
pub fn Form<S, OutputProtocol>(
    action: ServerAction<S>,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Form>>,
    children: Children,
) -> impl IntoView
where
    S: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, OutputProtocol>, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Client: Client<AppError>,
    <<S::Client as Client<AppError>>::Request as ClientReq<AppError>>::FormData: From<FormData>,
    S::Output: Send + Sync + 'static,
    OutputProtocol: 'static,
{
    let typed = current_visit().returned.filter(|returned| {
        returned.path == S::PATH && !returned.accepted && action.version().get_untracked() == 0
    });
    let node_ref = node_ref.unwrap_or_default();
    view! {
        <Provider value=TypedFields(typed)>
            <ActionForm action node_ref>{children()}</ActionForm>
        </Provider>
    }
}

/// What the person typed into the field `name` of the form around, if the server refused it
/// on its way without JavaScript; else `saved`.
pub fn typed_or(name: &str, saved: String) -> String {
    use_context::<TypedFields>()
        .and_then(|typed| typed.0)
        .and_then(|returned| returned.value(name).map(str::to_owned))
        .unwrap_or(saved)
}

/// The boxes of the group `name` the person had checked, as [`typed_or`].
pub fn typed_all_or(name: &str, saved: Vec<String>) -> Vec<String> {
    match use_context::<TypedFields>().and_then(|typed| typed.0) {
        Some(returned) => returned.values(name),
        None => saved,
    }
}

/// Whether the checkbox `name` was checked when the server refused the form, as [`typed_or`].
pub fn typed_checked(name: &str, saved: bool) -> bool {
    match use_context::<TypedFields>().and_then(|typed| typed.0) {
        Some(returned) => returned.value(name).is_some(),
        None => saved,
    }
}
