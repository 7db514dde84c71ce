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

/// A field choosing the language of a document to download (`name="lang"`), this page's
/// language first, each named in itself.
#[leptos::component]
pub fn LanguageSelect(
    /// The select's id, for its label.
    id: &'static str,
    label: &'static str,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let lang = use_lang();
    let other = match lang {
        Lang::Sv => Lang::En,
        Lang::En => Lang::Sv,
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name="lang">
                <option value=lang.tag() selected=true>{lang_name(lang)}</option>
                <option value=other.tag() lang=other.tag()>{lang_name(other)}</option>
            </select>
        </div>
    }
}

/// A language's name in itself.
fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "Svenska",
        Lang::En => "English",
    }
}
