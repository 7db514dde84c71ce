//! `/assignments/new`: a ministry registers a government assignment: its diary number (the
//! prefix names the ministry, which must be the registering one), recipient, decision date,
//! interim and final reporting deadlines, and the measures it serves.

use crate::components::{
    AwaitData, Checkboxes, FieldMessage, TextField, field_problem, select_options, use_lang,
    use_locale,
};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::models::AssignmentEdit;
use crate::models::input::field;
use crate::server_fns::{CreateAssignment, get_assignment_new};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn AssignmentNewPage() -> impl IntoView {
    let create = ServerAction::<CreateAssignment>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(slug)) = create.value().get() {
            navigate(&format!("/assignments/{slug}"), Default::default());
        }
    });
    let edit = Resource::new(|| (), |_| get_assignment_new());
    view! {
        <AwaitData resource=edit let:edit><NewView edit create/></AwaitData>
    }
}

#[component]
fn NewView(edit: AssignmentEdit, create: ServerAction<CreateAssignment>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let result: Signal<Option<Result<String, AppError>>> = create.value().into();
    let problem = move |field| field_problem(result, field);
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
    let heading = td_string!(locale, assignment_edit.new_heading).to_string();
    view! {
        <Title text=heading.clone()/>
        <div class="page-heading">
            <p class="eyebrow"><A href="/assignments">{td_string!(locale, assignments.title)}</A></p>
            <h1>{heading}</h1>
        </div>
        <p class="lead">{td_string!(locale, assignment_edit.lead)}</p>
        <ActionForm action=create attr:class="form form-wide">
            <div role="alert">
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <TextField name="diary_number" label=td_string!(locale, assignment_edit.diary_number).to_string()
                hint=td_string!(locale, assignment_edit.diary_number_hint).to_string()
                value=String::new() problem=problem("diary_number") required=true maxlength=40/>
            <div class="field">
                <label for="recipient">{td_string!(locale, assignment_edit.recipient)}</label>
                <select id="recipient" name="recipient" aria-describedby="recipient-error"
                    aria-invalid=move || problem("recipient").get().is_some().to_string()>
                    <option value="">{td_string!(locale, plan_edit.choose)}</option>
                    {select_options(recipients, "")}
                </select>
                <FieldMessage id="recipient-error".to_owned() problem=problem("recipient")/>
            </div>
            <TextField name="title_sv" label=td_string!(locale, plan_edit.title_sv).to_string()
                value=String::new() problem=problem("title_sv") required=true maxlength=300/>
            <TextField name="title_en" label=td_string!(locale, plan_edit.title_en).to_string()
                value=String::new() problem=problem("title_en") maxlength=300/>
            <TextField name="description_sv" label=td_string!(locale, plan_edit.description_sv).to_string()
                value=String::new() problem=problem("description_sv") rows=4 maxlength=8000/>
            <TextField name="decision_date" label=td_string!(locale, assignment_edit.decision_date).to_string()
                hint=td_string!(locale, plan_edit.date_hint).to_string()
                value=String::new() problem=problem("decision_date") required=true check=field::date/>
            <TextField name="interim_due" label=td_string!(locale, assignment_edit.interim_due).to_string()
                hint=td_string!(locale, assignment_edit.interim_hint).to_string()
                value=String::new() problem=problem("interim_due")/>
            <TextField name="final_due" label=td_string!(locale, assignment_edit.final_due).to_string()
                hint=td_string!(locale, plan_edit.date_hint).to_string()
                value=String::new() problem=problem("final_due") required=true check=field::date/>
            <Checkboxes name="measures" legend=td_string!(locale, assignment.measures_heading).to_string()
                options=measures chosen=Vec::new() problem=problem("measures")/>
            <button type="submit" class="button" disabled=move || create.pending().get()>
                {td_string!(locale, assignment_edit.save)}
            </button>
        </ActionForm>
    }
}
