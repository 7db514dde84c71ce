//! A county board's row for one measure: what its edit page shows, and the rules for what it
//! may be saved as (the same in the browser and on the server; the server decides).

use super::{CountyRef, MeasureRef, input};
use crate::domain::{Money, Progress, ReportingPeriod, Status};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// The longest texts a row takes, in characters.
pub const MAX_CONTACT: usize = 200;
pub const MAX_NARRATIVE: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionalRowEdit {
    pub measure: MeasureRef,
    pub county: CountyRef,
    pub values: RegionalValues,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: String,
    /// The quarter now running; a row not updated in it is stale.
    pub current_period: ReportingPeriod,
    pub stale: bool,
}

/// What a county board reports on its row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionalValues {
    pub status: Status,
    pub progress: Progress,
    pub contact_name: String,
    pub contact_role: String,
    pub narrative: String,
    pub spent: Money,
}

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionalInput {
    pub status: String,
    pub progress: String,
    pub contact_name: String,
    pub contact_role: String,
    pub narrative: String,
    pub spent: String,
}

impl RegionalInput {
    /// The values, or every field that is wrong and why.
    pub fn check(&self) -> Result<RegionalValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = input::choice::<Status>("status", &self.status, &mut errors);
        let progress = input::progress("progress", &self.progress, &mut errors);
        let spent = input::money("spent", &self.spent, &mut errors);
        let contact_name = input::text(
            "contact_name",
            &self.contact_name,
            MAX_CONTACT,
            false,
            &mut errors,
        );
        let contact_role = input::text(
            "contact_role",
            &self.contact_role,
            MAX_CONTACT,
            false,
            &mut errors,
        );
        let narrative = input::text(
            "narrative",
            &self.narrative,
            MAX_NARRATIVE,
            false,
            &mut errors,
        );
        match (status, progress, spent) {
            (Some(status), Some(progress), Some(spent)) if errors.is_empty() => {
                Ok(RegionalValues {
                    status,
                    progress,
                    contact_name,
                    contact_role,
                    narrative,
                    spent,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    fn input(progress: &str, spent: &str) -> RegionalInput {
        RegionalInput {
            status: "on_track".into(),
            progress: progress.into(),
            contact_name: " Anna Andersson ".into(),
            contact_role: "Regional samordnare".into(),
            narrative: "Utbildning genomförd i alla kommuner.".into(),
            spent: spent.into(),
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<(String, Problem)> {
        errors.into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn amounts_and_percentages_are_read_as_people_type_them() {
        let values = input(" 40 % ", "1 250 000 kr").check().unwrap();
        assert_eq!(values.progress.percent(), 40);
        assert_eq!(values.spent.as_kronor(), 1_250_000);
        assert_eq!(values.contact_name, "Anna Andersson");
        let nbsp = input("100", "12\u{a0}000").check().unwrap();
        assert_eq!(nbsp.spent.as_kronor(), 12_000);
    }

    #[test]
    fn progress_must_be_a_whole_number_from_0_to_100() {
        assert_eq!(
            fields(input("101", "0").check().unwrap_err()),
            vec![("progress".into(), Problem::OutOfRange { min: 0, max: 100 })]
        );
        assert_eq!(
            fields(input("4,5", "0").check().unwrap_err()),
            vec![("progress".into(), Problem::NotAWholeNumber)]
        );
        assert_eq!(
            fields(input("", "0").check().unwrap_err()),
            vec![("progress".into(), Problem::Required)]
        );
    }

    #[test]
    fn money_is_whole_kronor_and_never_negative() {
        assert_eq!(
            fields(input("10", "-5").check().unwrap_err()),
            vec![("spent".into(), Problem::Negative)]
        );
        assert_eq!(
            fields(input("10", "12.50").check().unwrap_err()),
            vec![("spent".into(), Problem::NotAWholeNumber)]
        );
    }

    #[test]
    fn an_unknown_status_and_overlong_texts_are_named() {
        let mut wrong = input("10", "0");
        wrong.status = "finished".into();
        wrong.narrative = "x".repeat(MAX_NARRATIVE + 1);
        assert_eq!(
            fields(wrong.check().unwrap_err()),
            vec![
                ("status".into(), Problem::NotAChoice),
                ("narrative".into(), Problem::TooLong { max: MAX_NARRATIVE }),
            ]
        );
    }
}
