//! A [`Plan`] written as a config file: a section per kind of entry, a comment on every guess
//! («CHECK»), and what it could not decide at the end.

use super::columns::{NewMeasure, NewOption, Reworded};
use super::Plan;
use crate::schema::{Kind, Schema};
use std::fmt::Write;

/// A drafted config file, and how many guesses it marks `CHECK`.
pub(crate) struct Written {
    pub(crate) text: String,
    pub(crate) guesses: usize,
}

/// The draft: `config` (the text of the config files in force, kept first so that the draft can
/// replace them), then what `plan` adds.
pub(crate) fn write(plan: &Plan, schema: &Schema, config: &[(String, String)]) -> Written {
    let mut out = String::new();
    let files = plan.files.join(", ");
    let _ = writeln!(out, "# friskliv.toml drafted by `friskliv inspect --draft-config` from {files}.");
    out.push_str(
        "# Saved as it is, it lets friskliv read these exports. Each guess is marked CHECK: check it against the\n\
         # agreements and the form, and fill in what is left to fill in, before you publish.\n",
    );
    for (name, text) in config {
        let _ = writeln!(out, "\n# --- {name}, in force when this was drafted ---\n");
        out.push_str(text.trim_end());
        out.push('\n');
        out.push_str("\n# --- drafted ---\n");
    }
    match (plan.is_empty(), plan.notes.is_empty()) {
        (true, true) => {
            out.push_str("\n# Nothing to add: the schema in force reads every row and column of these exports.\n")
        }
        (true, false) => out.push_str("\n# Nothing drafted: what is left is yours to decide (below).\n"),
        _ => {}
    }
    let body_starts = out.len();
    periods(plan, &mut out);
    forms(plan, schema, &mut out);
    centres(plan, schema, &mut out);
    questions(&plan.questions, schema, &mut out);
    options(&plan.options, &mut out);
    measures(&plan.measures, schema, &mut out);
    if !plan.notes.is_empty() {
        out.push_str("\n# Not drafted: decide these yourself.\n");
        for n in &plan.notes {
            let _ = writeln!(out, "# - {n}");
        }
    }
    let guesses = out[body_starts..].matches("# CHECK:").count();
    // One blank line between entries and sections, and none at the end.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    Written { text: format!("{}\n", out.trim_end()), guesses }
}

/// A TOML string.
fn q(s: &str) -> String {
    ::toml::Value::String(s.to_string()).to_string()
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n# {title}\n");
}

fn periods(plan: &Plan, out: &mut String) {
    if plan.periods.is_empty() {
        return;
    }
    heading(out, "A new agreement period");
    for p in &plan.periods {
        let (from, to) = p.years;
        let n = to - from + 1;
        let length = match &p.after {
            Some(before) => format!("{n} year(s), as long as {before}"),
            None => format!("{n} year(s), up to the first known period"),
        };
        let _ = write!(
            out,
            "[[period]]\nlabel = {}\nyears = [{from}, {to}]   # CHECK: {length}; check it against the agreements\n\n",
            q(&super::label(p.years))
        );
    }
}

fn forms(plan: &Plan, schema: &Schema, out: &mut String) {
    if plan.forms.is_empty() {
        return;
    }
    heading(out, "A form asked in a new year");
    for (id, f) in &plan.forms {
        let Some(known) = schema.form(id) else { continue };
        let (from, to) = (f.from.unwrap_or(known.years.0), f.until.unwrap_or(known.years.1));
        let years = match f.from {
            Some(_) => format!("years = [{from}, {to}]"),
            None => format!("until = {to}"),
        };
        let _ = write!(
            out,
            "[[form]]\nid = {}\n{years}   # CHECK: asked {from}–{to} (was {}–{}); {} of the file's {} answer columns fit its questions\n\n",
            q(id),
            known.years.0,
            known.years.1,
            f.fit,
            f.of
        );
    }
}

fn centres(plan: &Plan, schema: &Schema, out: &mut String) {
    if !plan.centres.is_empty() {
        heading(out, "Known centres: reporting after their years, or under a new name");
    }
    for (&c, update) in &plan.centres {
        let centre = &schema.centres[c];
        let _ = writeln!(out, "[[centre]]\nname = {}", q(&centre.name));
        if let Some(until) = update.until {
            let _ = writeln!(out, "until = {until}   # was {}–{}", centre.years.0, centre.years.1);
        }
        if !update.aliases.is_empty() {
            let names: Vec<String> = update.aliases.iter().map(|(a, _)| q(a)).collect();
            let holds: Vec<&str> = update.aliases.iter().map(|(_, h)| h.as_str()).collect();
            let _ = writeln!(
                out,
                "aliases = [{}]   # CHECK: the new name holds «{}»",
                names.join(", "),
                holds.join("», «")
            );
        }
        out.push('\n');
    }
    if !plan.new_centres.is_empty() {
        heading(out, "New centres");
    }
    for c in &plan.new_centres {
        let _ = write!(
            out,
            "[[centre]]\nname = {}   # first in {}\nyears = [{}, {}]\n# region = \"\"   # CHECK: fill in one of {}\n\n",
            q(&c.name),
            c.at,
            c.years.0,
            c.years.1,
            plan.regions.iter().map(|r| q(r)).collect::<Vec<_>>().join(", ")
        );
    }
}

fn questions(reworded: &[Reworded], schema: &Schema, out: &mut String) {
    if reworded.is_empty() {
        return;
    }
    heading(out, "Reworded questions: a new wording of a known question");
    for r in reworded {
        let best = r.like.best.as_ref().map_or(0.0, |b| b.1);
        let runner = match &r.like.runner_up {
            Some(((m, o), s)) => format!("the runner-up is {} ({s:.2})", schema.target_name(*m, *o)),
            None => "no other question comes close".to_string(),
        };
        let _ = writeln!(out, "# CHECK: {} is most like {:?} ({best:.2}); {runner}", r.at, r.known);
        let _ = writeln!(out, "[[question]]\nmeasure = {}", q(&r.measure));
        if let Some(o) = &r.option {
            let _ = writeln!(out, "option = {}", q(o));
        }
        let _ = write!(out, "wordings = [{}]\n\n", q(&r.wording));
    }
}

fn options(new: &[NewOption], out: &mut String) {
    if new.is_empty() {
        return;
    }
    heading(out, "New option labels: another label for a known option");
    let mut measures: Vec<&str> = new.iter().map(|n| n.measure.as_str()).collect();
    measures.dedup();
    for m in measures {
        let mine: Vec<&NewOption> = new.iter().filter(|n| n.measure == m).collect();
        for n in &mine {
            let best = n.like.best.as_ref().map_or(0.0, |b| b.1);
            let runner = n
                .like
                .runner_up
                .as_ref()
                .map_or("no other option comes close".to_string(), |(_, s)| format!("the runner-up scores {s:.2}"));
            let _ = writeln!(out, "# CHECK: {} is most like option {:?} ({best:.2}); {runner}", n.at, n.option);
        }
        let entries: Vec<String> =
            mine.iter().map(|n| format!("{{ id = {}, wordings = [{}] }}", q(&n.option), q(&n.wording))).collect();
        let _ = write!(out, "[[measure]]\nid = {}\noptions = [\n    {},\n]\n\n", q(m), entries.join(",\n    "));
    }
}

fn measures(new: &[NewMeasure], schema: &Schema, out: &mut String) {
    if new.is_empty() {
        return;
    }
    heading(out, "New questions: a measure for each, and the question that puts it on its form");
    for m in new {
        let a = m.answers;
        let answers = match (a.answers, m.kind) {
            (0, _) => "no answers to tell the kind by".to_string(),
            (n, Kind::Number) => format!("all {n} answers are numbers"),
            (n, Kind::Boolean) => format!("all {n} answers are Ja or Nei"),
            (n, _) => format!("{n} answers, {} of them numbers", a.numbers),
        };
        let task = schema.tasks.iter().find(|t| t.number == m.task).map_or(String::new(), |t| format!(": {}", t.label));
        let _ = write!(
            out,
            "[[measure]]\nid = {}   # {}\ntask = {}   # CHECK: {}{task}\nkind = {}   # CHECK: {answers}\nlabel = {}\n\n",
            q(&m.id),
            m.at,
            m.task,
            m.task_from,
            q(m.kind.as_str()),
            q(&m.label)
        );
        out.push_str("[[question]]\n");
        if let Some(form) = &m.form {
            let _ = writeln!(out, "form = {}", q(form));
        }
        if let Some(n) = &m.number {
            let _ = writeln!(out, "number = {}", q(n));
        }
        let _ = write!(
            out,
            "measure = {}\nsince = {}   # asked from {} on\nwordings = [{}]\n\n",
            q(&m.id),
            m.since,
            m.since,
            q(&m.wording)
        );
    }
}
