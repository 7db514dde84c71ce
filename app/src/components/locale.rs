//! The language a page is rendered in. Pages render once in the chosen language; switching
//! language loads the page again (see `Header`), so the data texts switch with the interface.

use crate::domain::Lang;
use crate::i18n::{Locale, use_i18n};

/// The interface language of this page.
pub fn use_locale() -> Locale {
    use_i18n().get_locale_untracked()
}

/// The data language of this page (the same as the interface's).
pub fn use_lang() -> Lang {
    lang_of(use_locale())
}

pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::sv => Lang::Sv,
        Locale::en => Lang::En,
    }
}

/// The interface language matching a data language (for texts written on the server: files,
/// chart options).
pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::Sv => Locale::sv,
        Lang::En => Locale::en,
    }
}
