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

/// Every candidate as close to `wanted` as the closest one (distinct, in order), when any is close:
/// a normalised Levenshtein similarity (1 − distance / the longer length, in characters) of at least
/// 0.5.
pub fn closest_ties<'a, I>(wanted: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    ties(wanted, candidates.into_iter().map(|c| (key(c).chars().collect::<Vec<char>>(), c)))
}

/// Candidates to suggest from, their keys worked out once: the wordings of a schema, which every
/// unknown column of every export is compared with.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    keys: Vec<Vec<char>>,
    names: Vec<String>,
}

impl Candidates {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Candidates {
        let names: Vec<String> = names.into_iter().map(str::to_string).collect();
        Candidates { keys: names.iter().map(|n| key(n).chars().collect()).collect(), names }
    }

    /// As [`closest`].
    pub fn closest(&self, wanted: &str) -> Option<&str> {
        let candidates = self.keys.iter().zip(&self.names).map(|(k, n)| (k.as_slice(), n.as_str()));
        ties(wanted, candidates).into_iter().next()
    }
}

/// [`closest_ties`] of candidates given with their keys. A candidate is measured only as far as it
/// could still reach the best so far, so that a header of unknown columns checked against every
/// wording of the schema stays quick.
fn ties<'a, K: AsRef<[char]>>(wanted: &str, candidates: impl Iterator<Item = (K, &'a str)>) -> Vec<&'a str> {
    let wanted: Vec<char> = key(wanted).chars().collect();
    let mut best = 0.5;
    let mut scored: Vec<(f64, &str)> = Vec::new();
    for (other, c) in candidates {
        let other = other.as_ref();
        let longest = wanted.len().max(other.len());
        if longest == 0 {
            scored.push((1.0, c));
            best = 1.0;
            continue;
        }
        // Generous by one: the score itself decides, with the same arithmetic as strsim's.
        let bound = ((1.0 - best) * longest as f64).ceil() as usize + 1;
        let Some(distance) = levenshtein_within(&wanted, other, bound) else { continue };
        let score = 1.0 - distance as f64 / longest as f64;
        if score >= best {
            best = score;
            scored.push((score, c));
        }
    }
    let mut out: Vec<&str> = Vec::new();
    for (score, c) in scored {
        if score == best && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The Levenshtein distance of `a` and `b` if it is at most `k`, else `None`: only the cells of the
/// table within `k` of its diagonal are filled, and a row whose every cell exceeds `k` ends it.
fn levenshtein_within(a: &[char], b: &[char], k: usize) -> Option<usize> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > k {
        return None;
    }
    let over = k + 1;
    // prev[j]: the distance between the first i - 1 characters of `long` and the first j of `short`,
    // or `over` when it exceeds k. The band only moves right, so a cell right of it was never
    // written and still reads `over`; the one left of it is set to `over` on each row.
    let mut prev: Vec<usize> = (0..=short.len()).map(|j| j.min(over)).collect();
    let mut cur = vec![over; short.len() + 1];
    for (i, &l) in long.iter().enumerate().map(|(i, l)| (i + 1, l)) {
        let (lo, hi) = (i.saturating_sub(k).max(1), (i + k).min(short.len()));
        cur[0] = i.min(over);
        cur[lo - 1] = if lo == 1 { cur[0] } else { over };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let substitute = prev[j - 1] + usize::from(short[j - 1] != l);
            cur[j] = substitute.min(prev[j] + 1).min(cur[j - 1] + 1).min(over);
            row_min = row_min.min(cur[j]);
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[short.len()]).filter(|&d| d <= k)
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

    proptest::proptest! {
        #[test]
        fn the_bounded_distance_is_levenshteins_up_to_its_bound(a in "[abc ]{0,12}", b in "[abc ]{0,12}", k in 0usize..14) {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let exact = strsim::levenshtein(&a, &b);
            proptest::prop_assert_eq!(levenshtein_within(&x, &y, k), (exact <= k).then_some(exact));
        }

        #[test]
        fn the_closest_are_those_of_the_best_similarity(wanted in "[abcø ]{0,10}", candidates in proptest::collection::vec("[abcø ]{0,10}", 0..8)) {
            // As plainly computed: every candidate scored by strsim, the best of those at 0.5 or more.
            let scored: Vec<(f64, &str)> = candidates
                .iter()
                .map(|c| (strsim::normalized_levenshtein(&key(&wanted), &key(c)), c.as_str()))
                .filter(|(score, _)| *score >= 0.5)
                .collect();
            let best = scored.iter().map(|s| s.0).fold(f64::NAN, f64::max);
            let mut want: Vec<&str> = Vec::new();
            for (score, c) in scored {
                if score == best && !want.contains(&c) {
                    want.push(c);
                }
            }
            proptest::prop_assert_eq!(closest_ties(&wanted, candidates.iter().map(String::as_str)), want.clone());
            let keyed = Candidates::new(candidates.iter().map(String::as_str));
            proptest::prop_assert_eq!(keyed.closest(&wanted), want.first().copied());
        }
    }

    #[test]
    fn closest_suggests_but_never_for_unrelated_text() {
        let names = ["Kristiansand", "Kristiansund", "Modum"];
        assert_eq!(closest("Kristiansandd", names), Some("Kristiansand"));
        assert_eq!(closest_ties("Kristiansnd", names), vec!["Kristiansand", "Kristiansund"]);
        assert_eq!(closest("Oslo", names), None);
    }
}
