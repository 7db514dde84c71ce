//! SCB's county codes (länskoder) and municipality codes (kommunkoder). Codes are text: the
//! leading zero of "01" matters.

use super::DomainError;
use serde::{Deserialize, Serialize};

/// The 21 county codes in use since 1998 (02, 11, 15 and 16 are retired).
pub const COUNTY_CODES: [&str; 21] = [
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20",
    "21", "22", "23", "24", "25",
];

/// One of Sweden's 21 county codes, e.g. `24` for Västerbottens län.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountyCode(&'static str);

impl Serialize for CountyCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for CountyCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CountyCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl CountyCode {
    pub fn parse(text: &str) -> Result<CountyCode, DomainError> {
        COUNTY_CODES
            .iter()
            .find(|code| **code == text)
            .map(|code| CountyCode(code))
            .ok_or_else(|| DomainError::CountyCode(text.to_owned()))
    }

    pub const fn as_str(self) -> &'static str {
        self.0
    }

    /// All 21 counties in code order.
    pub fn all() -> impl Iterator<Item = CountyCode> {
        COUNTY_CODES.iter().map(|code| CountyCode(code))
    }
}

impl std::str::FromStr for CountyCode {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountyCode::parse(s)
    }
}

impl TryFrom<String> for CountyCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CountyCode::parse(&value)
    }
}

impl From<CountyCode> for String {
    fn from(code: CountyCode) -> String {
        code.0.to_owned()
    }
}

impl std::fmt::Display for CountyCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

crate::sql_text_type!(CountyCode);

/// A municipality code: four digits whose first two are the county's code, e.g. `2480` (Umeå).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    pub fn parse(text: &str) -> Result<MunicipalityCode, DomainError> {
        let well_formed = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
        if well_formed && CountyCode::parse(&text[..2]).is_ok() {
            Ok(MunicipalityCode(text.to_owned()))
        } else {
            Err(DomainError::MunicipalityCode(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The county the municipality lies in.
    pub fn county(&self) -> CountyCode {
        CountyCode::parse(&self.0[..2]).expect("checked when parsed")
    }
}

impl std::str::FromStr for MunicipalityCode {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MunicipalityCode::parse(s)
    }
}

impl TryFrom<String> for MunicipalityCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        MunicipalityCode::parse(&value)
    }
}

impl From<MunicipalityCode> for String {
    fn from(code: MunicipalityCode) -> String {
        code.0
    }
}

impl std::fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

crate::sql_text_type!(MunicipalityCode);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_21_county_codes_parse_and_keep_their_leading_zero() {
        assert_eq!(CountyCode::all().count(), 21);
        assert_eq!(CountyCode::parse("01").unwrap().as_str(), "01");
        assert_eq!(CountyCode::parse("24").unwrap().to_string(), "24");
    }

    #[test]
    fn retired_and_malformed_county_codes_are_refused() {
        for text in ["02", "11", "15", "16", "1", "001", "26", "AC", ""] {
            assert_eq!(
                CountyCode::parse(text),
                Err(DomainError::CountyCode(text.into()))
            );
        }
    }

    #[test]
    fn a_municipality_code_knows_its_county() {
        let umea = MunicipalityCode::parse("2480").unwrap();
        assert_eq!(umea.county(), CountyCode::parse("24").unwrap());
    }

    #[test]
    fn municipality_codes_in_retired_counties_or_of_the_wrong_length_are_refused() {
        for text in ["1180", "248", "24800", "24a0"] {
            assert!(
                MunicipalityCode::parse(text).is_err(),
                "{text} should be refused"
            );
        }
    }

    proptest! {
        #[test]
        fn any_two_digit_text_parses_exactly_when_it_is_a_county_code(n in 0u8..100) {
            let text = format!("{n:02}");
            prop_assert_eq!(CountyCode::parse(&text).is_ok(), COUNTY_CODES.contains(&text.as_str()));
        }
    }
}
