//! `friskliv man`: the manual page (roff), from the same clap definition as the help (clap_mangen):
//! the top page with every subcommand, or one subcommand's page. The top page also holds what an
//! installed binary has no README for: a new year, the config, spec and corrections formats, exit
//! status, files, environment and examples (`man.md`, a small Markdown turned into roff here).

use crate::Exit;
use anyhow::{Context as _, Result};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Only this subcommand's page (as `friskliv-report.1`) [default: the top page]
    #[arg(value_name = "COMMAND")]
    pub(crate) command: Option<String>,
}

/// `top` is the whole command line, as clap knows it.
pub(crate) fn run(args: Args, mut top: clap::Command) -> Result<Exit> {
    top.build();
    let page = match &args.command {
        None => top,
        Some(name) => {
            let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).filter(|&n| n != "help").collect();
            let sub = top
                .find_subcommand(name)
                .filter(|_| name != "help")
                .with_context(|| format!("no command {name:?}: name one of {}", names.join(", ")))?;
            sub.clone().name(format!("friskliv-{name}")).version(env!("CARGO_PKG_VERSION"))
        }
    };
    let top_page = args.command.is_none();
    crate::output::emit(None, |w, _| {
        let man = clap_mangen::Man::new(page);
        man.render_title(w)?;
        man.render_name_section(w)?;
        man.render_synopsis_section(w)?;
        man.render_description_section(w)?;
        man.render_options_section(w)?;
        man.render_subcommands_section(w)?;
        if top_page {
            w.write_all(roff(SECTIONS).as_bytes())?;
        }
        man.render_version_section(w)?;
        Ok(())
    })?;
    Ok(Exit::Success)
}

/// The sections beyond the command line, in a small Markdown: `# TITLE`, paragraphs, `- ` items,
/// blocks indented by four spaces, `**bold**` and `` `code` ``.
const SECTIONS: &str = include_str!("man.md");

/// `md` as roff.
fn roff(md: &str) -> String {
    let mut out = String::new();
    let (mut verbatim, mut paragraph) = (false, false);
    for line in md.lines() {
        let text = !line.is_empty() && !line.starts_with("    ") && !line.starts_with("# ") && !line.starts_with("- ");
        if text && paragraph {
            out.push_str(&inline(line));
            out.push('\n');
            continue;
        }
        paragraph = text;
        let block = line.starts_with("    ");
        if verbatim && !block {
            out.push_str(".fi\n.RE\n");
            verbatim = false;
        }
        if block {
            if !verbatim {
                out.push_str(".PP\n.RS 4\n.nf\n");
                verbatim = true;
            }
            out.push_str(&escape(&line[4..]));
            out.push('\n');
        } else if let Some(title) = line.strip_prefix("# ") {
            out.push_str(&format!(".SH \"{}\"\n", escape(title)));
        } else if let Some(item) = line.strip_prefix("- ") {
            out.push_str(&format!(".IP \\(bu 2\n{}\n", inline(item)));
        } else if line.is_empty() {
            continue;
        } else {
            out.push_str(&format!(".PP\n{}\n", inline(line)));
        }
    }
    if verbatim {
        out.push_str(".fi\n.RE\n");
    }
    out
}

/// A line of text for roff: backslashes escaped, a `-` kept the ASCII minus a command needs (not a
/// typographic hyphen), and a leading `.` or `'` kept from reading as a request.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

/// `**bold**` in bold, `` `code` `` in bold too (roff has no monospace in a terminal).
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(text).split("**").enumerate() {
        let part: String = part
            .split('`')
            .enumerate()
            .map(|(j, p)| if j % 2 == 1 { format!("\\fB{p}\\fR") } else { p.to_string() })
            .collect();
        if i % 2 == 1 {
            out.push_str(&format!("\\fB{part}\\fR"));
        } else {
            out.push_str(&part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_the_page_shows_loads() {
        let section = SECTIONS.split("# CONFIG FILE").nth(1).and_then(|s| s.split("\n# ").next()).unwrap();
        let block: String = section.lines().filter_map(|l| l.strip_prefix("    ")).map(|l| format!("{l}\n")).collect();
        assert!(block.contains("[[period]]"));
        if let Err(e) = crate::schema::Schema::parse(&block, "man.md") {
            panic!("the manual's config does not load: {e:#}\n{block}");
        }
    }

    #[test]
    fn markdown_becomes_roff_that_no_line_can_break() {
        let md = "# EXIT STATUS\n\n- **0**: done\n\n.starts with a dot, a \\ and `code`\nthe same --paragraph\n\n    [[period]]\n    .x\n\nafter\n";
        assert_eq!(
            roff(md),
            ".SH \"EXIT STATUS\"\n.IP \\(bu 2\n\\fB0\\fR: done\n.PP\n\\&.starts with a dot, a \\e and \\fBcode\\fR\nthe same \\-\\-paragraph\n\
             .PP\n.RS 4\n.nf\n[[period]]\n\\&.x\n.fi\n.RE\n.PP\nafter\n"
        );
    }
}
