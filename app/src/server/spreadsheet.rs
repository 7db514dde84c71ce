//! CSV for spreadsheet programs, the one way Lägesbild writes a CSV file. A cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and LibreOffice as a
//! formula, so a measure titled `=HYPERLINK("https://evil.example","klicka")` would become a
//! live link in whoever opens the download (CSV injection). Following the OWASP guidance, such
//! a cell is written with a leading `'`, which the spreadsheet shows as text; a number stays a
//! number.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet will show it: unchanged when it is a number or cannot start a
/// formula, otherwise prefixed with `'`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let starts_formula = cell.starts_with(FORMULA_STARTS);
    if starts_formula && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV writer whose every cell goes through [`neutralise`].
pub struct CsvWriter<W: std::io::Write> {
    inner: csv::Writer<W>,
}

impl<W: std::io::Write> CsvWriter<W> {
    pub fn new(out: W) -> CsvWriter<W> {
        CsvWriter {
            inner: csv::Writer::from_writer(out),
        }
    }

    pub fn write_record<I, T>(&mut self, record: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.inner.write_record(
            record
                .into_iter()
                .map(|cell| neutralise(cell.as_ref()).into_owned()),
        )
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    pub fn into_inner(self) -> Result<W, csv::Error> {
        self.inner
            .into_inner()
            .map_err(|error| csv::Error::from(error.into_error()))
    }
}

/// `table` as a CSV file: UTF-8 with a byte-order mark (so that Excel reads Å, Ä and Ö), the
/// header row first, every cell through [`neutralise`].
pub fn table_csv(table: &super::tables::Table) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = CsvWriter::new(&mut out);
        writer.write_record(&table.headers)?;
        for row in &table.rows {
            writer.write_record(row.iter().map(super::tables::Cell::text))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_would_start_a_formula_is_written_as_text() {
        for cell in [
            "=HYPERLINK(\"https://evil.example\",\"klicka\")",
            "+46 8 123",
            "-2+3",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1+1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_left_alone() {
        for cell in [
            "-1200",
            "+5",
            "-0.5",
            "12",
            "..",
            "Länsstyrelsen i Stockholms län",
            "",
        ] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn the_writer_neutralises_every_cell_and_quotes_as_csv_does() {
        let mut writer = CsvWriter::new(Vec::new());
        writer.write_record(["=1+1", "a,b", "-7"]).expect("written");
        let text = String::from_utf8(writer.into_inner().expect("flushed")).expect("UTF-8");
        assert_eq!(text, "'=1+1,\"a,b\",-7\n");
    }
}
