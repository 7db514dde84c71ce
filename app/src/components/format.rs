//! Numbers, money and dates the way readers of each language write them.

use crate::domain::{IsoDate, Lang, Money, group_digits};

/// `1 234 567` in Swedish, `1,234,567` in English.
pub fn fmt_int(number: i64, lang: Lang) -> String {
    match lang {
        Lang::Sv => group_digits(number, '\u{a0}'),
        Lang::En => group_digits(number, ','),
    }
}

/// `1 234 567 kr` in Swedish, `SEK 1,234,567` in English.
pub fn fmt_money(amount: Money, lang: Lang) -> String {
    amount.format(lang)
}

/// `45 %` in Swedish (with a space, as Swedish typography asks), `45%` in English.
pub fn fmt_percent(percent: i64, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("{percent}\u{a0}%"),
        Lang::En => format!("{percent}%"),
    }
}

pub fn fmt_date(date: IsoDate, lang: Lang) -> String {
    date.format(lang)
}

/// The date of an RFC 3339 instant (the time of day is not shown in lists).
pub fn fmt_timestamp_date(instant: &str, lang: Lang) -> String {
    instant
        .get(..10)
        .and_then(|day| IsoDate::parse(day).ok())
        .map_or_else(|| instant.to_owned(), |date| date.format(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_follow_each_languages_typography() {
        assert_eq!(fmt_percent(45, Lang::Sv), "45\u{a0}%");
        assert_eq!(fmt_percent(45, Lang::En), "45%");
    }

    #[test]
    fn timestamps_show_their_date() {
        assert_eq!(
            fmt_timestamp_date("2026-03-04T10:00:00Z", Lang::Sv),
            "2026-03-04"
        );
        assert_eq!(
            fmt_timestamp_date("2026-03-04T10:00:00Z", Lang::En),
            "4 Mar 2026"
        );
        assert_eq!(fmt_timestamp_date("garbled", Lang::Sv), "garbled");
    }
}
