//! Building blocks of the Word documents Lägesbild writes (the progress report to the
//! Government, the rights body's review): headings in Word's own heading styles, paragraphs,
//! tables, and text made safe for XML.

use crate::error::AppError;
use docx_rs::{
    Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableLayoutType, TableRow,
};

/// A new document with the heading styles.
pub fn new_document() -> Docx {
    with_styles(Docx::new())
}

/// The document as the bytes of a .docx file; `what` names it in the log if that fails.
pub fn pack(docx: Docx, what: &str) -> Result<Vec<u8>, AppError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|error| {
        super::telemetry::failure(what, &error);
        AppError::Internal
    })?;
    Ok(bytes.into_inner())
}

/// The document's heading styles, so that Word's navigation pane and a screen reader see the
/// structure.
fn with_styles(docx: Docx) -> Docx {
    (1..=4).fold(docx, |docx, level| {
        let size = match level {
            1 => 36,
            2 => 30,
            3 => 26,
            _ => 23,
        };
        docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("Heading {level}"))
                .size(size)
                .bold(),
        )
    })
}

pub fn heading(text: &str, level: u8) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(xml_text(text)))
        .style(&format!("Heading{level}"))
}

/// A paragraph of text; a text's own line breaks stay line breaks.
pub fn text(text: &str) -> Paragraph {
    let mut run = Run::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(xml_text(line));
    }
    Paragraph::new().add_run(run)
}

/// `text` without the characters XML 1.0 forbids (control characters other than tab and line
/// breaks, U+FFFE, U+FFFF), which text pasted from elsewhere can carry and which would make
/// Word refuse the whole document.
pub fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| {
            let forbidden = (u32::from(*c) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{fffe}' | '\u{ffff}');
            !forbidden
        })
        .collect()
}

pub fn row(cells: &[&str]) -> TableRow {
    TableRow::new(
        cells
            .iter()
            .map(|cell| TableCell::new().add_paragraph(text(cell)))
            .collect(),
    )
}

pub fn header_row(cells: &[&str]) -> TableRow {
    TableRow::new(
        cells
            .iter()
            .map(|cell| {
                TableCell::new().add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text(xml_text(cell)).bold()),
                )
            })
            .collect(),
    )
}

pub fn grid(rows: Vec<TableRow>) -> Table {
    Table::new(rows).layout(TableLayoutType::Autofit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_pasted_with_control_characters_stays_valid_xml() {
        assert_eq!(
            xml_text("Rad\u{b}ett\u{c}\ttvå\u{fffe}\n\u{1f}slut"),
            "Radett\ttvå\nslut"
        );
    }
}
