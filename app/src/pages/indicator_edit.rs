//! `/measures/:code/indicators`: the indicators a measure should move, for whoever may edit the
//! measure: each with its baseline and target. `?target=<id>` changes one; otherwise the form
//! ties another indicator to the measure.

use crate::components::{
    AwaitData, FieldMessage, Form, SaveNotice, TextField, field_problem, form_action,
    saves_of_list_form, select_options, use_lang, use_locale, version_after_conflict,
};
use crate::error::AppError;
use crate::i18n::{Locale, td, td_string};
use crate::models::{TargetEdit, TargetInput};
use crate::server_fns::{RemoveIndicatorTarget, SaveIndicatorTarget, get_target_edit};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn IndicatorEditPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save = form_action::<SaveIndicatorTarget>();
    let remove = form_action::<RemoveIndicatorTarget>();
    let base = move || {
        let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
        format!("/measures/{code}/indicators")
    };
    let saved = saves_of_list_form(save.value().into(), "target", base);
    let removed = saves_of_list_form(remove.value().into(), "target", base);
    let edit = Resource::new(
        move || {
            (
                params.with(|p| p.get("code").unwrap_or_default()),
                saved.get(),
                removed.get(),
            )
        },
        |(code, _, _)| get_target_edit(code),
    );
    let target = Memo::new(move |_| {
        query.with(|q| {
            q.get("target")
                .and_then(|t| t.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    view! {
        <AwaitData resource=edit let:edit>
            {move || view! { <EditView edit=edit.clone() target=target.get() save remove/> }}
        </AwaitData>
    }
}

#[component]
fn EditView(
    edit: TargetEdit,
    target: i64,
    save: ServerAction<SaveIndicatorTarget>,
    remove: ServerAction<RemoveIndicatorTarget>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let removal: Signal<Option<Result<(), AppError>>> = remove.value().into();
    let problem = move |field| field_problem(result, field);
    let base = format!("/measures/{}/indicators", edit.code);
    let rows = edit
        .targets
        .clone()
        .into_iter()
        .map(|(id, version, name, t)| {
            let hidden = format!(" {}", name.get(lang));
            let edit_hidden = hidden.clone();
            let code = edit.code.clone();
            view! {
                <tr>
                    <th scope="row">{name.get(lang).to_owned()}</th>
                    <td class="number">{t.baseline_year}</td>
                    <td class="number">{t.baseline_value}</td>
                    <td class="number">{t.target_year}</td>
                    <td class="number">{t.target_value}</td>
                    <td class="row-actions">
                        <A href=format!("{base}?target={id}")>
                            {td_string!(locale, funding_edit.edit)}
                            <span class="visually-hidden">{edit_hidden}</span>
                        </A>
                        <Form action=remove>
                            <input type="hidden" name="code" value=code/>
                            <input type="hidden" name="target" value=id.to_string()/>
                            <input type="hidden" name="version" value=version.to_string()/>
                            <button type="submit" class="link-button">
                                {td_string!(locale, indicators.remove)}
                                <span class="visually-hidden">{hidden}</span>
                            </button>
                        </Form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let editing = edit.targets.iter().find(|(id, ..)| *id == target).cloned();
    // The address names a target no longer there (removed meanwhile): say so above the form.
    let gone = target != 0 && editing.is_none();
    let (target, version, values) = match editing {
        Some((id, version, _, values)) => (id, version, values),
        None => (0, 0, TargetInput::default()),
    };
    let indicators: Vec<_> = edit
        .indicators
        .iter()
        .map(|(code, name, unit)| {
            (
                code.clone(),
                format!("{} ({})", name.get(lang), unit.get(lang)),
            )
        })
        .collect();
    let editing_name = edit
        .indicators
        .iter()
        .find(|(code, ..)| *code == values.indicator)
        .map(|(_, name, _)| name.get(lang).to_owned());
    let form_heading = match &editing_name {
        None => td_string!(locale, indicators.new_heading).to_string(),
        Some(name) => format!("{}: {name}", td_string!(locale, indicators.edit_heading)),
    };
    let version = version_after_conflict(result, version);
    let title = format!("{} {}", edit.code, edit.title.get(lang));
    let measure_href = format!("/measures/{}", edit.code);
    let count = edit.targets.len();
    let code = edit.code.clone();
    let eyebrow = edit.code.clone();
    view! {
        <Title text=format!("{}: {title}", td_string!(locale, indicators.edit_title))/>
        <div class="page-heading">
            <p class="eyebrow"><A href=measure_href>{eyebrow}</A></p>
            <h1>{td_string!(locale, indicators.edit_title)} ": " {title.clone()}</h1>
        </div>
        <p class="lead">{td_string!(locale, indicators.edit_lead)}</p>
        <div role="alert">
            {move || match removal.get() {
                Some(Err(AppError::Conflict { .. })) => Some(view! {
                    <p class="form-error">{td_string!(locale, indicators.remove_conflict)}</p>
                }.into_any()),
                Some(Err(AppError::NotFound)) => Some(view! {
                    <p class="form-error">{td_string!(locale, indicators.gone)}</p>
                }.into_any()),
                Some(Err(_)) => Some(view! {
                    <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p>
                }.into_any()),
                _ => None,
            }}
        </div>
        <p class="form-status" role="status">
            {move || matches!(removal.get(), Some(Ok(()))).then(|| td_string!(locale, indicators.removed))}
        </p>
        {if count == 0 {
            view! { <p>{td_string!(locale, indicators.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table>
                        <caption>{td!(locale, indicators.caption, count)}</caption>
                        <thead><tr>
                            <th scope="col">{td_string!(locale, indicators.indicator)}</th>
                            <th scope="col" class="number">{td_string!(locale, indicators.baseline_year)}</th>
                            <th scope="col" class="number">{td_string!(locale, indicators.baseline_value)}</th>
                            <th scope="col" class="number">{td_string!(locale, indicators.target_year)}</th>
                            <th scope="col" class="number">{td_string!(locale, indicators.target_value)}</th>
                            <th scope="col">{td_string!(locale, funding_edit.actions)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {gone.then(|| view! { <p class="form-error" role="alert">{td_string!(locale, indicators.gone)}</p> })}
        <h2 id="form-heading">{form_heading}</h2>
        <Form action=save attr:class="form" attr:aria-labelledby="form-heading">
            <p class="form-status" role="status">
                {move || matches!(result.get(), Some(Ok(()))).then(|| td_string!(locale, reporting.saved))}
            </p>
            <div role="alert">
                <SaveNotice result
                    heading=td_string!(locale, indicators.conflict_heading).to_string()
                    text=td_string!(locale, indicators.conflict).to_string()
                    describe=|field, value, locale| format!("{}: {value}", field_label(field, locale))/>
                {move || matches!(result.get(), Some(Err(AppError::Invalid { .. })))
                    .then(|| view! { <p class="form-error">{td_string!(locale, plan_edit.invalid)}</p> })}
            </div>
            <input type="hidden" name="code" value=code/>
            <input type="hidden" name="target" value=target.to_string()/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            {if target == 0 {
                view! {
                    <div class="field">
                        <label for="indicator">{td_string!(locale, indicators.indicator)}</label>
                        <select id="indicator" name="indicator" aria-describedby="indicator-error" required=true>
                            <option value="">{td_string!(locale, indicators.choose)}</option>
                            {select_options("indicator", indicators, &values.indicator)}
                        </select>
                        <FieldMessage id="indicator-error".to_owned() problem=problem("indicator")/>
                    </div>
                }.into_any()
            } else {
                view! { <input type="hidden" name="indicator" value=values.indicator.clone()/> }.into_any()
            }}
            <fieldset>
                <legend>{td_string!(locale, indicators.baseline_legend)}</legend>
                <TextField name="baseline_year" label=td_string!(locale, indicators.baseline_year).to_string()
                    value=values.baseline_year.clone() problem=problem("baseline_year") numeric=true required=true/>
                <TextField name="baseline_value" label=td_string!(locale, indicators.baseline_value).to_string()
                    hint=td_string!(locale, indicators.value_hint).to_string()
                    value=values.baseline_value.clone() problem=problem("baseline_value") numeric=true required=true/>
            </fieldset>
            <fieldset>
                <legend>{td_string!(locale, indicators.target_legend)}</legend>
                <TextField name="target_year" label=td_string!(locale, indicators.target_year).to_string()
                    value=values.target_year.clone() problem=problem("target_year") numeric=true required=true/>
                <TextField name="target_value" label=td_string!(locale, indicators.target_value).to_string()
                    hint=td_string!(locale, indicators.value_hint).to_string()
                    value=values.target_value.clone() problem=problem("target_value") numeric=true required=true/>
            </fieldset>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {td_string!(locale, indicators.save)}
            </button>
        </Form>
    }
}

/// The label of a target's field named in a conflict.
fn field_label(field: &str, locale: Locale) -> String {
    match field {
        "indicator" => td_string!(locale, indicators.indicator).to_string(),
        "baseline_year" => td_string!(locale, indicators.baseline_year).to_string(),
        "baseline_value" => td_string!(locale, indicators.baseline_value).to_string(),
        "target_year" => td_string!(locale, indicators.target_year).to_string(),
        "target_value" => td_string!(locale, indicators.target_value).to_string(),
        other => other.to_owned(),
    }
}
