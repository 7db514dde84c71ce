//! Bringing rows in from a file: what a county board's uploaded workbook or CSV file would
//! change, shown before anything is written, and what was written once it was applied.

use super::{CountyRef, RegionalValues};
use crate::error::Problem;
use serde::{Deserialize, Serialize};

/// The largest file taken, in bytes (a county's rows are a few hundred kilobytes).
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// The most rows a sheet may have (the plan's every regional row fits many times over).
pub const MAX_IMPORT_ROWS: usize = 5_000;

/// An uploaded file compared with the plan as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i64,
    pub file_name: String,
    pub uploaded_at: String,
    /// When it was applied and how many rows it saved; `None` while it waits for the person.
    pub applied: Option<ImportApplied>,
    /// What is wrong with the file or its rows: while there is anything, nothing is written.
    pub problems: Vec<ImportProblem>,
    /// Rows the file would change, and rows changed in Lägesbild since the file was exported.
    pub rows: Vec<ImportRow>,
    pub unchanged: usize,
    /// Rows of other counties, left alone: the same as in Lägesbild, or saved there by their
    /// own board since the file was exported.
    pub others_unchanged: usize,
}

impl ImportPreview {
    /// Rows that applying would save.
    pub fn changed(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.outcome == RowOutcome::Changed)
            .count()
    }

    /// Rows changed in Lägesbild since the file was exported, which applying leaves alone.
    pub fn conflicts(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.outcome == RowOutcome::Conflict)
            .count()
    }

    /// Whether applying would write something, and nothing stops it.
    pub fn may_apply(&self) -> bool {
        self.applied.is_none() && self.problems.is_empty() && self.changed() > 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportApplied {
    pub at: String,
    pub rows: i64,
}

/// A regional row the file holds other values for than Lägesbild.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The row's line in the file (the header row is line 1).
    pub line: u32,
    pub measure: String,
    pub county: CountyRef,
    /// The version of the row in Lägesbild now (which applying saves over).
    pub version: i64,
    /// What Lägesbild holds now.
    pub stored: RegionalValues,
    /// What the file says.
    pub file: RegionalValues,
    pub outcome: RowOutcome,
}

impl ImportRow {
    /// The names of the fields that differ, in the form's order.
    pub fn differing(&self) -> Vec<&'static str> {
        let (a, b) = (&self.stored, &self.file);
        [
            ("status", a.status != b.status),
            ("progress", a.progress != b.progress),
            ("contact_name", a.contact_name != b.contact_name),
            ("contact_role", a.contact_role != b.contact_role),
            ("narrative", a.narrative != b.narrative),
            ("spent", a.spent != b.spent),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowOutcome {
    /// Saved when the import is applied.
    Changed,
    /// Changed in Lägesbild since the file was exported (its version is older): never
    /// overwritten; the person exports again and makes the change there.
    Conflict,
}

/// Something wrong with the file (`line` and `column` `None`) or a cell of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The sheet, as named in the file (empty for a CSV file).
    pub sheet: String,
    pub line: Option<u32>,
    /// The column's header as the file has it.
    pub column: Option<String>,
    pub issue: ImportIssue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportIssue {
    /// Neither an Excel workbook (.xlsx) nor a CSV file in UTF-8.
    NotAWorkbook,
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge,
    /// The workbook has no sheet of regional rows; the names looked for and those it has.
    NoSheet {
        expected: Vec<String>,
        found: Vec<String>,
    },
    /// Columns of the export the file lacks.
    MissingColumns(Vec<String>),
    /// Columns the export does not have.
    ExtraColumns(Vec<String>),
    /// More rows than [`MAX_IMPORT_ROWS`].
    TooManyRows,
    /// A formula where a value belongs: Lägesbild takes values only.
    Formula,
    /// A value the form would refuse too.
    Field(Problem),
    /// No regional row of the plan has this measure and county.
    UnknownRow,
    /// The same measure and county on an earlier line.
    Duplicate { first: u32 },
    /// Different values on another county's row, which only its own board reports.
    NotYourCounty,
}

/// One of a person's uploads, for the list of their latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i64,
    pub file_name: String,
    pub uploaded_at: String,
    pub applied: Option<ImportApplied>,
}

/// The import page: the county whose rows the person brings in, and their latest uploads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStart {
    pub county: CountyRef,
    pub uploads: Vec<ImportSummary>,
}
