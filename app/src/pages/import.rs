//! `/data/import`: a county board brings its rows in from the export's workbook or CSV file, a
//! ministry the funding lines of its measures; and `/data/import/:id`: what that file would
//! change or add, field by field, its problems by sheet, line and column, the rows changed in
//! Lägesbild since it was exported; then saving it, all or nothing. Both work without
//! WebAssembly: the upload and the saving are plain forms.

use super::minute_of;
use crate::components::{
    AwaitData, FieldMessage, Form, field_problem, fmt_int, fmt_money, form_action, problem_text,
    status_label, use_lang, use_locale,
};
use crate::domain::{Lang, TableName};
use crate::i18n::{Locale, td, td_string};
use crate::models::import::{
    ImportIssue, ImportPreview, ImportProblem, ImportRow, ImportStart, MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS, RowOutcome, RowValues,
};
use crate::models::{FundingValues, RegionalValues};
use crate::server_fns::{ApplyImport, get_import, get_import_start};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ImportPage() -> impl IntoView {
    let start = Resource::new(|| (), |_| get_import_start());
    view! {
        <AwaitData resource=start let:start><ImportStartView start/></AwaitData>
    }
}

#[component]
fn ImportStartView(start: ImportStart) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let query = use_query_map();
    let too_large = query.with_untracked(|q| q.get("problem").as_deref() == Some("too_large"));
    let megabytes = MAX_IMPORT_BYTES / (1024 * 1024);
    let funding = start.table == TableName::Funding;
    let (title, lead, heading, step_export, step_edit) = if funding {
        (
            td_string!(locale, import_funding.title).to_owned(),
            td_string!(locale, import_funding.lead),
            td_string!(locale, import_funding.upload_heading).into_any(),
            td_string!(locale, import_funding.step_export),
            td_string!(locale, import_funding.step_edit),
        )
    } else {
        let county = start
            .county
            .as_ref()
            .map(|c| c.name.get(lang).to_owned())
            .unwrap_or_default();
        (
            td_string!(locale, import.title).to_owned(),
            td_string!(locale, import.lead),
            td!(locale, import.upload_heading, county = county).into_any(),
            td_string!(locale, import.step_export),
            td_string!(locale, import.step_edit),
        )
    };
    view! {
        <Title text=title.clone()/>
        <div class="page-heading">
            <h1>{title}</h1>
            <p class="lead">{lead}</p>
        </div>
        <section class="panel" aria-labelledby="upload-heading">
            <h2 id="upload-heading">{heading}</h2>
            <ol>
                <li>
                    {step_export} " "
                    <a href="/data">{td_string!(locale, import.step_export_link)}</a>
                </li>
                <li>{step_edit}</li>
                <li>{td_string!(locale, import.step_upload)}</li>
            </ol>
            <form method="post" action="/data/import" enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="import-file">{td_string!(locale, import.file)}</label>
                    <p class="hint" id="import-file-hint">
                        {td!(locale, import.file_hint, megabytes = megabytes, rows = MAX_IMPORT_ROWS)}
                    </p>
                    <input type="file" id="import-file" name="file" required
                        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                        aria-describedby="import-file-hint import-file-error"
                        aria-invalid=too_large.to_string()/>
                    <p class="field-error" id="import-file-error">
                        {too_large.then(|| too_large_text(start.table, locale))}
                    </p>
                </div>
                <button type="submit" class="button">{td_string!(locale, import.preview)}</button>
            </form>
        </section>
        <UploadList uploads=start.uploads/>
    }
}

/// Why a file is too large, and what to read in instead, by table.
fn too_large_text(table: TableName, locale: Locale) -> AnyView {
    let megabytes = MAX_IMPORT_BYTES / (1024 * 1024);
    if table == TableName::Funding {
        td!(locale, import_funding.too_large, megabytes = megabytes).into_any()
    } else {
        td!(locale, import.too_large, megabytes = megabytes).into_any()
    }
}

#[component]
fn UploadList(uploads: Vec<crate::models::import::ImportSummary>) -> impl IntoView {
    let locale = use_locale();
    if uploads.is_empty() {
        return ().into_any();
    }
    let rows = uploads
        .into_iter()
        .map(|upload| {
            let state = match &upload.applied {
                Some(applied) => td!(
                    locale,
                    import.state_applied,
                    at = minute_of(&applied.at),
                    rows = applied.rows
                )
                .into_any(),
                None => td_string!(locale, import.state_waiting).into_any(),
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("/data/import/{}", upload.id)>{upload.file_name}</a></th>
                    <td>{minute_of(&upload.uploaded_at)} " UTC"</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="uploads-heading">
            <h2 id="uploads-heading">{td_string!(locale, import.uploads_heading)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="uploads-heading">
                <table>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, import.col_file)}</th>
                        <th scope="col">{td_string!(locale, import.col_uploaded)}</th>
                        <th scope="col">{td_string!(locale, import.col_state)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let preview = Resource::new(
        move || params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
        |id| get_import(id.unwrap_or(-1)),
    );
    view! {
        <AwaitData resource=preview let:preview><PreviewView preview/></AwaitData>
    }
}

#[component]
fn PreviewView(preview: ImportPreview) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let title = format!(
        "{}: {}",
        td_string!(locale, import.preview_title),
        preview.file_name
    );
    let summary = match &preview.applied {
        Some(applied) => view! {
            <p class="form-status" role="status">
                {td!(locale, import.applied, at = minute_of(&applied.at), rows = applied.rows)}
            </p>
        }
        .into_any(),
        None => view! {
            <ul class="import-counts">
                <li>{td!(locale, import.count_changed, count = fmt_int((preview.changed() - preview.added()) as i64, lang))}</li>
                {(preview.added() > 0).then(|| view! {
                    <li>{td!(locale, import.count_new, count = fmt_int(preview.added() as i64, lang))}</li>
                })}
                <li>{td!(locale, import.count_unchanged, count = fmt_int(preview.unchanged as i64, lang))}</li>
                <li>{td!(locale, import.count_conflicts, count = fmt_int(preview.conflicts() as i64, lang))}</li>
                <li>{td!(locale, import.count_problems, count = fmt_int(preview.problems.len() as i64, lang))}</li>
                {(preview.others_unchanged > 0).then(|| {
                    let count = fmt_int(preview.others_unchanged as i64, lang);
                    if preview.table == TableName::Funding {
                        view! { <li>{td!(locale, import_funding.count_others, count = count)}</li> }.into_any()
                    } else {
                        view! { <li>{td!(locale, import.count_others, count = count)}</li> }.into_any()
                    }
                })}
            </ul>
        }
        .into_any(),
    };
    let waiting = preview.applied.is_none();
    let nothing = waiting && preview.problems.is_empty() && preview.rows.is_empty();
    let changed: Vec<ImportRow> = preview
        .rows
        .iter()
        .filter(|row| row.outcome.is_saved())
        .cloned()
        .collect();
    let conflicts: Vec<ImportRow> = preview
        .rows
        .iter()
        .filter(|row| row.outcome == RowOutcome::Conflict)
        .cloned()
        .collect();
    view! {
        <Title text=title.clone()/>
        <div class="page-heading">
            <h1>{title}</h1>
            <p class="lead">{td!(locale, import.uploaded, at = minute_of(&preview.uploaded_at))}</p>
        </div>
        {summary}
        {nothing.then(|| view! { <p class="form-status" role="status">{td_string!(locale, import.no_changes)}</p> })}
        {(waiting && !preview.problems.is_empty()).then(|| view! { <ProblemTable problems=preview.problems.clone() table=preview.table/> })}
        {(waiting && !changed.is_empty()).then(|| view! {
            <RowTable rows=changed table=preview.table id="changed" heading=td_string!(locale, import.changed_heading).to_owned()
                text=td_string!(locale, import.changed_text).to_owned()/>
        })}
        {(waiting && !conflicts.is_empty()).then(|| view! {
            <RowTable rows=conflicts table=preview.table id="conflicts" heading=td_string!(locale, import.conflicts_heading).to_owned()
                text=td_string!(locale, import.conflicts_text).to_owned()/>
        })}
        {preview.may_apply().then(|| view! { <ApplyForm preview=preview.clone()/> })}
        {(waiting && !preview.problems.is_empty()).then(|| view! {
            <p>{td_string!(locale, import.fix_and_upload)}</p>
        })}
        <p><a href="/data/import">{td_string!(locale, import.upload_another)}</a></p>
    }
}

#[component]
fn ApplyForm(preview: ImportPreview) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let apply = form_action::<ApplyImport>();
    let result: Signal<Option<Result<i64, crate::error::AppError>>> = apply.value().into();
    let changed = preview.changed();
    view! {
        <Form action=apply>
            <input type="hidden" name="id" value=preview.id/>
            <input type="hidden" name="changed" value=changed/>
            <input type="hidden" name="conflicts" value=preview.conflicts()/>
            <p>{td_string!(locale, import.apply_text)}</p>
            <div role="alert"><FieldMessage id="apply-error" problem=field_problem(result, "file")/></div>
            <button type="submit" class="button" aria-describedby="apply-error">
                {td!(locale, import.apply, rows = fmt_int(changed as i64, lang))}
            </button>
        </Form>
    }
}

#[component]
fn ProblemTable(problems: Vec<ImportProblem>, table: TableName) -> impl IntoView {
    let locale = use_locale();
    let rows = problems
        .into_iter()
        .map(|problem| {
            view! {
                <tr>
                    <td>{if problem.sheet.is_empty() { td_string!(locale, import.csv_sheet).to_owned() } else { problem.sheet }}</td>
                    <td class="number">{problem.line}</td>
                    <td>{problem.column}</td>
                    <td>{issue_text(problem.issue, table, locale)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="problems-heading">
            <h2 id="problems-heading">{td_string!(locale, import.problems_heading)}</h2>
            <p>{td_string!(locale, import.problems_text)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="problems-heading">
                <table>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, import.col_sheet)}</th>
                        <th scope="col" class="number">{td_string!(locale, import.col_line)}</th>
                        <th scope="col">{td_string!(locale, import.col_column)}</th>
                        <th scope="col">{td_string!(locale, import.col_problem)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// What is wrong, in words (some words depend on the table: what names a row).
fn issue_text(issue: ImportIssue, table: TableName, locale: Locale) -> AnyView {
    let funding = table == TableName::Funding;
    match issue {
        ImportIssue::NotAWorkbook => td_string!(locale, import.not_a_workbook).into_any(),
        ImportIssue::TooLarge => too_large_text(table, locale),
        ImportIssue::NoSheet { expected, found } => td!(
            locale,
            import.no_sheet,
            expected = expected.join(" / "),
            found = found.join(", ")
        )
        .into_any(),
        ImportIssue::MissingColumns(columns) => {
            td!(locale, import.missing_columns, columns = columns.join(", ")).into_any()
        }
        ImportIssue::ExtraColumns(columns) => {
            td!(locale, import.extra_columns, columns = columns.join(", ")).into_any()
        }
        ImportIssue::TooManyRows => {
            td!(locale, import.too_many_rows, rows = MAX_IMPORT_ROWS).into_any()
        }
        ImportIssue::Formula => td_string!(locale, import.formula).into_any(),
        ImportIssue::Field(problem) => problem_text(problem, locale),
        ImportIssue::UnknownRow if funding => {
            td_string!(locale, import_funding.unknown_row).into_any()
        }
        ImportIssue::UnknownRow => td_string!(locale, import.unknown_row).into_any(),
        ImportIssue::Duplicate { first } if funding => {
            td!(locale, import_funding.duplicate, first = first).into_any()
        }
        ImportIssue::Duplicate { first } => td!(locale, import.duplicate, first = first).into_any(),
        ImportIssue::NotYourCounty => td_string!(locale, import.not_your_county).into_any(),
        ImportIssue::NotYourMeasure => td_string!(locale, import.not_your_measure).into_any(),
        ImportIssue::OtherMeasure { measure } => {
            td!(locale, import.other_measure, measure = measure).into_any()
        }
    }
}

#[component]
fn RowTable(
    rows: Vec<ImportRow>,
    table: TableName,
    id: &'static str,
    heading: String,
    text: String,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let heading_id = format!("{id}-heading");
    let (section_label, region_label) = (heading_id.clone(), heading_id.clone());
    let lines = rows
        .into_iter()
        .flat_map(|row| {
            let fields = row.differing();
            let place = match &row.values {
                RowValues::Regional { county, .. } => {
                    format!("{} · {}", row.measure, county.name.get(lang))
                }
                RowValues::Funding { id: Some(id), .. } => format!("{} · {id}", row.measure),
                RowValues::Funding { id: None, .. } => {
                    format!("{} · {}", row.measure, td_string!(locale, import.new_value))
                }
            };
            let values = row.values.clone();
            fields
                .into_iter()
                .map(|field| {
                    let (now, in_file) = values_text(&values, field, locale, lang);
                    view! {
                        <tr>
                            <td class="number">{row.line}</td>
                            <th scope="row">{place.clone()}</th>
                            <td>{field_label(field, locale)}</td>
                            <td class="long-text">{now}</td>
                            <td class="long-text">{in_file}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let row_heading = if table == TableName::Funding {
        td_string!(locale, import_funding.col_row)
    } else {
        td_string!(locale, import.col_row)
    };
    view! {
        <section aria-labelledby=section_label>
            <h2 id=heading_id>{heading}</h2>
            <p>{text}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby=region_label>
                <table>
                    <thead><tr>
                        <th scope="col" class="number">{td_string!(locale, import.col_line)}</th>
                        <th scope="col">{row_heading}</th>
                        <th scope="col">{td_string!(locale, import.col_field)}</th>
                        <th scope="col">{td_string!(locale, import.col_now)}</th>
                        <th scope="col">{td_string!(locale, import.col_in_file)}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A row's field as its form labels it.
fn field_label(field: &str, locale: Locale) -> &'static str {
    match field {
        "status" => td_string!(locale, import.field_status),
        "progress" => td_string!(locale, import.field_progress),
        "contact_name" => td_string!(locale, import.field_contact_name),
        "contact_role" => td_string!(locale, import.field_contact_role),
        "narrative" => td_string!(locale, import.field_narrative),
        "year" => td_string!(locale, import.field_year),
        "expenditure_area" => td_string!(locale, import.field_expenditure_area),
        "appropriation" => td_string!(locale, import.field_appropriation),
        "appropriation_item" => td_string!(locale, import.field_appropriation_item),
        "county" => td_string!(locale, import.field_county),
        "assignment" => td_string!(locale, import.field_assignment),
        "allocated" => td_string!(locale, import.field_allocated),
        "disbursed" => td_string!(locale, import.field_disbursed),
        "decision_ref" => td_string!(locale, import.field_decision_ref),
        _ => td_string!(locale, import.field_spent),
    }
}

/// Field `field` as Lägesbild holds it now (empty for a new row) and as the file says it.
fn values_text(values: &RowValues, field: &str, locale: Locale, lang: Lang) -> (String, String) {
    match values {
        RowValues::Regional { stored, file, .. } => (
            regional_text(stored, field, locale, lang),
            regional_text(file, field, locale, lang),
        ),
        RowValues::Funding { stored, file, .. } => (
            stored
                .as_ref()
                .map(|stored| funding_text(stored, field, lang))
                .unwrap_or_default(),
            funding_text(file, field, lang),
        ),
    }
}

fn regional_text(values: &RegionalValues, field: &str, locale: Locale, lang: Lang) -> String {
    match field {
        "status" => status_label(values.status, locale),
        "progress" => format!("{} %", values.progress.percent()),
        "contact_name" => values.contact_name.clone(),
        "contact_role" => values.contact_role.clone(),
        "narrative" => values.narrative.clone(),
        _ => fmt_money(values.spent, lang),
    }
}

fn funding_text(values: &FundingValues, field: &str, lang: Lang) -> String {
    match field {
        "year" => values.year.to_string(),
        "expenditure_area" => values.expenditure_area.to_string(),
        "appropriation" => values.appropriation.clone(),
        "appropriation_item" => values.appropriation_item.clone(),
        "county" => values.county.map(|c| c.to_string()).unwrap_or_default(),
        "assignment" => values
            .assignment
            .as_ref()
            .map(|a| a.to_string())
            .unwrap_or_default(),
        "allocated" => fmt_money(values.allocated, lang),
        "disbursed" => fmt_money(values.disbursed, lang),
        "spent" => fmt_money(values.spent, lang),
        _ => values.decision_ref.clone(),
    }
}
