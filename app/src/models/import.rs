//! Bringing rows in from a file: what an uploaded workbook or CSV file would change (a county
//! board's regional rows, a ministry's funding lines), shown before anything is written, and
//! what was written once it was applied.

use super::{CountyRef, FundingValues, RegionalValues};
use crate::domain::TableName;
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
    /// The table the file is read as (the person's: a county board's regional rows, a
    /// ministry's funding lines).
    pub table: TableName,
    pub file_name: String,
    pub uploaded_at: String,
    /// When it was applied and how many rows it saved; `None` while it waits for the person.
    pub applied: Option<ImportApplied>,
    /// What is wrong with the file or its rows: while there is anything, nothing is written.
    pub problems: Vec<ImportProblem>,
    /// Rows the file would change, and rows changed in Lägesbild since the file was exported.
    pub rows: Vec<ImportRow>,
    pub unchanged: usize,
    /// Rows that are not the person's to change (another county's, a measure of another
    /// ministry), left alone: the same as in Lägesbild, or saved there since the file was
    /// exported.
    pub others_unchanged: usize,
}

impl ImportPreview {
    /// Rows that applying would save: changed and new.
    pub fn changed(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.outcome.is_saved())
            .count()
    }

    /// New rows among those that applying would save.
    pub fn added(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.outcome == RowOutcome::New)
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

/// A row the file holds other values for than Lägesbild, or a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The row's line in the file (the header row is line 1).
    pub line: u32,
    /// The code of the measure the row is of.
    pub measure: String,
    /// The version of the row in Lägesbild now (which applying saves over; 0 for a new row).
    pub version: i64,
    pub values: RowValues,
    pub outcome: RowOutcome,
}

/// What Lägesbild holds now and what the file says, by table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowValues {
    /// A county's row on a regional measure.
    Regional {
        county: CountyRef,
        stored: RegionalValues,
        file: RegionalValues,
    },
    /// A funding line: `id` and `stored` are `None` for a new line.
    Funding {
        id: Option<i64>,
        stored: Option<FundingValues>,
        file: FundingValues,
    },
}

impl ImportRow {
    /// The names of the fields that differ (those a new row fills in), in the form's order.
    pub fn differing(&self) -> Vec<&'static str> {
        let fields: Vec<(&'static str, bool)> = match &self.values {
            RowValues::Regional {
                stored: a, file: b, ..
            } => vec![
                ("status", a.status != b.status),
                ("progress", a.progress != b.progress),
                ("contact_name", a.contact_name != b.contact_name),
                ("contact_role", a.contact_role != b.contact_role),
                ("narrative", a.narrative != b.narrative),
                ("spent", a.spent != b.spent),
            ],
            RowValues::Funding {
                stored, file: b, ..
            } => {
                // A new line names the fields it fills in; a changed one those that differ.
                let differs = |same: fn(&FundingValues, &FundingValues) -> bool, filled: bool| {
                    stored.as_ref().map_or(filled, |a| !same(a, b))
                };
                vec![
                    ("year", differs(|a, b| a.year == b.year, true)),
                    (
                        "expenditure_area",
                        differs(|a, b| a.expenditure_area == b.expenditure_area, true),
                    ),
                    (
                        "appropriation",
                        differs(|a, b| a.appropriation == b.appropriation, true),
                    ),
                    (
                        "appropriation_item",
                        differs(
                            |a, b| a.appropriation_item == b.appropriation_item,
                            !b.appropriation_item.is_empty(),
                        ),
                    ),
                    (
                        "county",
                        differs(|a, b| a.county == b.county, b.county.is_some()),
                    ),
                    (
                        "assignment",
                        differs(|a, b| a.assignment == b.assignment, b.assignment.is_some()),
                    ),
                    (
                        "allocated",
                        differs(|a, b| a.allocated == b.allocated, true),
                    ),
                    (
                        "disbursed",
                        differs(|a, b| a.disbursed == b.disbursed, true),
                    ),
                    ("spent", differs(|a, b| a.spent == b.spent, true)),
                    (
                        "decision_ref",
                        differs(
                            |a, b| a.decision_ref == b.decision_ref,
                            !b.decision_ref.is_empty(),
                        ),
                    ),
                ]
            }
        };
        fields
            .into_iter()
            .filter_map(|(field, differs)| differs.then_some(field))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowOutcome {
    /// Saved when the import is applied.
    Changed,
    /// A row Lägesbild does not have yet (a funding line without an id): added when the import
    /// is applied.
    New,
    /// Changed in Lägesbild since the file was exported (its version is older): never
    /// overwritten; the person exports again and makes the change there.
    Conflict,
}

impl RowOutcome {
    /// Whether applying saves the row.
    pub fn is_saved(self) -> bool {
        matches!(self, RowOutcome::Changed | RowOutcome::New)
    }
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
    /// No row of the plan has this key (a regional row's measure and county, a funding
    /// line's id).
    UnknownRow,
    /// The same key on an earlier line.
    Duplicate { first: u32 },
    /// Different values on another county's row, which only its own board reports.
    NotYourCounty,
    /// Different values on a line of a measure the person may not edit (another ministry's),
    /// or a new line for one.
    NotYourMeasure,
    /// A funding line moved to another measure: a line stays with its measure (`measure`).
    OtherMeasure { measure: String },
}

/// One of a person's uploads, for the list of their latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i64,
    pub file_name: String,
    pub uploaded_at: String,
    pub applied: Option<ImportApplied>,
}

/// The import page: the table the person brings in (a county board its county's regional
/// rows, a ministry the funding lines of the measures it edits), and their latest uploads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStart {
    pub table: TableName,
    /// The county whose rows a county board brings in.
    pub county: Option<CountyRef>,
    pub uploads: Vec<ImportSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::FundingInput;

    fn line(item: &str, allocated: &str) -> FundingValues {
        FundingInput {
            year: "2027".into(),
            expenditure_area: "13".into(),
            appropriation: "3:1".into(),
            appropriation_item: item.into(),
            county: String::new(),
            assignment: String::new(),
            allocated: allocated.into(),
            disbursed: "0".into(),
            spent: "0".into(),
            decision_ref: String::new(),
        }
        .check()
        .expect("a line")
    }

    fn row(stored: Option<FundingValues>, file: FundingValues) -> ImportRow {
        ImportRow {
            line: 2,
            measure: "3.1".into(),
            version: 0,
            values: RowValues::Funding {
                id: stored.as_ref().map(|_| 7),
                stored,
                file,
            },
            outcome: RowOutcome::New,
        }
    }

    #[test]
    fn a_new_line_names_the_fields_it_fills_in_and_a_changed_one_those_that_differ() {
        assert_eq!(
            row(None, line("", "5")).differing(),
            [
                "year",
                "expenditure_area",
                "appropriation",
                "allocated",
                "disbursed",
                "spent"
            ]
        );
        assert_eq!(
            row(None, line("ap.1", "5")).differing()[3],
            "appropriation_item"
        );
        assert_eq!(
            row(Some(line("", "5")), line("", "6")).differing(),
            ["allocated"]
        );
    }
}
