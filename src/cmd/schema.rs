//! `friskliv schema`: the schema in force (built-in + config): tasks, measures, options, questions,
//! centres, periods.

use crate::context::Context;
use crate::output;
use crate::render::{self, TableStyle};
use crate::schema::Schema;
use crate::Exit;
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Show only this part
    #[arg(long, value_enum)]
    pub(crate) part: Option<SchemaPart>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SchemaPart {
    Measures,
    Questions,
    Centres,
    Periods,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let s = &ctx.schema;
    let show = |p: SchemaPart| args.part.is_none_or(|q| q == p);
    output::emit(None, |w, width| {
        writeln!(w, "schema: {}", s.sources.join(" + "))?;
        if show(SchemaPart::Measures) {
            writeln!(w, "\nTasks and measures")?;
            writeln!(
                w,
                "{}",
                render::table(TableStyle::Plain, &["task", "measure", "kind", "label"], &measures(s), &[], width)
            )?;
        }
        if show(SchemaPart::Questions) {
            writeln!(w, "\nQuestions (header wordings → measures)")?;
            let header = ["form", "no.", "wording", "maps to"];
            writeln!(w, "{}", render::table(TableStyle::Plain, &header, &questions(s), &[], width))?;
        }
        if show(SchemaPart::Centres) {
            writeln!(w, "\nCentres")?;
            let header = ["centre", "region", "years", "aliases", "notes"];
            writeln!(w, "{}", render::table(TableStyle::Plain, &header, &centres(s), &[], width))?;
        }
        if show(SchemaPart::Periods) {
            writeln!(w, "\nAgreement periods")?;
            let rows: Vec<Vec<String>> =
                s.periods.iter().map(|p| vec![p.label.clone(), format!("{}–{}", p.years.0, p.years.1)]).collect();
            writeln!(w, "{}", render::table(TableStyle::Plain, &["period", "years"], &rows, &[], width))?;
            let codes: Vec<String> = s.completed_dispcodes.iter().map(i64::to_string).collect();
            writeln!(w, "\nEFS dispcodes counted as completed: {}", codes.join(", "))?;
            writeln!(w, "EFS missing-value codes: {}", s.missing_codes.join(", "))?;
        }
        Ok(())
    })?;
    Ok(Exit::Success)
}

/// A row per task, then its measures and their options (with the other labels that mean the same).
fn measures(s: &Schema) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let tasks = s.tasks.iter().map(|t| (t.number, t.label.as_str())).chain([(0, "Ikke en oppgave (tilskuddet)")]);
    for (number, label) in tasks {
        let task = if number == 0 { "–".to_string() } else { number.to_string() };
        rows.push(vec![task, String::new(), String::new(), label.to_string()]);
        for m in s.measures.iter().filter(|m| m.task == number) {
            rows.push(vec![String::new(), m.id.clone(), m.kind.to_string(), m.label.clone()]);
            for o in &m.options {
                let also =
                    if o.wordings.is_empty() { String::new() } else { format!(" (also: {})", o.wordings.join("; ")) };
                rows.push(vec![String::new(), format!("  :{}", o.id), String::new(), format!("{}{also}", o.label)]);
            }
        }
    }
    rows
}

/// A row per question: its form and years, number, wordings and what it maps to.
fn questions(s: &Schema) -> Vec<Vec<String>> {
    s.questions
        .iter()
        .map(|q| {
            let form = q.form.clone().unwrap_or_else(|| "config".into());
            let years = q.years.map(|(a, b)| format!(" {a}–{b}")).unwrap_or_default();
            let number = q.number.clone().unwrap_or_default();
            let mut target = s.target_name(q.measure, q.option);
            for o in &q.options {
                target.push_str(&format!("; {:?} → {}", o.label, s.target_name(o.target.measure, o.target.option)));
            }
            vec![format!("{form}{years}"), number, q.wordings.join(" | "), target]
        })
        .collect()
}

/// A row per centre: region, years, aliases, successor and excused years.
fn centres(s: &Schema) -> Vec<Vec<String>> {
    s.centres
        .iter()
        .map(|c| {
            let mut notes: Vec<String> = c.note.iter().cloned().collect();
            if let Some(sx) = &c.successor {
                notes.push(format!("successor: {sx}"));
            }
            if !c.excused.is_empty() {
                let years: Vec<String> = c.excused.iter().map(i32::to_string).collect();
                notes.push(format!("excused: {}", years.join(", ")));
            }
            let years = format!("{}–{}", c.years.0, c.years.1);
            vec![c.name.clone(), c.region.clone(), years, c.aliases.join("; "), notes.join("; ")]
        })
        .collect()
}
