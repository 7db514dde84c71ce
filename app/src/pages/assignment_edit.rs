//! `/assignments/new` and `/assignments/:slug/edit`: a ministry registers a government
//! assignment (its diary number's prefix names the ministry, which must be the registering
//! one; recipient, decision date, first deadlines and the measures it serves) or changes a
//! registered one. Its deadlines are changed on `/assignments/:slug/deadlines`.

use crate::components::{
    AwaitData, Checkboxes, FieldMessage, Form, SaveNotice, TextField, field_problem, form_action,
    select_options, use_lang, use_locale, version_after_conflict,
};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::models::AssignmentEdit;
use crate::models::input::FieldRule;
use crate::server_fns::{CreateAssignment, SaveAssignment, get_assignment_edit};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn AssignmentEditPage() -> impl IntoView {
    let params = use_params_map();
    let create = form_action::<CreateAssignment>();
    let save = form_action::<SaveAssignment>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let created = create.value().get().and_then(Result::ok);
        let saved = save.value().get().and_then(Result::ok);
        if let Some(slug) = created.or(saved) {
            navigate(&format!("/assignments/{slug}"), Default::default());
        }
    });
    let edit = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        get_assignment_edit,
    );
    view! {
        <AwaitData resource=edit let:edit>
            {if edit.diary_number.is_some() {
                view! { <EditView edit save/> }.into_any()
            } else {
                view! { <NewView edit create/> }.into_any()
            }}
        </AwaitData>
    }
}

#[component]
fn NewView(edit: AssignmentEdit, create: ServerAction<CreateAssignment>) -> impl IntoView {
    let locale = use_locale();
    let result: Signal<Option<Result<String, AppError>>> = create.value().into();
    let problem = move |field| field_problem(result, field);
    let heading = td_string!(locale, assignment_edit.new_heading).to_string();
    view! {
        <Title text=heading.clone()/>
        <div class="page-heading">
            <p class="eyebrow"><A href="/assignments">{td_string!(locale, assignments.title)}</A></p>
            <h1>{heading}</h1>
        </div>
        <p class="lead">{td_string!(locale, assignment_edit.lead)}</p>
        <Form action=create attr:class="form form-wide">
            <div role="alert">
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <TextField name="diary_number" label=td_string!(locale, assignment_edit.diary_number).to_string()
                hint=td_string!(locale, assignment_edit.diary_number_hint).to_string()
                value=String::new() problem=problem("diary_number") required=true maxlength=40/>
            <AssignmentFields edit=edit.clone() result/>
            <fieldset>
                <legend>{td_string!(locale, assignment.deadlines_heading)}</legend>
                <TextField name="interim_due" label=td_string!(locale, assignment_edit.interim_due).to_string()
                    hint=td_string!(locale, assignment_edit.interim_hint).to_string()
                    value=String::new() problem=problem("interim_due")/>
                <TextField name="final_due" label=td_string!(locale, assignment_edit.final_due).to_string()
                    hint=td_string!(locale, plan_edit.date_hint).to_string()
                    value=String::new() problem=problem("final_due") required=true check=FieldRule::Date/>
            </fieldset>
            <button type="submit" class="button" disabled=move || create.pending().get()>
                {td_string!(locale, assignment_edit.save)}
            </button>
        </Form>
    }
}

#[component]
fn EditView(edit: AssignmentEdit, save: ServerAction<SaveAssignment>) -> impl IntoView {
    let locale = use_locale();
    let result: Signal<Option<Result<String, AppError>>> = save.value().into();
    let version = version_after_conflict(result, edit.version);
    let number = edit
        .diary_number
        .clone()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let slug = number.replace('/', "-");
    let heading = format!(
        "{} {number}",
        td_string!(locale, assignment_edit.edit_heading)
    );
    let eyebrow = number.clone();
    view! {
        <Title text=heading.clone()/>
        <div class="page-heading">
            <p class="eyebrow"><A href=format!("/assignments/{slug}")>{eyebrow}</A></p>
            <h1>{heading}</h1>
        </div>
        <p class="lead">{td_string!(locale, assignment_edit.edit_lead)}" "
            <A href=format!("/assignments/{slug}/deadlines")>{td_string!(locale, assignment_edit.deadlines_link)}</A></p>
        <Form action=save attr:class="form form-wide">
            <div role="alert">
                <SaveNotice result
                    heading=td_string!(locale, assignment_edit.conflict_heading).to_string()
                    text=td_string!(locale, assignment_edit.conflict_text).to_string()
                    describe=|field, value, locale| format!("{}: {value}", field_label(field, locale))/>
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <input type="hidden" name="diary_number" value=number.clone()/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            <AssignmentFields edit result/>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {td_string!(locale, plan_edit.save)}
            </button>
        </Form>
    }
}

/// The fields a new and a registered assignment share.
#[component]
fn AssignmentFields(
    edit: AssignmentEdit,
    result: Signal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let problem = move |field| field_problem(result, field);
    let v = edit.values;
    let recipients: Vec<_> = edit
        .organisations
        .iter()
        .map(|o| (o.code.clone(), o.name.get(lang).to_owned()))
        .collect();
    let measures: Vec<_> = edit
        .measures
        .iter()
        .map(|m| (m.code.clone(), format!("{} {}", m.code, m.title.get(lang))))
        .collect();
    view! {
        <div class="field">
            <label for="recipient">{td_string!(locale, assignment_edit.recipient)}</label>
            <select id="recipient" name="recipient" aria-describedby="recipient-error"
                aria-invalid=move || problem("recipient").get().is_some().to_string()>
                {v.recipient.is_empty().then(|| view! { <option value="">{td_string!(locale, plan_edit.choose)}</option> })}
                {select_options("recipient", recipients, &v.recipient)}
            </select>
            <FieldMessage id="recipient-error".to_owned() problem=problem("recipient")/>
        </div>
        <TextField name="title_sv" label=td_string!(locale, plan_edit.title_sv).to_string()
            value=v.title_sv problem=problem("title_sv") required=true maxlength=300/>
        <TextField name="title_en" label=td_string!(locale, plan_edit.title_en).to_string()
            value=v.title_en problem=problem("title_en") maxlength=300/>
        <TextField name="description_sv" label=td_string!(locale, plan_edit.description_sv).to_string()
            value=v.description_sv problem=problem("description_sv") rows=4 maxlength=8000/>
        <TextField name="description_en" label=td_string!(locale, plan_edit.description_en).to_string()
            value=v.description_en problem=problem("description_en") rows=4 maxlength=8000/>
        <TextField name="decision_date" label=td_string!(locale, assignment_edit.decision_date).to_string()
            hint=td_string!(locale, plan_edit.date_hint).to_string()
            value=v.decision_date problem=problem("decision_date") required=true check=FieldRule::Date/>
        <Checkboxes name="measures" legend=td_string!(locale, assignment.measures_heading).to_string()
            options=measures chosen=v.measures problem=problem("measures")/>
    }
}

/// The label of an assignment field named in a conflict.
fn field_label(field: &str, locale: Locale) -> String {
    match field {
        "recipient" => td_string!(locale, assignment_edit.recipient).to_string(),
        "title_sv" => td_string!(locale, plan_edit.title_sv).to_string(),
        "title_en" => td_string!(locale, plan_edit.title_en).to_string(),
        "description_sv" => td_string!(locale, plan_edit.description_sv).to_string(),
        "description_en" => td_string!(locale, plan_edit.description_en).to_string(),
        "decision_date" => td_string!(locale, assignment_edit.decision_date).to_string(),
        "measures" => td_string!(locale, assignment.measures_heading).to_string(),
        other => other.to_owned(),
    }
}
