//! Messages next to form fields: what the server (or the browser, with the same rules) found
//! wrong with a field, in the reader's language.

use super::use_locale;
use crate::domain::Lang;
use crate::error::{AppError, Problem};
use crate::i18n::{Locale, td, td_string};
use crate::models::input::FieldRule;
use leptos::prelude::*;

/// The message for `problem`.
pub fn problem_text(problem: Problem, locale: Locale) -> AnyView {
    match problem {
        Problem::Required => td_string!(locale, problem.required).into_any(),
        Problem::NotAWholeNumber => td_string!(locale, problem.not_a_whole_number).into_any(),
        Problem::OutOfRange { min, max } => td!(locale, problem.out_of_range, min, max).into_any(),
        Problem::Negative => td_string!(locale, problem.negative).into_any(),
        Problem::NotYourMeasure => td_string!(locale, problem.not_your_measure).into_any(),
        Problem::TooMuch { max } => {
            let max = max.format(super::lang_of(locale));
            td!(locale, problem.too_much, max).into_any()
        }
        Problem::NotAChoice => td_string!(locale, problem.not_a_choice).into_any(),
        Problem::NotText => td_string!(locale, problem.not_text).into_any(),
        Problem::TooShort { min } => td!(locale, problem.too_short, min).into_any(),
        Problem::TooLong { max } => td!(locale, problem.too_long, max).into_any(),
        Problem::NotAnEmailAddress => td_string!(locale, problem.not_an_email_address).into_any(),
        Problem::Taken => td_string!(locale, problem.taken).into_any(),
        Problem::Unknown => td_string!(locale, problem.unknown).into_any(),
        Problem::RoleDoesNotFitOrganisation => {
            td_string!(locale, problem.role_does_not_fit_organisation).into_any()
        }
        Problem::NotAWebAddress => td_string!(locale, problem.not_a_web_address).into_any(),
        Problem::TooMany { max } => td!(locale, problem.too_many, max).into_any(),
        Problem::NotADate => td_string!(locale, problem.not_a_date).into_any(),
        Problem::EndBeforeStart => td_string!(locale, problem.end_before_start).into_any(),
        Problem::NotADiaryNumber => td_string!(locale, problem.not_a_diary_number).into_any(),
        Problem::NotAPeriod => td_string!(locale, problem.not_a_period).into_any(),
        Problem::NotACode => td_string!(locale, problem.not_a_code).into_any(),
        Problem::BeforeDecision => td_string!(locale, problem.before_decision).into_any(),
        Problem::AfterDeadline => td_string!(locale, problem.after_deadline).into_any(),
        Problem::DeadlineOrder => td_string!(locale, problem.deadline_order).into_any(),
        Problem::FinalExists => td_string!(locale, problem.final_exists).into_any(),
        Problem::StillFunded => td_string!(locale, problem.still_funded).into_any(),
        Problem::EasyToGuess => td_string!(locale, problem.easy_to_guess).into_any(),
        Problem::NotTheSame => td_string!(locale, problem.not_the_same).into_any(),
        Problem::WrongPassword => td_string!(locale, problem.wrong_password).into_any(),
        Problem::WrongCode => td_string!(locale, problem.wrong_code).into_any(),
        Problem::TargetNotAfterBaseline => {
            td_string!(locale, problem.target_not_after_baseline).into_any()
        }
        Problem::TargetIsBaseline => td_string!(locale, problem.target_is_baseline).into_any(),
        Problem::AlreadyLinked => td_string!(locale, problem.already_linked).into_any(),
        Problem::FileHasErrors => td_string!(locale, problem.file_has_errors).into_any(),
        Problem::PreviewOutdated => td_string!(locale, problem.preview_outdated).into_any(),
        Problem::AlreadyApplied => td_string!(locale, problem.already_applied).into_any(),
        Problem::CodeTaken => td_string!(locale, problem.taken_code).into_any(),
        Problem::DiaryNumberTaken => td_string!(locale, problem.taken_diary_number).into_any(),
        Problem::UnknownMinistry => td_string!(locale, problem.unknown_ministry).into_any(),
        Problem::NotAnAppropriation => td_string!(locale, problem.not_an_appropriation).into_any(),
    }
}

/// [`problem_text`] as plain text, for answers that are not pages (the API's problem details).
#[cfg(feature = "ssr")]
pub fn problem_words(problem: Problem, locale: Locale) -> String {
    // Rendered as the page renders it, then back to text: the markers between text nodes go,
    // and escaped characters are themselves again (`&amp;` last, so that `&amp;lt;` stays `&lt;`).
    problem_text(problem, locale)
        .to_html()
        .replace("<!>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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
pub fn FieldMessage(
    #[prop(into)] id: String,
    problem: Signal<Option<Problem>>,
    /// The page's language, where there is no page around to ask (an island).
    #[prop(optional)]
    locale: Option<Locale>,
) -> impl IntoView {
    let locale = locale.unwrap_or_else(use_locale);
    view! {
        <p class="field-error" id=id>
            {move || problem.get().map(|problem| problem_text(problem, locale))}
        </p>
    }
}

/// A labelled text field (or text area) with its hint and its message: the server's answer
/// about it once the form is sent. A one-line field with a `check` is an island
/// ([`CheckedInput`]): the browser also checks it by the same rule when the person leaves it.
#[component]
pub fn TextField(
    name: &'static str,
    label: String,
    value: String,
    /// The server's answer about this field.
    problem: Signal<Option<Problem>>,
    #[prop(optional)] hint: Option<String>,
    /// Rows of a text area; 0 for a one-line input.
    #[prop(optional)]
    rows: u32,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] check: Option<FieldRule>,
) -> impl IntoView {
    let value = super::typed_or(name, value);
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described_by = match &hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let control = match (rows, check) {
        (0, Some(rule)) => view! {
            <CheckedInput name=name.to_owned() value rule problem=problem.get_untracked()
                lang=super::use_lang() described_by numeric required maxlength/>
        }
        .into_any(),
        (0, None) => {
            let invalid = move || problem.get().is_some().to_string();
            view! {
                <input id=name name=name type="text" value=value
                    maxlength=maxlength.map(|n| n.to_string()) required=required
                    inputmode=numeric.then_some("numeric")
                    aria-invalid=invalid aria-describedby=described_by/>
                <FieldMessage id=error_id problem/>
            }
            .into_any()
        }
        (rows, _) => {
            let invalid = move || problem.get().is_some().to_string();
            let text = textarea_text(value);
            view! {
                <textarea id=name name=name rows=rows maxlength=maxlength.map(|n| n.to_string())
                    required=required aria-invalid=invalid aria-describedby=described_by>
                    {text}
                </textarea>
                <FieldMessage id=error_id problem/>
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {control}
        </div>
    }
}

/// A one-line field that the browser checks by `rule` (the reader the server applies too), and
/// its message: a new problem shows when the person leaves the field, a mended one clears as
/// they type (so that the page does not shift under the pointer on its way to the submit
/// button). Starts from the server's answer, `problem`. An island: it knows only its props.
#[island]
pub fn CheckedInput(
    name: String,
    value: String,
    rule: FieldRule,
    problem: Option<Problem>,
    lang: Lang,
    described_by: String,
    numeric: bool,
    required: bool,
    maxlength: Option<usize>,
) -> impl IntoView {
    let locale = super::locale_of(lang);
    let checked = RwSignal::new(None::<Option<Problem>>);
    let shown = Signal::derive(move || checked.get().unwrap_or(problem));
    let on_change = move |ev: leptos::ev::Event| {
        checked.set(Some(rule.check(&event_target_value(&ev))));
    };
    let on_input = move |ev: leptos::ev::Event| {
        if shown.get_untracked().is_some() && rule.check(&event_target_value(&ev)).is_none() {
            checked.set(Some(None));
        }
    };
    let error_id = format!("{name}-error");
    view! {
        <input id=name.clone() name=name type="text" value=value
            maxlength=maxlength.map(|n| n.to_string()) required=required
            inputmode=numeric.then_some("numeric")
            aria-invalid=move || shown.get().is_some().to_string() aria-describedby=described_by
            on:change=on_change on:input=on_input/>
        <FieldMessage id=error_id problem=shown locale/>
    }
}

/// The text of a `<textarea>` as the page writes it. Leptos writes a text area's text on the
/// server unescaped (as it does a script's), so a saved `</textarea>` would end the field and
/// what follows would be read as the page's own HTML: the server escapes it here. In the
/// browser the text becomes a text node as it is, and hydration keeps the server's node.
fn textarea_text(value: String) -> String {
    #[cfg(feature = "ssr")]
    return html_escape::encode_text(&value).into_owned();
    #[cfg(not(feature = "ssr"))]
    value
}

/// A group of checkboxes posted as `name[]`.
#[component]
pub fn Checkboxes(
    name: &'static str,
    legend: String,
    options: Vec<(String, String)>,
    chosen: Vec<String>,
    problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let chosen = super::typed_all_or(&format!("{name}[]"), chosen);
    let error_id = format!("{name}-error");
    let boxes = options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let id = format!("{name}-{i}");
            let label_for = id.clone();
            let checked = chosen.contains(&value);
            view! {
                <label for=label_for class="check">
                    <input type="checkbox" id=id name=format!("{name}[]") value=value checked=checked/>
                    " " {label}
                </label>
            }
        })
        .collect_view();
    let described_by = error_id.clone();
    view! {
        <fieldset class="checks" aria-describedby=described_by>
            <legend>{legend}</legend>
            <div class="check-list">{boxes}</div>
            <FieldMessage id=error_id problem/>
        </fieldset>
    }
}

/// The `<option>`s of a `<select>` named `name` from `(value, label)` pairs, `current` (or what
/// the person chose before the server refused the form) selected.
pub fn select_options(
    name: &str,
    choices: Vec<(String, String)>,
    current: &str,
) -> impl IntoView + use<> {
    let current = super::typed_or(name, current.to_owned());
    choices
        .into_iter()
        .map(|(value, label)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view()
}

/// Why the last try of a form failed, in its own `role="alert"` region: [`SaveNotice`] for a
/// form that nobody else edits at the same time (so it never meets a conflict).
#[component]
pub fn FailureNotice<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
) -> impl IntoView {
    view! {
        <div role="alert">
            <SaveNotice result heading=String::new() text=String::new()
                describe=|_, value, _| value.to_owned()/>
        </div>
    }
}

/// Why the last save failed, in the form's `role="alert"` region. After a save refused because
/// someone else saved first: a heading, a sentence, and each field that differs ("Status:
/// Försenad", as `describe` words it). After any other failure but a field's (which is named
/// next to the field): what went wrong, in the words an error page would use. Empty otherwise.
#[component]
pub fn SaveNotice<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    heading: String,
    text: String,
    describe: fn(&str, &str, Locale) -> String,
) -> impl IntoView {
    let locale = use_locale();
    move || match result.get() {
        Some(Err(AppError::Conflict { current, .. })) => Some(
            view! {
                <div class="conflict">
                    <h2>{heading.clone()}</h2>
                    <p>{text.clone()}</p>
                    <ul>
                        {current.into_iter().map(|value| view! {
                            <li>{describe(&value.field, &value.value, locale)}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
        ),
        Some(Err(AppError::Invalid { .. })) | Some(Ok(_)) | None => None,
        Some(Err(error)) => {
            let (title, text) = super::error_view::error_words(error, locale);
            Some(
                view! {
                    <div class="save-failed">
                        <h2>{title}</h2>
                        <p>{text}</p>
                    </div>
                }
                .into_any(),
            )
        }
    }
}

/// The version a form saves over: the one it was loaded at, then the newer one a conflict
/// reports, so that saving again (once the person has read what the other saved) replaces it.
pub fn version_after_conflict<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    loaded: i64,
) -> RwSignal<i64> {
    let version = RwSignal::new(loaded);
    Effect::new(move |_| {
        result.with(|result| {
            if let Some(Err(AppError::Conflict { version: newer, .. })) = result {
                version.set(*newer);
            }
        })
    });
    version
}

/// Counts the successful saves of a page's list form, for the page's resource to read the
/// list again after each; a refused save leaves the page, and what was typed, as it is. After a
/// change to the row that `?<key>=` names, the page goes back to `base()`, whose form adds one.
pub fn saves_of_list_form(
    result: Signal<Option<Result<(), AppError>>>,
    key: &'static str,
    base: impl Fn() -> String + Send + Sync + 'static,
) -> RwSignal<u32> {
    let query = leptos_router::hooks::use_query_map();
    let navigate = leptos_router::hooks::use_navigate();
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if result.with(|result| matches!(result, Some(Ok(())))) {
            saved.update(|n| *n += 1);
            if query.with_untracked(|q| q.get(key).is_some()) {
                navigate(&base(), Default::default());
            }
        }
    });
    saved
}
