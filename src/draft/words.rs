//! How alike two wordings are, word by word: the rule `inspect --draft-config` suggests a known
//! question or option for a header by. Unlike [`crate::schema::matching::closest`] (letters, for a
//! typo), it counts the words two wordings share in the same order, so that «Antall personer som har
//! hospitert hos dere» is close to «Antall personer som har hospitert».

use crate::schema::matching::key;

/// The words of a wording: its runs of letters and digits, lower-cased, after the question number
/// («2.1 ») is stripped.
pub(crate) fn words(s: &str) -> Vec<String> {
    key(s).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Words that say nothing of what a question is about: left out of [`content`] and of an id.
const FILLER: [&str; 23] = [
    "har", "dere", "du", "som", "i", "og", "til", "for", "med", "av", "på", "en", "et", "ei", "det", "de", "om", "hva",
    "hvilke", "hvor", "er", "å", "the",
];

/// The words of a wording that say what it is about ([`words`] without the [`FILLER`]): what
/// [`Ranked`] compares, so that «Hvilke … bruker dere?» is not like another question for its
/// «hvilke», «bruker» and «dere».
pub(crate) fn content(s: &str) -> Vec<String> {
    words(s).into_iter().filter(|w| !FILLER.contains(&w.as_str())).collect()
}

/// Twice the words the two share in order (their longest common subsequence), over the words of
/// both: 1 for the same words, 0 for none in common.
pub(crate) fn likeness(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal + 1 } else { above.max(row[j]) };
            diagonal = above;
        }
    }
    2.0 * row[b.len()] as f64 / (a.len() + b.len()) as f64
}

/// A candidate is at least this alike.
pub(crate) const CANDIDATE: f64 = 0.5;
/// The best candidate is clearly best when it is at least this alike …
pub(crate) const CLEAR: f64 = 0.6;
/// … and ahead of the runner-up by this much.
pub(crate) const MARGIN: f64 = 0.15;

/// What a header is most like, among candidates scored by [`likeness`] (each candidate once, at its
/// best wording).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ranked<T> {
    pub(crate) best: Option<(T, f64)>,
    pub(crate) runner_up: Option<(T, f64)>,
}

impl<T: Clone + PartialEq> Ranked<T> {
    /// Ranks `candidates` (a value and one of its wordings; a value may come with several) by how
    /// alike their wordings are to `wanted`; those below [`CANDIDATE`] are dropped. Of equal scores
    /// the first met wins, so the same schema gives the same ranking.
    pub(crate) fn of<'a>(wanted: &str, candidates: impl IntoIterator<Item = (T, &'a str)>) -> Ranked<T> {
        let wanted = content(wanted);
        let mut scored: Vec<(T, f64)> = Vec::new();
        for (value, wording) in candidates {
            let score = likeness(&wanted, &content(wording));
            match scored.iter_mut().find(|(v, _)| *v == value) {
                Some(s) if score > s.1 => s.1 = score,
                Some(_) => {}
                None => scored.push((value, score)),
            }
        }
        scored.retain(|(_, s)| *s >= CANDIDATE);
        // A stable sort: of equal scores, the first met stays first.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut it = scored.into_iter();
        Ranked { best: it.next(), runner_up: it.next() }
    }

    /// The best candidate when it is clearly the best: at least [`CLEAR`], and [`MARGIN`] ahead.
    pub(crate) fn clear(&self) -> Option<&T> {
        let (value, best) = self.best.as_ref()?;
        let second = self.runner_up.as_ref().map_or(0.0, |r| r.1);
        (*best >= CLEAR && best - second >= MARGIN).then_some(value)
    }
}

/// A measure id from a wording: its first four words that say something (not «har», «dere» …),
/// in ASCII (æ → ae, ø → o, å → a), joined by `_`; empty when no word says anything.
pub(crate) fn id_of(wording: &str) -> String {
    let words: Vec<String> = content(wording).into_iter().take(4).collect();
    let ascii: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .flat_map(|c| match c {
                    'æ' => "ae".chars().collect::<Vec<_>>(),
                    'ø' | 'ö' => vec!['o'],
                    'å' | 'ä' => vec!['a'],
                    'é' | 'è' => vec!['e'],
                    c if c.is_ascii_alphanumeric() => vec![c],
                    _ => vec![],
                })
                .collect()
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    match ascii.join("_") {
        id if id.starts_with(|c: char| c.is_ascii_digit()) => format!("question_{id}"),
        id => id,
    }
}

/// The task a question number gives («9.3» → 9), when it is one of `tasks`.
pub(crate) fn task_of_number(header: &str, tasks: &[u8]) -> Option<u8> {
    let t = header.trim_start();
    let t = t.strip_prefix(['Q', 'q']).unwrap_or(t);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = &t[digits.len()..];
    // A number, then a dot, a bracket or a space: «9.3 …», «9) …», «9 …»; not «2019».
    if digits.is_empty() || !rest.starts_with(['.', ')', ' ', ':']) {
        return None;
    }
    digits.parse().ok().filter(|n| tasks.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(a: &str, b: &str) -> f64 {
        likeness(&words(a), &words(b))
    }

    #[test]
    fn likeness_counts_the_words_shared_in_order() {
        // 5 shared of 7 and 5 words: 10 / 12.
        let score = like("Antall personer som har hospitert hos dere", "2.1 Antall personer som har hospitert");
        assert!((score - 10.0 / 12.0).abs() < 1e-12, "{score}");
        assert_eq!(like("NAV-ansatte og personer i arbeidspraksis", "Nav – ansatte og personer i arbeidspraksis"), 1.0);
        // antall, dere, har: 6 / 13, below a candidate.
        let score = like(
            "Antall digitale samlinger dere har arrangert",
            "Antall regionale nettverkssamlinger dere har bidratt på",
        );
        assert!((score - 6.0 / 13.0).abs() < 1e-12 && score < CANDIDATE, "{score}");
        // The order counts: the same words backwards share one in order.
        assert_eq!(like("a b c", "c b a"), 2.0 / 6.0);
        assert_eq!(like("", ""), 1.0);
        assert_eq!(like("Ja", ""), 0.0);
    }

    #[test]
    fn words_that_say_nothing_do_not_make_two_questions_alike() {
        // hvilke, bruker, dere: 6 / 10 with them; 2 / 6 (bruker) without.
        assert_eq!(like("Hvilke digitale verktøy bruker dere?", "Hvilke sosiale medier bruker dere?"), 0.6);
        let r = Ranked::of("Hvilke digitale verktøy bruker dere?", [(1, "Hvilke sosiale medier bruker dere?")]);
        assert_eq!(r.best, None);
        // antall, personer, hospitert, hos of antall, personer, hospitert: 6 / 7.
        let r = Ranked::of("Antall personer som har hospitert hos dere", [(1, "Antall personer som har hospitert")]);
        assert_eq!(r.best, Some((1, 6.0 / 7.0)));
    }

    #[test]
    fn only_a_clear_lead_is_a_suggestion() {
        let known = [(1, "Antall personer som har hospitert"), (2, "Antall kommuner hospitantene representerte")];
        let r = Ranked::of("Antall personer som har hospitert hos dere", known);
        assert_eq!(r.clear(), Some(&1));
        assert_eq!(r.runner_up, None, "the runner-up is no candidate");
        // Two wordings as alike: no clear lead.
        let tied = [(1, "Antall personer hospitert"), (2, "Antall personer representert")];
        let r = Ranked::of("Antall personer", tied);
        assert_eq!(r.best.as_ref().map(|b| b.0), Some(1));
        assert_eq!(r.clear(), None);
        // A value is ranked at its best wording.
        // frivillige, lag of frivillige, lag, foreninger («og» says nothing): 4 / 5.
        let r = Ranked::of("Frivillige lag", [(7, "Ingen"), (7, "Frivillige lag og foreninger")]);
        assert_eq!(r.best, Some((7, 2.0 * 2.0 / 5.0)));
    }

    #[test]
    fn ids_and_tasks_from_a_wording() {
        assert_eq!(id_of("9.3 Antall digitale samlinger dere har arrangert"), "antall_digitale_samlinger_arrangert");
        assert_eq!(id_of("Hvilke tiltak for å nå ut til menn har dere?"), "tiltak_na_ut_menn");
        assert_eq!(id_of("Bruker dere Kvalitetsløftet?"), "bruker_kvalitetsloftet");
        assert_eq!(id_of("2023"), "question_2023");
        assert_eq!(id_of("Hva har dere?"), "");
        let tasks = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(task_of_number("9.3 Antall digitale samlinger", &tasks), Some(9));
        assert_eq!(task_of_number("Q4) Noe", &tasks), Some(4));
        assert_eq!(task_of_number("2019 var et godt år", &tasks), None);
        assert_eq!(task_of_number("12.1 Noe", &tasks), None);
        assert_eq!(task_of_number("Antall", &tasks), None);
    }
}
