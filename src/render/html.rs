//! A [`Document`] as one self-contained HTML file: no script, no font, no style sheet or picture
//! fetched from anywhere (the figures are inline SVG, each table's numbers a `data:` link), print
//! CSS for A4, and the accessible markup of tables (`<caption>`, `<th scope>`) and figures (an SVG
//! with a title and a description, and its numbers as a table beside it). Written as well-formed
//! XML too (void elements closed, only XML's own entities), so that a test can parse it.

use super::svg::{self, escape, Frame};
use crate::lang::Lang;
use crate::model::document::{Block, Data, Document};
use crate::model::table::{Cell, Table};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::fmt::Write as _;

const STYLE: &str = include_str!("report.css");

pub(crate) fn document(doc: &Document) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <meta name=\"generator\" content=\"friskliv {}\" />\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        env!("CARGO_PKG_VERSION"),
        escape(&doc.title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>\n</header>", escape(&doc.title));
    out.push_str(&contents(doc));
    out.push_str("<main>\n");
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Text(markdown) => {
                let _ =
                    writeln!(out, "<section class=\"text\" id=\"tekst-{}\">\n{}</section>", i + 1, html_of(markdown));
            }
            Block::Table { table, notes, data } => {
                let _ = writeln!(out, "<section class=\"table\" id=\"{}\">", anchor(block));
                out.push_str(&table_html(table, table.title.as_deref()));
                out.push_str(&notes_html(notes, Some(data), lang));
                out.push_str("</section>\n");
            }
            Block::Figure { chart, table, notes, data } => {
                let _ = writeln!(out, "<figure id=\"{}\">", anchor(block));
                let _ = writeln!(out, "<figcaption>{}</figcaption>", escape(&chart.title));
                out.push_str(&svg::chart(chart, Frame::Inline));
                let summary = lang.pick("Tallene i figuren", "The numbers in the figure");
                let _ = writeln!(out, "<details>\n<summary>{summary}</summary>");
                out.push_str(&table_html(table, Some(&chart.title)));
                out.push_str("</details>\n");
                out.push_str(&notes_html(notes, Some(data), lang));
                out.push_str("</figure>\n");
            }
            Block::Answers { name, table, data } => {
                let heading = table.title.as_deref().unwrap_or_default();
                let _ = writeln!(out, "<section class=\"answers\" id=\"{name}\">\n<h2>{}</h2>", escape(heading));
                out.push_str(&table_html(table, None));
                out.push_str(&download_html(data, lang.pick("Last ned svarene (CSV)", "Download the answers (CSV)")));
                out.push_str("</section>\n");
            }
            Block::Appendix { id, table, .. } => {
                let heading = table.title.as_deref().unwrap_or_default();
                let _ = writeln!(out, "<section class=\"appendix\" id=\"{id}\">\n<h2>{}</h2>", escape(heading));
                out.push_str(&table_html(table, None));
                out.push_str(&notes_html(&table.notes, None, lang));
                out.push_str("</section>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The id a block is linked to from the table of contents.
fn anchor(block: &Block) -> String {
    match block {
        Block::Table { table, .. } => table.name.clone(),
        Block::Figure { chart, .. } => format!("figur-{}", chart.name),
        Block::Appendix { id, .. } => id.clone(),
        Block::Answers { name, .. } => name.clone(),
        Block::Text(_) => String::new(),
    }
}

/// The table of contents: every table, figure and appendix, by its caption.
fn contents(doc: &Document) -> String {
    let mut out = String::new();
    let heading = doc.lang.pick("Innhold", "Contents");
    let _ = writeln!(out, "<nav aria-labelledby=\"innhold\">\n<h2 id=\"innhold\">{heading}</h2>\n<ol>");
    for block in &doc.blocks {
        let caption = match block {
            Block::Table { table, .. } => table.title.clone().unwrap_or_default(),
            Block::Figure { chart, .. } => chart.title.clone(),
            Block::Appendix { table, .. } | Block::Answers { table, .. } => table.title.clone().unwrap_or_default(),
            Block::Text(_) => continue,
        };
        let _ = writeln!(out, "<li><a href=\"#{}\">{}</a></li>", anchor(block), escape(&caption));
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// A table with its caption, a header row of column headers and a header cell per row (its
/// label); numbers right-aligned, an option indented under its question, a heading row (a task, a
/// question) set apart. In a box that scrolls sideways when the table is wider than the page (a
/// phone's), reachable by keyboard and named for a screen reader; its caption wraps in view.
fn table_html(t: &Table, caption: Option<&str>) -> String {
    let numeric = t.numeric_columns();
    let label_column = t.label_column().unwrap_or(0);
    let name = caption.or(t.title.as_deref()).unwrap_or(&t.name);
    let mut out =
        format!("<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n", escape(name));
    if let Some(caption) = caption {
        let _ = writeln!(out, "<caption>{}</caption>", escape(caption));
    }
    out.push_str("<thead>\n<tr>");
    for (i, c) in t.columns.iter().enumerate() {
        let class = if numeric.contains(&i) { " class=\"num\"" } else { "" };
        // The label column's header shows nothing, but a screen reader names it.
        let header = match c.header.trim() {
            "" => format!("<span class=\"sr-only\">{}</span>", t.lang.pick("Mål", "Measure")),
            header => escape(header),
        };
        let _ = write!(out, "<th scope=\"col\"{class}>{header}</th>");
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &t.rows {
        let heading = row.iter().enumerate().all(|(i, c)| i == label_column || *c == Cell::Null);
        out.push_str(if heading { "<tr class=\"group\">" } else { "<tr>" });
        for (i, cell) in row.iter().enumerate() {
            let shown = cell.show(t.lang);
            let text = shown.trim_start();
            if i == label_column {
                let class = if text.len() < shown.len() { " class=\"indent\"" } else { "" };
                let _ = write!(out, "<th scope=\"row\"{class}>{}</th>", escape(text));
            } else {
                let class = if numeric.contains(&i) { " class=\"num\"" } else { "" };
                let _ = write!(out, "<td{class}>{}</td>", escape(text));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

/// The notes under a table or figure, and its data as a download.
fn notes_html(notes: &[String], data: Option<&Data>, lang: Lang) -> String {
    let mut out = String::new();
    for n in notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(n));
    }
    if let Some(data) = data {
        out.push_str(&download_html(data, lang.pick("Last ned tallene (CSV)", "Download the numbers (CSV)")));
    }
    out
}

/// A link that downloads `data` (a `data:` link: nothing to fetch).
fn download_html(data: &Data, label: &str) -> String {
    format!(
        "<p class=\"data\"><a download=\"{}\" href=\"data:text/csv;charset=utf-8,{}\">{label}</a></p>\n",
        escape(&data.file),
        percent_encode(&data.csv)
    )
}

/// Markdown as HTML. The page stays self-contained and well-formed whatever the spec holds: raw
/// HTML is written as text, a picture as its alternative text, a link out of the page as its text
/// with the address after it in brackets (a link within the page, `#tabell-1`, stays a link), and
/// control characters are dropped.
pub(crate) fn html_of(markdown: &str) -> String {
    let mut events: Vec<Event> = Vec::new();
    // For each open link: the address to write after its text, or `None` for a link kept.
    let mut links: Vec<Option<String>> = Vec::new();
    for e in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Html(s) | Event::InlineHtml(s) | Event::Text(s) => events.push(Event::Text(clean(&s).into())),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Link { ref dest_url, .. }) if dest_url.starts_with('#') => {
                links.push(None);
                events.push(e);
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(Some(clean(&dest_url))),
            Event::End(TagEnd::Link) => match links.pop().flatten() {
                Some(url) => events.push(Event::Text(format!(" ({url})").into())),
                None => events.push(e),
            },
            other => events.push(other),
        }
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// Text without the control characters XML does not allow.
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect()
}

/// Bytes for a `data:` URL: everything but letters, digits and `-_.~` as `%XX`.
fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_and_raw_html_stays_text() {
        assert_eq!(html_of("Totalt **1 385** personer."), "<p>Totalt <strong>1 385</strong> personer.</p>\n");
        let html = html_of("<script>alert(1)</script>\n\nEn <img src=x> her.");
        assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
        let html = html_of("Se ![figur](https://x.no/f.png), [kilden](https://x.no) og [tabell 1](#tabell-1).\u{7}");
        assert_eq!(html, "<p>Se figur, kilden (https://x.no) og <a href=\"#tabell-1\">tabell 1</a>.</p>\n");
    }

    #[test]
    fn data_urls_escape_every_byte_that_could_end_them() {
        assert_eq!(percent_encode("a,b\n\"ø\"".as_bytes()), "a%2Cb%0A%22%C3%B8%22");
    }
}
