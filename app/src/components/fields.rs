//! Messages next to form fields: what the server (or the browser, with the same rules) found
//! wrong with a field, in the reader's language.

use super::use_locale;
use crate::error::{AppError, Problem};
use crate::i18n::{Locale, td, td_string};
use leptos::prelude::*;

/// The message for `problem`.
pub fn problem_text(problem: Problem, locale: Locale) -> AnyView {
    match problem {
        Problem::Required => td_string!(locale, problem.required).into_any(),
        Problem::NotAWholeNumber => td_string!(locale, problem.not_a_whole_number).into_any(),
        Problem::OutOfRange { min, max } => td!(locale, problem.out_of_range, min, max).into_any(),
        Problem::Negative => td_string!(locale, problem.negative).into_any(),
        Problem::NotAChoice => td_string!(locale, problem.not_a_choice).into_any(),
        Problem::TooShort { min } => td!(locale, problem.too_short, min).into_any(),
        Problem::TooLong { max } => td!(locale, problem.too_long, max).into_any(),
        Problem::NotAnEmailAddress => td_string!(locale, problem.not_an_email_address).into_any(),
        Problem::Taken => td_string!(locale, problem.taken).into_any(),
        Problem::Unknown => td_string!(locale, problem.unknown).into_any(),
        Problem::RoleDoesNotFitOrganisation => {
            td_string!(locale, problem.role_does_not_fit_organisation).into_any()
        }
    }
}

/// The problem the last answer of a form's action found with `field`.
pub fn field_problem<T: Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    field: &'static str,
) -> Signal<Option<Problem>> {
    Signal::derive(move || {
        result.with(|result| match result {
            Some(Err(error)) => error.problem_with(field),
            _ => None,
        })
    })
}

/// The message under a field (empty when the field is fine). The input points at it with
/// `aria-describedby` = `id` and sets `aria-invalid` from the same problem.
#[component]
pub fn FieldMessage(id: &'static str, problem: Signal<Option<Problem>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="field-error" id=id>
            {move || problem.get().map(|problem| problem_text(problem, locale))}
        </p>
    }
}
