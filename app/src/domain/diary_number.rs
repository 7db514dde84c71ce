//! Government Offices diary numbers (diarienummer) such as `A2025/00637`, whose letter prefix
//! names the ministry that registered the case.

use super::{DomainError, Localized};
use serde::{Deserialize, Serialize};

/// The ministry prefixes of diary numbers, current and historical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MinistryPrefix {
    /// Statsrådsberedningen.
    Sb,
    Ju,
    Ud,
    /// Försvarsdepartementet (written `Fö`).
    Fo,
    S,
    Fi,
    U,
    Ku,
    A,
    Kn,
    Li,
    Fa,
    /// Miljödepartementet, until 2022.
    M,
    /// Näringsdepartementet, until 2022.
    N,
    /// Infrastrukturdepartementet, until 2022.
    I,
    /// Integrations- och jämställdhetsdepartementet (2007–2010).
    Ij,
}

impl MinistryPrefix {
    pub const ALL: [MinistryPrefix; 16] = [
        MinistryPrefix::Sb,
        MinistryPrefix::Ju,
        MinistryPrefix::Ud,
        MinistryPrefix::Fo,
        MinistryPrefix::S,
        MinistryPrefix::Fi,
        MinistryPrefix::U,
        MinistryPrefix::Ku,
        MinistryPrefix::A,
        MinistryPrefix::Kn,
        MinistryPrefix::Li,
        MinistryPrefix::Fa,
        MinistryPrefix::M,
        MinistryPrefix::N,
        MinistryPrefix::I,
        MinistryPrefix::Ij,
    ];

    /// The prefix as written in a diary number.
    pub const fn as_str(self) -> &'static str {
        match self {
            MinistryPrefix::Sb => "SB",
            MinistryPrefix::Ju => "Ju",
            MinistryPrefix::Ud => "UD",
            MinistryPrefix::Fo => "Fö",
            MinistryPrefix::S => "S",
            MinistryPrefix::Fi => "Fi",
            MinistryPrefix::U => "U",
            MinistryPrefix::Ku => "Ku",
            MinistryPrefix::A => "A",
            MinistryPrefix::Kn => "KN",
            MinistryPrefix::Li => "LI",
            MinistryPrefix::Fa => "FA",
            MinistryPrefix::M => "M",
            MinistryPrefix::N => "N",
            MinistryPrefix::I => "I",
            MinistryPrefix::Ij => "IJ",
        }
    }

    pub fn parse(text: &str) -> Option<MinistryPrefix> {
        MinistryPrefix::ALL
            .into_iter()
            .find(|prefix| prefix.as_str() == text)
    }

    /// The ministry's name in Swedish and English.
    pub fn ministry_name(self) -> Localized {
        let (sv, en) = match self {
            MinistryPrefix::Sb => ("Statsrådsberedningen", "Prime Minister's Office"),
            MinistryPrefix::Ju => ("Justitiedepartementet", "Ministry of Justice"),
            MinistryPrefix::Ud => ("Utrikesdepartementet", "Ministry for Foreign Affairs"),
            MinistryPrefix::Fo => ("Försvarsdepartementet", "Ministry of Defence"),
            MinistryPrefix::S => (
                "Socialdepartementet",
                "Ministry of Health and Social Affairs",
            ),
            MinistryPrefix::Fi => ("Finansdepartementet", "Ministry of Finance"),
            MinistryPrefix::U => (
                "Utbildningsdepartementet",
                "Ministry of Education and Research",
            ),
            MinistryPrefix::Ku => ("Kulturdepartementet", "Ministry of Culture"),
            MinistryPrefix::A => ("Arbetsmarknadsdepartementet", "Ministry of Employment"),
            MinistryPrefix::Kn => (
                "Klimat- och näringslivsdepartementet",
                "Ministry of Climate and Enterprise",
            ),
            MinistryPrefix::Li => (
                "Landsbygds- och infrastrukturdepartementet",
                "Ministry of Rural Affairs and Infrastructure",
            ),
            MinistryPrefix::Fa => (
                "Regeringskansliets förvaltningsavdelning",
                "Office for Administrative Affairs",
            ),
            MinistryPrefix::M => ("Miljödepartementet", "Ministry of the Environment"),
            MinistryPrefix::N => (
                "Näringsdepartementet",
                "Ministry of Enterprise and Innovation",
            ),
            MinistryPrefix::I => ("Infrastrukturdepartementet", "Ministry of Infrastructure"),
            MinistryPrefix::Ij => (
                "Integrations- och jämställdhetsdepartementet",
                "Ministry of Integration and Gender Equality",
            ),
        };
        Localized::new(sv, en)
    }
}

impl std::fmt::Display for MinistryPrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A diary number: `<prefix><year>/<serial>[/<unit>]`, e.g. `A2025/00637` or `S2017/00500/JÄM`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DiaryNumber {
    prefix: MinistryPrefix,
    year: u16,
    serial: String,
    unit: Option<String>,
}

impl DiaryNumber {
    pub fn parse(text: &str) -> Result<DiaryNumber, DomainError> {
        let invalid = || DomainError::DiaryNumber(text.to_owned());
        let text = text.trim();
        let digits_at = text
            .find(|c: char| c.is_ascii_digit())
            .ok_or_else(invalid)?;
        let prefix = MinistryPrefix::parse(&text[..digits_at]).ok_or_else(invalid)?;
        let mut parts = text[digits_at..].split('/');
        let year = parts.next().ok_or_else(invalid)?;
        let serial = parts.next().ok_or_else(invalid)?;
        let unit = parts.next();
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let year_ok = year.len() == 4 && all_digits(year);
        let serial_ok = (4..=5).contains(&serial.len()) && all_digits(serial);
        let unit_ok = unit.is_none_or(|u| !u.is_empty() && u.chars().all(char::is_alphanumeric));
        if !(year_ok && serial_ok && unit_ok) || parts.next().is_some() {
            return Err(invalid());
        }
        let year: u16 = year.parse().map_err(|_| invalid())?;
        if !(1900..=2100).contains(&year) {
            return Err(invalid());
        }
        Ok(DiaryNumber {
            prefix,
            year,
            serial: serial.to_owned(),
            unit: unit.map(str::to_owned),
        })
    }

    /// The ministry that registered the case, read from the prefix.
    pub const fn prefix(&self) -> MinistryPrefix {
        self.prefix
    }

    pub const fn year(&self) -> u16 {
        self.year
    }

    /// The form used in page addresses, where `/` cannot stand: `A2025-00637`.
    pub fn slug(&self) -> String {
        self.to_string().replace('/', "-")
    }

    /// Reads the address form back: `A2025-00637` gives `A2025/00637`.
    pub fn from_slug(slug: &str) -> Result<DiaryNumber, DomainError> {
        DiaryNumber::parse(&slug.replace('-', "/"))
            .map_err(|_| DomainError::DiaryNumber(slug.to_owned()))
    }
}

impl std::fmt::Display for DiaryNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}/{}", self.prefix, self.year, self.serial)?;
        if let Some(unit) = &self.unit {
            write!(f, "/{unit}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for DiaryNumber {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DiaryNumber::parse(s)
    }
}

impl TryFrom<String> for DiaryNumber {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DiaryNumber::parse(&value)
    }
}

impl From<DiaryNumber> for String {
    fn from(number: DiaryNumber) -> String {
        number.to_string()
    }
}

crate::sql_text_type!(DiaryNumber);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a2025_00637_is_a_case_of_the_ministry_of_employment() {
        let number = DiaryNumber::parse("A2025/00637").unwrap();
        assert_eq!(number.prefix(), MinistryPrefix::A);
        assert_eq!(number.year(), 2025);
        assert_eq!(
            number.prefix().ministry_name().sv,
            "Arbetsmarknadsdepartementet"
        );
        assert_eq!(number.to_string(), "A2025/00637");
    }

    #[test]
    fn older_numbers_with_a_unit_and_four_digit_serials_parse() {
        for text in [
            "S2017/00500/JÄM",
            "IJ2009/2315/JÄM",
            "M2017/00171/Kl",
            "Fö2024/01234",
        ] {
            assert_eq!(DiaryNumber::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn two_letter_prefixes_are_not_mistaken_for_one_letter_ones() {
        assert_eq!(
            DiaryNumber::parse("SB2024/00001").unwrap().prefix(),
            MinistryPrefix::Sb
        );
        assert_eq!(
            DiaryNumber::parse("IJ2009/2315").unwrap().prefix(),
            MinistryPrefix::Ij
        );
        assert_eq!(
            DiaryNumber::parse("UD2023/12345").unwrap().prefix(),
            MinistryPrefix::Ud
        );
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for text in [
            "",
            "A",
            "A2025",
            "A2025/",
            "X2025/00637",
            "a2025/00637",
            "A25/00637",
            "A2025/637637",
            "A2025/00637/",
            "A2025/00637/JÄM/x",
            "A2025-00637",
            "A 2025/00637",
        ] {
            assert!(
                DiaryNumber::parse(text).is_err(),
                "{text:?} should be refused"
            );
        }
    }

    #[test]
    fn the_address_form_round_trips() {
        let number = DiaryNumber::parse("S2017/00500/JÄM").unwrap();
        assert_eq!(number.slug(), "S2017-00500-JÄM");
        assert_eq!(DiaryNumber::from_slug(&number.slug()).unwrap(), number);
    }

    proptest! {
        #[test]
        fn every_well_formed_number_round_trips(
            prefix in proptest::sample::select(MinistryPrefix::ALL.to_vec()),
            year in 1990u16..2100,
            serial in 0u32..100_000,
        ) {
            let text = format!("{}{}/{:05}", prefix.as_str(), year, serial);
            let number = DiaryNumber::parse(&text).unwrap();
            prop_assert_eq!(number.prefix(), prefix);
            prop_assert_eq!(number.to_string(), text);
        }
    }
}
