//! Editing the plan: a measure's fields as its form shows them, and the rules for what they may
//! be saved as (the same in the browser and on the server; the server also checks that the
//! area, organisations and obligations named exist).

use super::{AreaRef, ObligationRef, OrganisationRef, input};
use crate::domain::{
    ExploitationForm, IsoDate, Localized, MeasureKind, ReportFrequency, TargetGroup,
};
use crate::error::{FieldError, Problem};
use serde::{Deserialize, Serialize};

pub const MAX_CODE: usize = 20;
pub const MAX_TITLE: usize = 300;
pub const MAX_DESCRIPTION: usize = 8000;

/// What the measure form shows: the measure as saved (or empty, for a new one) and the
/// choices offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureEdit {
    /// `None` for a new measure.
    pub code: Option<String>,
    pub version: i64,
    pub values: MeasureInput,
    pub areas: Vec<AreaRef>,
    /// Organisations the editor may make lead (their ministry is the editor's).
    pub leads: Vec<OrganisationRef>,
    /// Every organisation, for partners.
    pub organisations: Vec<OrganisationRef>,
    pub obligations: Vec<ObligationRef>,
}

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureInput {
    pub area: String,
    pub code: String,
    pub title_sv: String,
    pub title_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub kind: String,
    pub lead: String,
    pub partners: Vec<String>,
    pub start_date: String,
    pub end_date: String,
    pub report_frequency: String,
    pub is_regional: bool,
    pub obligations: Vec<String>,
    pub forms: Vec<String>,
    pub groups: Vec<String>,
}

/// A measure's editable fields, checked. Organisations, the area and obligations by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureValues {
    pub area: String,
    pub code: String,
    pub title: Localized,
    pub description: Localized,
    pub kind: MeasureKind,
    pub lead: String,
    pub partners: Vec<String>,
    pub start_date: IsoDate,
    pub end_date: IsoDate,
    pub report_frequency: ReportFrequency,
    pub is_regional: bool,
    pub obligations: Vec<String>,
    pub forms: Vec<ExploitationForm>,
    pub groups: Vec<TargetGroup>,
}

impl MeasureInput {
    /// The values, or every field that is wrong and why.
    pub fn check(&self) -> Result<MeasureValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let area = input::text("area", &self.area, MAX_CODE, true, &mut errors);
        let code = input::code("code", &self.code, &mut errors);
        let title_sv = input::text("title_sv", &self.title_sv, MAX_TITLE, true, &mut errors);
        let title_en = input::text("title_en", &self.title_en, MAX_TITLE, false, &mut errors);
        let description_sv = input::text(
            "description_sv",
            &self.description_sv,
            MAX_DESCRIPTION,
            false,
            &mut errors,
        );
        let description_en = input::text(
            "description_en",
            &self.description_en,
            MAX_DESCRIPTION,
            false,
            &mut errors,
        );
        let kind = input::choice::<MeasureKind>("kind", &self.kind, &mut errors);
        let lead = input::text("lead", &self.lead, 100, true, &mut errors);
        let start_date = input::date("start_date", &self.start_date, &mut errors);
        let end_date = input::date("end_date", &self.end_date, &mut errors);
        if let (Some(start), Some(end)) = (start_date, end_date)
            && end < start
        {
            errors.push(FieldError::new("end_date", Problem::EndBeforeStart));
        }
        let report_frequency = input::choice::<ReportFrequency>(
            "report_frequency",
            &self.report_frequency,
            &mut errors,
        );
        let partners = input::distinct("partners", &self.partners, Some(&lead), &mut errors);
        let obligations = input::distinct("obligations", &self.obligations, None, &mut errors);
        let forms = input::choices::<ExploitationForm>("forms", &self.forms, &mut errors);
        let groups = input::choices::<TargetGroup>("groups", &self.groups, &mut errors);
        match (kind, start_date, end_date, report_frequency) {
            (Some(kind), Some(start_date), Some(end_date), Some(report_frequency))
                if errors.is_empty() =>
            {
                Ok(MeasureValues {
                    area,
                    code,
                    title: Localized::new(title_sv, title_en),
                    description: Localized::new(description_sv, description_en),
                    kind,
                    partners,
                    lead,
                    start_date,
                    end_date,
                    report_frequency,
                    is_regional: self.is_regional,
                    obligations,
                    forms,
                    groups,
                })
            }
            _ => Err(errors),
        }
    }

    /// The form filled with `values`.
    pub fn from_values(values: &MeasureValues) -> MeasureInput {
        MeasureInput {
            area: values.area.clone(),
            code: values.code.clone(),
            title_sv: values.title.sv.clone(),
            title_en: values.title.en.clone(),
            description_sv: values.description.sv.clone(),
            description_en: values.description.en.clone(),
            kind: values.kind.as_str().to_owned(),
            lead: values.lead.clone(),
            partners: values.partners.clone(),
            start_date: values.start_date.to_string(),
            end_date: values.end_date.to_string(),
            report_frequency: values.report_frequency.as_str().to_owned(),
            is_regional: values.is_regional,
            obligations: values.obligations.clone(),
            forms: values.forms.iter().map(|f| f.as_str().to_owned()).collect(),
            groups: values
                .groups
                .iter()
                .map(|g| g.as_str().to_owned())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> MeasureInput {
        MeasureInput {
            area: "3".into(),
            code: "3.9".into(),
            title_sv: " Utbildning för socialtjänsten ".into(),
            title_en: "Training for social services".into(),
            kind: "knowledge".into(),
            lead: "jam".into(),
            partners: vec![
                "socialstyrelsen".into(),
                "jam".into(),
                "socialstyrelsen".into(),
            ],
            start_date: "2027-01-01".into(),
            end_date: "2027-12-31".into(),
            report_frequency: "quarterly".into(),
            obligations: vec!["dir-18".into()],
            forms: vec!["sexual".into(), "labour".into()],
            groups: vec!["professionals".into()],
            ..MeasureInput::default()
        }
    }

    fn problems(input: &MeasureInput) -> Vec<(String, Problem)> {
        input
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_measure_is_read_with_its_lead_never_among_its_partners() {
        let values = typed().check().unwrap();
        assert_eq!(values.title.sv, "Utbildning för socialtjänsten");
        assert_eq!(values.partners, vec!["socialstyrelsen".to_owned()]);
        assert_eq!(
            values.forms,
            vec![ExploitationForm::Sexual, ExploitationForm::Labour]
        );
        assert_eq!(MeasureInput::from_values(&values).check().unwrap(), values);
    }

    #[test]
    fn the_end_cannot_come_before_the_start_and_dates_are_iso() {
        let mut wrong = typed();
        wrong.end_date = "2026-12-31".into();
        assert_eq!(
            problems(&wrong),
            vec![("end_date".into(), Problem::EndBeforeStart)]
        );
        wrong.start_date = "1/1/2027".into();
        assert_eq!(
            problems(&wrong),
            vec![("start_date".into(), Problem::NotADate)]
        );
    }

    #[test]
    fn required_fields_codes_and_choices_are_named() {
        let wrong = MeasureInput {
            code: "3 9!".into(),
            title_sv: String::new(),
            kind: "poster".into(),
            forms: vec!["other".into()],
            ..typed()
        };
        assert_eq!(
            problems(&wrong),
            vec![
                ("code".into(), Problem::NotACode),
                ("title_sv".into(), Problem::Required),
                ("kind".into(), Problem::NotAChoice),
                ("forms".into(), Problem::NotAChoice),
            ]
        );
    }
}

/// A measure's funding decisions as their form shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingEdit {
    pub code: String,
    pub title: Localized,
    /// Each decision line with its id and version, by year.
    pub lines: Vec<(i64, i64, FundingInput)>,
    pub counties: Vec<super::CountyRef>,
    /// Assignments linked to the measure (money may go through one).
    pub assignments: Vec<crate::domain::DiaryNumber>,
}

/// One funding decision line as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingInput {
    pub year: String,
    pub expenditure_area: String,
    pub appropriation: String,
    pub appropriation_item: String,
    /// County code, or empty when the money is not for one county.
    pub county: String,
    /// Diary number, or empty.
    pub assignment: String,
    pub allocated: String,
    pub disbursed: String,
    pub spent: String,
    pub decision_ref: String,
}

/// One funding decision line, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingValues {
    pub year: i64,
    pub expenditure_area: i64,
    pub appropriation: String,
    pub appropriation_item: String,
    pub county: Option<crate::domain::CountyCode>,
    pub assignment: Option<crate::domain::DiaryNumber>,
    pub allocated: crate::domain::Money,
    pub disbursed: crate::domain::Money,
    pub spent: crate::domain::Money,
    pub decision_ref: String,
}

impl FundingInput {
    /// The values, or every field that is wrong and why.
    pub fn check(&self) -> Result<FundingValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let year = input::whole_number_in("year", &self.year, 2000..=2100, &mut errors);
        // Statens budget has 27 expenditure areas (utgiftsområden).
        let expenditure_area = input::whole_number_in(
            "expenditure_area",
            &self.expenditure_area,
            1..=27,
            &mut errors,
        );
        let appropriation = self.appropriation.trim().to_owned();
        let well_formed = appropriation.split_once(':').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit())
        });
        if appropriation.is_empty() {
            errors.push(FieldError::new("appropriation", Problem::Required));
        } else if !well_formed {
            errors.push(FieldError::new(
                "appropriation",
                Problem::NotAnAppropriation,
            ));
        }
        let appropriation_item = input::text(
            "appropriation_item",
            &self.appropriation_item,
            40,
            false,
            &mut errors,
        );
        let county = match self.county.trim() {
            "" => None,
            code => match crate::domain::CountyCode::parse(code) {
                Ok(county) => Some(county),
                Err(_) => {
                    errors.push(FieldError::new("county", Problem::NotAChoice));
                    None
                }
            },
        };
        let assignment = match self.assignment.trim() {
            "" => None,
            number => match crate::domain::DiaryNumber::parse(number) {
                Ok(number) => Some(number),
                Err(_) => {
                    errors.push(FieldError::new("assignment", Problem::NotAChoice));
                    None
                }
            },
        };
        let allocated = input::money("allocated", &self.allocated, &mut errors);
        let disbursed = input::money("disbursed", &self.disbursed, &mut errors);
        let spent = input::money("spent", &self.spent, &mut errors);
        let decision_ref = input::text("decision_ref", &self.decision_ref, 300, false, &mut errors);
        match (year, expenditure_area, allocated, disbursed, spent) {
            (Some(year), Some(expenditure_area), Some(allocated), Some(disbursed), Some(spent))
                if errors.is_empty() =>
            {
                Ok(FundingValues {
                    year,
                    expenditure_area,
                    appropriation,
                    appropriation_item,
                    county,
                    assignment,
                    allocated,
                    disbursed,
                    spent,
                    decision_ref,
                })
            }
            _ => Err(errors),
        }
    }

    pub fn from_values(values: &FundingValues) -> FundingInput {
        FundingInput {
            year: values.year.to_string(),
            expenditure_area: values.expenditure_area.to_string(),
            appropriation: values.appropriation.clone(),
            appropriation_item: values.appropriation_item.clone(),
            county: values.county.map(|c| c.to_string()).unwrap_or_default(),
            assignment: values
                .assignment
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            allocated: values.allocated.as_kronor().to_string(),
            disbursed: values.disbursed.as_kronor().to_string(),
            spent: values.spent.as_kronor().to_string(),
            decision_ref: values.decision_ref.clone(),
        }
    }
}

#[cfg(test)]
mod funding_tests {
    use super::*;

    fn typed() -> FundingInput {
        FundingInput {
            year: "2027".into(),
            expenditure_area: "13".into(),
            appropriation: "3:1".into(),
            appropriation_item: "ap.12".into(),
            allocated: "5 000 000 kr".into(),
            disbursed: "0".into(),
            spent: "0".into(),
            ..FundingInput::default()
        }
    }

    #[test]
    fn a_decision_line_is_read_as_people_type_it() {
        let values = typed().check().unwrap();
        assert_eq!(values.allocated.as_kronor(), 5_000_000);
        assert_eq!(values.county, None);
        assert_eq!(FundingInput::from_values(&values).check().unwrap(), values);
    }

    #[test]
    fn years_areas_appropriations_and_money_are_checked() {
        let wrong = FundingInput {
            year: "1999".into(),
            expenditure_area: "28".into(),
            appropriation: "3.1".into(),
            county: "99".into(),
            spent: "-1".into(),
            ..typed()
        };
        let problems: Vec<_> = wrong
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            problems,
            vec![
                (
                    "year".into(),
                    Problem::OutOfRange {
                        min: 2000,
                        max: 2100
                    }
                ),
                (
                    "expenditure_area".into(),
                    Problem::OutOfRange { min: 1, max: 27 }
                ),
                ("appropriation".into(), Problem::NotAnAppropriation),
                ("county".into(), Problem::NotAChoice),
                ("spent".into(), Problem::Negative),
            ]
        );
    }
}
