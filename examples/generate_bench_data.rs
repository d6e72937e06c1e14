//! Writes a large synthetic export for the benchmark (`bench/run.sh`): an Essentials export of form B
//! (the 2018 wording) with N responses, N/100 centres reporting every year 2000–2099, the year in a
//! column `År`, and a `friskliv.toml` that declares those centres and the agreement periods.
//!
//! ```sh
//! cargo run --release --example generate_bench_data -- 1000000 target/bench
//! ```
//!
//! The header is taken from the built-in schema (every question form B asked in 2018, a column per
//! option of a tick-all-that-apply question), so the file maps completely. The answers come from a
//! fixed-seed generator: the same N gives the same bytes on every run. About one number in a
//! thousand is written `ca. 12` (read with a warning), as real exports have them.

#[path = "common/rng.rs"]
mod rng;

use friskliv::schema::{Kind, Schema};
use rng::Rng;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;
const REGIONS: [&str; 4] = ["Helse Sør-Øst", "Helse Vest", "Helse Midt-Norge", "Helse Nord"];

/// One answer column: how its cells are written.
enum Answer {
    Number,
    YesNo,
    Tick,
    Text,
    List,
}

fn columns(schema: &Schema) -> Vec<(String, Answer)> {
    let form_years = |id: &str| schema.forms.iter().find(|f| f.id == id).map(|f| f.years);
    let mut out = Vec::new();
    for q in &schema.questions {
        let Some(form) = q.form.as_deref().filter(|f| *f == "B") else { continue };
        let (from, to) = q.years.or(form_years(form)).expect("form B has years");
        if !(from..=to).contains(&2018) {
            continue;
        }
        let wording = &q.wordings[0];
        let m = &schema.measures[q.measure];
        match (m.kind, schema.question_target(q)) {
            (Kind::Choice, None) => {
                out.extend(m.options.iter().map(|o| (format!("{wording} - {}", o.label), Answer::Tick)));
            }
            (Kind::Number, _) => out.push((wording.clone(), Answer::Number)),
            (Kind::Text, _) => out.push((wording.clone(), Answer::Text)),
            (Kind::List, _) => out.push((wording.clone(), Answer::List)),
            _ => out.push((wording.clone(), Answer::YesNo)),
        }
    }
    out
}

fn cell(answer: &Answer, rng: &mut Rng, out: &mut String) {
    let r = rng.below(1000);
    match answer {
        Answer::Number if r == 0 => write!(out, "ca. {}", rng.below(60)).unwrap(),
        Answer::Number if r < 20 => {}
        Answer::Number => write!(out, "{}", rng.below(60)).unwrap(),
        Answer::YesNo => out.push_str(if r < 700 { "Ja" } else { "Nei" }),
        Answer::Tick if r < 400 => out.push('1'),
        Answer::Tick => {}
        Answer::Text if r < 300 => out.push_str("Felles fagdag og erfaringsutveksling"),
        Answer::Text => {}
        Answer::List if r < 500 => out.push_str("Modum; Sigdal; Krødsherad"),
        Answer::List => {}
    }
}

/// The agreement periods the built-in schema lacks, three years each, so that 2000–2099 is covered.
fn periods(schema: &Schema) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    let mut year = *YEARS.start();
    while year <= *YEARS.end() {
        if let Some(p) = schema.period_of(year) {
            year = p.years.1 + 1;
            continue;
        }
        let mut end = (year + 2).min(*YEARS.end());
        while (year..=end).any(|y| schema.period_of(y).is_some()) {
            end -= 1;
        }
        out.push((year, end));
        year = end + 1;
    }
    out
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).expect("usage: generate_bench_data N [DIR]");
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/bench".into()));
    std::fs::create_dir_all(&dir)?;
    let schema = Schema::builtin();
    let centres = (n / YEARS.clone().count()).max(1);

    let mut config = String::from("# Written by examples/generate_bench_data.rs\n");
    for (from, to) in periods(&schema) {
        writeln!(config, "\n[[period]]\nlabel = \"{from}–{to}\"\nyears = [{from}, {to}]").unwrap();
    }
    for c in 1..=centres {
        let region = REGIONS[c % REGIONS.len()];
        writeln!(config, "\n[[centre]]\nname = \"Sentral {c:05}\"\nregion = \"{region}\"\nyears = [2000, 2099]")
            .unwrap();
    }
    std::fs::write(dir.join("friskliv.toml"), config)?;

    let cols = columns(&schema);
    let path = dir.join(format!("bench-{n}.csv"));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let mut header = String::from("Respondent-ID;E-post;Startet;Fullført;Utviklingssentral;År");
    for (h, _) in &cols {
        header.push(';');
        header.push_str(h);
    }
    writeln!(file, "{header}")?;
    let mut rng = Rng(2018);
    let mut line = String::new();
    let mut id = 0;
    for year in YEARS {
        for c in 1..=centres {
            id += 1;
            line.clear();
            write!(
                line,
                "{id};sentral{c:05}@example.no;14.02.{} 09:{:02};15.02.{} 10:{:02};Sentral {c:05};{year}",
                year + 1,
                id % 60,
                year + 1,
                id % 60
            )
            .unwrap();
            for (_, answer) in &cols {
                line.push(';');
                cell(answer, &mut rng, &mut line);
            }
            writeln!(file, "{line}")?;
        }
    }
    file.flush()?;
    eprintln!(
        "wrote {} ({id} responses, {} columns) and {}",
        path.display(),
        cols.len() + 6,
        dir.join("friskliv.toml").display()
    );
    Ok(())
}
