//! `/sign-in`: the only page an anonymous visitor sees when the public view is off.

use crate::components::{Form, form_action, role_label, typed_or, use_lang, use_locale};
use crate::domain::LocalPath;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::models::{DEMO_PASSWORD, DemoAccount};
use crate::server_fns::{SignIn, get_demo_accounts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in page's address, with where to go afterwards.
pub fn sign_in_path(next: &str) -> String {
    if next == "/" {
        "/sign-in".to_owned()
    } else {
        format!(
            "/sign-in?next={}",
            crate::components::encode_query_value(next)
        )
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let next = move || {
        let next = query.read().get("next").unwrap_or_default();
        LocalPath::or_home(&next).to_string()
    };
    let action = form_action::<SignIn>();
    let error = move || action.value().get().and_then(Result::err);
    let has_error = move || error().is_some();
    view! {
        <Title text=td_string!(locale, auth.sign_in)/>
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{td_string!(locale, auth.sign_in)}</h1>
            <p class="lead">{td_string!(locale, auth.sign_in_lead)}</p>
            <Form action attr:class="form">
                <p class="form-status" role="status">
                    {move || (query.read().get("password").as_deref() == Some("set"))
                        .then(|| td_string!(locale, account.password_set))}
                </p>
                <p id="sign-in-error" class="form-error" role="alert">
                    {move || error().map(|error| match error {
                        AppError::LockedOut { minutes } => td!(locale, error.locked_out, minutes).into_any(),
                        AppError::SignInFailed => td_string!(locale, auth.failed).into_any(),
                        AppError::Busy => td_string!(locale, error.busy_text).into_any(),
                        _ => td_string!(locale, error.internal_text).into_any(),
                    })}
                </p>
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="email">{td_string!(locale, auth.email)}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required
                        value=typed_or("email", String::new()) maxlength="254" aria-invalid=move || has_error().to_string()
                        aria-describedby="sign-in-error"/>
                </div>
                <div class="field">
                    <label for="password">{td_string!(locale, auth.password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password"
                        required maxlength="128" aria-invalid=move || has_error().to_string()
                        aria-describedby="sign-in-error"/>
                </div>
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {td_string!(locale, auth.sign_in)}
                </button>
            </Form>
        </section>
        <DemoAccounts/>
    }
}

/// The demo plan's accounts, one per role, while the demo plan is loaded; nothing otherwise.
#[component]
fn DemoAccounts() -> impl IntoView {
    let accounts = Resource::new(|| (), |_| get_demo_accounts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let accounts = accounts.await.unwrap_or_default();
                (!accounts.is_empty()).then(|| view! { <DemoAccountTable accounts/> })
            })}
        </Suspense>
    }
}

#[component]
fn DemoAccountTable(accounts: Vec<DemoAccount>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let rows = accounts
        .into_iter()
        .map(|account| {
            view! {
                <tr>
                    <th scope="row">{role_label(account.role, locale)}</th>
                    <td>{account.organisation.name.get(lang).to_owned()}</td>
                    <td><code>{account.email}</code></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="demo-accounts panel" aria-labelledby="demo-accounts-title">
            <h2 id="demo-accounts-title">{td_string!(locale, auth.demo_title)}</h2>
            <p>{td!(locale, auth.demo_lead, <code> = <code/>, password = DEMO_PASSWORD)}</p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, auth.demo_role)}</th>
                        <th scope="col">{td_string!(locale, auth.demo_organisation)}</th>
                        <th scope="col">{td_string!(locale, auth.email)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
