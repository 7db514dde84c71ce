//! Bringing rows in from a file, in the export's own format (`server::tables`): a county
//! board's regional rows, from the plan's workbook or the table's CSV file. An upload is read
//! once and kept (`db::imports`); its preview compares it with the plan as it is when looked
//! at; applying writes every changed row in one transaction through the rule the row's form
//! uses (`server::regional_rows`), or nothing.

pub mod regional;
pub mod sheet;

use crate::models::import::ImportIssue;
use serde::{Deserialize, Serialize};

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
    /// What the file `bytes` holds of the regional rows.
    pub fn read_regional(bytes: &[u8]) -> Upload {
        match sheet::read(bytes, &regional::sheet_names()) {
            Ok(sheet) => Upload::Sheet(sheet),
            Err(why) => Upload::Unreadable {
                sheet: why.sheet,
                issue: why.issue,
            },
        }
    }
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
