//! The plan's areas (insatsområden): the list everyone reads, and the form in which the
//! ministry that leads the plan (or an admin) adds or changes one.

use super::input;
use super::plan_edit::{MAX_DESCRIPTION, MAX_TITLE};
use crate::domain::Localized;
use crate::error::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// The plan's areas, in their order, and whether the viewer may change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaList {
    pub areas: Vec<AreaRow>,
    pub may_edit: bool,
}

/// One area as saved, with how many measures it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRow {
    pub version: i64,
    pub values: AreaValues,
    pub measure_count: i64,
}

/// The area form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaInput {
    pub code: String,
    pub title_sv: String,
    pub title_en: String,
    pub description_sv: String,
    pub description_en: String,
    /// Its place in the plan's order (1 first).
    pub position: String,
}

/// An area's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaValues {
    pub code: String,
    pub title: Localized,
    pub description: Localized,
    pub position: i64,
}

impl AreaInput {
    /// The values, or every field that is wrong and why.
    pub fn check(&self) -> Result<AreaValues, Vec<FieldError>> {
        let mut errors = Vec::new();
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
        let position = match input::whole_number(&self.position, &[]) {
            Ok(n) if (1..=99).contains(&n) => Some(n),
            Ok(_) => {
                errors.push(FieldError::new(
                    "position",
                    Problem::OutOfRange { min: 1, max: 99 },
                ));
                None
            }
            Err(problem) => {
                errors.push(FieldError::new("position", problem));
                None
            }
        };
        match position {
            Some(position) if errors.is_empty() => Ok(AreaValues {
                code,
                title: Localized::new(title_sv, title_en),
                description: Localized::new(description_sv, description_en),
                position,
            }),
            _ => Err(errors),
        }
    }

    pub fn from_values(values: &AreaValues) -> AreaInput {
        AreaInput {
            code: values.code.clone(),
            title_sv: values.title.sv.clone(),
            title_en: values.title.en.clone(),
            description_sv: values.description.sv.clone(),
            description_en: values.description.en.clone(),
            position: values.position.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_area_needs_a_code_a_swedish_title_and_a_place_in_the_order() {
        let typed = AreaInput {
            code: " 4 ".into(),
            title_sv: "Uppföljning".into(),
            position: "4".into(),
            ..AreaInput::default()
        };
        let values = typed.check().unwrap();
        assert_eq!((values.code.as_str(), values.position), ("4", 4));
        assert_eq!(AreaInput::from_values(&values).check().unwrap(), values);
        let wrong = AreaInput {
            code: "4 a".into(),
            title_sv: String::new(),
            position: "0".into(),
            ..AreaInput::default()
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
                ("code".into(), Problem::NotACode),
                ("title_sv".into(), Problem::Required),
                ("position".into(), Problem::OutOfRange { min: 1, max: 99 }),
            ]
        );
    }
}
