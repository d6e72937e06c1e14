//! `friskliv schema`: the schema in force (built-in + config): tasks, measures, options, questions,
//! centres, periods.

use crate::context::Context;
use crate::output;
use crate::render::{self, Style};
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show only this part
    #[arg(long, value_enum)]
    pub part: Option<Part>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    Measures,
    Questions,
    Centres,
    Periods,
}

pub fn run(args: Args, ctx: &Context) -> Result<bool> {
    let s = &ctx.schema;
    let show = |p: Part| args.part.is_none_or(|q| q == p);
    output::emit(None, |w| {
        writeln!(w, "schema: {}", s.sources.join(" + "))?;
        if show(Part::Measures) {
            writeln!(w, "\nTasks and measures")?;
            let mut rows = Vec::new();
            let tasks =
                s.tasks.iter().map(|t| (t.number, t.label.as_str())).chain([(0, "Ikke en oppgave (tilskuddet)")]);
            for (number, label) in tasks {
                let task = if number == 0 { "–".to_string() } else { number.to_string() };
                rows.push(vec![task.clone(), String::new(), String::new(), label.to_string()]);
                for m in s.measures.iter().filter(|m| m.task == number) {
                    rows.push(vec![String::new(), m.id.clone(), m.kind.to_string(), m.label.clone()]);
                    for o in &m.options {
                        let also = if o.wordings.is_empty() {
                            String::new()
                        } else {
                            format!(" (also: {})", o.wordings.join("; "))
                        };
                        rows.push(vec![
                            String::new(),
                            format!("  :{}", o.id),
                            String::new(),
                            format!("{}{also}", o.label),
                        ]);
                    }
                }
            }
            writeln!(w, "{}", render::table(Style::Plain, &["task", "measure", "kind", "label"], &rows, &[]))?;
        }
        if show(Part::Questions) {
            writeln!(w, "\nQuestions (header wordings → measures)")?;
            let rows: Vec<Vec<String>> = s
                .questions
                .iter()
                .map(|q| {
                    let form = q.form.clone().unwrap_or_else(|| "config".into());
                    let years = q.years.map(|(a, b)| format!(" {a}–{b}")).unwrap_or_default();
                    let number = q.number.clone().unwrap_or_default();
                    let mut target = s.target_name(q.measure, q.option);
                    for o in &q.options {
                        target.push_str(&format!(
                            "; {:?} → {}",
                            o.label,
                            s.target_name(o.target.measure, o.target.option)
                        ));
                    }
                    vec![format!("{form}{years}"), number, q.wordings.join(" | "), target]
                })
                .collect();
            writeln!(w, "{}", render::table(Style::Plain, &["form", "no.", "wording", "maps to"], &rows, &[]))?;
        }
        if show(Part::Centres) {
            writeln!(w, "\nCentres")?;
            let rows: Vec<Vec<String>> = s
                .centres
                .iter()
                .map(|c| {
                    let mut notes = Vec::new();
                    if let Some(sx) = &c.successor {
                        notes.push(format!("successor: {sx}"));
                    }
                    if !c.excused.is_empty() {
                        notes.push(format!(
                            "excused: {}",
                            c.excused.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
                        ));
                    }
                    vec![
                        c.name.clone(),
                        c.region.clone(),
                        format!("{}–{}", c.years.0, c.years.1),
                        c.aliases.join("; "),
                        notes.join("; "),
                    ]
                })
                .collect();
            writeln!(
                w,
                "{}",
                render::table(Style::Plain, &["centre", "region", "years", "aliases", "notes"], &rows, &[])
            )?;
        }
        if show(Part::Periods) {
            writeln!(w, "\nAgreement periods")?;
            let rows: Vec<Vec<String>> =
                s.periods.iter().map(|p| vec![p.label.clone(), format!("{}–{}", p.years.0, p.years.1)]).collect();
            writeln!(w, "{}", render::table(Style::Plain, &["period", "years"], &rows, &[]))?;
            let codes: Vec<String> = s.completed_dispcodes.iter().map(i64::to_string).collect();
            writeln!(w, "\nEFS dispcodes counted as completed: {}", codes.join(", "))?;
            writeln!(w, "EFS missing-value codes: {}", s.missing_codes.join(", "))?;
        }
        Ok(())
    })?;
    Ok(true)
}
