//! The columns that map to nothing: a reworded question, a new option label, or a new question.

use super::words::{self, Ranked};
use super::Plan;
use crate::normalise::seen::Unread;
use crate::normalise::Dataset;
use crate::read::layout::{LayoutKind, Mapping, OPTION_SEPARATORS};
use crate::read::Export;
use crate::schema::matching::key;
use crate::schema::{Kind, Question, Schema};

/// A new wording of a known question: a `[[question]]` with the measure (and option) it feeds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reworded {
    pub(crate) wording: String,
    pub(crate) measure: String,
    pub(crate) option: Option<String>,
    /// `FILE: column N`, the first column that has it.
    pub(crate) at: String,
    pub(crate) like: Ranked<Target>,
    /// The known wording it is most like.
    pub(crate) known: String,
}

/// A new label for a known option of a choice.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewOption {
    pub(crate) measure: String,
    pub(crate) option: String,
    pub(crate) wording: String,
    pub(crate) at: String,
    pub(crate) like: Ranked<usize>,
}

/// A question like nothing known: a new measure, and a question that puts it on its form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewMeasure {
    pub(crate) id: String,
    pub(crate) task: u8,
    /// Where the task comes from: the question's number, or the column before it.
    pub(crate) task_from: String,
    pub(crate) kind: Kind,
    pub(crate) answers: Unread,
    pub(crate) label: String,
    pub(crate) wording: String,
    pub(crate) number: Option<String>,
    pub(crate) form: Option<String>,
    pub(crate) since: i32,
    pub(crate) at: String,
}

/// Drafts, for every column of every file that maps to nothing, what it most likely is.
pub(crate) fn plan(plan: &mut Plan, data: &Dataset, schema: &Schema) {
    for f in &data.files {
        let Some(e) = &f.export else { continue };
        let first_year = f.seen.years.keys().next().copied().or(e.year);
        for (c, column) in e.layout.columns.iter().enumerate() {
            if !column.mapping.is_unmapped() {
                continue;
            }
            let at = format!("{}: column {}", e.path, c + 1);
            if e.layout.kind == LayoutKind::EfsOneRow {
                plan.notes.push(format!(
                    "{at}: variable {:?} is not mapped: map it in an [[efs]] section (docs/config.md)",
                    column.header
                ));
                continue;
            }
            let answers = f.seen.unread.get(c).copied().unwrap_or_default();
            let column = Column { export: e, index: c, header: &column.header, at, answers, year: first_year };
            plan.column(&column, schema);
        }
    }
}

/// One column that maps to nothing, and what is known of it.
struct Column<'a> {
    export: &'a Export,
    index: usize,
    header: &'a str,
    at: String,
    answers: Unread,
    year: Option<i32>,
}

impl Column<'_> {
    /// Whether another column of the file already maps to `target` (a whole measure, a choice through
    /// any of its options, or one option): a question the file answers is no rewording of this one.
    fn taken(&self, (m, o): Target) -> bool {
        self.export.layout.columns.iter().any(|c| match &c.mapping {
            Mapping::Answer(t, _) => t.measure == m && (o.is_none() || t.option == o),
            _ => false,
        })
    }

    /// The option labels of the file's columns headed `<question> - <label>` with this question part.
    fn labels_of(&self, question: &str) -> Vec<&str> {
        let columns = self.export.layout.columns.iter();
        let split = columns.flat_map(|c| splits(&c.header).into_iter().filter(|(q, _)| key(q) == key(question)));
        split.map(|(_, label)| label).collect()
    }
}

/// A measure, and an option of it (for a Ja/Nei question that feeds one option).
type Target = (usize, Option<usize>);

impl Plan {
    fn column(&mut self, col: &Column, schema: &Schema) {
        if let Some((q, label)) = known_question(schema, col.header) {
            return self.option_label(col, q, label, schema);
        }
        let free = |(t, _): &(Target, &str)| !col.taken(*t);
        let whole = Ranked::of(col.header, whole_wordings(schema).into_iter().filter(free));
        if let Some(&target) = whole.clear() {
            return self.reworded(col.header, target, whole, col, schema);
        }
        // `<question> - <option>` of a reworded choice: its question part, once for all options,
        // when the labels are that choice's options.
        for (question, _) in splits(col.header) {
            let choice = Ranked::of(question, choice_wordings(schema).into_iter().filter(free));
            if let Some(&target) = choice.clear() {
                let options = &schema.measures[target.0].options;
                let known = |l: &&str| {
                    options.iter().any(|o| key(&o.label) == key(l) || o.wordings.iter().any(|w| key(w) == key(l)))
                };
                if col.labels_of(question).iter().any(known) {
                    return self.reworded(question, target, choice, col, schema);
                }
            }
        }
        if let Some((best, score)) = &whole.best {
            let (second, which) = match &whole.runner_up {
                Some((t, s)) => (format!(", and {} ({s:.2})", name(schema, *t)), "one of them"),
                None => (String::new(), "it"),
            };
            self.notes.push(format!(
                "{}: {:?} is somewhat like {} ({score:.2}){second}, but not clearly: if it is {which}, add its header to that [[question]]'s wordings",
                col.at,
                col.header,
                name(schema, *best),
            ));
        } else if !splits(col.header).is_empty() {
            self.notes.push(format!(
                "{}: {:?} looks like an option of a new choice question: add a choice [[measure]] with its options and a [[question]] (docs/config.md)",
                col.at, col.header
            ));
        } else {
            self.new_measure(col, schema);
        }
    }

    /// A label of a known choice question that no option has: the option it is clearly most like.
    fn option_label(&mut self, col: &Column, q: &Question, label: &str, schema: &Schema) {
        let m = &schema.measures[q.measure];
        let options = m.options.iter().enumerate().flat_map(|(i, o)| {
            std::iter::once((i, o.label.as_str())).chain(o.wordings.iter().map(move |w| (i, w.as_str())))
        });
        let like = Ranked::of(label, options.filter(|&(o, _)| !col.taken((q.measure, Some(o)))));
        let Some(&o) = like.clear() else {
            let best = like.best.as_ref().map(|(o, s)| format!("; the closest is {:?} ({s:.2})", m.options[*o].id));
            self.notes.push(format!(
                "{}: {label:?} is no option of {} that friskliv knows{}: add it to the right option's wordings, or add an option",
                col.at,
                m.id,
                best.unwrap_or_default()
            ));
            return;
        };
        if self.options.iter().any(|n| n.measure == m.id && key(&n.wording) == key(label)) {
            return;
        }
        self.options.push(NewOption {
            measure: m.id.clone(),
            option: m.options[o].id.clone(),
            wording: label.trim().to_string(),
            at: col.at.clone(),
            like,
        });
    }

    fn reworded(&mut self, wording: &str, target: Target, like: Ranked<Target>, col: &Column, schema: &Schema) {
        if self.questions.iter().any(|r| key(&r.wording) == key(wording)) {
            return;
        }
        let (m, o) = target;
        let known = schema
            .questions
            .iter()
            .filter(|q| (q.measure, q.option) == target)
            .flat_map(|q| &q.wordings)
            .max_by(|a, b| score(wording, a).total_cmp(&score(wording, b)))
            .cloned()
            .unwrap_or_default();
        self.questions.push(Reworded {
            wording: wording.trim().to_string(),
            measure: schema.measures[m].id.clone(),
            option: o.map(|o| schema.measures[m].options[o].id.clone()),
            at: col.at.clone(),
            like,
            known,
        });
    }

    /// A question like nothing known: a new measure, its kind from the answers, its task from the
    /// question's number or the column before it, on the form the file fits.
    fn new_measure(&mut self, col: &Column, schema: &Schema) {
        if let Some(m) = self.measures.iter_mut().find(|m| key(&m.wording) == key(col.header)) {
            m.answers = add(m.answers, col.answers);
            m.kind = kind_of(m.answers);
            m.since = col.year.map_or(m.since, |y| y.min(m.since));
            return;
        }
        let tasks: Vec<u8> = schema.tasks.iter().map(|t| t.number).collect();
        let (task, task_from) = match words::task_of_number(col.header, &tasks) {
            Some(t) => (t, "from its question number".to_string()),
            None => match task_before(col, schema) {
                Some((t, before)) => (t, format!("from the column before it ({before})")),
                None => {
                    let last = tasks.last().copied().unwrap_or(0);
                    (last, format!("no question number and no column before it with a task: the last task, {last}"))
                }
            },
        };
        let mut id = match words::id_of(col.header) {
            id if id.is_empty() => format!("column_{}", col.index + 1),
            id => id,
        };
        let taken = |id: &str| schema.measure_index(id).is_some() || self.measures.iter().any(|m| m.id == id);
        if taken(&id) {
            id = (2..).map(|n| format!("{id}_{n}")).find(|i| !taken(i)).expect("a free id");
        }
        let label = label_of(col.header);
        self.measures.push(NewMeasure {
            id,
            task,
            task_from,
            kind: kind_of(col.answers),
            answers: col.answers,
            label,
            wording: col.header.trim().to_string(),
            number: number_of(col.header),
            form: col.year.and_then(|y| self.form_of(y, schema)),
            since: col.year.unwrap_or_default(),
            at: col.at.clone(),
        });
    }
}

/// The known question an option column (`<question> - <option>`) belongs to, and its option label.
fn known_question<'s, 'h>(schema: &'s Schema, header: &'h str) -> Option<(&'s Question, &'h str)> {
    splits(header).into_iter().find_map(|(q, o)| Some((schema.question(q)?, o)))
}

/// Every way `header` splits into a question and an option at a separator.
fn splits(header: &str) -> Vec<(&str, &str)> {
    OPTION_SEPARATORS
        .iter()
        .flat_map(|sep| header.match_indices(sep).map(move |(i, _)| (&header[..i], &header[i + sep.len()..])))
        .filter(|(q, o)| !q.trim().is_empty() && !o.trim().is_empty())
        .collect()
}

/// The wordings of the questions a whole column answers, each with its target.
fn whole_wordings(schema: &Schema) -> Vec<(Target, &str)> {
    let whole = schema.questions.iter().filter(|q| schema.question_target(q).is_some());
    whole.flat_map(|q| q.wordings.iter().map(move |w| ((q.measure, q.option), w.as_str()))).collect()
}

/// The wordings of the choice questions whose columns are their options.
fn choice_wordings(schema: &Schema) -> Vec<(Target, &str)> {
    let choices = schema.questions.iter().filter(|q| schema.question_target(q).is_none());
    choices.flat_map(|q| q.wordings.iter().map(move |w| ((q.measure, q.option), w.as_str()))).collect()
}

fn name(schema: &Schema, (m, o): Target) -> String {
    schema.target_name(m, o)
}

fn score(a: &str, b: &str) -> f64 {
    words::likeness(&words::content(a), &words::content(b))
}

/// Number when every answer reads as one; Ja/Nei when every answer is Ja or Nei; text otherwise.
fn kind_of(a: Unread) -> Kind {
    match a {
        Unread { answers: 0, .. } => Kind::Text,
        Unread { answers, numbers, .. } if numbers == answers => Kind::Number,
        Unread { answers, yes_no, .. } if yes_no == answers => Kind::Boolean,
        _ => Kind::Text,
    }
}

fn add(a: Unread, b: Unread) -> Unread {
    Unread { answers: a.answers + b.answers, numbers: a.numbers + b.numbers, yes_no: a.yes_no + b.yes_no }
}

/// The task of the nearest answer column before `col`, and that column's measure.
fn task_before(col: &Column, schema: &Schema) -> Option<(u8, String)> {
    col.export.layout.columns[..col.index].iter().rev().find_map(|c| match &c.mapping {
        Mapping::Answer(t, _) => {
            let m = &schema.measures[t.measure];
            (m.task != 0).then(|| (m.task, m.id.clone()))
        }
        _ => None,
    })
}

/// The question number a header starts with («9.3», «Q4)», «1b.»), if any.
fn number_of(header: &str) -> Option<String> {
    let (token, rest) = header.trim_start().split_once(char::is_whitespace)?;
    let token = token.trim_end_matches(['.', ')', ':']);
    let token = token.strip_prefix(['q', 'Q']).unwrap_or(token);
    let digits = token.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let number = token.starts_with(|c: char| c.is_ascii_digit())
        && token.len() - digits.len() <= 1
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    (number && !rest.trim().is_empty()).then(|| token.to_string())
}

/// The header as a label: without its question number and a trailing `?` or `:`, as written.
fn label_of(header: &str) -> String {
    let t = header.trim();
    let rest = match number_of(t) {
        Some(_) => t.split_once(char::is_whitespace).map_or(t, |(_, r)| r),
        None => t,
    };
    let label = rest.trim().trim_end_matches(['?', ':']).trim();
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_gives_its_number_and_its_label() {
        assert_eq!(number_of("9.3 Antall digitale samlinger?"), Some("9.3".into()));
        assert_eq!(number_of("Q4) Noe"), Some("4".into()));
        assert_eq!(number_of("1b. Annet"), Some("1b".into()));
        assert_eq!(number_of("Antall digitale samlinger"), None);
        assert_eq!(number_of("9.3"), None);
        assert_eq!(label_of("9.3 Antall digitale samlinger?"), "Antall digitale samlinger");
        assert_eq!(label_of("Hvem deltok:"), "Hvem deltok");
    }

    #[test]
    fn the_kind_follows_the_answers() {
        let u = |answers, numbers, yes_no| Unread { answers, numbers, yes_no };
        assert_eq!(kind_of(u(12, 12, 0)), Kind::Number);
        assert_eq!(kind_of(u(12, 11, 0)), Kind::Text);
        assert_eq!(kind_of(u(5, 0, 5)), Kind::Boolean);
        assert_eq!(kind_of(u(0, 0, 0)), Kind::Text);
    }
}
