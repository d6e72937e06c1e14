//! Lenient matching of header wordings, option labels and centre names.
//!
//! Everything that compares what an export says with what the schema knows goes through [`key`]:
//! case, surrounding and repeated white space (non-breaking spaces included), a trailing `:` and a
//! question-number prefix (`7. `, `2.1 `, `Q7 `, `7) `) do not matter. Names are never matched
//! fuzzily; [`closest`] only *suggests*.

/// The comparison key of a header wording or option label.
pub fn key(s: &str) -> String {
    let folded = fold(s);
    let without_number = strip_number_prefix(&folded);
    without_number.trim_end_matches([':', ' ']).to_string()
}

/// The comparison key of a name (centre, alias): case and white space folded, nothing stripped.
pub fn name_key(s: &str) -> String {
    fold(s)
}

/// Lower-cases and folds every run of white space (NBSP included) into one space, trimmed.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Strips a question-number prefix such as `7. `, `2.1 `, `q7 `, `7) ` or `10.1: ` (input is folded).
fn strip_number_prefix(s: &str) -> &str {
    let rest = s.strip_prefix('q').unwrap_or(s);
    let digits_end =
        rest.char_indices().find(|&(_, c)| !(c.is_ascii_digit() || c == '.')).map_or(rest.len(), |(i, _)| i);
    let number = &rest[..digits_end];
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return s;
    }
    let mut tail = &rest[digits_end..];
    // A letter suffix as in "1b " or "1b. " is part of the number.
    if let Some(t) = tail.strip_prefix(|c: char| c.is_ascii_lowercase()) {
        if t.starts_with([' ', '.', ')', ':']) {
            tail = t;
        }
    }
    let tail = tail.strip_prefix(['.', ')', ':']).unwrap_or(tail);
    match tail.strip_prefix(' ') {
        Some(words) if !words.is_empty() => words,
        _ => s,
    }
}

/// The candidate most like `wanted`, for a "did you mean" hint; `None` when nothing is close.
/// Of equally close candidates the first wins; [`closest_ties`] gives them all.
pub fn closest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    closest_ties(wanted, candidates).into_iter().next()
}

/// Every candidate as close to `wanted` as the closest one (distinct, in order), when any is close.
pub fn closest_ties<'a, I>(wanted: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = key(wanted);
    let scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::normalized_levenshtein(&wanted, &key(c)), c))
        .filter(|(score, _)| *score >= 0.5)
        .collect();
    let best = scored.iter().map(|s| s.0).fold(f64::NAN, f64::max);
    let mut out: Vec<&str> = Vec::new();
    for (score, c) in scored {
        if score == best && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Shortens a long header for one-line messages.
pub fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_space_nbsp_colon_and_number_prefix() {
        let want = "antall personer som har hospitert";
        for header in [
            "Antall personer som har hospitert",
            "  antall  personer som\u{a0}har hospitert : ",
            "2.1 Antall personer som har hospitert",
            "7. Antall personer som har hospitert",
            "Q7 Antall personer som har hospitert",
            "7) Antall personer som har hospitert",
            "Antall personer som har hospitert:",
        ] {
            assert_eq!(key(header), want, "{header:?}");
        }
        assert_eq!(key("1b Annet, evt. hva"), "annet, evt. hva");
        assert_eq!(key("1b. Annet, evt. hva"), "annet, evt. hva");
        assert_eq!(key("Q1b) Annet, evt. hva"), "annet, evt. hva");
    }

    #[test]
    fn a_leading_number_that_is_part_of_the_wording_stays() {
        assert_eq!(key("50"), "50");
        assert_eq!(key("2021"), "2021");
    }

    #[test]
    fn closest_suggests_but_never_for_unrelated_text() {
        let names = ["Kristiansand", "Kristiansund", "Modum"];
        assert_eq!(closest("Kristiansandd", names), Some("Kristiansand"));
        assert_eq!(closest_ties("Kristiansnd", names), vec!["Kristiansand", "Kristiansund"]);
        assert_eq!(closest("Oslo", names), None);
    }
}
