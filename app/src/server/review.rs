//! The rights body's review (granskningsunderlag) as a Word document: the compliance matrix
//! (every obligation and the measures that answer it, those nothing answers, the measures that
//! answer none), every overdue report and assignment deadline across owners, and what changed
//! in the plan since a chosen date, from the change history. Made from the oversight views, so
//! whoever may read them (`policy::Action::ReadOversight`) may make it; drafts are never in it
//! (the change history leaves them out).

use super::db::{audit, oversight, reference::CurrentPlan};
use super::word::{self, grid, header_row, heading, row, text};
use crate::components::{deadline_kind_label, fmt_percent, locale_of, source_label, status_label};
use crate::domain::{IsoDate, Lang};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::models::{
    ChangeLog, Compliance, DeadlineItem, DeadlineSubject, HistoryEntry, ObligationCoverage,
};
use crate::pages::{action_label, actor_label, describe_change};
use docx_rs::Docx;
use sqlx::AnyConnection;

/// What the review is made of, read from the database.
pub struct ReviewData {
    /// The whole matrix and every overdue item (not the page's shortened view).
    pub compliance: Compliance,
    pub changes: ChangeLog,
}

/// Reads the review of plan `plan` on `today`, with the changes from the start of `since`.
pub async fn read(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    since: IsoDate,
    today: IsoDate,
) -> Result<ReviewData, sqlx::Error> {
    Ok(ReviewData {
        compliance: oversight::compliance(conn, plan, today).await?,
        changes: audit::change_log(conn, plan.id, since, today).await?,
    })
}

/// The review as a .docx file in `lang`.
pub fn document(plan: &CurrentPlan, data: &ReviewData, lang: Lang) -> Result<Vec<u8>, AppError> {
    let locale = locale_of(lang);
    let compliance = &data.compliance;
    let title = format!(
        "{}: {}",
        td_string!(locale, review.title),
        plan.summary.title.get(lang)
    );
    let docx = word::new_document()
        .add_paragraph(heading(&title, 1))
        .add_paragraph(text(&format!(
            "{} {}. {} {}.",
            td_string!(locale, review.made),
            compliance.today,
            td_string!(locale, review.since),
            data.changes.from,
        )))
        .add_paragraph(text(td_string!(locale, review.lead)));
    let docx = matrix(docx, compliance, lang, locale);
    let docx = overdue(docx, &compliance.overdue, lang, locale);
    let docx = changes(docx, &data.changes, lang, locale);
    word::pack(docx, "writing the rights body's review")
}

/// Every obligation with the measures that answer it (code, title, status and progress), then
/// the obligations nothing answers and the measures that answer none.
fn matrix(docx: Docx, compliance: &Compliance, lang: Lang, locale: Locale) -> Docx {
    let mut docx = docx
        .add_paragraph(heading(td_string!(locale, oversight.matrix_heading), 2))
        .add_paragraph(text(&format!(
            "{}: {}. {}: {}.",
            td_string!(locale, review.obligations),
            compliance.obligations.len(),
            td_string!(locale, review.unanswered_count),
            compliance.uncovered_count(),
        )));
    let mut table = vec![header_row(&[
        td_string!(locale, review.source),
        td_string!(locale, review.article),
        td_string!(locale, oversight.obligation),
        td_string!(locale, oversight.answered_by),
    ])];
    for coverage in &compliance.obligations {
        let o = &coverage.obligation;
        table.push(row(&[
            &source_label(o.source, locale),
            &o.reference,
            o.title.get(lang),
            &answered_by(coverage, lang, locale),
        ]));
    }
    docx = docx.add_table(grid(table));

    docx = docx.add_paragraph(heading(td_string!(locale, review.unanswered), 3));
    let unanswered: Vec<_> = compliance
        .obligations
        .iter()
        .filter(|o| o.measure_count == 0)
        .collect();
    if unanswered.is_empty() {
        docx = docx.add_paragraph(text(td_string!(locale, review.all_answered)));
    }
    for coverage in unanswered {
        let o = &coverage.obligation;
        docx = docx.add_paragraph(text(&format!(
            "{} {}: {}",
            source_label(o.source, locale),
            o.reference,
            o.title.get(lang)
        )));
    }

    docx = docx.add_paragraph(heading(td_string!(locale, oversight.unlinked_heading), 3));
    if compliance.unlinked_measures.is_empty() {
        docx = docx.add_paragraph(text(td_string!(locale, oversight.unlinked_none)));
    }
    for measure in &compliance.unlinked_measures {
        docx = docx.add_paragraph(text(&format!(
            "{} {} ({}, {})",
            measure.code,
            measure.title.get(lang),
            status_label(measure.status, locale),
            fmt_percent(i64::from(measure.progress.percent()), lang),
        )));
    }
    docx
}

/// The measures answering an obligation, a line each, or that none does.
fn answered_by(coverage: &ObligationCoverage, lang: Lang, locale: Locale) -> String {
    if coverage.measures.is_empty() {
        return td_string!(locale, oversight.uncovered).to_owned();
    }
    coverage
        .measures
        .iter()
        .map(|covering| {
            let m = &covering.measure;
            format!(
                "{} {} ({}, {}; {})",
                m.code,
                m.title.get(lang),
                status_label(m.status, locale),
                fmt_percent(i64::from(m.progress.percent()), lang),
                covering.lead.name.get(lang),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every overdue report and assignment deadline, most overdue first.
fn overdue(docx: Docx, items: &[DeadlineItem], lang: Lang, locale: Locale) -> Docx {
    let docx = docx
        .add_paragraph(heading(td_string!(locale, oversight.overdue_heading), 2))
        .add_paragraph(text(&format!(
            "{}: {}.",
            td_string!(locale, review.overdue_count),
            items.len()
        )));
    if items.is_empty() {
        return docx.add_paragraph(text(td_string!(locale, oversight.overdue_none)));
    }
    let mut table = vec![header_row(&[
        td_string!(locale, review.due),
        td_string!(locale, review.what),
        td_string!(locale, review.owner),
        td_string!(locale, review.days_late),
    ])];
    for item in items {
        let what = match &item.subject {
            DeadlineSubject::MeasureReport { code, period } => format!(
                "{} {period}, {} {code} {}",
                td_string!(locale, review.progress_report),
                td_string!(locale, review.measure),
                item.title.get(lang)
            ),
            DeadlineSubject::Assignment { diary_number, kind } => format!(
                "{} {diary_number} {}",
                deadline_kind_label(*kind, locale),
                item.title.get(lang)
            ),
        };
        table.push(row(&[
            &item.due_date.to_string(),
            &what,
            item.owner.name.get(lang),
            &(-item.days_left).to_string(),
        ]));
    }
    docx.add_table(grid(table))
}

/// What changed since the chosen date, per measure and assignment, oldest first: when, who,
/// what, the event and each field before and after.
fn changes(docx: Docx, changes: &ChangeLog, lang: Lang, locale: Locale) -> Docx {
    let mut docx = docx
        .add_paragraph(heading(
            &format!("{} {}", td_string!(locale, review.changes), changes.from),
            2,
        ))
        .add_paragraph(text(&format!(
            "{}: {}.",
            td_string!(locale, review.changes_count),
            changes.total
        )));
    if changes.shortened {
        docx = docx.add_paragraph(text(&format!(
            "{} {}.",
            td_string!(locale, review.shortened),
            crate::models::ChangeLog::MAX_ENTRIES
        )));
    }
    for subject in &changes.subjects {
        docx = docx.add_paragraph(heading(
            &format!("{} {}", subject.code, subject.title.get(lang)),
            3,
        ));
        let mut table = vec![header_row(&[
            td_string!(locale, review.when),
            td_string!(locale, review.who),
            td_string!(locale, review.what),
            td_string!(locale, review.event),
            td_string!(locale, review.change),
        ])];
        for entry in &subject.entries {
            table.push(change_row(entry, lang, locale));
        }
        docx = docx.add_table(grid(table));
    }
    docx
}

fn change_row(entry: &HistoryEntry, lang: Lang, locale: Locale) -> docx_rs::TableRow {
    let when = crate::pages::minute_of(&entry.occurred_at);
    let described: Vec<String> = entry
        .changes
        .iter()
        .map(|change| describe_change(change, locale))
        .collect();
    row(&[
        &when,
        &format!(
            "{} ({})",
            entry.actor_name,
            actor_label(entry, locale, lang)
        ),
        &crate::pages::subject_text(entry, locale),
        &action_label(&entry.action, locale),
        &described.join("\n"),
    ])
}
