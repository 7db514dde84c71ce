//! Reading one sheet of an uploaded file into text cells: an Excel workbook (.xlsx, with
//! calamine, cell by cell so that a sheet of a million rows is refused without being held) or
//! a CSV file (UTF-8, comma or semicolon as Excel writes it in Swedish). What the export made
//! safe from formulas (`spreadsheet::neutralise`) is read back as the text it was; a formula
//! in a cell is noted, never run or taken.

use crate::domain::CountyCode;
use crate::models::import::{ImportIssue, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS};
use calamine::{Data, Reader, Xlsx};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Cursor;

/// The longest cell kept, in characters: longer than any field takes, so that a longer one
/// is still refused by its field's rule, and short enough that a file cannot fill memory.
const LONGEST_CELL: usize = 10_000;

/// The most text a sheet may hold in all, in characters.
const MOST_TEXT: usize = 20_000_000;

/// The most columns read; a cell further right is an extra column.
const MOST_COLUMNS: usize = 60;

/// The most a workbook may hold once unpacked, in bytes: a county's rows take a few
/// megabytes, and a small file that unpacks to gigabytes (a zip bomb) is refused before it is.
const MOST_UNPACKED: u64 = 40 * 1024 * 1024;

/// The most distinct texts a workbook may declare (calamine sets room aside for each before
/// reading them): one per cell of the largest sheet taken.
const MOST_TEXTS: usize = MAX_IMPORT_ROWS * MOST_COLUMNS;

/// A sheet as text: its header row and each following row that has anything in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's name in the workbook (empty for a CSV file).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    /// The line as a spreadsheet numbers it (the header row is 1).
    pub line: u32,
    pub cells: Vec<String>,
    /// The columns (from 0) whose cell holds a formula.
    pub formulas: Vec<usize>,
}

impl SheetRow {
    /// The cell in column `index`, empty when the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

/// Where each of a table's columns (`spec`: Swedish and English headers, as the export writes
/// them) is in the file, and its header as the file writes it, in `spec`'s order; or which
/// columns are missing and which the export does not have. The headers may be in either
/// language (the one the file has most of), in any order and case.
pub fn columns(
    headers: &[String],
    spec: &[(&str, &str)],
) -> Result<Vec<(usize, String)>, Vec<ImportIssue>> {
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let swedish = spec.iter().filter(|(sv, _)| find(sv).is_some()).count();
    let english = spec.iter().filter(|(_, en)| find(en).is_some()).count();
    let names: Vec<&str> = spec
        .iter()
        .map(|(sv, en)| if english > swedish { *en } else { *sv })
        .collect();
    let missing: Vec<String> = names
        .iter()
        .filter(|name| find(name).is_none())
        .map(|name| (*name).to_owned())
        .collect();
    let extra: Vec<String> = headers
        .iter()
        .filter(|h| !h.trim().is_empty() && !names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
        .cloned()
        .collect();
    let mut issues = Vec::new();
    if !missing.is_empty() {
        issues.push(ImportIssue::MissingColumns(missing));
    }
    if !extra.is_empty() {
        issues.push(ImportIssue::ExtraColumns(extra));
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(names
        .iter()
        .map(|name| {
            let at = find(name).unwrap_or_default();
            (at, headers[at].clone())
        })
        .collect())
}

/// A county code as a spreadsheet may have turned it into a number (`1` for `01`).
pub fn county_code(text: &str) -> Option<CountyCode> {
    let text = text.trim();
    let padded = if text.len() == 1 {
        format!("0{text}")
    } else {
        text.to_owned()
    };
    CountyCode::parse(&padded).ok()
}

/// Why a file could not be read: the issue, and the sheet it is about when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub sheet: String,
    pub issue: ImportIssue,
}

fn unreadable(sheet: &str, issue: ImportIssue) -> Unreadable {
    Unreadable {
        sheet: sheet.to_owned(),
        issue,
    }
}

/// The sheet named one of `names` (any case) of the workbook `bytes`, or the whole file when
/// it is CSV.
pub fn read(bytes: &[u8], names: &[String]) -> Result<Sheet, Unreadable> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(unreadable("", ImportIssue::TooLarge));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(unreadable("", ImportIssue::NotAWorkbook));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        read_workbook(bytes, names)
    } else {
        read_csv(bytes)
    }
}

/// Unpacks every part of the workbook `bytes` once, counting, without keeping it: refused when
/// it is not an archive, unpacks to more than [`MOST_UNPACKED`] (whatever sizes it declares),
/// or declares more than [`MOST_TEXTS`] texts.
fn check_archive(bytes: &[u8]) -> Result<(), ImportIssue> {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportIssue::NotAWorkbook)?;
    let mut unpacked: u64 = 0;
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|_| ImportIssue::NotAWorkbook)?;
        let shared_strings = part
            .name()
            .map_err(|_| ImportIssue::NotAWorkbook)?
            .ends_with("sharedStrings.xml");
        let mut head = Vec::new();
        if shared_strings {
            (&mut part)
                .take(4096)
                .read_to_end(&mut head)
                .map_err(|_| ImportIssue::NotAWorkbook)?;
            if declared_texts(&head).is_some_and(|count| count > MOST_TEXTS) {
                return Err(ImportIssue::TooLarge);
            }
        }
        let left = MOST_UNPACKED.saturating_sub(unpacked) + 1;
        let read = std::io::copy(&mut (&mut part).take(left), &mut std::io::sink())
            .map_err(|_| ImportIssue::NotAWorkbook)?;
        unpacked += read + head.len() as u64;
        if unpacked > MOST_UNPACKED {
            return Err(ImportIssue::TooLarge);
        }
    }
    Ok(())
}

/// The number of distinct texts the start of `sharedStrings.xml` declares (`uniqueCount`).
fn declared_texts(head: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(head);
    let after = text.split("uniqueCount=").nth(1)?;
    let digits: String = after
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some(digits.parse().unwrap_or(usize::MAX))
}

fn read_workbook(bytes: &[u8], names: &[String]) -> Result<Sheet, Unreadable> {
    check_archive(bytes).map_err(|issue| unreadable("", issue))?;
    let mut book =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable("", ImportIssue::NotAWorkbook))?;
    let found = book.sheet_names();
    let Some(name) = found
        .iter()
        .find(|sheet| names.iter().any(|n| n.eq_ignore_ascii_case(sheet.trim())))
        .map(String::to_owned)
    else {
        return Err(unreadable(
            "",
            ImportIssue::NoSheet {
                expected: names.to_vec(),
                found,
            },
        ));
    };
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|_| unreadable(&name, ImportIssue::NotAWorkbook))?;
    let mut lines: BTreeMap<u32, SheetRow> = BTreeMap::new();
    let mut text = 0;
    while let Some(cell) = cells
        .next_cell_with_formula_metadata()
        .map_err(|_| unreadable(&name, ImportIssue::NotAWorkbook))?
    {
        let (row, col) = (cell.pos.0, cell.pos.1 as usize);
        let value = cell_text(Data::from(cell.value));
        if value.is_empty() && cell.formula.is_none() {
            continue;
        }
        if row as usize > MAX_IMPORT_ROWS {
            return Err(unreadable(&name, ImportIssue::TooManyRows));
        }
        if col >= MOST_COLUMNS {
            return Err(unreadable(
                &name,
                ImportIssue::ExtraColumns(vec![column_letters(col)]),
            ));
        }
        text += value.len();
        if text > MOST_TEXT {
            return Err(unreadable(&name, ImportIssue::TooLarge));
        }
        let line = lines.entry(row + 1).or_insert_with(|| SheetRow {
            line: row + 1,
            cells: Vec::new(),
            formulas: Vec::new(),
        });
        if line.cells.len() <= col {
            line.cells.resize(col + 1, String::new());
        }
        line.cells[col] = value;
        if cell.formula.is_some() {
            line.formulas.push(col);
        }
    }
    let mut rows = lines.into_values();
    let headers = match rows.next() {
        Some(first) if first.line == 1 => first.cells,
        Some(first) => {
            // No header row: the first row with anything is data, and every column is missing.
            return Ok(Sheet {
                name,
                headers: Vec::new(),
                rows: std::iter::once(first).chain(rows).collect(),
            });
        }
        None => Vec::new(),
    };
    Ok(Sheet {
        name,
        headers: headers.into_iter().map(|h| h.trim().to_owned()).collect(),
        rows: rows.collect(),
    })
}

/// A cell as text: a whole number without decimals (a spreadsheet keeps numbers as
/// floating point), a text cut at [`LONGEST_CELL`].
fn cell_text(value: Data) -> String {
    let text = match value {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Data::String(s) => s,
        other => other.to_string(),
    };
    cut(text)
}

/// `text` with Windows line ends as `\n` (as the form saves them), without other control
/// characters than line ends and tabs, cut at [`LONGEST_CELL`].
fn cut(text: String) -> String {
    let text = if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        text.replace("\r\n", "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect()
    } else {
        text
    };
    match text.char_indices().nth(LONGEST_CELL + 1) {
        Some((end, _)) => text[..end].to_owned(),
        None => text,
    }
}

/// Column `index` (from 0) as a spreadsheet names it: A, B, …, Z, AA, …
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, Unreadable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(unreadable("", ImportIssue::NotAWorkbook));
    };
    if text.contains('\0') {
        return Err(unreadable("", ImportIssue::NotAWorkbook));
    }
    // Excel set to Swedish saves "CSV" with semicolons.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| unreadable("", ImportIssue::NotAWorkbook))?;
        if index > MAX_IMPORT_ROWS {
            return Err(unreadable("", ImportIssue::TooManyRows));
        }
        if record.len() > MOST_COLUMNS {
            return Err(unreadable(
                "",
                ImportIssue::ExtraColumns(vec![column_letters(MOST_COLUMNS)]),
            ));
        }
        let line = index as u32 + 1;
        let mut formulas = Vec::new();
        let cells: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(col, cell)| {
                let (value, formula) = unneutralise(cell);
                if formula {
                    formulas.push(col);
                }
                cut(value.to_owned())
            })
            .collect();
        if headers.is_none() {
            headers = Some(cells.iter().map(|h| h.trim().to_owned()).collect());
        } else if cells.iter().any(|c| !c.trim().is_empty()) {
            rows.push(SheetRow {
                line,
                cells,
                formulas,
            });
        }
    }
    Ok(Sheet {
        name: String::new(),
        headers: headers.unwrap_or_default(),
        rows,
    })
}

/// A CSV cell as the text it stands for: the export wrote a text that a spreadsheet would
/// take for a formula with a leading `'` (`spreadsheet::neutralise`), taken off here; a cell
/// that begins with `=` without it is a formula.
fn unneutralise(cell: &str) -> (&str, bool) {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => (rest, false),
        _ => (cell, cell.starts_with('=')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::spreadsheet::neutralise;

    #[test]
    fn a_county_code_a_spreadsheet_made_a_number_is_read() {
        assert_eq!(county_code("1").unwrap().as_str(), "01");
        assert_eq!(county_code(" 24 ").unwrap().as_str(), "24");
        assert!(county_code("99").is_none());
    }

    #[test]
    fn what_the_export_neutralised_is_read_back_as_the_same_text() {
        for text in [
            "=HYPERLINK(\"x\")",
            "-2+3",
            "@SUM(A1)",
            "vanlig text",
            "-1200",
        ] {
            assert_eq!(unneutralise(&neutralise(text)), (text, false));
        }
        assert_eq!(unneutralise("=1+1"), ("=1+1", true));
    }

    #[test]
    fn a_csv_file_saved_by_swedish_excel_with_semicolons_is_read() {
        let sheet = read("Åtgärd;Länskod\n1.8;24\n;\n2.1;01\n".as_bytes(), &[]).unwrap();
        assert_eq!(sheet.headers, ["Åtgärd", "Länskod"]);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[1].line, 4);
        assert_eq!(sheet.rows[1].cell(1), "01");
        assert_eq!(sheet.rows[1].cell(7), "");
    }

    #[test]
    fn a_file_that_is_neither_a_workbook_nor_text_is_refused() {
        let issue = |bytes: &[u8]| read(bytes, &[]).unwrap_err().issue;
        assert_eq!(issue(b"PK\x03\x04not a zip"), ImportIssue::NotAWorkbook);
        assert_eq!(issue(b"\xff\xfe\x00binary"), ImportIssue::NotAWorkbook);
        assert_eq!(
            issue(&vec![b'a'; MAX_IMPORT_BYTES + 1]),
            ImportIssue::TooLarge
        );
    }

    #[test]
    fn a_csv_file_with_too_many_rows_is_refused() {
        let text = "a,b\n".repeat(MAX_IMPORT_ROWS + 2);
        assert_eq!(
            read(text.as_bytes(), &[]).unwrap_err().issue,
            ImportIssue::TooManyRows
        );
    }

    /// A workbook-like archive whose one part holds `content`.
    fn archive(name: &str, content: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_workbook_that_unpacks_to_more_than_it_may_is_refused_before_it_is_read() {
        let bomb = archive("xl/worksheets/sheet1.xml", &vec![b' '; 41 * 1024 * 1024]);
        assert!(bomb.len() < 1024 * 1024, "small packed: {}", bomb.len());
        assert_eq!(read(&bomb, &[]).unwrap_err().issue, ImportIssue::TooLarge);
        let texts = archive(
            "xl/sharedStrings.xml",
            br#"<sst xmlns="x" count="1" uniqueCount="10000000000000"><si><t>a</t></si></sst>"#,
        );
        assert_eq!(read(&texts, &[]).unwrap_err().issue, ImportIssue::TooLarge);
    }

    #[test]
    fn control_characters_but_line_ends_and_tabs_are_dropped_from_a_cell() {
        assert_eq!(cut("a\r\nb\u{0}c\u{7}\td".to_owned()), "a\nbc\td");
    }

    #[test]
    fn a_cell_longer_than_any_field_is_cut_but_still_too_long() {
        let long = cut("x".repeat(50_000));
        assert_eq!(long.chars().count(), LONGEST_CELL + 1);
    }

    #[test]
    fn columns_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(59), "BH");
    }
}
