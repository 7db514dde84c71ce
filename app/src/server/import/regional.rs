//! A county board's regional rows from a file: which rows it would change, field by field,
//! which were changed in Lägesbild since the file was exported (conflicts, never overwritten),
//! and what is wrong with it, sheet, line and column; then applying it, all or nothing.

use super::sheet::{Sheet, SheetRow};
use crate::components::{locale_of, status_label};
use crate::domain::{CountyCode, IsoDate, Lang, Status, TableName};
use crate::error::{AppError, Problem};
use crate::models::import::{
    ImportIssue, ImportPreview, ImportProblem, ImportRow, RowOutcome, RowValues,
};
use crate::models::{CountyRef, RegionalInput, RegionalValues, SignedInUser, Viewer};
use crate::policy::{self, Access, Action};
use crate::server::Timestamp;
use crate::server::db::{export, imports::StoredUpload};
use crate::server::tables::REGIONAL_COLUMNS;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The columns the import reads, by their place in [`REGIONAL_COLUMNS`]; the others
/// (county name, who updated, …) are the export's and ignored.
const MEASURE: usize = 0;
const COUNTY: usize = 1;
const VERSION: usize = 13;
/// The form's fields and their columns.
const FIELDS: [(&str, usize); 6] = [
    ("status", 4),
    ("progress", 5),
    ("contact_name", 6),
    ("contact_role", 7),
    ("narrative", 8),
    ("spent", 9),
];

/// A status as the file writes it (its label in either language, or its stored name) as the
/// form sends it.
fn status_value(text: &str) -> String {
    let text = text.trim();
    Status::ALL
        .iter()
        .find(|status| {
            text.eq_ignore_ascii_case(status.as_str())
                || [Lang::Sv, Lang::En]
                    .into_iter()
                    .any(|lang| text.eq_ignore_ascii_case(&status_label(**status, locale_of(lang))))
        })
        .map_or_else(|| text.to_owned(), |status| status.as_str().to_owned())
}

/// A row of the plan as Lägesbild holds it now.
struct Stored {
    county: CountyRef,
    values: RegionalValues,
    version: i64,
}

/// The plan's regional rows by measure code and county.
async fn stored_rows(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<HashMap<(String, CountyCode), Stored>, sqlx::Error> {
    Ok(export::regional(conn, plan_id)
        .await?
        .into_iter()
        .map(|line| {
            let r = line.row;
            (
                (line.measure_code, r.county.code),
                Stored {
                    county: r.county,
                    values: RegionalValues {
                        status: r.status,
                        progress: r.progress,
                        contact_name: r.contact_name,
                        contact_role: r.contact_role,
                        narrative: r.narrative,
                        spent: r.spent,
                    },
                    version: line.version,
                },
            )
        })
        .collect())
}

/// The preview of `upload` against the plan `plan_id` as `viewer` may change it.
pub async fn preview(
    conn: &mut AnyConnection,
    plan_id: i64,
    viewer: &Viewer,
    access: Access,
    upload: &StoredUpload,
) -> Result<ImportPreview, sqlx::Error> {
    let (mut preview, found) = super::sheet_of(upload, TableName::RegionalRows, &REGIONAL_COLUMNS);
    let Some(super::Columns { sheet, columns }) = found else {
        return Ok(preview);
    };
    let stored = stored_rows(conn, plan_id).await?;
    let mut seen: HashMap<(String, CountyCode), u32> = HashMap::new();
    for row in &sheet.rows {
        compare(
            &mut preview,
            sheet,
            &columns,
            row,
            &stored,
            &mut seen,
            viewer,
            access,
        );
    }
    Ok(preview)
}

/// Compares one row of the file with the plan, adding what it finds to `preview`.
#[allow(clippy::too_many_arguments)]
fn compare(
    preview: &mut ImportPreview,
    sheet: &Sheet,
    columns: &[(usize, String)],
    row: &SheetRow,
    stored: &HashMap<(String, CountyCode), Stored>,
    seen: &mut HashMap<(String, CountyCode), u32>,
    viewer: &Viewer,
    access: Access,
) {
    let problem = |column: usize, issue: ImportIssue| ImportProblem {
        sheet: sheet.name.clone(),
        line: Some(row.line),
        column: Some(columns[column].1.clone()),
        issue,
    };
    let cell = |column: usize| row.cell(columns[column].0);
    let Some(county) = super::sheet::county_code(cell(COUNTY)) else {
        preview
            .problems
            .push(problem(COUNTY, ImportIssue::Field(Problem::Unknown)));
        return;
    };
    let key = (cell(MEASURE).trim().to_owned(), county);
    let Some(now) = stored.get(&key) else {
        preview
            .problems
            .push(problem(MEASURE, ImportIssue::UnknownRow));
        return;
    };
    if let Some(first) = seen.insert(key.clone(), row.line) {
        preview
            .problems
            .push(problem(MEASURE, ImportIssue::Duplicate { first }));
        return;
    }
    let formulas: Vec<usize> = (0..columns.len())
        .filter(|c| row.formulas.contains(&columns[*c].0))
        .collect();
    if !formulas.is_empty() {
        for column in formulas {
            preview.problems.push(problem(column, ImportIssue::Formula));
        }
        return;
    }
    let input = RegionalInput {
        status: status_value(cell(FIELDS[0].1)),
        progress: cell(FIELDS[1].1).to_owned(),
        contact_name: cell(FIELDS[2].1).to_owned(),
        contact_role: cell(FIELDS[3].1).to_owned(),
        narrative: cell(FIELDS[4].1).to_owned(),
        spent: cell(FIELDS[5].1).to_owned(),
    };
    let version = cell(VERSION).trim().parse::<i64>();
    let values = match (input.check(), version) {
        (Ok(values), Ok(version)) => (values, version),
        (checked, version) => {
            for error in checked.err().unwrap_or_default() {
                let column = FIELDS
                    .iter()
                    .find(|(field, _)| *field == error.field)
                    .map_or(MEASURE, |(_, column)| *column);
                preview
                    .problems
                    .push(problem(column, ImportIssue::Field(error.problem)));
            }
            if version.is_err() {
                preview.problems.push(problem(
                    VERSION,
                    ImportIssue::Field(Problem::NotAWholeNumber),
                ));
            }
            return;
        }
    };
    let (file, version) = values;
    let mine = policy::allows(viewer, &Action::EditRegionalRow { county }, access);
    // Another county's row is left alone: the same as in Lägesbild, or saved there since the
    // file was exported (its board's work, not this file's). Only a change made in the file to
    // the row as it is now is refused.
    if !mine && (file == now.values || version != now.version) {
        preview.others_unchanged += 1;
        return;
    }
    if !mine {
        preview
            .problems
            .push(problem(COUNTY, ImportIssue::NotYourCounty));
        return;
    }
    if file == now.values {
        preview.unchanged += 1;
        return;
    }
    preview.rows.push(ImportRow {
        line: row.line,
        measure: key.0,
        version: now.version,
        values: RowValues::Regional {
            county: now.county.clone(),
            stored: now.values.clone(),
            file,
        },
        outcome: if version == now.version {
            RowOutcome::Changed
        } else {
            RowOutcome::Conflict
        },
    });
}

/// Applies `upload` as `user` in the transaction `conn`: every changed row saved through the
/// row's own rule, one audit entry for the import with its file name; the number of rows
/// saved. Refused, with nothing written, when the file has problems, when the plan has moved
/// since the person saw the preview (`expected`: its changed rows and conflicts) or when the
/// upload was applied before.
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
    today: IsoDate,
) -> Result<i64, AppError> {
    let preview = preview(conn, plan_id, viewer, access, upload).await?;
    if !super::claim(conn, upload, &preview, expected, at).await? {
        return Ok(0);
    }
    let changed: Vec<(&ImportRow, &CountyRef, &RegionalValues)> = preview
        .rows
        .iter()
        .filter(|row| row.outcome == RowOutcome::Changed)
        .filter_map(|row| match &row.values {
            RowValues::Regional { county, file, .. } => Some((row, county, file)),
            RowValues::Funding { .. } => None,
        })
        .collect();
    for (row, county, file) in &changed {
        crate::server::regional_rows::save(
            conn,
            plan_id,
            &row.measure,
            county.code,
            row.version,
            file,
            user,
            at,
            today,
        )
        .await
        .map_err(|error| match error {
            AppError::Conflict { .. } => super::refuse(Problem::PreviewOutdated),
            other => other,
        })?;
    }
    super::record_applied(
        conn,
        at,
        user,
        upload,
        TableName::RegionalRows,
        changed
            .iter()
            .map(|(row, county, _)| format!("{}/{}", county.code, row.measure))
            .collect(),
        preview.conflicts(),
    )
    .await?;
    Ok(changed.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::import::sheet::columns;

    fn swedish() -> Vec<String> {
        REGIONAL_COLUMNS
            .iter()
            .map(|(sv, _)| (*sv).to_owned())
            .collect()
    }

    #[test]
    fn the_exports_headers_in_either_language_and_any_order_are_read() {
        let found = columns(&swedish(), &REGIONAL_COLUMNS).unwrap();
        assert_eq!(found[VERSION], (13, "Version".to_owned()));
        let mut english: Vec<String> = REGIONAL_COLUMNS
            .iter()
            .map(|(_, en)| en.to_uppercase())
            .collect();
        english.swap(0, 13);
        let found = columns(&english, &REGIONAL_COLUMNS).unwrap();
        assert_eq!(found[MEASURE].0, 13);
        assert_eq!(found[VERSION].0, 0);
    }

    #[test]
    fn missing_and_extra_columns_are_named() {
        let mut headers = swedish();
        headers.remove(8);
        headers.push("Kommentar".to_owned());
        headers.push(String::new());
        assert_eq!(
            columns(&headers, &REGIONAL_COLUMNS).unwrap_err(),
            vec![
                ImportIssue::MissingColumns(vec!["Beskrivning".to_owned()]),
                ImportIssue::ExtraColumns(vec!["Kommentar".to_owned()]),
            ]
        );
    }

    #[test]
    fn a_status_is_read_from_its_label_in_either_language_or_its_name() {
        assert_eq!(status_value("Försenad"), "delayed");
        assert_eq!(status_value(" on track "), "on_track");
        assert_eq!(status_value("at_risk"), "at_risk");
        assert_eq!(status_value("klar snart"), "klar snart");
    }
}
