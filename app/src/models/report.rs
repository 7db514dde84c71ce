//! Progress reports as their owners write them: the form (periods to choose from, the draft,
//! what was submitted before) and the rules for what a report may say, the same in the browser
//! and on the server (the server decides).

use super::{OrganisationRef, ReportDue, ReportEntry, ReportLink, input};
use crate::domain::{DeadlineKind, IsoDate, Localized, Money, Progress, ReportingPeriod, Status};
use crate::error::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// The longest narrative, in characters.
pub const MAX_NARRATIVE: usize = 8000;
/// The most evidence links a report takes, and the longest address or label.
pub const MAX_LINKS: usize = 20;
pub const MAX_LINK_LENGTH: usize = 2000;

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportSubjectKind {
    Measure,
    Assignment,
}

impl ReportSubjectKind {
    /// The first segment of the subject's pages: `/measures/...`, `/assignments/...`.
    pub fn path_segment(self) -> &'static str {
        match self {
            ReportSubjectKind::Measure => "measures",
            ReportSubjectKind::Assignment => "assignments",
        }
    }

    pub fn parse(text: &str) -> Option<ReportSubjectKind> {
        match text {
            "measure" | "measures" => Some(ReportSubjectKind::Measure),
            "assignment" | "assignments" => Some(ReportSubjectKind::Assignment),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportSubjectKind::Measure => "measure",
            ReportSubjectKind::Assignment => "assignment",
        }
    }
}

/// A period the owner may report on, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodChoice {
    pub period: ReportingPeriod,
    pub due_date: IsoDate,
    pub state: ReportDue,
    /// For an assignment: the deadline a report for this period delivers.
    pub deadline: Option<DeadlineKind>,
    pub has_draft: bool,
}

/// The saved draft of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftInfo {
    pub version: i64,
    pub author_name: String,
    /// RFC 3339, UTC.
    pub saved_at: String,
}

/// Everything the report page shows for one subject and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    pub kind: ReportSubjectKind,
    /// The measure code (`2.3`) or the assignment's diary number (`A2025/00637`).
    pub label: String,
    /// The subject's page.
    pub href: String,
    pub title: Localized,
    pub owner: OrganisationRef,
    /// Newest first.
    pub periods: Vec<PeriodChoice>,
    /// The period shown; `None` when there is nothing to report on yet.
    pub period: Option<ReportingPeriod>,
    /// Whether the viewer may save and submit (the server checks again on every save).
    pub may_report: bool,
    pub draft: Option<DraftInfo>,
    /// What the form starts with: the draft, else the last submitted report, else the
    /// subject's current status and progress.
    pub values: ReportInput,
    /// Earlier submitted revisions for this period, newest first: a new one corrects them.
    pub submitted: Vec<ReportEntry>,
}

impl ReportForm {
    /// The revision a report submitted now gets.
    pub fn next_revision(&self) -> i64 {
        self.submitted
            .first()
            .map_or(1, |latest| latest.revision + 1)
    }
}

/// The report as typed. Links are one per line: the address, then optionally a label.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInput {
    pub status: String,
    pub progress: String,
    pub spent_to_date: String,
    pub narrative: String,
    pub links: String,
}

/// What a report says, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportValues {
    pub status: Status,
    pub progress: Progress,
    pub spent_to_date: Money,
    pub narrative: String,
    pub links: Vec<ReportLink>,
}

impl ReportInput {
    /// The values, or every field that is wrong and why. A submitted report needs a
    /// narrative; a draft may be saved half written.
    pub fn check(&self, submitting: bool) -> Result<ReportValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = input::choice::<Status>("status", &self.status, &mut errors);
        let progress = input::progress("progress", &self.progress, &mut errors);
        let spent_to_date = input::money("spent_to_date", &self.spent_to_date, &mut errors);
        let narrative = input::text(
            "narrative",
            &self.narrative,
            MAX_NARRATIVE,
            submitting,
            &mut errors,
        );
        let links = match parse_links(&self.links) {
            Ok(links) => links,
            Err(problem) => {
                errors.push(FieldError::new("links", problem));
                Vec::new()
            }
        };
        match (status, progress, spent_to_date) {
            (Some(status), Some(progress), Some(spent_to_date)) if errors.is_empty() => {
                Ok(ReportValues {
                    status,
                    progress,
                    spent_to_date,
                    narrative,
                    links,
                })
            }
            _ => Err(errors),
        }
    }

    /// The form filled with `values`.
    pub fn from_values(values: &ReportValues) -> ReportInput {
        ReportInput {
            status: values.status.as_str().to_owned(),
            progress: values.progress.percent().to_string(),
            spent_to_date: values.spent_to_date.as_kronor().to_string(),
            narrative: values.narrative.clone(),
            links: links_text(&values.links),
        }
    }
}

/// Links as typed: one per line, the address first, then an optional label.
pub fn links_text(links: &[ReportLink]) -> String {
    links
        .iter()
        .map(|link| {
            if link.label.is_empty() {
                link.url.clone()
            } else {
                format!("{} {}", link.url, link.label)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_links(text: &str) -> Result<Vec<ReportLink>, Problem> {
    let links = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (url, label) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            if !input::is_web_address(url) {
                return Err(Problem::NotAWebAddress);
            }
            if url.chars().count() > MAX_LINK_LENGTH || label.chars().count() > MAX_LINK_LENGTH {
                return Err(Problem::TooLong {
                    max: MAX_LINK_LENGTH,
                });
            }
            Ok(ReportLink {
                url: url.to_owned(),
                label: label.trim().to_owned(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if links.len() > MAX_LINKS {
        return Err(Problem::TooMany { max: MAX_LINKS });
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(narrative: &str, links: &str) -> ReportInput {
        ReportInput {
            status: "delayed".into(),
            progress: "45 %".into(),
            spent_to_date: "2 400 000 kr".into(),
            narrative: narrative.into(),
            links: links.into(),
        }
    }

    fn problems(errors: Vec<FieldError>) -> Vec<(String, Problem)> {
        errors.into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_report_is_read_as_people_type_it() {
        let values = typed(
            " Utbildningen är försenad. ",
            "https://www.jamstalldhetsmyndigheten.se/rapport Slutrapport\n\n http://example.se ",
        )
        .check(true)
        .unwrap();
        assert_eq!(values.status, Status::Delayed);
        assert_eq!(values.progress.percent(), 45);
        assert_eq!(values.spent_to_date.as_kronor(), 2_400_000);
        assert_eq!(values.narrative, "Utbildningen är försenad.");
        assert_eq!(
            values.links,
            vec![
                ReportLink {
                    url: "https://www.jamstalldhetsmyndigheten.se/rapport".into(),
                    label: "Slutrapport".into()
                },
                ReportLink {
                    url: "http://example.se".into(),
                    label: String::new()
                },
            ]
        );
        assert_eq!(
            ReportInput::from_values(&values).links,
            "https://www.jamstalldhetsmyndigheten.se/rapport Slutrapport\nhttp://example.se"
        );
    }

    #[test]
    fn a_submitted_report_needs_a_narrative_but_a_draft_does_not() {
        assert!(typed("", "").check(false).is_ok());
        assert_eq!(
            problems(typed("  ", "").check(true).unwrap_err()),
            vec![("narrative".into(), Problem::Required)]
        );
    }

    #[test]
    fn links_must_be_web_addresses() {
        assert_eq!(
            problems(
                typed("Text", "javascript:alert(1)")
                    .check(true)
                    .unwrap_err()
            ),
            vec![("links".into(), Problem::NotAWebAddress)]
        );
        assert_eq!(
            problems(typed("Text", "www.example.se").check(true).unwrap_err()),
            vec![("links".into(), Problem::NotAWebAddress)]
        );
        let many = vec!["https://example.se"; MAX_LINKS + 1].join("\n");
        assert_eq!(
            problems(typed("Text", &many).check(true).unwrap_err()),
            vec![("links".into(), Problem::TooMany { max: MAX_LINKS })]
        );
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let wrong = ReportInput {
            status: "done".into(),
            progress: "120".into(),
            spent_to_date: "-1".into(),
            narrative: "x".repeat(MAX_NARRATIVE + 1),
            links: String::new(),
        };
        assert_eq!(
            problems(wrong.check(false).unwrap_err()),
            vec![
                ("status".into(), Problem::NotAChoice),
                ("progress".into(), Problem::OutOfRange { min: 0, max: 100 }),
                ("spent_to_date".into(), Problem::Negative),
                ("narrative".into(), Problem::TooLong { max: MAX_NARRATIVE }),
            ]
        );
    }
}
