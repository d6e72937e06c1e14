//! Lenient matching of header wordings, option labels and centre names.
//!
//! Everything that compares what an export says with what the schema knows goes through [`key`]:
//! case, surrounding and repeated white space (non-breaking spaces included), a trailing `:` and a
//! question-number prefix (`7. `, `2.1 `, `Q7 `, `7) `) do not matter. Names are never matched
//! fuzzily; [`closest`] only *suggests*.

/// The comparison key of a header wording or option label.
pub(crate) fn key(s: &str) -> String {
    let folded = fold(s);
    let without_number = strip_number_prefix(&folded);
    without_number.trim_end_matches([':', ' ']).to_string()
}

/// The comparison key of a name (centre, alias): case and white space folded, nothing stripped.
pub(crate) fn name_key(s: &str) -> String {
    fold(s)
}

/// Lower-cases and folds every run of white space (NBSP included) into one space, trimmed. One
/// pass, ASCII lower-cased in place: an export's headers are keyed once per column, and an EFS
/// header can be a whole question.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
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

/// Whether `needle` stands in `hay` as whole words: where it starts and ends, `hay` has no letter
/// or digit next to it (both folded by [`name_key`]).
pub(crate) fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !word(before) && !word(after)
    })
}

/// The candidate most like `wanted`, for a "did you mean" hint; `None` when nothing is close.
/// Of equally close candidates the first wins; [`closest_ties`] gives them all.
pub(crate) fn closest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    closest_ties(wanted, candidates).into_iter().next()
}

/// Every candidate as close to `wanted` as the closest one (distinct, in order), when any is close:
/// a normalised Levenshtein similarity (1 − distance / the longer length, in characters) of at least
/// 0.5.
pub(crate) fn closest_ties<'a, I>(wanted: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    ties(wanted, candidates.into_iter().map(|c| (key(c).chars().collect::<Vec<char>>(), c)))
}

/// Candidates to suggest from, their keys worked out once: the wordings of a schema, which every
/// unknown column of every export is compared with.
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidates {
    keys: Vec<Vec<char>>,
    names: Vec<String>,
}

impl Candidates {
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Candidates {
        let names: Vec<String> = names.into_iter().map(str::to_string).collect();
        Candidates { keys: names.iter().map(|n| key(n).chars().collect()).collect(), names }
    }

    /// As [`closest`].
    pub(crate) fn closest(&self, wanted: &str) -> Option<&str> {
        self.closest_ties(wanted).into_iter().next()
    }

    /// As [`closest_ties`].
    pub(crate) fn closest_ties(&self, wanted: &str) -> Vec<&str> {
        ties(wanted, self.keys.iter().zip(&self.names).map(|(k, n)| (k.as_slice(), n.as_str())))
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

/// How alike `a` and `b` are, letter by letter: 1 − their Levenshtein distance / the longer length
/// (1 for two empty strings), as [`closest`] scores.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    match levenshtein_within(&a, &b, longest) {
        Some(d) if longest > 0 => 1.0 - d as f64 / longest as f64,
        _ => 1.0,
    }
}

/// The Levenshtein distance of `a` and `b` if it is at most `k`, else `None`.
///
/// Myers' bit-parallel algorithm, in Hyyrö's formulation and in blocks of 64 characters of the
/// shorter string as edlib computes it: a column of the distance table is two bit vectors (where a
/// row is one more, or one less, than the row above), advanced a character of the longer string at
/// a time with a few word operations per block. The last row's value is followed as it goes; once it
/// is too far above `k` to come back down, the rest is not computed.
fn levenshtein_within(a: &[char], b: &[char], k: usize) -> Option<usize> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > k {
        return None;
    }
    if short.is_empty() {
        return Some(long.len());
    }
    let blocks = short.len().div_ceil(64);
    let matches = Matches::new(short, blocks);
    // Vertical differences of the current column, block by block: row i is one more than row i - 1
    // (plus), or one less (minus). The first column counts up: all plus.
    let (mut plus, mut minus) = (vec![!0u64; blocks], vec![0u64; blocks]);
    let last = (short.len() - 1) % 64;
    let mut score = short.len();
    for (j, &c) in long.iter().enumerate() {
        let eq = matches.of(c);
        // The horizontal difference entering each block from above: the top row counts up.
        let mut carry: i8 = 1;
        for b in 0..blocks {
            let (pv, mv) = (plus[b], minus[b]);
            let negative = u64::from(carry < 0);
            let xv = eq[b] | mv;
            let eq = eq[b] | negative;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let (mut ph, mut mh) = (mv | !(xh | pv), pv & xh);
            if b == blocks - 1 {
                // The horizontal difference in the shorter string's last row.
                score = (score + ((ph >> last) & 1) as usize) - ((mh >> last) & 1) as usize;
            }
            let out = ((ph >> 63) & 1) as i8 - ((mh >> 63) & 1) as i8;
            ph = (ph << 1) | u64::from(carry > 0);
            mh = (mh << 1) | negative;
            plus[b] = mh | !(xv | ph);
            minus[b] = ph & xv;
            carry = out;
        }
        // Each column left can lower the last row by one at most.
        if score > k + (long.len() - j - 1) {
            return None;
        }
    }
    Some(score).filter(|&d| d <= k)
}

/// For each character, the bits of the positions where the shorter string holds it, block by block.
struct Matches {
    blocks: usize,
    ascii: Vec<u64>,
    other: Vec<(char, Vec<u64>)>,
    none: Vec<u64>,
}

impl Matches {
    fn new(short: &[char], blocks: usize) -> Matches {
        let mut m = Matches { blocks, ascii: vec![0; 128 * blocks], other: Vec::new(), none: vec![0; blocks] };
        for (i, &c) in short.iter().enumerate() {
            let (block, bit) = (i / 64, 1u64 << (i % 64));
            if c.is_ascii() {
                m.ascii[c as usize * blocks + block] |= bit;
            } else if let Some((_, bits)) = m.other.iter_mut().find(|(o, _)| *o == c) {
                bits[block] |= bit;
            } else {
                let mut bits = vec![0; blocks];
                bits[block] |= bit;
                m.other.push((c, bits));
            }
        }
        m
    }

    fn of(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            &self.ascii[c as usize * self.blocks..(c as usize + 1) * self.blocks]
        } else {
            self.other.iter().find(|(o, _)| *o == c).map_or(&self.none, |(_, bits)| bits)
        }
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
        fn folding_lowercases_each_word_and_joins_them_with_one_space(s in "[aBcÆøÅİẞ \u{a0}\u{202f}\t\n]{0,16}") {
            let words: Vec<String> = s
                .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
                .filter(|w| !w.is_empty())
                .map(|w| w.chars().flat_map(char::to_lowercase).collect::<String>())
                .collect();
            proptest::prop_assert_eq!(fold(&s), words.join(" "));
        }

        #[test]
        fn the_bounded_distance_is_levenshteins_up_to_its_bound(a in "[abc ]{0,12}", b in "[abc ]{0,12}", k in 0usize..14) {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let exact = strsim::levenshtein(&a, &b);
            proptest::prop_assert_eq!(levenshtein_within(&x, &y, k), (exact <= k).then_some(exact));
        }

        #[test]
        fn the_distance_of_strings_longer_than_a_block_is_levenshteins(a in "[abø]{0,150}", b in "[abø]{0,150}", k in 0usize..160) {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let exact = strsim::levenshtein(&a, &b);
            proptest::prop_assert_eq!(levenshtein_within(&x, &y, k), (exact <= k).then_some(exact));
        }

        #[test]
        fn similarity_is_strsims_normalised_levenshtein(a in "[abø ]{0,70}", b in "[abø ]{0,70}") {
            proptest::prop_assert_eq!(similarity(&a, &b), strsim::normalized_levenshtein(&a, &b));
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
            proptest::prop_assert_eq!(keyed.closest_ties(&wanted), want);
        }
    }

    #[test]
    fn a_name_stands_within_another_only_as_whole_words() {
        assert!(contains_words("frisklivssentralen kristiansand", "kristiansand"));
        assert!(contains_words("frisklivssentralen sør-varanger", "sør-varanger"));
        assert!(contains_words("kristiansand kommune", "kristiansand"));
        assert!(!contains_words("kristiansandfrisk", "kristiansand"));
        assert!(!contains_words("nord-senjaliv", "senja"));
        assert!(!contains_words("modum", ""));
    }

    #[test]
    fn closest_suggests_but_never_for_unrelated_text() {
        let names = ["Kristiansand", "Kristiansund", "Modum"];
        assert_eq!(closest("Kristiansandd", names), Some("Kristiansand"));
        assert_eq!(closest_ties("Kristiansnd", names), vec!["Kristiansand", "Kristiansund"]);
        assert_eq!(closest("Oslo", names), None);
    }
}
