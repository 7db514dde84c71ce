//! `/account`: the signed-in person's own account, password, second factor and access tokens. `/password?token=…`: choosing
//! a password with a one-time link (an invitation or a reset), before signing in.

use crate::components::{
    AwaitData, FailureNotice, FieldMessage, Form, error_words, field_problem, form_action,
    role_label, use_lang, use_locale,
};
use crate::error::{AppError, Problem};
use crate::i18n::{td, td_string};
use crate::models::LinkPurpose;
use crate::models::users::{MAX_PASSWORD, MIN_PASSWORD};
use crate::server_fns::{ChangePassword, SetPassword, get_account, get_password_link};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let account = Resource::new(|| (), |()| get_account());
    view! {
        <Title text=td_string!(locale, account.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, account.title)}</h1>
            <p class="lead">{td_string!(locale, account.lead)}</p>
        </div>
        <AwaitData resource=account let:account>
            {let user = account.user;
            view! {
            <section class="panel" aria-labelledby="details-heading">
                <h2 id="details-heading">{td_string!(locale, account.details_heading)}</h2>
                <dl class="facts">
                    <div><dt>{td_string!(locale, admin.name)}</dt><dd>{user.display_name}</dd></div>
                    <div><dt>{td_string!(locale, auth.email)}</dt><dd>{user.email}</dd></div>
                    <div><dt>{td_string!(locale, admin.organisation)}</dt><dd>{user.organisation.name.get(lang).to_owned()}</dd></div>
                    <div><dt>{td_string!(locale, admin.role)}</dt><dd>{role_label(user.role, locale)}</dd></div>
                </dl>
            </section>
            <ChangePasswordForm/>
            <super::second_factor::SecondFactorSection status=account.second_factor/>
            <super::tokens::AccessTokensSection tokens=account.tokens own=true/>
            }}
        </AwaitData>
    }
}

/// A password input with its message (and the rules, for a new password).
#[component]
pub(super) fn PasswordField(
    id: &'static str,
    name: &'static str,
    label: String,
    autocomplete: &'static str,
    problem: Signal<Option<Problem>>,
    #[prop(optional)] hint: Option<AnyView>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input id=id name=name type="password" autocomplete=autocomplete required
                maxlength=MAX_PASSWORD.to_string()
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described_by/>
            <FieldMessage id=error_id problem/>
        </div>
    }
}

/// The new password, with the rules, and the same again: fields `password` and `repeat`, as
/// `server::auth::password::check_new` names them.
#[component]
fn NewPasswordFields(result: Signal<Option<Result<(), AppError>>>) -> impl IntoView {
    let locale = use_locale();
    let problem = move |field| field_problem(result, field);
    let hint = td!(locale, account.password_hint, min = MIN_PASSWORD).into_any();
    view! {
        <PasswordField id="new-password" name="password"
            label=td_string!(locale, account.new_password).to_owned()
            autocomplete="new-password" problem=problem("password") hint/>
        <PasswordField id="repeat-password" name="repeat"
            label=td_string!(locale, account.repeat_password).to_owned()
            autocomplete="new-password" problem=problem("repeat")/>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let locale = use_locale();
    let change = form_action::<ChangePassword>();
    let result: Signal<Option<Result<(), AppError>>> = change.value().into();
    let form = NodeRef::<html::Form>::new();
    // A changed password empties the form; a refusal keeps what was typed.
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(())))
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    view! {
        <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">{td_string!(locale, account.password_heading)}</h2>
            <p>{td_string!(locale, account.password_lead)}</p>
            <Form action=change node_ref=form attr:class="form">
                <p class="form-status" role="status">
                    {move || matches!(result.get(), Some(Ok(()))).then(|| td_string!(locale, account.password_changed))}
                </p>
                <FailureNotice result/>
                <PasswordField id="current-password" name="current_password"
                    label=td_string!(locale, account.current_password).to_owned()
                    autocomplete="current-password" problem=field_problem(result, "current_password")/>
                <NewPasswordFields result/>
                <button type="submit" class="button" disabled=move || change.pending().get()>
                    {td_string!(locale, account.change_password)}
                </button>
            </Form>
        </section>
    }
}

/// `/password?token=…`: whoever holds a working link chooses the account's password.
#[component]
pub fn PasswordLinkPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let holder = Resource::new(token, get_password_link);
    view! {
        <Title text=td_string!(locale, account.link_title)/>
        <section class="sign-in" aria-labelledby="link-title">
            <h1 id="link-title">{td_string!(locale, account.link_title)}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{td_string!(locale, site.loading)}</p> }>
                {move || Suspend::new(async move {
                    match holder.await {
                        Ok(holder) => {
                            let (name, email) = (holder.display_name, holder.email);
                            let lead = match holder.purpose {
                                LinkPurpose::Invitation => td!(locale, account.link_lead_invitation, name, email).into_any(),
                                LinkPurpose::Reset => td!(locale, account.link_lead_reset, name, email).into_any(),
                            };
                            view! {
                                <p class="lead">{lead}</p>
                                <SetPasswordForm token=token()/>
                            }
                            .into_any()
                        }
                        Err(AppError::NotFound) => view! {
                            <p class="form-error">{td_string!(locale, account.link_invalid)}</p>
                        }
                        .into_any(),
                        Err(error) => {
                            let (title, text) = error_words(error, locale);
                            view! { <div class="save-failed"><h2>{title}</h2><p>{text}</p></div> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SetPasswordForm(token: String) -> impl IntoView {
    let locale = use_locale();
    let set = form_action::<SetPassword>();
    let result: Signal<Option<Result<(), AppError>>> = set.value().into();
    view! {
        <Form action=set attr:class="form">
            <FailureNotice result/>
            <input type="hidden" name="token" value=token/>
            <NewPasswordFields result/>
            <button type="submit" class="button" disabled=move || set.pending().get()>
                {td_string!(locale, account.save_password)}
            </button>
        </Form>
    }
}
