//! Sorting text the way readers expect: Swedish puts Å, Ä and Ö after Z; codes like `1.10`
//! come after `1.9`. Databases disagree on collation (SQLite compares bytes, PostgreSQL follows
//! its locale), so lists that must read the same on both are sorted here.

use super::Lang;
use std::cmp::Ordering;

/// A key that orders texts alphabetically in `lang`, ignoring case.
pub fn sort_key(text: &str, lang: Lang) -> Vec<u32> {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| rank(c, lang))
        .collect()
}

fn rank(c: char, lang: Lang) -> u32 {
    const LETTERS: u32 = 1_000;
    let letter = |l: char| LETTERS + (l as u32 - 'a' as u32);
    match (c, lang) {
        ('a'..='z', _) => letter(c),
        ('å', Lang::Sv) => LETTERS + 26,
        ('ä' | 'æ', Lang::Sv) => LETTERS + 27,
        ('ö' | 'ø', Lang::Sv) => LETTERS + 28,
        ('ü', Lang::Sv) => letter('y'),
        ('å' | 'ä' | 'á' | 'à' | 'â', _) => letter('a'),
        ('ö' | 'ø' | 'ó' | 'ò' | 'ô', _) => letter('o'),
        ('ü' | 'ú' | 'ù' | 'û', _) => letter('u'),
        ('é' | 'è' | 'ê' | 'ë', _) => letter('e'),
        ('í' | 'ì' | 'î' | 'ï', _) => letter('i'),
        ('0'..='9', _) => 500 + (c as u32 - '0' as u32),
        (c, _) if c.is_alphabetic() => LETTERS + 100 + c as u32,
        (c, _) => c as u32 % 500,
    }
}

/// Orders codes such as `1.2`, `1.10`, `A2025/00637` with their numbers compared as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_parts(a).cmp(&natural_parts(b))
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Part<'a> {
    Number(u64),
    Text(&'a str),
}

fn natural_parts(text: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let is_digit = first.is_ascii_digit();
        let len = rest
            .find(|c: char| c.is_ascii_digit() != is_digit)
            .unwrap_or(rest.len());
        let (head, tail) = rest.split_at(len);
        parts.push(match head.parse() {
            Ok(number) if is_digit => Part::Number(number),
            _ => Part::Text(head),
        });
        rest = tail;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str], lang: Lang) -> Vec<String> {
        let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        words.sort_by_key(|w| sort_key(w, lang));
        words
    }

    #[test]
    fn swedish_puts_a_ring_a_diaeresis_and_o_diaeresis_after_z() {
        let words = ["Ö", "Å", "Ä", "Z", "a", "Örebro", "Älvsbyn"];
        assert_eq!(
            sorted(&words, Lang::Sv),
            ["a", "Z", "Å", "Ä", "Älvsbyn", "Ö", "Örebro"]
        );
    }

    #[test]
    fn english_sorts_swedish_letters_with_their_base_letter() {
        assert_eq!(
            sorted(&["Zeta", "Örebro", "Apple"], Lang::En),
            ["Apple", "Örebro", "Zeta"]
        );
    }

    #[test]
    fn case_does_not_change_the_order() {
        assert_eq!(
            sorted(&["beta", "Alfa", "Cesar"], Lang::Sv),
            ["Alfa", "beta", "Cesar"]
        );
    }

    #[test]
    fn numbers_in_codes_compare_as_numbers() {
        let mut codes = vec!["1.10", "1.2", "2.1", "1.9", "10.1"];
        codes.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(codes, ["1.2", "1.9", "1.10", "2.1", "10.1"]);
    }
}
