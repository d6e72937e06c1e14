//! `friskliv inspect`: per file, what was detected and how every column maps; or, with
//! `--draft-config`, a config that lets friskliv read the exports ([`crate::draft`]).

use crate::cmd::Inputs;
use crate::context::{Context, Stream};
use crate::diagnostics::{self, Severity};
use crate::normalise::store::Projection;
use crate::normalise::FileSummary;
use crate::output::{self, Width};
use crate::read::grid;
use crate::read::layout::Mapping;
use crate::read::FileKind;
use crate::render::{self, TableStyle};
use crate::Exit;
use anyhow::{bail, Context as _, Result};
use std::io::Write;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    /// Print a friskliv.toml that lets friskliv read these exports (a new year's period, centres,
    /// wordings and questions), with a comment on each guess to check
    #[arg(long)]
    pub(crate) draft_config: bool,
    /// Write the draft to FILE (atomically, after the config in force is read: `-o friskliv.toml`
    /// keeps what it says) instead of stdout
    #[arg(short, long, value_name = "FILE", requires = "draft_config")]
    pub(crate) output: Option<std::path::PathBuf>,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let data = ctx.read(&args.inputs.inputs, &Projection::only(ctx.schema.targets.len(), []))?;
    if args.draft_config {
        return draft(&data, ctx, args.output.as_deref());
    }
    output::emit(None, |w, width| {
        for (i, f) in data.files.iter().enumerate() {
            if i > 0 {
                writeln!(w)?;
            }
            describe(f, ctx, width, w)?;
            let problems: Vec<_> = data.diagnostics.for_file(&f.path).cloned().collect();
            if !problems.is_empty() {
                writeln!(w)?;
                diagnostics::print(&problems, ctx.floor(Severity::Note), ctx.color(Stream::Stdout), w)?;
            }
        }
        writeln!(w, "\n{}; {}", data.summary(), data.diagnostics.summary())?;
        Ok(())
    })?;
    Ok(Exit::valid_if(data.diagnostics.count(Severity::Error) == 0))
}

/// Writes the draft config to `out` or stdout, and on stderr what to do with it.
fn draft(data: &crate::normalise::Dataset, ctx: &Context, out: Option<&Path>) -> Result<Exit> {
    if out.is_none() {
        if let Some(config) = data.config.iter().find(|c| stdout_is(Path::new(c))) {
            bail!(
                "stdout is {config}, the config file in force, which the shell emptied before friskliv started: what it said is lost unless you have a copy; write the draft with -o {config}, which reads the file first"
            );
        }
    }
    let plan = crate::draft::plan(data, &ctx.schema);
    let mut config = Vec::new();
    for name in &data.config {
        let text = std::fs::read_to_string(name).with_context(|| format!("cannot read {name} again"))?;
        config.push((name.clone(), text));
    }
    let draft = crate::draft::write(&plan, &ctx.schema, &config);
    output::emit(out, |w, _| Ok(w.write_all(draft.text.as_bytes())?))?;
    if !ctx.quiet {
        let saved = match out {
            Some(path) => format!("wrote {}", path.display()),
            None => "save it with -o friskliv.toml".to_string(),
        };
        let kept = if config.is_empty() { "" } else { " (it begins with the config in force)" };
        eprintln!(
            "friskliv: drafted from {} file(s), {} guess(es) marked CHECK; {saved}{kept}, check each guess, then run friskliv validate --strict",
            data.files.len(),
            draft.guesses
        );
    }
    Ok(Exit::Success)
}

/// Whether stdout is the file at `path` (`> friskliv.toml`), where the system tells.
fn stdout_is(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Ok(out), Ok(file)) = (std::fs::metadata("/dev/stdout"), std::fs::metadata(path)) else { return false };
        out.dev() == file.dev() && out.ino() == file.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// «Skjema B (…): 82 of 85 answer columns fit its questions, 3 map to nothing; 2023 is not among
/// its years».
fn form_line(e: &crate::read::Export, schema: &crate::schema::Schema) -> String {
    match e.layout.form() {
        Some(f) => {
            let form = schema.form(&f.id);
            let label = form.map_or(f.id.clone(), |g| g.label.clone());
            let unmapped = match f.unmapped {
                0 => String::new(),
                n => format!(", {n} map to nothing"),
            };
            let outside = match (form, e.year) {
                (Some(g), Some(y)) if !g.covers(y) => format!("; {y} is not among its years"),
                _ => String::new(),
            };
            format!("{label}: {} of {} answer columns fit its questions{unmapped}{outside}", f.fit, f.of)
        }
        None => "none recognised".into(),
    }
}

fn describe(f: &FileSummary, ctx: &Context, width: Width, w: &mut dyn Write) -> Result<()> {
    writeln!(w, "{}", f.path)?;
    let Some(e) = &f.export else {
        writeln!(w, "  not read (see the error below)")?;
        return Ok(());
    };
    let schema = &ctx.schema;
    let year = match (&e.year, &e.year_source) {
        (Some(y), Some(src)) => format!("{y}, {src}"),
        (None, Some(src)) => src.to_string(),
        _ => "unknown: pass it as YEAR=PATH".to_string(),
    };
    let form = form_line(e, schema);
    let c = f.counts;
    let mut facts = match &e.kind {
        FileKind::Text(t) => vec![
            ("encoding", t.encoding.to_string()),
            (
                "delimiter",
                format!(
                    "{}{}",
                    grid::delimiter_name(t.delimiter),
                    if t.sep_line { ", named by Excel's sep= line" } else { "" }
                ),
            ),
            ("line ends", t.line_ends.to_string()),
        ],
        FileKind::Workbook { sheet, sheets } => {
            let of = if *sheets > 1 { format!(" (of {sheets})") } else { String::new() };
            vec![("file", format!("Excel workbook, sheet {sheet:?}{of}"))]
        }
    };
    facts.extend([
        ("layout", e.layout.kind.to_string()),
        ("header rows", e.header_rows().to_string()),
        ("form", form),
        ("year", year),
        ("rows", format!("{} read: {} kept, {} excluded, {} rejected", c.read, c.kept, c.excluded, c.rejected)),
    ]);
    for (k, v) in facts {
        writeln!(w, "  {k:<12} {v}")?;
    }
    let rows: Vec<Vec<String>> = e
        .layout
        .columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let maps = match &col.mapping {
                Mapping::Role(r) => format!("({})", r.describe()),
                Mapping::Answer(t, _) => schema.target_name(t.measure, t.option),
                Mapping::Unmapped(Some(h)) => format!("unmapped (closest: {h})"),
                Mapping::Unmapped(None) => "unmapped".into(),
                Mapping::NoHeader => "(no header)".into(),
                Mapping::Duplicate(j) => format!("not read: maps like column {}", j + 1),
            };
            let header = match &col.variable {
                Some(v) if v != &col.header => format!("{} [{v}]", col.header),
                _ => col.header.clone(),
            };
            vec![(i + 1).to_string(), header, maps]
        })
        .collect();
    writeln!(w)?;
    let table = render::table(TableStyle::Plain, &["col", "header", "maps to"], &rows, &[0], width);
    for line in table.lines() {
        writeln!(w, "  {line}")?;
    }
    Ok(())
}
