//! A theme codebook: `[[theme]]` entries of the config file that code a text or list measure's
//! free-text answers into themes, counted like a choice's options.
//!
//! The matching rule, exactly: an answer's words are its maximal runs of Unicode letters and digits
//! (everything else separates words), compared by Unicode lowercase. A pattern is one or more words
//! separated by spaces and matches that many consecutive words; a `*` at the start or the end of a
//! pattern word matches any letters and digits there. A theme matches an answer when any of its
//! patterns does.

use anyhow::{bail, Result};

/// One word of a pattern, lowercased, with where its `*`s are.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PatternWord {
    core: String,
    /// `*word`: any letters and digits before.
    open_start: bool,
    /// `word*`: any letters and digits after.
    open_end: bool,
}

impl PatternWord {
    fn matches(&self, word: &str) -> bool {
        match (self.open_start, self.open_end) {
            (false, false) => word == self.core,
            (false, true) => word.starts_with(&self.core),
            (true, false) => word.ends_with(&self.core),
            (true, true) => word.contains(&self.core),
        }
    }
}

/// A pattern: consecutive words, each perhaps open at its start or end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    words: Vec<PatternWord>,
}

impl Pattern {
    /// Parses a pattern as written in the config; an empty pattern, a `*` inside a word or a word of
    /// anything but letters and digits is refused, saying why.
    pub(crate) fn parse(written: &str) -> Result<Pattern> {
        let words: Vec<&str> = written.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            bail!("the pattern {written:?} is empty: write one or more words, as \"henvis*\"");
        }
        let words = words.into_iter().map(|w| word(written, w)).collect::<Result<_>>()?;
        Ok(Pattern { words })
    }

    /// Whether the pattern matches the words of an answer ([`words`]).
    pub(crate) fn matches(&self, words: &[String]) -> bool {
        let n = self.words.len();
        words.len() >= n && words.windows(n).any(|w| self.words.iter().zip(w).all(|(p, word)| p.matches(word)))
    }
}

/// One pattern word, checked.
fn word(pattern: &str, w: &str) -> Result<PatternWord> {
    let open_start = w.starts_with('*');
    let open_end = w.len() > 1 && w.ends_with('*');
    let core = w.trim_start_matches('*').trim_end_matches('*');
    if core.contains('*') || w.starts_with("**") || (w.len() > 1 && w.ends_with("**")) {
        bail!("the pattern {pattern:?} has a `*` inside the word {w:?}: a `*` may only start or end a word");
    }
    if core.is_empty() {
        bail!("the pattern {pattern:?} has a word of no letters or digits ({w:?})");
    }
    if let Some(c) = core.chars().find(|c| !c.is_alphanumeric()) {
        bail!("the pattern {pattern:?} has {c:?} in the word {w:?}: an answer's words are letters and digits only, so it could never match; write the words apart, with a space");
    }
    Ok(PatternWord { core: core.to_lowercase(), open_start, open_end })
}

/// An answer's words: its maximal runs of Unicode letters and digits, lowercased.
pub(crate) fn words(answer: &str) -> Vec<String> {
    answer.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Whether any of `patterns` matches `answer`.
pub(crate) fn any_matches(patterns: &[Pattern], words: &[String]) -> bool {
    patterns.iter().any(|p| p.matches(words))
}

/// The words of the answer that the first matching pattern matched, as `henvisningsrutiner` or
/// `bra mat`; `None` when none matches.
pub(crate) fn matched(patterns: &[Pattern], words: &[String]) -> Option<String> {
    patterns.iter().find_map(|p| {
        let n = p.words.len();
        words.windows(n).find(|w| p.words.iter().zip(*w).all(|(pw, word)| pw.matches(word))).map(|w| w.join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, answer: &str) -> bool {
        Pattern::parse(pattern).unwrap().matches(&words(answer))
    }

    #[test]
    fn the_issues_examples_match_as_it_says() {
        assert!(matches("henvis*", "henvisningsrutiner"));
        assert!(matches("*kurs", "Søvnkurs") && matches("*kurs", "kurs"));
        assert!(matches("søvn*", "SØVN"));
        assert!(matches("bra mat", "Bra mat") && matches("bra mat", "bra, mat"));
        assert!(!matches("bra mat", "Bramat"));
        assert!(!matches("dokumentasjon", "Dokumentasjonsarbeid"));
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_in_any_script_and_line() {
        assert_eq!(
            words("Frisklivsresept/henvisning;\nØKT  aktivitet (2022)"),
            ["frisklivsresept", "henvisning", "økt", "aktivitet", "2022"]
        );
        assert!(matches("økt aktivitet", "Mål: økt\r\naktivitet."), "a line break between words");
        assert!(matches("*ÆRING", "Kostholdslæring"), "æøå lowercase as Unicode says");
        assert!(matches("*org*", "Reorganisering") && !matches("org", "Reorganisering"));
        assert!(!matches("oppstart forankring", "oppstart og forankring"), "consecutive words");
    }

    #[test]
    fn a_pattern_that_could_never_match_or_means_two_things_is_refused() {
        let err = |p: &str| format!("{:#}", Pattern::parse(p).unwrap_err());
        assert!(err("").contains("is empty"));
        assert!(err("   ").contains("is empty"));
        assert!(err("fr*sk").contains("a `*` may only start or end a word"));
        assert!(err("**kurs").contains("a `*` may only start or end a word"));
        assert!(err("*").contains("no letters or digits"));
        assert!(err("e-post").contains("'-' in the word"));
    }
}
