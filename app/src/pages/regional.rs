//! `/counties/:code/rows/:measure`: a county board's row for one measure, and the form its
//! board reports on. Anyone signed in may read it; only the county's own board is offered the
//! form, and the server refuses everyone else's saves.

use crate::components::{
    AwaitData, FieldMessage, Form, SaveNotice, TextField, current_visit, field_problem, fmt_money,
    form_action, select_options, status_label, use_lang, use_locale, version_after_conflict,
};
use crate::domain::Status;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::models::RegionalRowEdit;
use crate::models::input::FieldRule;
use crate::policy::{self, Action};
use crate::server_fns::{SaveRegionalRow, get_regional_row};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RegionalRowPage() -> impl IntoView {
    let params = use_params_map();
    let save = form_action::<SaveRegionalRow>();
    // Read again after a save that succeeded (never after a refusal: the form keeps the text).
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            saved.update(|n| *n += 1);
        }
    });
    let row = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("measure").unwrap_or_default(),
                    p.get("code").unwrap_or_default(),
                    saved.get(),
                )
            })
        },
        |(measure, county, _)| get_regional_row(measure, county),
    );
    view! {
        <AwaitData resource=row let:row><RowView row save/></AwaitData>
    }
}

#[component]
fn RowView(row: RegionalRowEdit, save: ServerAction<SaveRegionalRow>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let county_name = row.county.name.get(lang).to_owned();
    let title = format!("{} {}", row.measure.code, row.measure.title.get(lang));
    let when = row
        .updated_at
        .get(..16)
        .map(|t| t.replace('T', " ") + " UTC")
        .unwrap_or_default();
    let period = row.current_period.to_string();
    let may_edit = policy::allows(
        &current_visit().viewer,
        &Action::EditRegionalRow {
            county: row.county.code,
        },
        policy::Access::default(),
    );
    let who = row.updated_by.clone();
    let county_href = format!("/counties/{}", row.county.code);
    let measure_href = format!("/measures/{}", row.measure.code);
    let measure_code = row.measure.code.clone();
    let subtitle = county_name.clone();
    let stale = row.stale;
    let read_only_values = row.values.clone();
    view! {
        <Title text=format!("{county_name}: {title}")/>
        <div class="page-heading">
            <p class="eyebrow">
                <A href=county_href>{county_name.clone()}</A>
                " › " <A href=measure_href>{measure_code}</A>
            </p>
            <h1>{title.clone()}</h1>
            <p class="subtitle">{td_string!(locale, regional.title)} " – " {subtitle}</p>
        </div>
        <p class="lead">{td_string!(locale, regional.lead)}</p>
        <p>{td!(locale, regional.last_updated, when, who)}</p>
        <p class:stale-note=stale>
            {if stale {
                view! { <span class="symbol" aria-hidden="true">"■ "</span>{td!(locale, regional.stale, period)} }.into_any()
            } else {
                td!(locale, regional.fresh, period).into_any()
            }}
        </p>
        {if may_edit {
            view! { <RowForm row save/> }.into_any()
        } else {
            view! {
                <p class="note">{td_string!(locale, regional.read_only)}</p>
                <dl class="facts">
                    <div><dt>{td_string!(locale, common.status)}</dt><dd>{status_label(read_only_values.status, locale)}</dd></div>
                    <div><dt>{td_string!(locale, common.progress)}</dt><dd>{format!("{} %", read_only_values.progress.percent())}</dd></div>
                    <div><dt>{td_string!(locale, regional.contact_name)}</dt><dd>{read_only_values.contact_name.clone()}</dd></div>
                    <div><dt>{td_string!(locale, common.spent)}</dt><dd>{fmt_money(read_only_values.spent, lang)}</dd></div>
                    <div class="facts-wide"><dt>{td_string!(locale, regional.narrative)}</dt><dd>{read_only_values.narrative.clone()}</dd></div>
                </dl>
            }.into_any()
        }}
    }
}

#[component]
fn RowForm(row: RegionalRowEdit, save: ServerAction<SaveRegionalRow>) -> impl IntoView {
    let locale = use_locale();
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let problem = move |field| field_problem(result, field);
    let invalid = move |field| move || problem(field).get().is_some().to_string();
    let version = version_after_conflict(result, row.version);
    let values = row.values;
    let statuses: Vec<_> = Status::ALL
        .iter()
        .map(|status| (status.as_str().to_owned(), status_label(*status, locale)))
        .collect();
    view! {
        <Form action=save attr:class="form form-wide">
            <p class="form-status" role="status">
                {move || matches!(result.get(), Some(Ok(()))).then(|| td_string!(locale, regional.saved))}
            </p>
            <div role="alert">
                <SaveNotice result
                    heading=td_string!(locale, regional.conflict_heading).to_string()
                    text=td_string!(locale, regional.conflict_text).to_string()
                    describe=saved_value/>
            </div>
            <input type="hidden" name="code" value=row.measure.code.clone()/>
            <input type="hidden" name="county" value=row.county.code.to_string()/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            <div class="field">
                <label for="status">{td_string!(locale, common.status)}</label>
                <select id="status" name="status" aria-invalid=invalid("status") aria-describedby="status-error">
                    {select_options("status", statuses, values.status.as_str())}
                </select>
                <FieldMessage id="status-error" problem=problem("status")/>
            </div>
            <TextField name="progress" label=td_string!(locale, regional.progress_label).to_string()
                value=values.progress.percent().to_string() problem=problem("progress")
                numeric=true required=true check=FieldRule::Progress/>
            <TextField name="spent" label=td_string!(locale, regional.spent_label).to_string()
                value=values.spent.as_kronor().to_string() problem=problem("spent")
                numeric=true required=true check=FieldRule::Money/>
            <TextField name="contact_name" label=td_string!(locale, regional.contact_name).to_string()
                value=values.contact_name.clone() problem=problem("contact_name") maxlength=200/>
            <TextField name="contact_role" label=td_string!(locale, regional.contact_role).to_string()
                value=values.contact_role.clone() problem=problem("contact_role") maxlength=200/>
            <TextField name="narrative" label=td_string!(locale, regional.narrative).to_string()
                value=values.narrative.clone() problem=problem("narrative") rows=6 maxlength=4000/>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {td_string!(locale, regional.save)}
            </button>
        </Form>
    }
}

/// "Status: Försenad" for a value saved by someone else.
fn saved_value(field: &str, value: &str, locale: crate::i18n::Locale) -> String {
    let label = match field {
        "status" => td_string!(locale, common.status).to_string(),
        "progress" => td_string!(locale, common.progress).to_string(),
        "contact_name" => td_string!(locale, regional.contact_name).to_string(),
        "contact_role" => td_string!(locale, history.field_contact_role).to_string(),
        "narrative" => td_string!(locale, regional.narrative).to_string(),
        "spent" => td_string!(locale, common.spent).to_string(),
        other => other.to_owned(),
    };
    let shown = match field {
        "status" => value
            .parse::<Status>()
            .map_or_else(|_| value.to_owned(), |s| status_label(s, locale)),
        "progress" => format!("{value} %"),
        "spent" => format!("{value} kr"),
        _ if value.is_empty() => td_string!(locale, history.empty_value).to_string(),
        _ => value.to_owned(),
    };
    format!("{label}: {shown}")
}
