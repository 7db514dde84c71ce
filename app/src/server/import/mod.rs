//! Bringing rows in from a file, in the export's own format (`server::tables`): a county
//! board's regional rows, a ministry's funding lines, from the plan's workbook or the table's
//! CSV file. An upload is read once and kept (`db::imports`); its preview compares it with the
//! plan as it is when looked at; applying writes every changed row in one transaction through
//! the rule the row's form uses (`server::regional_rows`, `server::funding`), or nothing.

pub mod funding;
pub mod regional;
pub mod sheet;

use crate::components::{locale_of, table_label};
use crate::domain::{Lang, TableName};
use crate::error::AppError;
use crate::error::{FieldError, Problem};
use crate::models::SignedInUser;
use crate::models::Viewer;
use crate::models::import::{ImportIssue, ImportPreview, ImportProblem};
use crate::policy::{self, Access, Action};
use crate::server::Timestamp;
use crate::server::db::audit::{self, Actor, Change};
use crate::server::db::imports::{self as db, StoredUpload};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// The table `viewer` brings in from a file: a county board its county's regional rows, a
/// ministry (or an administrator) the funding lines of the measures it edits; refused to
/// anyone else.
pub fn table_of(viewer: &Viewer, access: Access) -> Result<TableName, AppError> {
    if policy::allows(viewer, &Action::ImportRegionalRows, access) {
        return Ok(TableName::RegionalRows);
    }
    policy::check(viewer, &Action::ImportFundingLines, access)?;
    Ok(TableName::Funding)
}

/// A table's sheet names, Swedish and English, as the workbook names its sheet.
pub fn sheet_names(table: TableName) -> Vec<String> {
    [Lang::Sv, Lang::En]
        .into_iter()
        .map(|lang| table_label(table, locale_of(lang)))
        .collect()
}

/// What was read from an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Upload {
    Sheet(sheet::Sheet),
    /// The file could not be read: why, and the sheet when it is about one.
    Unreadable {
        sheet: String,
        issue: ImportIssue,
    },
}

impl Upload {
    /// What the file `bytes` holds of table `table`.
    pub fn read(bytes: &[u8], table: TableName) -> Upload {
        match sheet::read(bytes, &sheet_names(table)) {
            Ok(sheet) => Upload::Sheet(sheet),
            Err(why) => Upload::Unreadable {
                sheet: why.sheet,
                issue: why.issue,
            },
        }
    }
}

/// A read sheet, and where each of its table's columns is in it (its place and its header as
/// the file writes it).
struct Columns<'u> {
    sheet: &'u sheet::Sheet,
    columns: Vec<(usize, String)>,
}

/// The read sheet of `upload` as table `table` and where each of its columns (`spec`) is in it, with
/// its preview still empty of rows; no sheet when the file could not be read or lacks columns
/// (the preview's problems say why, and it is whole).
fn sheet_of<'u>(
    upload: &'u StoredUpload,
    table: TableName,
    spec: &[(&str, &str)],
) -> (ImportPreview, Option<Columns<'u>>) {
    let mut preview = ImportPreview {
        id: upload.id,
        table,
        file_name: upload.file_name.clone(),
        uploaded_at: upload.uploaded_at.clone(),
        applied: upload.applied.clone(),
        problems: Vec::new(),
        rows: Vec::new(),
        unchanged: 0,
        others_unchanged: 0,
    };
    let sheet = match &upload.content {
        Upload::Unreadable { sheet, issue } => {
            preview.problems.push(ImportProblem {
                sheet: sheet.clone(),
                line: None,
                column: None,
                issue: issue.clone(),
            });
            return (preview, None);
        }
        Upload::Sheet(sheet) => sheet,
    };
    match sheet::columns(&sheet.headers, spec) {
        Ok(columns) => (preview, Some(Columns { sheet, columns })),
        Err(issues) => {
            preview.problems = issues
                .into_iter()
                .map(|issue| ImportProblem {
                    sheet: sheet.name.clone(),
                    line: None,
                    column: None,
                    issue,
                })
                .collect();
            (preview, None)
        }
    }
}

/// A refusal to apply an upload, named on its file.
fn refuse(problem: Problem) -> AppError {
    AppError::Invalid {
        errors: vec![FieldError::new("file", problem)],
    }
}

/// Claims `upload` for applying its `preview` as the person saw it (`expected`: the rows it
/// saves and the conflicts): refused, with nothing written, when it was applied before, when
/// the file has problems, or when the plan has moved since the person looked. `false` when
/// there is nothing to save.
async fn claim(
    conn: &mut AnyConnection,
    upload: &StoredUpload,
    preview: &ImportPreview,
    expected: (usize, usize),
    at: &Timestamp,
) -> Result<bool, AppError> {
    if upload.applied.is_some() {
        return Err(refuse(Problem::AlreadyApplied));
    }
    if !preview.problems.is_empty() {
        return Err(refuse(Problem::FileHasErrors));
    }
    if (preview.changed(), preview.conflicts()) != expected {
        return Err(refuse(Problem::PreviewOutdated));
    }
    let saved = preview.changed() as i64;
    if saved == 0 {
        return Ok(false);
    }
    if !db::mark_applied(conn, upload.id, at, saved).await? {
        return Err(refuse(Problem::AlreadyApplied));
    }
    Ok(true)
}

/// The one audit entry of an applied import: its file, its table, the rows it saved (`rows`,
/// named by their keys) and the conflicts it left.
async fn record_applied(
    conn: &mut AnyConnection,
    at: &Timestamp,
    user: &SignedInUser,
    upload: &StoredUpload,
    table: TableName,
    rows: Vec<String>,
    conflicts_left: usize,
) -> Result<(), AppError> {
    audit::record(
        conn,
        at,
        &Actor::user(user),
        Change {
            entity_type: "import",
            entity_id: &upload.id.to_string(),
            action: "import_applied",
            before: None,
            after: Some(serde_json::json!({
                "file_name": upload.file_name,
                "table": table.to_string(),
                "rows": rows,
                "conflicts_left": conflicts_left,
            })),
        },
    )
    .await?;
    Ok(())
}

/// A file name as shown and kept: its last part (a browser may send a whole path), without
/// control characters, at most 200 characters; `fil` when nothing is left.
pub fn file_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last
        .chars()
        .filter(|c| !crate::models::input::is_hidden_in_a_name(*c))
        .take(200)
        .collect();
    match name.trim() {
        "" => "fil".to_owned(),
        name => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_keeps_only_its_last_part_without_control_characters() {
        assert_eq!(file_name("C:\\Users\\anna\\län 24.xlsx"), "län 24.xlsx");
        assert_eq!(file_name("a/b/rader\u{0}\u{202e}.csv"), "rader.csv");
        assert_eq!(file_name("  "), "fil");
        assert_eq!(file_name(&"x".repeat(500)).len(), 200);
    }
}
