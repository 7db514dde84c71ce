//! `/measures/:code/funding`: the funding decisions of a measure, for whoever may edit it: each
//! year's allocation with its appropriation, county and assignment, and what has been
//! disbursed and spent. `?line=<id>` edits a line; otherwise the form adds one.

use crate::components::{
    AwaitData, FieldMessage, Form, SaveNotice, TextField, field_problem, form_action,
    saves_of_list_form, select_options, use_lang, use_locale, version_after_conflict,
};
use crate::error::AppError;
use crate::i18n::{Locale, td, td_string};
use crate::models::input::FieldRule;
use crate::models::{FundingEdit, FundingInput};
use crate::server_fns::{SaveFunding, get_funding_edit};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn FundingEditPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save = form_action::<SaveFunding>();
    let saved = saves_of_list_form(save.value().into(), "line", move || {
        let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
        format!("/measures/{code}/funding")
    });
    let edit = Resource::new(
        move || {
            (
                params.with(|p| p.get("code").unwrap_or_default()),
                saved.get(),
            )
        },
        |(code, _)| get_funding_edit(code),
    );
    let line = Memo::new(move |_| {
        query.with(|q| {
            q.get("line")
                .and_then(|l| l.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    view! {
        <AwaitData resource=edit let:edit>
            {move || view! { <EditView edit=edit.clone() line=line.get() save/> }}
        </AwaitData>
    }
}

#[component]
fn EditView(edit: FundingEdit, line: i64, save: ServerAction<SaveFunding>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let problem = move |field| field_problem(result, field);
    let base = format!("/measures/{}/funding", edit.code);
    // The saved amounts, formatted as on every other money table.
    let kronor = move |text: &str| {
        text.parse::<i64>()
            .ok()
            .and_then(|n| crate::domain::Money::kronor(n).ok())
            .map_or_else(
                || text.to_owned(),
                |m| crate::components::fmt_money(m, lang),
            )
    };
    let rows = edit
        .lines
        .iter()
        .map(|(id, _, l)| {
            let county = edit
                .counties
                .iter()
                .find(|c| c.code.as_str() == l.county)
                .map(|c| c.name.get(lang).to_owned())
                .unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{l.year.clone()}</th>
                    <td class="nowrap">{format!("UO {} {} {}", l.expenditure_area, l.appropriation, l.appropriation_item)}</td>
                    <td>{county}</td>
                    <td>{l.assignment.clone()}</td>
                    <td class="number">{kronor(&l.allocated)}</td>
                    <td class="number">{kronor(&l.disbursed)}</td>
                    <td class="number">{kronor(&l.spent)}</td>
                    <td><A href=format!("{base}?line={id}")>{td_string!(locale, funding_edit.edit)}</A></td>
                </tr>
            }
        })
        .collect_view();
    let editing = edit.lines.iter().find(|(id, _, _)| *id == line).cloned();
    let (line, version, values) = match editing {
        Some((id, version, values)) => (id, version, values),
        None => (
            0,
            0,
            FundingInput {
                disbursed: "0".into(),
                spent: "0".into(),
                ..FundingInput::default()
            },
        ),
    };
    let counties: Vec<_> = edit
        .counties
        .iter()
        .map(|c| (c.code.to_string(), c.name.get(lang).to_owned()))
        .collect();
    let assignments: Vec<_> = edit
        .assignments
        .iter()
        .map(|a| (a.to_string(), a.to_string()))
        .collect();
    let form_heading = if line == 0 {
        td_string!(locale, funding_edit.new_heading).to_string()
    } else {
        td_string!(locale, funding_edit.edit_heading).to_string()
    };
    let version = version_after_conflict(result, version);
    let title = format!("{} {}", edit.code, edit.title.get(lang));
    let code = edit.code.clone();
    let eyebrow = edit.code.clone();
    let measure_href = format!("/measures/{}", edit.code);
    view! {
        <Title text=format!("{}: {title}", td_string!(locale, funding_edit.title))/>
        <div class="page-heading">
            <p class="eyebrow"><A href=measure_href>{eyebrow}</A></p>
            <h1>{td_string!(locale, funding_edit.title)} ": " {title.clone()}</h1>
        </div>
        <p class="lead">{td_string!(locale, funding_edit.lead)}</p>
        <div class="table-scroll">
            <table>
                <caption>{td!(locale, funding_edit.caption, count = edit.lines.len())}</caption>
                <thead><tr>
                    <th scope="col">{td_string!(locale, common.year)}</th>
                    <th scope="col">{td_string!(locale, funding_edit.appropriation)}</th>
                    <th scope="col">{td_string!(locale, common.county)}</th>
                    <th scope="col">{td_string!(locale, funding_edit.assignment)}</th>
                    <th scope="col" class="number">{td_string!(locale, common.allocated)}</th>
                    <th scope="col" class="number">{td_string!(locale, common.disbursed)}</th>
                    <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
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
                    heading=td_string!(locale, funding_edit.conflict_heading).to_string()
                    text=td_string!(locale, funding_edit.conflict).to_string()
                    describe=|field, value, locale| format!("{}: {value}", field_label(field, locale))/>
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <input type="hidden" name="code" value=code/>
            <input type="hidden" name="line" value=line.to_string()/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            <TextField name="year" label=td_string!(locale, common.year).to_string()
                value=values.year.clone() problem=problem("year") numeric=true required=true/>
            <TextField name="expenditure_area" label=td_string!(locale, funding_edit.expenditure_area).to_string()
                hint=td_string!(locale, funding_edit.expenditure_area_hint).to_string()
                value=values.expenditure_area.clone() problem=problem("expenditure_area") numeric=true required=true/>
            <TextField name="appropriation" label=td_string!(locale, funding_edit.appropriation).to_string()
                hint=td_string!(locale, funding_edit.appropriation_hint).to_string()
                value=values.appropriation.clone() problem=problem("appropriation") required=true/>
            <TextField name="appropriation_item" label=td_string!(locale, funding_edit.item).to_string()
                value=values.appropriation_item.clone() problem=problem("appropriation_item") maxlength=40/>
            <div class="field">
                <label for="county">{td_string!(locale, common.county)}</label>
                <select id="county" name="county" aria-describedby="county-error">
                    <option value="">{td_string!(locale, funding.not_earmarked)}</option>
                    {select_options("county", counties, &values.county)}
                </select>
                <FieldMessage id="county-error".to_owned() problem=problem("county")/>
            </div>
            <div class="field">
                <label for="assignment">{td_string!(locale, funding_edit.assignment)}</label>
                <select id="assignment" name="assignment" aria-describedby="assignment-error">
                    <option value="">{td_string!(locale, funding_edit.no_assignment)}</option>
                    {select_options("assignment", assignments, &values.assignment)}
                </select>
                <FieldMessage id="assignment-error".to_owned() problem=problem("assignment")/>
            </div>
            <TextField name="allocated" label=td_string!(locale, funding_edit.allocated).to_string()
                value=values.allocated.clone() problem=problem("allocated") numeric=true required=true check=FieldRule::Money/>
            <TextField name="disbursed" label=td_string!(locale, funding_edit.disbursed).to_string()
                value=values.disbursed.clone() problem=problem("disbursed") numeric=true required=true check=FieldRule::Money/>
            <TextField name="spent" label=td_string!(locale, funding_edit.spent).to_string()
                value=values.spent.clone() problem=problem("spent") numeric=true required=true check=FieldRule::Money/>
            <TextField name="decision_ref" label=td_string!(locale, funding_edit.decision_ref).to_string()
                value=values.decision_ref.clone() problem=problem("decision_ref") maxlength=300/>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {td_string!(locale, funding_edit.save)}
            </button>
        </Form>
    }
}

/// The label of a funding field named in a conflict.
fn field_label(field: &str, locale: Locale) -> String {
    match field {
        "year" => td_string!(locale, common.year).to_string(),
        "expenditure_area" => td_string!(locale, funding_edit.expenditure_area).to_string(),
        "appropriation" => td_string!(locale, funding_edit.appropriation).to_string(),
        "appropriation_item" => td_string!(locale, funding_edit.item).to_string(),
        "county" => td_string!(locale, common.county).to_string(),
        "assignment" => td_string!(locale, funding_edit.assignment).to_string(),
        "allocated" => td_string!(locale, funding_edit.allocated).to_string(),
        "disbursed" => td_string!(locale, funding_edit.disbursed).to_string(),
        "spent" => td_string!(locale, funding_edit.spent).to_string(),
        "decision_ref" => td_string!(locale, funding_edit.decision_ref).to_string(),
        other => other.to_owned(),
    }
}
