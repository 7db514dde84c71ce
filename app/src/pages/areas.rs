//! `/areas`: the plan's areas (insatsområden) in their order, what each is about and how many
//! measures it holds. The ministry that leads the plan (or an admin) adds one here or, with
//! `?area=<code>`, changes one.

use crate::components::{
    AwaitData, Form, SaveNotice, TextField, field_problem, form_action, saves_of_list_form,
    use_lang, use_locale, version_after_conflict,
};
use crate::error::AppError;
use crate::i18n::{Locale, td, td_string};
use crate::models::{AreaInput, AreaList};
use crate::server_fns::{SaveArea, get_areas};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AreasPage() -> impl IntoView {
    let query = use_query_map();
    let save = form_action::<SaveArea>();
    let saved = saves_of_list_form(save.value().into(), "area", || "/areas".to_owned());
    let areas = Resource::new(move || saved.get(), |_| get_areas());
    let area = Memo::new(move |_| query.with(|q| q.get("area").unwrap_or_default()));
    view! {
        <AwaitData resource=areas let:list>
            {move || view! { <AreasView list=list.clone() area=area.get() save/> }}
        </AwaitData>
    }
}

#[component]
fn AreasView(list: AreaList, area: String, save: ServerAction<SaveArea>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let may_edit = list.may_edit;
    let rows = list
        .areas
        .clone()
        .into_iter()
        .map(|a| {
            let code = a.values.code.clone();
            view! {
                <tr>
                    <td class="number">{a.values.position}</td>
                    <th scope="row">
                        <A href=format!("/measures?area={code}")>{a.values.title.get(lang).to_owned()}</A>
                    </th>
                    <td lang=a.values.description.falls_back(lang).then_some("sv")>{a.values.description.get(lang).to_owned()}</td>
                    <td class="number">{a.measure_count}</td>
                    {may_edit.then(|| view! {
                        <td><A href=format!("/areas?area={code}")>{td_string!(locale, funding_edit.edit)}</A></td>
                    })}
                </tr>
            }
        })
        .collect_view();
    let title = td_string!(locale, areas.title).to_string();
    let editing = list.areas.iter().find(|a| a.values.code == area).cloned();
    let next_position = list
        .areas
        .iter()
        .map(|a| a.values.position)
        .max()
        .unwrap_or(0)
        + 1;
    view! {
        <Title text=title.clone()/>
        <div class="page-heading"><h1>{title}</h1></div>
        <p class="lead">{td_string!(locale, areas.lead)}</p>
        <div class="table-scroll">
            <table>
                <caption>{td!(locale, areas.caption, count = list.areas.len())}</caption>
                <thead><tr>
                    <th scope="col" class="number">{td_string!(locale, areas.position)}</th>
                    <th scope="col">{td_string!(locale, common.area)}</th>
                    <th scope="col">{td_string!(locale, assignment.description)}</th>
                    <th scope="col" class="number">{td_string!(locale, areas.measures)}</th>
                    {may_edit.then(|| view! { <th scope="col">{td_string!(locale, funding_edit.actions)}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {may_edit.then(|| match editing {
            Some(row) => view! {
                <AreaForm original=row.values.code.clone() version=row.version
                    values=AreaInput::from_values(&row.values) save/>
            }.into_any(),
            None => view! {
                <AreaForm original=String::new() version=0
                    values=AreaInput { position: next_position.to_string(), ..AreaInput::default() } save/>
            }.into_any(),
        })}
    }
}

#[component]
fn AreaForm(
    original: String,
    version: i64,
    values: AreaInput,
    save: ServerAction<SaveArea>,
) -> impl IntoView {
    let locale = use_locale();
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let problem = move |field| field_problem(result, field);
    let version = version_after_conflict(result, version);
    let creating = original.is_empty();
    let heading = if creating {
        td_string!(locale, areas.new_heading).to_string()
    } else {
        format!("{} {original}", td_string!(locale, areas.edit_heading))
    };
    view! {
        <h2 id="form-heading">{heading}</h2>
        <Form action=save attr:class="form form-wide" attr:aria-labelledby="form-heading">
            <p class="form-status" role="status">
                {move || matches!(result.get(), Some(Ok(()))).then(|| td_string!(locale, reporting.saved))}
            </p>
            <div role="alert">
                <SaveNotice result
                    heading=td_string!(locale, areas.conflict_heading).to_string()
                    text=td_string!(locale, areas.conflict_text).to_string()
                    describe=|field, value, locale| format!("{}: {value}", field_label(field, locale))/>
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <input type="hidden" name="original" value=original.clone()/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            {if creating {
                view! {
                    <TextField name="code" label=td_string!(locale, plan_edit.code).to_string()
                        hint=td_string!(locale, areas.code_hint).to_string()
                        value=values.code.clone() problem=problem("code") required=true maxlength=20/>
                }.into_any()
            } else {
                view! { <input type="hidden" name="code" value=values.code.clone()/> }.into_any()
            }}
            <TextField name="title_sv" label=td_string!(locale, plan_edit.title_sv).to_string()
                value=values.title_sv problem=problem("title_sv") required=true maxlength=300/>
            <TextField name="title_en" label=td_string!(locale, plan_edit.title_en).to_string()
                value=values.title_en problem=problem("title_en") maxlength=300/>
            <TextField name="description_sv" label=td_string!(locale, plan_edit.description_sv).to_string()
                value=values.description_sv problem=problem("description_sv") rows=4 maxlength=8000/>
            <TextField name="description_en" label=td_string!(locale, plan_edit.description_en).to_string()
                value=values.description_en problem=problem("description_en") rows=4 maxlength=8000/>
            <TextField name="position" label=td_string!(locale, areas.position).to_string()
                hint=td_string!(locale, areas.position_hint).to_string()
                value=values.position problem=problem("position") numeric=true required=true/>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {td_string!(locale, areas.save)}
            </button>
        </Form>
    }
}

/// The label of an area field named in a conflict.
fn field_label(field: &str, locale: Locale) -> String {
    match field {
        "title_sv" => td_string!(locale, plan_edit.title_sv).to_string(),
        "title_en" => td_string!(locale, plan_edit.title_en).to_string(),
        "description_sv" => td_string!(locale, plan_edit.description_sv).to_string(),
        "description_en" => td_string!(locale, plan_edit.description_en).to_string(),
        "position" => td_string!(locale, areas.position).to_string(),
        other => other.to_owned(),
    }
}
