//! `/measures/new` and `/measures/:code/edit`: a ministry (for measures its ministry leads) or
//! an admin adds or changes a measure: texts in both languages, kind, lead and partners, dates
//! and reporting frequency, and what it answers (obligations, forms of exploitation, target
//! groups). Status and progress come from the reports.

use crate::components::{
    AwaitData, Checkboxes, FieldMessage, Form, SaveNotice, TextField, field_problem, form_action,
    form_label, frequency_label, group_label, kind_label, select_options, source_label,
    typed_checked, use_lang, use_locale, version_after_conflict,
};
use crate::domain::{ExploitationForm, MeasureKind, ReportFrequency, TargetGroup};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::models::MeasureEdit;
use crate::models::input::FieldRule;
use crate::server_fns::{SaveMeasure, get_measure_edit};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn MeasureEditPage() -> impl IntoView {
    let params = use_params_map();
    let save = form_action::<SaveMeasure>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(code)) = save.value().get() {
            navigate(&format!("/measures/{code}"), Default::default());
        }
    });
    let edit = Resource::new(
        move || params.with(|p| p.get("code").unwrap_or_default()),
        get_measure_edit,
    );
    view! {
        <AwaitData resource=edit let:edit><EditView edit save/></AwaitData>
    }
}

#[component]
fn EditView(edit: MeasureEdit, save: ServerAction<SaveMeasure>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let result: Signal<Option<Result<String, AppError>>> = save.value().into();
    let problem = move |field| field_problem(result, field);
    let invalid = move |field| move || problem(field).get().is_some().to_string();
    let version = version_after_conflict(result, edit.version);
    let v = edit.values.clone();
    let creating = edit.code.is_none();
    let heading = match &edit.code {
        Some(code) => format!("{} {code}", td_string!(locale, plan_edit.edit_heading)),
        None => td_string!(locale, plan_edit.new_heading).to_string(),
    };
    let back = edit
        .code
        .as_ref()
        .map_or("/measures".to_owned(), |c| format!("/measures/{c}"));
    let areas: Vec<_> = edit
        .areas
        .iter()
        .map(|a| (a.code.clone(), a.title.get(lang).to_owned()))
        .collect();
    let kinds: Vec<_> = MeasureKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), kind_label(*k, locale)))
        .collect();
    let leads: Vec<_> = edit
        .leads
        .iter()
        .map(|o| (o.code.clone(), o.name.get(lang).to_owned()))
        .collect();
    let frequencies: Vec<_> = ReportFrequency::ALL
        .iter()
        .map(|f| (f.as_str().to_owned(), frequency_label(*f, locale)))
        .collect();
    let partners: Vec<_> = edit
        .organisations
        .iter()
        .map(|o| (o.code.clone(), o.name.get(lang).to_owned()))
        .collect();
    let obligations: Vec<_> = edit
        .obligations
        .iter()
        .map(|o| {
            (
                o.code.clone(),
                format!(
                    "{} {} – {}",
                    source_label(o.source, locale),
                    o.reference,
                    o.title.get(lang)
                ),
            )
        })
        .collect();
    let forms: Vec<_> = ExploitationForm::ALL
        .iter()
        .map(|f| (f.as_str().to_owned(), form_label(Some(*f), locale)))
        .collect();
    let groups: Vec<_> = TargetGroup::ALL
        .iter()
        .map(|g| (g.as_str().to_owned(), group_label(*g, locale)))
        .collect();
    let select = move |name: &'static str,
                       label: String,
                       choices: Vec<(String, String)>,
                       current: String| {
        let error_id = format!("{name}-error");
        let described_by = error_id.clone();
        view! {
            <div class="field">
                <label for=name>{label}</label>
                <select id=name name=name aria-invalid=invalid(name) aria-describedby=described_by>
                    {creating.then(|| view! { <option value="">{td_string!(locale, plan_edit.choose)}</option> })}
                    {select_options(name, choices, &current)}
                </select>
                <FieldMessage id=error_id problem=problem(name)/>
            </div>
        }
    };
    view! {
        <Title text=heading.clone()/>
        <div class="page-heading">
            <p class="eyebrow"><A href=back.clone()>{td_string!(locale, plan_edit.back)}</A></p>
            <h1>{heading.clone()}</h1>
        </div>
        <p class="lead">{td_string!(locale, plan_edit.lead)}</p>
        <Form action=save attr:class="form form-wide">
            <div role="alert">
                <SaveNotice result
                    heading=td_string!(locale, plan_edit.conflict_heading).to_string()
                    text=td_string!(locale, plan_edit.conflict_text).to_string()
                    describe=|field, value, locale| format!("{}: {value}", field_label(field, locale))/>
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <input type="hidden" name="original" value=edit.code.clone().unwrap_or_default()/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            <fieldset>
                <legend>{td_string!(locale, plan_edit.basics)}</legend>
                {select("area", td_string!(locale, common.area).to_string(), areas, v.area.clone())}
                {if creating {
                    view! {
                        <TextField name="code" label=td_string!(locale, plan_edit.code).to_string()
                            hint=td_string!(locale, plan_edit.code_hint).to_string()
                            value=v.code.clone() problem=problem("code") required=true maxlength=20/>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="code" value=v.code.clone()/> }.into_any()
                }}
                <TextField name="title_sv" label=td_string!(locale, plan_edit.title_sv).to_string()
                    value=v.title_sv.clone() problem=problem("title_sv") required=true maxlength=300/>
                <TextField name="title_en" label=td_string!(locale, plan_edit.title_en).to_string()
                    value=v.title_en.clone() problem=problem("title_en") maxlength=300/>
                <TextField name="description_sv" label=td_string!(locale, plan_edit.description_sv).to_string()
                    value=v.description_sv.clone() problem=problem("description_sv") rows=5 maxlength=8000/>
                <TextField name="description_en" label=td_string!(locale, plan_edit.description_en).to_string()
                    value=v.description_en.clone() problem=problem("description_en") rows=5 maxlength=8000/>
                {select("kind", td_string!(locale, measure.kind).to_string(), kinds, v.kind.clone())}
            </fieldset>
            <fieldset>
                <legend>{td_string!(locale, plan_edit.responsibility)}</legend>
                {select("lead", td_string!(locale, common.lead).to_string(), leads, v.lead.clone())}
                <Checkboxes name="partners" legend=td_string!(locale, measure.partners).to_string()
                    options=partners chosen=v.partners.clone() problem=problem("partners")/>
            </fieldset>
            <fieldset>
                <legend>{td_string!(locale, plan_edit.time)}</legend>
                <TextField name="start_date" label=td_string!(locale, plan_edit.start_date).to_string()
                    hint=td_string!(locale, plan_edit.date_hint).to_string()
                    value=v.start_date.clone() problem=problem("start_date") required=true check=FieldRule::Date/>
                <TextField name="end_date" label=td_string!(locale, plan_edit.end_date).to_string()
                    hint=td_string!(locale, plan_edit.date_hint).to_string()
                    value=v.end_date.clone() problem=problem("end_date") required=true check=FieldRule::Date/>
                {select("report_frequency", td_string!(locale, measure.frequency).to_string(), frequencies, v.report_frequency.clone())}
                <div class="field">
                    <label for="is_regional" class="check">
                        <input type="checkbox" id="is_regional" name="is_regional" value="true" checked=typed_checked("is_regional", v.is_regional)/>
                        " " {td_string!(locale, plan_edit.is_regional)}
                    </label>
                </div>
            </fieldset>
            <Checkboxes name="obligations" legend=td_string!(locale, measure.obligations_heading).to_string()
                options=obligations chosen=v.obligations.clone() problem=problem("obligations")/>
            <Checkboxes name="forms" legend=td_string!(locale, measure.forms).to_string()
                options=forms chosen=v.forms.clone() problem=problem("forms")/>
            <Checkboxes name="groups" legend=td_string!(locale, measure.groups).to_string()
                options=groups chosen=v.groups.clone() problem=problem("groups")/>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {td_string!(locale, plan_edit.save)}
            </button>
        </Form>
    }
}

/// The label of a measure field named in a conflict.
fn field_label(field: &str, locale: Locale) -> String {
    match field {
        "area" => td_string!(locale, common.area).to_string(),
        "title_sv" => td_string!(locale, plan_edit.title_sv).to_string(),
        "title_en" => td_string!(locale, plan_edit.title_en).to_string(),
        "description_sv" => td_string!(locale, plan_edit.description_sv).to_string(),
        "description_en" => td_string!(locale, plan_edit.description_en).to_string(),
        "kind" => td_string!(locale, measure.kind).to_string(),
        "lead" => td_string!(locale, common.lead).to_string(),
        "partners" => td_string!(locale, measure.partners).to_string(),
        "start_date" => td_string!(locale, plan_edit.start_date).to_string(),
        "end_date" => td_string!(locale, plan_edit.end_date).to_string(),
        "report_frequency" => td_string!(locale, measure.frequency).to_string(),
        "is_regional" => td_string!(locale, plan_edit.is_regional).to_string(),
        "obligations" => td_string!(locale, measure.obligations_heading).to_string(),
        "forms" => td_string!(locale, measure.forms).to_string(),
        "groups" => td_string!(locale, measure.groups).to_string(),
        other => other.to_owned(),
    }
}
