//! `/assignments/:slug/deadlines`: the assignment's ministry (or an admin) adds a reporting
//! deadline or moves one, as the government decides. `?deadline=<id>` changes that one;
//! otherwise the form adds one. A delivered deadline keeps the date its report set.

use crate::components::{
    AwaitData, FieldMessage, Form, SaveNotice, TextField, deadline_kind_label, field_problem,
    fmt_date, form_action, saves_of_list_form, select_options, use_lang, use_locale,
    version_after_conflict,
};
use crate::domain::DeadlineKind;
use crate::error::AppError;
use crate::i18n::{Locale, td, td_string};
use crate::models::input::FieldRule;
use crate::models::{AssignmentEdit, DeadlineInput};
use crate::server_fns::{SaveDeadline, get_assignment_edit};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AssignmentDeadlinesPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save = form_action::<SaveDeadline>();
    let saved = saves_of_list_form(save.value().into(), "deadline", move || {
        let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
        format!("/assignments/{slug}/deadlines")
    });
    let edit = Resource::new(
        move || {
            (
                params.with(|p| p.get("slug").unwrap_or_default()),
                saved.get(),
            )
        },
        |(slug, _)| get_assignment_edit(slug),
    );
    let deadline = Memo::new(move |_| {
        query.with(|q| {
            q.get("deadline")
                .and_then(|d| d.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    view! {
        <AwaitData resource=edit let:edit>
            {move || view! { <DeadlinesView edit=edit.clone() deadline=deadline.get() save/> }}
        </AwaitData>
    }
}

#[component]
fn DeadlinesView(
    edit: AssignmentEdit,
    deadline: i64,
    save: ServerAction<SaveDeadline>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let problem = move |field| field_problem(result, field);
    let number = edit
        .diary_number
        .as_ref()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let slug = number.replace('/', "-");
    let base = format!("/assignments/{slug}/deadlines");
    let rows = edit
        .deadlines
        .iter()
        .map(|d| {
            let delivered = match d.delivered_date {
                Some(date) => format!("{} {}", td_string!(locale, assignment_edit.delivered), fmt_date(date, lang)),
                None => td_string!(locale, assignment_edit.not_delivered).to_string(),
            };
            view! {
                <tr>
                    <th scope="row">{deadline_kind_label(d.values.kind, locale)}</th>
                    <td class="nowrap">{fmt_date(d.values.due_date, lang)}</td>
                    <td>{d.values.description.get(lang).to_owned()}</td>
                    <td>{delivered}</td>
                    <td><A href=format!("{base}?deadline={}", d.id)>{td_string!(locale, funding_edit.edit)}</A></td>
                </tr>
            }
        })
        .collect_view();
    let editing = edit.deadlines.iter().find(|d| d.id == deadline).cloned();
    let (deadline, version, values) = match editing {
        Some(d) => (d.id, d.version, DeadlineInput::from_values(&d.values)),
        None => (
            0,
            0,
            DeadlineInput {
                kind: DeadlineKind::Interim.as_str().to_owned(),
                ..DeadlineInput::default()
            },
        ),
    };
    let version = version_after_conflict(result, version);
    let form_heading = if deadline == 0 {
        td_string!(locale, assignment_edit.new_deadline).to_string()
    } else {
        td_string!(locale, assignment_edit.change_deadline).to_string()
    };
    let kinds: Vec<_> = DeadlineKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), deadline_kind_label(*k, locale)))
        .collect();
    let title = td_string!(locale, assignment_edit.deadlines_title).to_string();
    let page_title = format!("{title}: {number}");
    let eyebrow = number.clone();
    view! {
        <Title text=page_title/>
        <div class="page-heading">
            <p class="eyebrow"><A href=format!("/assignments/{slug}")>{eyebrow}</A></p>
            <h1>{title.clone()} ": " {number.clone()}</h1>
        </div>
        <p class="lead">{td_string!(locale, assignment_edit.deadlines_lead)}</p>
        <div class="table-scroll">
            <table>
                <caption>{td!(locale, assignment_edit.deadlines_caption, count = edit.deadlines.len())}</caption>
                <thead><tr>
                    <th scope="col">{td_string!(locale, assignment.kind)}</th>
                    <th scope="col">{td_string!(locale, deadline.due)}</th>
                    <th scope="col">{td_string!(locale, assignment.description)}</th>
                    <th scope="col">{td_string!(locale, assignment.state)}</th>
                    <th scope="col">{td_string!(locale, funding_edit.actions)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2 id="form-heading">{form_heading}</h2>
        <Form action=save attr:class="form form-wide" attr:aria-labelledby="form-heading">
            <p class="form-status" role="status">
                {move || matches!(result.get(), Some(Ok(()))).then(|| td_string!(locale, reporting.saved))}
            </p>
            <div role="alert">
                <SaveNotice result
                    heading=td_string!(locale, assignment_edit.deadline_conflict_heading).to_string()
                    text=td_string!(locale, assignment_edit.deadline_conflict_text).to_string()
                    describe=|field, value, locale| format!("{}: {value}", field_label(field, locale))/>
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <input type="hidden" name="diary_number" value=number/>
            <input type="hidden" name="deadline" value=deadline.to_string()/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            <div class="field">
                <label for="kind">{td_string!(locale, assignment_edit.kind)}</label>
                <select id="kind" name="kind" aria-describedby="kind-error"
                    aria-invalid=move || problem("kind").get().is_some().to_string()>
                    {select_options("kind", kinds, &values.kind)}
                </select>
                <FieldMessage id="kind-error".to_owned() problem=problem("kind")/>
            </div>
            <TextField name="due_date" label=td_string!(locale, assignment_edit.due_date).to_string()
                hint=td_string!(locale, plan_edit.date_hint).to_string()
                value=values.due_date problem=problem("due_date") required=true check=FieldRule::Date/>
            <TextField name="description_sv" label=td_string!(locale, assignment_edit.note_sv).to_string()
                value=values.description_sv problem=problem("description_sv") maxlength=300/>
            <TextField name="description_en" label=td_string!(locale, assignment_edit.note_en).to_string()
                value=values.description_en problem=problem("description_en") maxlength=300/>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {td_string!(locale, assignment_edit.save_deadline)}
            </button>
        </Form>
    }
}

/// The label of a deadline field named in a conflict.
fn field_label(field: &str, locale: Locale) -> String {
    match field {
        "kind" => td_string!(locale, assignment_edit.kind).to_string(),
        "due_date" => td_string!(locale, assignment_edit.due_date).to_string(),
        "description_sv" => td_string!(locale, assignment_edit.note_sv).to_string(),
        "description_en" => td_string!(locale, assignment_edit.note_en).to_string(),
        other => other.to_owned(),
    }
}
