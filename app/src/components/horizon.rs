//! How far the money reaches, in words: the last year with money decided, and the signal a
//! year before it ends while the measure runs on (`models::FundingHorizon`).

use super::{fmt_date, use_lang, use_locale};
use crate::i18n::{td, td_string};
use crate::models::{FundingHorizon, HorizonSignal};
use leptos::prelude::*;

/// The signal in a sentence, with the dates it rests on.
pub fn horizon_sentence(
    signal: HorizonSignal,
    locale: crate::i18n::Locale,
    lang: crate::domain::Lang,
) -> AnyView {
    match signal {
        HorizonSignal::EndsSoon {
            ends,
            measure_ends,
            since,
        } => td!(
            locale,
            horizon.ends_soon,
            ends = fmt_date(ends, lang),
            measure_ends = fmt_date(measure_ends, lang),
            since = fmt_date(since, lang)
        )
        .into_any(),
        HorizonSignal::Ended {
            ended,
            measure_ends,
        } => td!(
            locale,
            horizon.ended,
            ended = fmt_date(ended, lang),
            measure_ends = fmt_date(measure_ends, lang)
        )
        .into_any(),
    }
}

/// A table cell's content: the last year with money decided ("–" for none) and, when raised,
/// the signal as a badge with its sentence.
#[component]
pub fn HorizonCell(horizon: FundingHorizon) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let year = horizon
        .last_year
        .map_or_else(|| "–".to_owned(), |year| year.to_string());
    view! {
        <span class="nowrap">{year}</span>
        {horizon.signal.map(|signal| view! {
            <span class="horizon-badge">
                <span class="symbol" aria-hidden="true">"▲ "</span>
                {match signal {
                    HorizonSignal::EndsSoon { .. } => td_string!(locale, horizon.ends_soon_badge),
                    HorizonSignal::Ended { .. } => td_string!(locale, horizon.ended_badge),
                }}
            </span>
            <span class="subtitle">{horizon_sentence(signal, locale, lang)}</span>
        })}
    }
}
