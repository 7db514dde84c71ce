//! The plan's tables as one Excel workbook (rust_xlsxwriter): a sheet per table, a frozen bold
//! header row with filters, numbers as numbers (kronor with a kronor format), dates as dates.
//! Every text is written as a text cell, which a spreadsheet never runs as a formula, so a
//! title such as `=HYPERLINK(...)` stays the text it is.

use super::tables::{Cell, HIDDEN, Table};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

/// The longest text a cell holds, in UTF-16 units (Excel's limit is 32 767); a longer text is
/// cut there and marked, and the CSV file has it whole.
const LONGEST_TEXT: usize = 32_000;

/// The widest a column is made, in pixels (about 60 characters).
const WIDEST_COLUMN: u32 = 60 * 7;

/// The workbook of `tables`, each on a sheet named by `sheet_name`, titled `title`.
pub fn workbook(
    tables: &[Table],
    sheet_name: impl Fn(&Table) -> String,
    title: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("Lägesbild"),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color("#E8EEF4")
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let number = Format::new().set_num_format("#,##0");
    let kronor = Format::new().set_num_format("#,##0 \"kr\"");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let hidden = Format::new().set_align(FormatAlign::Right);
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(table))?;
        for (col, heading) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, heading, &header)?;
        }
        for (index, row) in table.rows.iter().enumerate() {
            let r = index as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let c = col as u16;
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(r, c, within_limit(text))?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number_with_format(r, c, *n as f64, &number)?;
                    }
                    Cell::Kronor(n) => {
                        sheet.write_number_with_format(r, c, *n as f64, &kronor)?;
                    }
                    Cell::Date(d) => {
                        let value = ExcelDateTime::parse_from_str(&d.to_string())?;
                        sheet.write_datetime_with_format(r, c, &value, &date)?;
                    }
                    Cell::Time(t) => match ExcelDateTime::parse_from_str(t) {
                        Ok(value) => {
                            sheet.write_datetime_with_format(r, c, &value, &time)?;
                        }
                        Err(_) => {
                            sheet.write_string(r, c, within_limit(t))?;
                        }
                    },
                    Cell::Hidden => {
                        sheet.write_string_with_format(r, c, HIDDEN, &hidden)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        let last_col = table.headers.len().saturating_sub(1) as u16;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
        sheet.set_autofit_max_width(WIDEST_COLUMN);
        sheet.autofit();
    }
    book.save_to_buffer()
}

/// `text`, cut to [`LONGEST_TEXT`] UTF-16 units with a mark where it is longer.
fn within_limit(text: &str) -> String {
    if text.encode_utf16().count() <= LONGEST_TEXT {
        return text.to_owned();
    }
    let mut units = 0;
    let cut: String = text
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= LONGEST_TEXT - 10
        })
        .collect();
    format!("{cut} […]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_and_marked() {
        let long = "å".repeat(40_000);
        let cut = within_limit(&long);
        assert!(cut.encode_utf16().count() <= LONGEST_TEXT);
        assert!(cut.ends_with("[…]"));
        assert_eq!(within_limit("kort"), "kort");
    }
}
