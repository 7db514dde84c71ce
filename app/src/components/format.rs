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

/// One decimal: `1 234,5` in Swedish, `1,234.5` in English; a minus sign (−) when negative.
pub fn fmt_decimal(value: f64, lang: Lang) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "\u{2212}" } else { "" };
    let separator = match lang {
        Lang::Sv => ',',
        Lang::En => '.',
    };
    format!(
        "{sign}{}{separator}{}",
        fmt_int(tenths.abs() / 10, lang),
        tenths.abs() % 10
    )
}

/// A difference, always signed: `+3,4`, `−1,0`.
pub fn fmt_difference(value: f64, lang: Lang) -> String {
    if (value * 10.0).round() >= 0.0 {
        format!("+{}", fmt_decimal(value, lang))
    } else {
        fmt_decimal(value, lang)
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
    fn decimals_and_differences_are_written_as_each_language_does() {
        assert_eq!(fmt_decimal(1234.56, Lang::Sv), "1\u{a0}234,6");
        assert_eq!(fmt_decimal(1234.56, Lang::En), "1,234.6");
        assert_eq!(fmt_difference(3.44, Lang::Sv), "+3,4");
        assert_eq!(fmt_difference(-0.96, Lang::En), "\u{2212}1.0");
        assert_eq!(fmt_difference(-0.01, Lang::En), "+0.0");
    }

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
