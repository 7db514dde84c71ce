//! What a page shows when its data cannot be shown. The HTTP status was already set by the
//! server function that failed.

use super::use_locale;
use crate::error::AppError;
use crate::i18n::{Locale, td, td_string};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let locale = use_locale();
    let (title, text) = error_words(error, locale);
    view! {
        <section class="error-page" aria-labelledby="error-title">
            <h1 id="error-title">{title}</h1>
            <leptos_meta::Title text=title/>
            <p>{text}</p>
            <p><A href="/">{td_string!(locale, error.back_home)}</A></p>
        </section>
    }
}

/// The heading and the sentence that say what went wrong, on a page and beside a form.
pub fn error_words(error: AppError, locale: Locale) -> (&'static str, AnyView) {
    match error {
        AppError::NotFound => (
            td_string!(locale, error.not_found_title),
            td_string!(locale, error.not_found_text).into_any(),
        ),
        AppError::InvalidParameter { parameter, value } => (
            td_string!(locale, error.invalid_title),
            td!(locale, error.invalid_text, parameter, value).into_any(),
        ),
        AppError::NotSignedIn | AppError::SignInFailed => (
            td_string!(locale, error.not_signed_in_title),
            view! {
                {td_string!(locale, error.not_signed_in_text)}
                " "
                <a href="/sign-in">{td_string!(locale, error.sign_in_link)}</a>
            }
            .into_any(),
        ),
        AppError::Forbidden => (
            td_string!(locale, error.forbidden_title),
            td_string!(locale, error.forbidden_text).into_any(),
        ),
        AppError::LockedOut { minutes } => (
            td_string!(locale, error.forbidden_title),
            td!(locale, error.locked_out, minutes).into_any(),
        ),
        AppError::Invalid { .. } => (
            td_string!(locale, error.invalid_form_title),
            td_string!(locale, error.invalid_form_text).into_any(),
        ),
        AppError::Conflict { .. } => (
            td_string!(locale, error.conflict_title),
            td_string!(locale, error.conflict_text).into_any(),
        ),
        AppError::Busy => (
            td_string!(locale, error.busy_title),
            td_string!(locale, error.busy_text).into_any(),
        ),
        AppError::NoPlan => (
            td_string!(locale, error.no_plan_title),
            td_string!(locale, error.no_plan_text).into_any(),
        ),
        AppError::Internal => (
            td_string!(locale, error.internal_title),
            td_string!(locale, error.internal_text).into_any(),
        ),
        AppError::TooLarge => (
            td_string!(locale, error.too_large_title),
            td_string!(locale, error.too_large_text).into_any(),
        ),
        AppError::Transport(_) => (
            td_string!(locale, error.transport_title),
            td_string!(locale, error.transport_text).into_any(),
        ),
    }
}
