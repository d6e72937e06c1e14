//! One cell → a value: numbers, Ja/Nei, ticks, lists and text, and why a cell was not read as
//! written (an approximate number, a range, a word where a number belongs …).
//!
//! Empty (and the EFS codes `-77`, `-99`, `-66`) is unanswered, never zero, except in a tick column,
//! where an empty cell is an unticked option.

use crate::schema::CellKind;
use std::borrow::Cow;

/// A parsed cell. `value` and `text` are both `None` when the cell is unanswered or unreadable.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed<'a> {
    pub(crate) value: Option<f64>,
    /// Free text as written, or a list's items joined by "; ".
    pub(crate) text: Option<Cow<'a, str>>,
    /// Why the cell was not read as written (an approximate number, a range…), for the `note` column
    /// and the warning.
    pub(crate) note: Option<Note>,
}

/// Why a cell was not read as written, short and stable: the `note` column of the long table and of
/// `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoteTag {
    Approximate,
    Range,
    NotANumber,
    Ambiguous,
    Fraction,
    Negative,
    NotJaNei,
    NotATick,
}

impl NoteTag {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NoteTag::Approximate => "approximate",
            NoteTag::Range => "range",
            NoteTag::NotANumber => "not a number",
            NoteTag::Ambiguous => "ambiguous",
            NoteTag::Fraction => "fraction",
            NoteTag::Negative => "negative",
            NoteTag::NotJaNei => "not Ja/Nei",
            NoteTag::NotATick => "not a tick",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    pub(crate) tag: NoteTag,
    pub(crate) message: String,
    pub(crate) hint: &'static str,
    /// Whether the cell still has a value (an approximate number does; a range does not).
    pub(crate) has_value: bool,
    /// The value a correction with `action = "confirm"` accepts when the cell has none as read
    /// (an ambiguous count: `1.200` is then 1200).
    pub(crate) if_confirmed: Option<f64>,
}

impl<'a> Parsed<'a> {
    fn missing() -> Parsed<'a> {
        Parsed { value: None, text: None, note: None }
    }

    fn value(v: f64) -> Parsed<'a> {
        Parsed { value: Some(v), text: None, note: None }
    }

    fn text(t: impl Into<Cow<'a, str>>) -> Parsed<'a> {
        Parsed { value: None, text: Some(t.into()), note: None }
    }

    fn unread(tag: NoteTag, message: impl Into<String>, hint: &'static str) -> Parsed<'a> {
        let note = Note { tag, message: message.into(), hint, has_value: false, if_confirmed: None };
        Parsed { value: None, text: None, note: Some(note) }
    }
}

const FIX_OR_MISSING: &str = "add a correction in corrections.toml, or leave it: the cell counts as unanswered";

/// Parses `raw` as a cell of `kind`. `option_label` is the label of a tick column's option (a ticked
/// cell may hold it); `missing_codes` are the EFS missing-value codes.
pub(crate) fn parse<'a>(
    kind: CellKind,
    raw: &'a str,
    option_label: Option<&str>,
    missing_codes: &[String],
) -> Parsed<'a> {
    if let Some(value) = at_a_glance(kind, raw, missing_codes) {
        return Parsed { value, text: None, note: None };
    }
    let t = trim(raw);
    if missing_codes.iter().any(|m| m == t) {
        return Parsed::missing();
    }
    match kind {
        CellKind::Number => number(t),
        CellKind::Count => count(t),
        CellKind::YesNo => match yes_no(t) {
            _ if t.is_empty() => Parsed::missing(),
            Some(b) => Parsed::value(f64::from(u8::from(b))),
            None => Parsed::unread(NoteTag::NotJaNei, "is not Ja/Nei", FIX_OR_MISSING),
        },
        CellKind::Tick => {
            if t.is_empty() {
                return Parsed::value(0.0);
            }
            let label =
                option_label.is_some_and(|l| crate::schema::matching::key(l) == crate::schema::matching::key(t));
            match yes_no(t) {
                Some(b) => Parsed::value(f64::from(u8::from(b))),
                None if label => Parsed::value(1.0),
                None => Parsed::unread(
                    NoteTag::NotATick,
                    "is not a tick (1, X, Ja or the option's label) nor 0",
                    FIX_OR_MISSING,
                ),
            }
        }
        CellKind::Text => {
            if t.is_empty() {
                Parsed::missing()
            } else {
                Parsed::text(raw)
            }
        }
        CellKind::List => {
            let items: Vec<&str> = t.split([';', ',', '\n', '\r']).map(trim).filter(|s| !s.is_empty()).collect();
            if items.is_empty() {
                Parsed::missing()
            } else {
                Parsed::text(items.join("; "))
            }
        }
    }
}

/// The cells most exports are made of, read without a second look: their value (none: an empty
/// cell or a missing-value code), with no text and no note. `None`: look closer.
pub(crate) fn at_a_glance(kind: CellKind, raw: &str, missing_codes: &[String]) -> Option<Option<f64>> {
    if missing_codes.iter().any(|m| m.len() == raw.len() && m == raw) {
        return Some(None);
    }
    // Byte patterns, not string ones: these compare in registers, not through memcmp.
    Some(match (kind, raw.as_bytes()) {
        (CellKind::Tick, b"" | b"0") | (CellKind::YesNo, b"0" | b"Nei") => Some(0.0),
        (CellKind::Tick | CellKind::YesNo, b"1" | b"Ja" | b"X") => Some(1.0),
        (CellKind::Number | CellKind::Count | CellKind::YesNo | CellKind::Text | CellKind::List, b"") => None,
        (CellKind::Number | CellKind::Count, digits) if digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) => {
            Some(digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64)
        }
        _ => return None,
    })
}

/// Whether reading `raw` as `kind` is sure to say nothing (no note): always for text and lists, and
/// for the plain cells [`parse`] reads at a glance (a missing-value code among them is read without
/// a note too). A reader that does not keep a cell's value checks it with this first.
#[inline]
pub(crate) fn is_plain(kind: CellKind, b: &[u8]) -> bool {
    match kind {
        CellKind::Text | CellKind::List => true,
        CellKind::Number | CellKind::Count => b.len() <= 15 && b.iter().all(u8::is_ascii_digit),
        CellKind::Tick => matches!(b, b"" | b"0" | b"1" | b"X" | b"Ja"),
        CellKind::YesNo => matches!(b, b"" | b"0" | b"1" | b"X" | b"Ja" | b"Nei"),
    }
}

/// `s` without white space at either end (NBSP and the narrow NBSP are white space too), as
/// [`str::trim`]: at a glance when `s` starts and ends with a visible ASCII character, as most
/// cells do.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [only] if only.is_ascii_graphic() => s,
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

fn yes_no(t: &str) -> Option<bool> {
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(t));
    if is(&["ja", "yes", "1", "x", "true", "sant"]) {
        Some(true)
    } else if is(&["nei", "no", "0", "false", "usant"]) {
        Some(false)
    } else {
        None
    }
}

/// What a correction with `action = "confirm"` accepts of a cell read as `p`: the cell as read, or
/// for an ambiguous count the value its note names.
pub(crate) fn confirmed(mut p: Parsed<'_>) -> Parsed<'_> {
    if p.value.is_none() {
        p.value = p.note.as_ref().and_then(|n| n.if_confirmed);
    }
    p
}

/// A count: a number, and then whole, never negative, and with no separator that could mean either
/// thousands or decimals.
fn count(t: &str) -> Parsed<'static> {
    let lower = t.to_lowercase();
    let (_, core) = strip_approximation(&lower);
    if let Some((value, message)) = ambiguous(core.trim_end_matches('+').trim_end()) {
        let note = Note {
            tag: NoteTag::Ambiguous,
            message: format!("{message}: counted as unanswered"),
            hint: "add a correction in corrections.toml with the number meant, or one with action = \"confirm\" to count the first",
            has_value: false,
            if_confirmed: Some(value),
        };
        return Parsed { value: None, text: None, note: Some(note) };
    }
    let p = number(t);
    match p.value {
        Some(v) if v < 0.0 => Parsed::unread(
            NoteTag::Negative,
            "is negative, which a count cannot be: counted as unanswered",
            FIX_OR_MISSING,
        ),
        Some(v) if v.fract() != 0.0 && p.note.is_none() => {
            let note = Note {
                tag: NoteTag::Fraction,
                message: format!("is not a whole number, which a count is: counted as {}", crate::model::table::number(v)),
                hint: "add a correction in corrections.toml with the whole number, or one with action = \"confirm\" to accept it",
                has_value: true,
                if_confirmed: None,
            };
            Parsed { value: Some(v), text: None, note: Some(note) }
        }
        _ => p,
    }
}

/// `1.200` or `1,200` (thousands, or decimals?), `1.200,5` or `1,200.5` (both kinds of separator): the
/// likelier reading for a count (the first separator marks thousands), and why it is in doubt.
fn ambiguous(t: &str) -> Option<(f64, String)> {
    let seps: Vec<(usize, char)> = t.char_indices().filter(|&(_, c)| c == '.' || c == ',').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let num = crate::model::table::number;
    match seps.as_slice() {
        [(i, _)] if digits(&t[..*i]) && t[..*i].len() <= 3 && t[i + 1..].len() == 3 && digits(&t[i + 1..]) => {
            let thousands: f64 = format!("{}{}", &t[..*i], &t[i + 1..]).parse().ok()?;
            let decimal: f64 = format!("{}.{}", &t[..*i], &t[i + 1..]).parse().ok()?;
            Some((thousands, format!("is ambiguous ({} or {}?)", num(thousands), num(decimal))))
        }
        [(i, a), (j, b)]
            if a != b
                && digits(&t[..*i])
                && t[i + 1..*j].len() == 3
                && digits(&t[i + 1..*j])
                && digits(&t[j + 1..]) =>
        {
            let read: f64 = format!("{}{}.{}", &t[..*i], &t[i + 1..*j], &t[j + 1..]).parse().ok()?;
            Some((read, format!("mixes a thousands and a decimal separator ({}?)", num(read))))
        }
        _ => None,
    }
}

fn number(t: &str) -> Parsed<'static> {
    if t.is_empty() {
        return Parsed::missing();
    }
    let lower = t.to_lowercase();
    if lower == "ingen" {
        return Parsed::value(0.0);
    }
    let (approx, core) = strip_approximation(&lower);
    if let Some(v) = plain_number(core) {
        if approx {
            let note = Note {
                tag: NoteTag::Approximate,
                message: format!("is approximate: counted as {}", crate::model::table::number(v)),
                hint: "add a correction in corrections.toml with the exact number, or one with action = \"confirm\" to accept it",
                has_value: true,
                if_confirmed: None,
            };
            return Parsed { value: Some(v), text: None, note: Some(note) };
        }
        return Parsed::value(v);
    }
    if is_range(core) {
        return Parsed::unread(
            NoteTag::Range,
            "is a range, not a number: kept as raw text, counted as unanswered",
            "add a correction in corrections.toml with one number, or leave it as missing",
        );
    }
    Parsed::unread(NoteTag::NotANumber, "is not a number: kept as raw text, counted as unanswered", FIX_OR_MISSING)
}

/// `ca. 20`, `ca 20`, `cirka 20`, `~20`, `omtrent 20`, `20+`, `over 20` → (true, "20").
fn strip_approximation(t: &str) -> (bool, &str) {
    for prefix in ["cirka", "ca.", "ca", "omtrent", "over", "~", "≈"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let rest = trim(rest);
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return (true, rest);
            }
        }
    }
    if let Some(rest) = t.strip_suffix('+') {
        let rest = trim(rest);
        if rest.ends_with(|c: char| c.is_ascii_digit()) {
            return (true, rest);
        }
    }
    (false, t)
}

/// `12`, `1 200` (space or NBSP thousands), `12,5`, `12.5`, `-3`.
fn plain_number(t: &str) -> Option<f64> {
    let mut digits = String::with_capacity(t.len());
    let groups: Vec<&str> = t.split([' ', '\u{a0}', '\u{202f}']).filter(|g| !g.is_empty()).collect();
    if groups.len() > 1 {
        // Thousands groups: the first of one to three digits, the rest of exactly three.
        let first_ok = groups[0].len() <= 3 && groups[0].chars().all(|c| c.is_ascii_digit());
        let rest_ok = groups[1..groups.len() - 1].iter().all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        let last = groups[groups.len() - 1];
        let last_ok =
            last.split([',', '.']).next().is_some_and(|w| w.len() == 3 && w.chars().all(|c| c.is_ascii_digit()));
        if !(first_ok && rest_ok && last_ok) {
            return None;
        }
    }
    for g in &groups {
        digits.push_str(g);
    }
    let normal = digits.replacen(',', ".", 1);
    if normal.is_empty() || !normal.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `10-15`, `10 – 15`, `10 til 15`.
fn is_range(t: &str) -> bool {
    for sep in ["-", "–", "—", "til"] {
        if let Some((a, b)) = t.split_once(sep) {
            if plain_number(trim(a)).is_some() && plain_number(trim(b)).is_some() && !trim(a).is_empty() {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(raw: &str) -> Parsed<'_> {
        parse(CellKind::Number, raw, None, &["-77".into(), "-99".into(), "-66".into()])
    }

    fn count(raw: &str) -> (Option<f64>, Option<&'static str>, Option<f64>) {
        let p = parse(CellKind::Count, raw, None, &["-77".into(), "-99".into(), "-66".into()]);
        let note = p.note.as_ref();
        (p.value, note.map(|n| n.tag.as_str()), note.and_then(|n| n.if_confirmed))
    }

    #[test]
    fn a_count_with_a_separator_that_may_mean_thousands_is_not_read_until_a_correction_says() {
        assert_eq!(count("1.200"), (None, Some("ambiguous"), Some(1200.0)));
        assert_eq!(count(" 1,200 "), (None, Some("ambiguous"), Some(1200.0)));
        assert_eq!(count("1.200,5"), (None, Some("ambiguous"), Some(1200.5)));
        assert_eq!(count("1,200.5"), (None, Some("ambiguous"), Some(1200.5)));
        let p = parse(CellKind::Count, "1.200", None, &[]);
        assert_eq!(p.note.as_ref().unwrap().message, "is ambiguous (1200 or 1.2?): counted as unanswered");
        assert_eq!(confirmed(p).value, Some(1200.0));
        // Not ambiguous: a decimal with one or two digits, a space as thousands separator, a plain number.
        assert_eq!(count("12,5"), (Some(12.5), Some("fraction"), None));
        assert_eq!(count("1 004"), (Some(1004.0), None, None));
        assert_eq!(count("1200"), (Some(1200.0), None, None));
        assert_eq!(count("-3"), (None, Some("negative"), None));
        assert_eq!(count("-77"), (None, None, None), "a missing-value code is not a negative count");
        assert_eq!(count("ca. 12"), (Some(12.0), Some("approximate"), None));
        assert_eq!(count("ca. 1.200"), (None, Some("ambiguous"), Some(1200.0)), "approximate and ambiguous");
        assert_eq!(count("~1,200"), (None, Some("ambiguous"), Some(1200.0)));
        assert_eq!(count("1.200+"), (None, Some("ambiguous"), Some(1200.0)));
        // A number that is not a count keeps reading `1.200` as 1.2.
        assert_eq!((n("1.200").value, n("1.200").note), (Some(1.2), None));
        assert!(!is_plain(CellKind::Count, b"1.200") && is_plain(CellKind::Count, b"1200"));
    }

    #[test]
    fn numbers_as_analysts_write_them() {
        for (raw, want) in [
            ("12", 12.0),
            (" 12 ", 12.0),
            ("1 200", 1200.0),
            ("1\u{a0}200", 1200.0),
            ("12,5", 12.5),
            ("Ingen", 0.0),
            ("0", 0.0),
        ] {
            assert_eq!(n(raw), Parsed::value(want), "{raw:?}");
        }
    }

    #[test]
    fn approximate_numbers_count_with_a_note() {
        for raw in ["ca. 20", "ca 20", "cirka 20", "~20", "20+", "Ca. 20"] {
            let p = n(raw);
            assert_eq!(p.value, Some(20.0), "{raw:?}");
            assert_eq!(p.note.unwrap().tag, NoteTag::Approximate);
        }
    }

    #[test]
    fn ranges_and_words_count_nothing_and_say_why() {
        for (raw, tag) in
            [("10-15", "range"), ("10 – 15", "range"), ("mange", "not a number"), ("1 20", "not a number")]
        {
            let p = n(raw);
            assert_eq!((p.value, p.note.map(|n| n.tag.as_str())), (None, Some(tag)), "{raw:?}");
        }
    }

    #[test]
    fn empty_and_missing_codes_are_unanswered_not_zero() {
        for raw in ["", "  ", "-77", "-99", "-66"] {
            assert_eq!(n(raw), Parsed::missing(), "{raw:?}");
        }
    }

    #[test]
    fn ja_nei_and_ticks() {
        let yn = |raw| parse(CellKind::YesNo, raw, None, &[]).value;
        assert_eq!(
            [yn("Ja"), yn("nei"), yn("Yes"), yn("No"), yn("1"), yn("0"), yn("")],
            [Some(1.0), Some(0.0), Some(1.0), Some(0.0), Some(1.0), Some(0.0), None]
        );
        let tick = |raw| parse(CellKind::Tick, raw, Some("Faste møter"), &["-77".into()]).value;
        assert_eq!(
            [tick("1"), tick("X"), tick("Ja"), tick("faste møter"), tick("0"), tick(""), tick("-77")],
            [Some(1.0), Some(1.0), Some(1.0), Some(1.0), Some(0.0), Some(0.0), None]
        );
        assert_eq!(parse(CellKind::Tick, "kanskje", None, &[]).note.unwrap().tag, NoteTag::NotATick);
    }

    #[test]
    fn lists_split_on_semicolons_commas_and_line_breaks() {
        let p = parse(CellKind::List, "Levanger; Stjørdal,Inderøy\r\nSteinkjer;", None, &[]);
        assert_eq!(p.text.as_deref(), Some("Levanger; Stjørdal; Inderøy; Steinkjer"));
    }

    #[test]
    fn a_cell_that_looks_plain_never_has_a_note() {
        let codes = ["-77".to_string(), "99".to_string()];
        let kinds = [CellKind::Number, CellKind::YesNo, CellKind::Tick, CellKind::Text, CellKind::List];
        let raws =
            ["", "0", "1", "99", "-77", "X", "Ja", "Nei", "x", "12", " 12", "1 200", "ca. 3", "10-15", "kanskje"];
        for kind in kinds {
            for raw in raws {
                if is_plain(kind, raw.as_bytes()) {
                    assert!(parse(kind, raw, None, &codes).note.is_none(), "{kind:?} {raw:?}");
                }
            }
        }
        assert!(!is_plain(CellKind::Number, b"ca. 3") && !is_plain(CellKind::Tick, b"kanskje"));
    }

    #[test]
    fn text_is_kept_verbatim() {
        let raw = "  Fysisk aktivitet;\n\"kosthold\"  ";
        assert_eq!(parse(CellKind::Text, raw, None, &[]).text.as_deref(), Some(raw));
    }
}
