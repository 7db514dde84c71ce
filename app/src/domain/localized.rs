//! The two languages of the interface and text held in both.

use serde::{Deserialize, Serialize};

/// A language the interface is offered in. Swedish is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// The BCP 47 tag for `lang` attributes.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// A text held in Swedish and English (titles, descriptions, names).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Localized {
    pub sv: String,
    pub en: String,
}

impl Localized {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Self {
        Localized {
            sv: sv.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`; falls back to Swedish when no English text was given.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.sv,
        }
    }

    /// Whether the text shown in `lang` is the Swedish fallback (pages mark it with `lang="sv"`).
    pub fn falls_back(&self, lang: Lang) -> bool {
        lang == Lang::En && self.en.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_swedish_when_missing() {
        let text = Localized::new("Skydd och stöd", "");
        assert_eq!(text.get(Lang::En), "Skydd och stöd");
        assert!(text.falls_back(Lang::En));
        assert!(!text.falls_back(Lang::Sv));
    }

    #[test]
    fn each_language_gets_its_own_text() {
        let text = Localized::new("Skydd och stöd", "Protection and support");
        assert_eq!(text.get(Lang::Sv), "Skydd och stöd");
        assert_eq!(text.get(Lang::En), "Protection and support");
    }
}
