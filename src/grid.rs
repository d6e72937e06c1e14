//! Text → records: the second step of reading an export.
//!
//! The delimiter is sniffed among `;`, TAB and `,` by counting fields outside quotes over the first
//! records: the delimiter that gives the most records of one width wins (an EFS first row of mostly
//! empty fields counts like any other). Records are then read with the csv crate, which handles
//! quoted delimiters, doubled quotes and line breaks in quotes. A quote that never closes is refused:
//! the csv crate would read the rest of the file into one cell.

use crate::decode::Unreadable;
use std::collections::HashMap;

/// One record and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

impl Record {
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub delimiter: u8,
    pub records: Vec<Record>,
}

pub const DELIMITERS: [u8; 3] = [b';', b'\t', b','];
const SNIFF_RECORDS: usize = 50;

pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "; (semicolon)",
        b'\t' => "TAB",
        b',' => ", (comma)",
        _ => "other",
    }
}

pub fn parse(text: &str) -> Result<Grid, Unreadable> {
    let delimiter = sniff(text);
    if let Some(line) = scan(text, delimiter, usize::MAX).unterminated {
        return Err(Unreadable {
            message: format!("a quoted field opened on line {line} is never closed"),
            hint: "the rest of the file would be read as one cell: close the quote (\") or export \
                   the file again"
                .into(),
            line: Some(line),
        });
    }
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    // The csv crate's position lies before the line ends (and skipped blank lines) that precede a
    // record, so the record's own first line is counted here.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1usize);
    for result in reader.records() {
        let record = result
            .map_err(|e| Unreadable::new(format!("cannot split the file into fields: {e}"), "export it again"))?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize).max(counted_to);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += bytes[counted_to..start].iter().filter(|&&b| b == b'\n').count();
        counted_to = start;
        records.push(Record { line, fields: record.iter().map(str::to_string).collect() });
    }
    Ok(Grid { delimiter, records })
}

/// The delimiter that splits the first records into the most rows of one width (more than one field);
/// ties go to `;`, then TAB, then `,`.
pub fn sniff(text: &str) -> u8 {
    let mut best = (DELIMITERS[0], (false, 0usize, 0usize));
    for &d in &DELIMITERS {
        let widths = scan(text, d, SNIFF_RECORDS).widths;
        let mut tally: HashMap<usize, usize> = HashMap::new();
        for w in &widths {
            *tally.entry(*w).or_default() += 1;
        }
        let (width, count) = tally.into_iter().max_by_key(|&(width, count)| (count, width)).unwrap_or((0, 0));
        let score = (width > 1, count, width);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

struct Scan {
    widths: Vec<usize>,
    unterminated: Option<usize>,
}

/// Field counts of the first `limit` records and the line of a quote left open, with the csv crate's
/// quoting rules: a quote opens a field only at its start; `""` inside quotes is one quote.
fn scan(text: &str, delimiter: u8, limit: usize) -> Scan {
    let bytes = text.as_bytes();
    let mut widths = Vec::new();
    let mut fields = 1;
    let mut line = 1;
    let mut in_quotes = false;
    let mut opened_on = 0;
    let mut at_field_start = true;
    let mut i = 0;
    let mut record_has_content = false;
    while i < bytes.len() && widths.len() < limit {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            opened_on = line;
            record_has_content = true;
        } else if b == delimiter {
            fields += 1;
            at_field_start = true;
            record_has_content = true;
            i += 1;
            continue;
        } else if b == b'\n' || b == b'\r' {
            if record_has_content {
                widths.push(fields);
            }
            fields = 1;
            record_has_content = false;
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
                line += 1;
            }
            at_field_start = true;
            i += 1;
            continue;
        } else {
            record_has_content = true;
        }
        at_field_start = false;
        i += 1;
    }
    if record_has_content && widths.len() < limit && !in_quotes {
        widths.push(fields);
    }
    Scan { widths, unterminated: in_quotes.then_some(opened_on) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(g: &Grid) -> Vec<Vec<&str>> {
        g.records.iter().map(|r| r.fields.iter().map(String::as_str).collect()).collect()
    }

    #[test]
    fn sniffs_each_delimiter_outside_quotes() {
        assert_eq!(sniff("a;b;c\n1;\"x,y,z,w\";3\n"), b';');
        assert_eq!(sniff("a\tb\tc\r\n1\t2\t3\r\n"), b'\t');
        assert_eq!(sniff("a,b,c\n1,\"x;y;z;w\",3\n"), b',');
    }

    #[test]
    fn commas_in_unquoted_headers_do_not_fool_the_sniffer() {
        let text = "Utviklingssentral;Deltakelse i forsknings-, utdannings-, utviklings- og innovasjonsarbeid - Data;Administrasjon, Rådmann\nModum;1;0\nBergen;0;1\n";
        assert_eq!(sniff(text), b';');
    }

    #[test]
    fn an_efs_first_row_of_empty_fields_is_still_one_width() {
        let text = ";;;;Utviklingssentral;Antall\nnumber;tester;a;b;Utviklingssentral;Antall\nlfdn;tester;a;b;v_1;v_2\n1;0;;;Modum;3\n";
        assert_eq!(sniff(text), b';');
    }

    #[test]
    fn quoted_fields_keep_delimiters_doubled_quotes_and_line_breaks() {
        let g = parse("a;b\r\n1;\"x;y \"\"z\"\"\r\nnext line\"\r\n2;3\r\n").unwrap();
        assert_eq!(fields(&g), vec![vec!["a", "b"], vec!["1", "x;y \"z\"\r\nnext line"], vec!["2", "3"]]);
        assert_eq!(g.records.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 4]);
        let g = parse("a;b\r\n\r\n1;2\r\n;\n3;4").unwrap();
        assert_eq!(g.records.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 3, 4, 5]);
    }

    #[test]
    fn an_unterminated_quote_is_refused_with_its_line() {
        let err = parse("a;b\n1;2\n3;\"never closed\n4;5\n").unwrap_err();
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn ragged_rows_are_kept_as_they_are() {
        let g = parse("a;b;c\n1;2;3;\n4;5\n").unwrap();
        assert_eq!(fields(&g), vec![vec!["a", "b", "c"], vec!["1", "2", "3", ""], vec!["4", "5"]]);
    }
}
