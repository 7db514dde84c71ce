//! A ministry's funding lines from a file: which lines it would change, field by field, which
//! it would add (a row without an id), which were changed in Lägesbild since the file was
//! exported (conflicts, never overwritten), and what is wrong with it, sheet, line and column;
//! then applying it, all or nothing, through the funding form's own rule
//! (`server::funding::save_in`). A line the file leaves out is left as it is.

use super::sheet::{Sheet, SheetRow};
use crate::domain::{DiaryNumber, TableName};
use crate::error::{AppError, Problem};
use crate::models::import::{
    ImportIssue, ImportPreview, ImportProblem, ImportRow, RowOutcome, RowValues,
};
use crate::models::{FundingInput, FundingValues, SignedInUser, Viewer};
use crate::policy::{self, Access, Action};
use crate::server::Timestamp;
use crate::server::db::{export, imports::StoredUpload, plan as db_plan};
use crate::server::funding::{Line, save_in};
use crate::server::tables::FUNDING_COLUMNS;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// The columns the import reads, by their place in [`FUNDING_COLUMNS`]; the others (the
/// county's name, the evidence) are the export's and ignored.
const ID: usize = 0;
const MEASURE: usize = 1;
const VERSION: usize = 14;
/// The form's fields and their columns.
const FIELDS: [(&str, usize); 10] = [
    ("assignment", 2),
    ("county", 3),
    ("year", 5),
    ("expenditure_area", 6),
    ("appropriation", 7),
    ("appropriation_item", 8),
    ("allocated", 9),
    ("disbursed", 10),
    ("spent", 11),
    ("decision_ref", 12),
];

/// A measure of the plan as the import needs it: who may edit it, the assignments money may go
/// through, and its lines by id (version and values).
struct StoredMeasure {
    lead_ministry: Option<i64>,
    assignments: Vec<DiaryNumber>,
    lines: HashMap<i64, (i64, FundingValues)>,
}

/// What the plan holds now for the rows of `sheet`: each measure the file names (by its
/// `Åtgärd` cell, or by a line's id), and the measure of every line by its id.
struct Stored {
    measures: HashMap<String, StoredMeasure>,
    measure_of_line: HashMap<i64, String>,
}

async fn stored(
    conn: &mut AnyConnection,
    plan_id: i64,
    sheet: &Sheet,
    columns: &[(usize, String)],
) -> Result<Stored, sqlx::Error> {
    let measure_of_line: HashMap<i64, String> = export::funding(conn, plan_id)
        .await?
        .into_iter()
        .map(|line| (line.id, line.measure_code))
        .collect();
    let mut codes: HashSet<String> = HashSet::new();
    for row in &sheet.rows {
        codes.insert(row.cell(columns[MEASURE].0).trim().to_owned());
        if let Some(code) = id_of(row, columns).and_then(|id| measure_of_line.get(&id)) {
            codes.insert(code.clone());
        }
    }
    let mut measures = HashMap::new();
    for code in codes {
        let Some((measure_id, lead_ministry)) = db_plan::measure_lead(conn, plan_id, &code).await?
        else {
            continue;
        };
        let lines = db_plan::funding_lines(conn, measure_id)
            .await?
            .into_iter()
            .map(|(id, version, values)| (id, (version, values)))
            .collect();
        let assignments = db_plan::assignments_of_measure(conn, measure_id)
            .await?
            .into_iter()
            .map(|(_, number)| number)
            .collect();
        measures.insert(
            code,
            StoredMeasure {
                lead_ministry,
                assignments,
                lines,
            },
        );
    }
    Ok(Stored {
        measures,
        measure_of_line,
    })
}

/// A row's id, when its cell holds a whole number.
fn id_of(row: &SheetRow, columns: &[(usize, String)]) -> Option<i64> {
    row.cell(columns[ID].0).trim().parse().ok()
}

/// The preview of `upload` against the plan `plan_id` as `viewer` may change it.
pub async fn preview(
    conn: &mut AnyConnection,
    plan_id: i64,
    viewer: &Viewer,
    access: Access,
    upload: &StoredUpload,
) -> Result<ImportPreview, sqlx::Error> {
    let (mut preview, found) = super::sheet_of(upload, TableName::Funding, &FUNDING_COLUMNS);
    let Some(super::Columns { sheet, columns }) = found else {
        return Ok(preview);
    };
    let stored = stored(conn, plan_id, sheet, &columns).await?;
    let mut seen: HashMap<i64, u32> = HashMap::new();
    for row in &sheet.rows {
        let problems = compare(
            &mut preview,
            &columns,
            row,
            &stored,
            &mut seen,
            viewer,
            access,
        );
        preview
            .problems
            .extend(problems.into_iter().map(|(column, issue)| ImportProblem {
                sheet: sheet.name.clone(),
                line: Some(row.line),
                column: Some(columns[column].1.clone()),
                issue,
            }));
    }
    Ok(preview)
}

/// Compares one row of the file with the plan: adds it to `preview` when it changes or adds a
/// line, or answers what is wrong with it, each with the column it is in.
fn compare(
    preview: &mut ImportPreview,
    columns: &[(usize, String)],
    row: &SheetRow,
    stored: &Stored,
    seen: &mut HashMap<i64, u32>,
    viewer: &Viewer,
    access: Access,
) -> Vec<(usize, ImportIssue)> {
    let cell = |column: usize| row.cell(columns[column].0);
    let formulas: Vec<(usize, ImportIssue)> = (0..columns.len())
        .filter(|c| row.formulas.contains(&columns[*c].0))
        .map(|column| (column, ImportIssue::Formula))
        .collect();
    if !formulas.is_empty() {
        return formulas;
    }
    let code = cell(MEASURE).trim().to_owned();
    // A row with an id is that line; one without, a new line of its measure.
    let id = match cell(ID).trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) if stored.measure_of_line.contains_key(&id) => Some(id),
            Ok(_) => return vec![(ID, ImportIssue::UnknownRow)],
            Err(_) => return vec![(ID, ImportIssue::Field(Problem::NotAWholeNumber))],
        },
    };
    if let Some(id) = id {
        if let Some(first) = seen.insert(id, row.line) {
            return vec![(ID, ImportIssue::Duplicate { first })];
        }
        let of = &stored.measure_of_line[&id];
        if *of != code {
            return vec![(
                MEASURE,
                ImportIssue::OtherMeasure {
                    measure: of.clone(),
                },
            )];
        }
    }
    let Some(measure) = stored.measures.get(&code) else {
        return vec![(MEASURE, ImportIssue::Field(Problem::Unknown))];
    };
    let [
        assignment,
        county,
        year,
        expenditure_area,
        appropriation,
        appropriation_item,
        allocated,
        disbursed,
        spent,
        decision_ref,
    ] = FIELDS.map(|(_, column)| cell(column).trim().to_owned());
    let input = FundingInput {
        year,
        expenditure_area,
        appropriation,
        appropriation_item,
        // A county code a spreadsheet made a number (`1` for `01`) is read as the code.
        county: super::sheet::county_code(&county).map_or(county, |code| code.to_string()),
        assignment,
        allocated,
        disbursed,
        spent,
        decision_ref,
    };
    let version = match (id, cell(VERSION).trim()) {
        (None, _) => Ok(0),
        (Some(_), text) => text.parse::<i64>(),
    };
    let (file, version) = match (input.check(), version) {
        (Ok(values), Ok(version)) => (values, version),
        (checked, version) => {
            let mut problems: Vec<(usize, ImportIssue)> = checked
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|error| {
                    let column = FIELDS
                        .iter()
                        .find(|(field, _)| *field == error.field)
                        .map_or(MEASURE, |(_, column)| *column);
                    (column, ImportIssue::Field(error.problem))
                })
                .collect();
            if version.is_err() {
                problems.push((VERSION, ImportIssue::Field(Problem::NotAWholeNumber)));
            }
            return problems;
        }
    };
    let now = id.and_then(|id| measure.lines.get(&id));
    let mine = policy::allows(
        viewer,
        &Action::EditMeasure {
            lead_ministry: measure.lead_ministry,
        },
        access,
    );
    // Another ministry's line is left alone: the same as in Lägesbild, or saved there since
    // the file was exported (its ministry's work, not this file's). Only a change made in the
    // file to the line as it is now, or a new line, is refused.
    if !mine {
        return match now {
            Some((saved, values)) if *values == file || *saved != version => {
                preview.others_unchanged += 1;
                Vec::new()
            }
            _ => vec![(MEASURE, ImportIssue::NotYourMeasure)],
        };
    }
    if let Some(number) = &file.assignment
        && !measure.assignments.contains(number)
    {
        return vec![(FIELDS[0].1, ImportIssue::Field(Problem::NotAChoice))];
    }
    let (stored_values, outcome, version) = match now {
        None => (None, RowOutcome::New, 0),
        Some((_, values)) if *values == file => {
            preview.unchanged += 1;
            return Vec::new();
        }
        Some((saved, values)) => (
            Some(values.clone()),
            if *saved == version {
                RowOutcome::Changed
            } else {
                RowOutcome::Conflict
            },
            *saved,
        ),
    };
    preview.rows.push(ImportRow {
        line: row.line,
        measure: code,
        version,
        values: RowValues::Funding {
            id,
            stored: stored_values,
            file,
        },
        outcome,
    });
    Vec::new()
}

/// Applies `upload` for `viewer` in the transaction `conn`: every changed line saved and
/// every new one added through the funding form's rule, one audit entry for the import with
/// its file name; the number of lines saved. Refused, with nothing written, when the file has
/// problems, when the plan has moved since the person saw the preview (`expected`: its saved
/// rows and conflicts) or when the upload was applied before.
#[allow(clippy::too_many_arguments)]
pub async fn apply(
    conn: &mut AnyConnection,
    plan_id: i64,
    viewer: &Viewer,
    user: &SignedInUser,
    access: Access,
    upload: &StoredUpload,
    expected: (usize, usize),
    at: &Timestamp,
) -> Result<i64, AppError> {
    let preview = preview(conn, plan_id, viewer, access, upload).await?;
    if !super::claim(conn, upload, &preview, expected, at).await? {
        return Ok(0);
    }
    let mut saved = Vec::new();
    for row in preview.rows.iter().filter(|row| row.outcome.is_saved()) {
        let RowValues::Funding { id, file, .. } = &row.values else {
            continue;
        };
        let line = match id {
            None => Line::New,
            Some(id) => Line::Saved {
                id: *id,
                version: row.version,
            },
        };
        let id = save_in(
            conn,
            plan_id,
            viewer,
            access,
            &row.measure,
            line,
            &FundingInput::from_values(file),
            at,
        )
        .await
        .map_err(|error| match error {
            AppError::Conflict { .. } => super::refuse(Problem::PreviewOutdated),
            other => other,
        })?;
        saved.push(format!("{}/{id}", row.measure));
    }
    super::record_applied(
        conn,
        at,
        user,
        upload,
        TableName::Funding,
        saved.clone(),
        preview.conflicts(),
    )
    .await?;
    Ok(saved.len() as i64)
}
