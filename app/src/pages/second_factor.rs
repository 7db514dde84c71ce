//! The second factor: `/sign-in/code`, the second step of signing in (a code from the
//! authenticator app, or setting one up where the role requires it), and the section of the
//! account page where people set it up, replace it or turn it off.

use super::account::PasswordField;
use crate::components::{
    FailureNotice, FieldMessage, Form, field_problem, fmt_timestamp_date, form_action, use_lang,
    use_locale,
};
use crate::domain::LocalPath;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::models::{SecondFactorChallenge, SecondFactorStatus, SetupKey};
use crate::server_fns::{
    ConfirmSecondFactor, StartSecondFactorSetup, TurnOffSecondFactor, VerifySecondFactor,
    get_second_factor_challenge,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// `/sign-in/code?next=…`: after the password, the code (or, the first time for a role that
/// requires it, setting up the app).
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let next =
        move || LocalPath::or_home(&query.read().get("next").unwrap_or_default()).to_string();
    let challenge = Resource::new(|| (), |()| get_second_factor_challenge());
    view! {
        <Title text=td_string!(locale, second_factor.title)/>
        <section class="sign-in" aria-labelledby="second-factor-title">
            <h1 id="second-factor-title">{td_string!(locale, second_factor.title)}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{td_string!(locale, site.loading)}</p> }>
                {move || Suspend::new(async move {
                    match challenge.await {
                        Ok(challenge) => view! { <SignInCode challenge next=next()/> }.into_any(),
                        Err(_) => view! {
                            <p class="lead">{td_string!(locale, second_factor.expired)}</p>
                            <p><A href="/sign-in">{td_string!(locale, auth.sign_in)}</A></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SignInCode(challenge: SecondFactorChallenge, next: String) -> impl IntoView {
    let locale = use_locale();
    let verify = form_action::<VerifySecondFactor>();
    let result: Signal<Option<Result<(), AppError>>> =
        Signal::derive(move || verify.value().get().map(|r| r.map(|_| ())));
    let setup = match challenge {
        SecondFactorChallenge::Code => None,
        SecondFactorChallenge::Setup(key) => Some(key),
    };
    let setting_up = setup.is_some();
    let continue_to = next.clone();
    view! {
        {move || match verify.value().get() {
            Some(Ok(Some(codes))) => Some(view! {
                <RecoveryCodes codes/>
                <p><a class="button" href=continue_to.clone()>{td_string!(locale, second_factor.go_on)}</a></p>
            }),
            _ => None,
        }}
        <div hidden=move || matches!(verify.value().get(), Some(Ok(Some(_))))>
            {if setting_up {
                view! { <p class="lead">{td_string!(locale, second_factor.required_lead)}</p> }.into_any()
            } else {
                view! { <p class="lead">{td_string!(locale, second_factor.code_lead)}</p> }.into_any()
            }}
            {setup.map(|key| view! { <SetupKeyView key/> })}
            <Form action=verify attr:class="form">
                <input type="hidden" name="next" value=next/>
                <FailureNotice result/>
                <CodeField id="code" result recovery=!setting_up/>
                <button type="submit" class="button" disabled=move || verify.pending().get()>
                    {td_string!(locale, second_factor.verify)}
                </button>
            </Form>
        </div>
    }
}

/// The code field (named `code`, with the element id `id`), with its message; `recovery`: a
/// recovery code is accepted too.
#[component]
fn CodeField(
    id: &'static str,
    result: Signal<Option<Result<(), AppError>>>,
    recovery: bool,
) -> impl IntoView {
    let locale = use_locale();
    let problem = field_problem(result, "code");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = format!("{hint_id} {error_id}");
    view! {
        <div class="field">
            <label for=id>{td_string!(locale, second_factor.code)}</label>
            <p class="hint" id=hint_id>
                {if recovery {
                    td_string!(locale, second_factor.code_hint_recovery)
                } else {
                    td_string!(locale, second_factor.code_hint)
                }}
            </p>
            <input id=id name="code" type="text" autocomplete="one-time-code" required
                maxlength="40" spellcheck="false" autocapitalize="off" class="code-input"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described_by/>
            <FieldMessage id=error_id problem/>
        </div>
    }
}

/// A key to add to an authenticator app: as a QR code, and as text for those who type it
/// (or cannot see the QR code).
#[component]
fn SetupKeyView(key: SetupKey) -> impl IntoView {
    let locale = use_locale();
    // Drawn on the server, where the page is rendered (never in the browser: no island).
    #[cfg(feature = "ssr")]
    let qr_svg = crate::server::auth::second_factor::qr_svg(&key.uri).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let qr_svg = String::new();
    view! {
        <div class="setup-key">
            <ol>
                <li>{td_string!(locale, second_factor.step_app)}</li>
                <li>
                    {td_string!(locale, second_factor.step_scan)}
                    <div class="qr-code" role="img" aria-label=td_string!(locale, second_factor.qr_label) inner_html=qr_svg></div>
                    <p>{td_string!(locale, second_factor.step_type)}</p>
                    <p><code class="secret-key">{key.key}</code></p>
                </li>
                <li>{td_string!(locale, second_factor.step_code)}</li>
            </ol>
        </div>
    }
}

/// Recovery codes just made: shown this once.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="recovery-codes" role="status">
            <h2>{td_string!(locale, second_factor.codes_heading)}</h2>
            <p>{td_string!(locale, second_factor.codes_lead)}</p>
            <ul>{codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}</ul>
        </div>
    }
}

/// The account page's section: the state of the second factor, setting one up (or replacing
/// it), and turning it off where the role allows.
#[component]
pub fn SecondFactorSection(status: SecondFactorStatus) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let start = form_action::<StartSecondFactorSetup>();
    let confirm = form_action::<ConfirmSecondFactor>();
    let turn_off = form_action::<TurnOffSecondFactor>();
    let confirm_result: Signal<Option<Result<(), AppError>>> =
        Signal::derive(move || confirm.value().get().map(|r| r.map(|_| ())));
    let off_result: Signal<Option<Result<(), AppError>>> = turn_off.value().into();
    let enabled = status.since.is_some();
    let since = status.since.clone();
    let left = status.recovery_codes_left;
    let state = move || match since.as_deref() {
        Some(since) => {
            let date = fmt_timestamp_date(since, lang);
            td!(locale, second_factor.on_since, date, left).into_any()
        }
        None => td_string!(locale, second_factor.off).into_any(),
    };
    let confirmed = move || matches!(confirm.value().get(), Some(Ok(_)));
    let being_set_up = status.being_set_up.clone();
    let shown_key = Signal::derive(move || match start.value().get() {
        Some(result) => Some(result),
        None if matches!(confirm.value().get(), Some(Err(_))) => being_set_up.clone().map(Ok),
        None => None,
    });
    let turned_off = move || matches!(turn_off.value().get(), Some(Ok(())));
    view! {
        <section class="panel" aria-labelledby="second-factor-heading">
            <h2 id="second-factor-heading">{td_string!(locale, second_factor.heading)}</h2>
            <p>{td_string!(locale, second_factor.lead)}</p>
            {status.required.then(|| view! { <p><strong>{td_string!(locale, second_factor.required_for_role)}</strong></p> })}
            <p class="second-factor-state" role="status">
                {move || if turned_off() {
                    td_string!(locale, second_factor.turned_off).into_any()
                } else if confirmed() {
                    td_string!(locale, second_factor.turned_on).into_any()
                } else {
                    state()
                }}
            </p>
            {move || match confirm.value().get() {
                Some(Ok(codes)) => Some(view! { <RecoveryCodes codes/> }),
                _ => None,
            }}
            // Built once per key (so a wrong code keeps what was typed), hidden once confirmed;
            // after a refused confirmation the page is new, and shows the pending key again.
            {move || match shown_key.get() {
                Some(Ok(key)) => Some(view! {
                    <div hidden=confirmed>
                    <SetupKeyView key/>
                    <Form action=confirm attr:class="form">
                        <FailureNotice result=confirm_result/>
                        <PasswordField id="confirm-current-password" name="current_password"
                            label=td_string!(locale, account.current_password).to_owned()
                            autocomplete="current-password"
                            problem=field_problem(confirm_result, "current_password")/>
                        <CodeField id="confirm-code" result=confirm_result recovery=false/>
                        <button type="submit" class="button" disabled=move || confirm.pending().get()>
                            {td_string!(locale, second_factor.confirm)}
                        </button>
                    </Form>
                    </div>
                }.into_any()),
                Some(Err(error)) => Some(view! {
                    <FailureNotice result=Signal::derive(move || Some(Err::<(), _>(error.clone())))/>
                }.into_any()),
                _ => None,
            }}
            <div hidden=move || shown_key.with(Option::is_some) || turned_off()>
                <Form action=start>
                    <button type="submit" class="button button-secondary">
                        {if enabled {
                            td_string!(locale, second_factor.replace)
                        } else {
                            td_string!(locale, second_factor.set_up)
                        }}
                    </button>
                </Form>
            </div>
            {(enabled && !status.required).then(|| view! {
                <div hidden=turned_off>
                    <h3>{td_string!(locale, second_factor.off_heading)}</h3>
                    <Form action=turn_off attr:class="form">
                        <FailureNotice result=off_result/>
                        <PasswordField id="off-current-password" name="current_password"
                            label=td_string!(locale, account.current_password).to_owned()
                            autocomplete="current-password"
                            problem=field_problem(off_result, "current_password")/>
                        <CodeField id="off-code" result=off_result recovery=true/>
                        <button type="submit" class="button button-secondary" disabled=move || turn_off.pending().get()>
                            {td_string!(locale, second_factor.turn_off)}
                        </button>
                    </Form>
                </div>
            })}
        </section>
    }
}
