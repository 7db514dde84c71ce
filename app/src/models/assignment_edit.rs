//! Editing government assignments: the assignment's own fields, its first deadlines when it is
//! registered, and each reporting deadline later (the government moves or adds them). The same
//! rules in the browser and on the server; the server also checks what the fields name exists
//! and how the deadlines lie against each other and the decision date.

use super::plan_edit::{MAX_DESCRIPTION, MAX_TITLE};
use super::{MeasureRef, OrganisationRef, input};
use crate::domain::{DeadlineKind, DiaryNumber, IsoDate, Localized};
use crate::error::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// What the assignment form shows: the assignment as saved (or empty) and the choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentEdit {
    /// `None` for a new assignment.
    pub diary_number: Option<DiaryNumber>,
    pub version: i64,
    pub values: AssignmentInput,
    /// Its deadlines, by due date (empty for a new assignment).
    pub deadlines: Vec<DeadlineRow>,
    /// Organisations that may receive it.
    pub organisations: Vec<OrganisationRef>,
    /// The plan's measures, for the link.
    pub measures: Vec<MeasureRef>,
}

/// The assignment form as typed. The deadlines of a new assignment are typed on the same form
/// (`interim_due`, `final_due`); a registered one's are edited one at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentInput {
    pub diary_number: String,
    pub recipient: String,
    pub title_sv: String,
    pub title_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub decision_date: String,
    pub measures: Vec<String>,
}

/// An assignment's own fields, checked. Its ministry is the diary number's prefix's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentValues {
    pub diary_number: DiaryNumber,
    pub recipient: String,
    pub title: Localized,
    pub description: Localized,
    pub decision_date: IsoDate,
    pub measures: Vec<String>,
}

/// The deadlines a new assignment is registered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstDeadlines {
    pub interim_due: Option<IsoDate>,
    pub final_due: IsoDate,
}

impl AssignmentInput {
    /// The values, or every field that is wrong and why.
    pub fn check(&self) -> Result<AssignmentValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let values = self.check_into(&mut errors);
        match values {
            Some(values) if errors.is_empty() => Ok(values),
            _ => Err(errors),
        }
    }

    /// A new assignment's values and first deadlines: an optional interim report and the
    /// final one, neither before the decision and the final not before the interim.
    pub fn check_new(
        &self,
        interim_due: &str,
        final_due: &str,
    ) -> Result<(AssignmentValues, FirstDeadlines), Vec<FieldError>> {
        let mut errors = Vec::new();
        let values = self.check_into(&mut errors);
        let interim_due = if interim_due.trim().is_empty() {
            None
        } else {
            input::date("interim_due", interim_due, &mut errors)
        };
        let final_due = input::date("final_due", final_due, &mut errors);
        // Checked against the decision date even when another field is wrong.
        let decided = input::date("decision_date", &self.decision_date, &mut Vec::new());
        if let (Some(decided), Some(interim)) = (decided, interim_due)
            && interim < decided
        {
            errors.push(FieldError::new("interim_due", Problem::BeforeDecision));
        }
        if let (Some(decided), Some(last)) = (decided, final_due)
            && last < decided
        {
            errors.push(FieldError::new("final_due", Problem::BeforeDecision));
        } else if let (Some(interim), Some(last)) = (interim_due, final_due)
            && last < interim
        {
            errors.push(FieldError::new("final_due", Problem::DeadlineOrder));
        }
        match (values, final_due) {
            (Some(values), Some(final_due)) if errors.is_empty() => Ok((
                values,
                FirstDeadlines {
                    interim_due,
                    final_due,
                },
            )),
            _ => Err(errors),
        }
    }

    fn check_into(&self, errors: &mut Vec<FieldError>) -> Option<AssignmentValues> {
        let diary_number = match DiaryNumber::parse(&self.diary_number) {
            Ok(number) => Some(number),
            Err(_) if self.diary_number.trim().is_empty() => {
                errors.push(FieldError::new("diary_number", Problem::Required));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("diary_number", Problem::NotADiaryNumber));
                None
            }
        };
        let recipient = input::text("recipient", &self.recipient, 100, true, errors);
        let title_sv = input::text("title_sv", &self.title_sv, MAX_TITLE, true, errors);
        let title_en = input::text("title_en", &self.title_en, MAX_TITLE, false, errors);
        let description_sv = input::text(
            "description_sv",
            &self.description_sv,
            MAX_DESCRIPTION,
            false,
            errors,
        );
        let description_en = input::text(
            "description_en",
            &self.description_en,
            MAX_DESCRIPTION,
            false,
            errors,
        );
        let decision_date = input::date("decision_date", &self.decision_date, errors);
        let measures = input::distinct("measures", &self.measures, None, errors);
        if measures.is_empty() && self.measures.len() <= input::MAX_CHOSEN {
            errors.push(FieldError::new("measures", Problem::Required));
        }
        Some(AssignmentValues {
            diary_number: diary_number?,
            recipient,
            title: Localized::new(title_sv, title_en),
            description: Localized::new(description_sv, description_en),
            decision_date: decision_date?,
            measures,
        })
    }

    /// The form filled with `values`.
    pub fn from_values(values: &AssignmentValues) -> AssignmentInput {
        AssignmentInput {
            diary_number: values.diary_number.to_string(),
            recipient: values.recipient.clone(),
            title_sv: values.title.sv.clone(),
            title_en: values.title.en.clone(),
            description_sv: values.description.sv.clone(),
            description_en: values.description.en.clone(),
            decision_date: values.decision_date.to_string(),
            measures: values.measures.clone(),
        }
    }
}

/// A saved deadline as the assignment form lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRow {
    pub id: i64,
    pub version: i64,
    pub values: DeadlineValues,
    /// Set by the report that delivered it; editing the deadline keeps it.
    pub delivered_date: Option<IsoDate>,
}

/// One deadline as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineInput {
    pub kind: String,
    pub due_date: String,
    pub description_sv: String,
    pub description_en: String,
}

/// One deadline, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineValues {
    pub kind: DeadlineKind,
    pub due_date: IsoDate,
    pub description: Localized,
}

impl DeadlineInput {
    /// The values, or every field that is wrong and why.
    pub fn check(&self) -> Result<DeadlineValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = input::choice::<DeadlineKind>("kind", &self.kind, &mut errors);
        let due_date = input::date("due_date", &self.due_date, &mut errors);
        let description_sv = input::text(
            "description_sv",
            &self.description_sv,
            MAX_TITLE,
            false,
            &mut errors,
        );
        let description_en = input::text(
            "description_en",
            &self.description_en,
            MAX_TITLE,
            false,
            &mut errors,
        );
        match (kind, due_date) {
            (Some(kind), Some(due_date)) if errors.is_empty() => Ok(DeadlineValues {
                kind,
                due_date,
                description: Localized::new(description_sv, description_en),
            }),
            _ => Err(errors),
        }
    }

    pub fn from_values(values: &DeadlineValues) -> DeadlineInput {
        DeadlineInput {
            kind: values.kind.as_str().to_owned(),
            due_date: values.due_date.to_string(),
            description_sv: values.description.sv.clone(),
            description_en: values.description.en.clone(),
        }
    }
}

impl DeadlineValues {
    /// Where this deadline (`id`, 0 for a new one) may not lie, given the decision date and
    /// the assignment's other deadlines: not before the decision, one final report only, and
    /// every interim report no later than the final one.
    pub fn problems(
        &self,
        id: i64,
        decision_date: IsoDate,
        others: &[DeadlineRow],
    ) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let others: Vec<&DeadlineValues> = others
            .iter()
            .filter(|d| d.id != id)
            .map(|d| &d.values)
            .collect();
        if self.due_date < decision_date {
            errors.push(FieldError::new("due_date", Problem::BeforeDecision));
        }
        match self.kind {
            DeadlineKind::Final => {
                if others.iter().any(|d| d.kind == DeadlineKind::Final) {
                    errors.push(FieldError::new("kind", Problem::FinalExists));
                } else if others
                    .iter()
                    .any(|d| d.kind == DeadlineKind::Interim && d.due_date > self.due_date)
                {
                    errors.push(FieldError::new("due_date", Problem::DeadlineOrder));
                }
            }
            DeadlineKind::Interim => {
                if others
                    .iter()
                    .any(|d| d.kind == DeadlineKind::Final && d.due_date < self.due_date)
                {
                    errors.push(FieldError::new("due_date", Problem::DeadlineOrder));
                }
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> AssignmentInput {
        AssignmentInput {
            diary_number: " A2026/01234 ".into(),
            recipient: "jam".into(),
            title_sv: "Uppdrag om stöd".into(),
            decision_date: "2026-11-01".into(),
            measures: vec!["3.1".into()],
            ..AssignmentInput::default()
        }
    }

    fn problems<T: std::fmt::Debug>(result: Result<T, Vec<FieldError>>) -> Vec<(String, Problem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    fn date(text: &str) -> IsoDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_diary_number_names_the_ministry_by_its_prefix() {
        let values = typed().check().unwrap();
        assert_eq!(values.diary_number.to_string(), "A2026/01234");
        assert_eq!(
            values.diary_number.prefix(),
            crate::domain::MinistryPrefix::A
        );
        assert_eq!(
            AssignmentInput::from_values(&values).check().unwrap(),
            values
        );
        let wrong = AssignmentInput {
            diary_number: "X2026/1".into(),
            ..typed()
        };
        assert_eq!(
            problems(wrong.check()),
            vec![("diary_number".into(), Problem::NotADiaryNumber)]
        );
    }

    #[test]
    fn first_deadlines_follow_the_decision_and_the_final_report_follows_the_interim() {
        let (_, first) = typed().check_new("2027-03-31", "2027-12-31").unwrap();
        assert_eq!(first.interim_due, Some(date("2027-03-31")));
        assert_eq!(
            problems(typed().check_new("2026-10-01", "2026-12-31")),
            vec![("interim_due".into(), Problem::BeforeDecision)]
        );
        assert_eq!(
            problems(typed().check_new("2028-01-01", "2027-12-31")),
            vec![("final_due".into(), Problem::DeadlineOrder)]
        );
        assert_eq!(
            problems(typed().check_new("", "")),
            vec![("final_due".into(), Problem::Required)]
        );
        let no_measure = AssignmentInput {
            measures: Vec::new(),
            ..typed()
        };
        assert_eq!(
            problems(no_measure.check_new("", "2027-12-31")),
            vec![("measures".into(), Problem::Required)]
        );
    }

    fn row(id: i64, kind: DeadlineKind, due: &str) -> DeadlineRow {
        DeadlineRow {
            id,
            version: 1,
            values: DeadlineValues {
                kind,
                due_date: date(due),
                description: Localized::default(),
            },
            delivered_date: None,
        }
    }

    #[test]
    fn an_assignment_has_one_final_report_and_every_interim_report_comes_before_it() {
        let saved = [
            row(1, DeadlineKind::Interim, "2027-03-31"),
            row(2, DeadlineKind::Final, "2027-12-31"),
        ];
        let decided = date("2026-11-01");
        let moved_final = row(2, DeadlineKind::Final, "2028-06-30").values;
        assert!(moved_final.problems(2, decided, &saved).is_empty());
        let second_final = row(0, DeadlineKind::Final, "2028-06-30").values;
        assert_eq!(
            second_final.problems(0, decided, &saved),
            vec![FieldError::new("kind", Problem::FinalExists)]
        );
        let late_interim = row(0, DeadlineKind::Interim, "2028-01-31").values;
        assert_eq!(
            late_interim.problems(0, decided, &saved),
            vec![FieldError::new("due_date", Problem::DeadlineOrder)]
        );
        let early_final = row(2, DeadlineKind::Final, "2027-01-31").values;
        assert_eq!(
            early_final.problems(2, decided, &saved),
            vec![FieldError::new("due_date", Problem::DeadlineOrder)]
        );
        let before_decision = row(1, DeadlineKind::Interim, "2026-10-01").values;
        assert_eq!(
            before_decision.problems(1, decided, &saved),
            vec![FieldError::new("due_date", Problem::BeforeDecision)]
        );
    }
}
