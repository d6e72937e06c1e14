//! Text → records: the second step of reading an export.
//!
//! The delimiter is sniffed among `;`, TAB and `,` by counting fields outside quotes over the first
//! records: the delimiter that gives the most records of one width wins (an EFS first row of mostly
//! empty fields counts like any other). Records are then split by our own streaming reader
//! ([`Records`]), with the csv crate's quoting rules: quoted delimiters, doubled quotes and line
//! breaks in quotes, each record with the line it starts on (the `grid_vs_csv` fuzz target checks it
//! against the csv crate). A quote that never closes is refused, where the csv crate would read the
//! rest of the file into one cell.

use crate::read::decode::Unreadable;
use std::collections::HashMap;
use std::io::Read;
use wide::{u32x4, u8x16};

/// One record and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub(crate) line: usize,
    pub(crate) fields: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub records: Vec<Record>,
}

pub const DELIMITERS: [u8; 3] = [b';', b'\t', b','];
const SNIFF_RECORDS: usize = 50;
/// How much of the decoded text the delimiter is sniffed from.
pub(crate) const HEAD_BYTES: usize = 64 * 1024;
/// How much text is read at a time: at first [`FIRST_CHUNK`] (most exports are small, and a file is
/// opened twice), four times more after each read that fills it, up to [`CHUNK`].
const CHUNK: usize = 256 * 1024;
const FIRST_CHUNK: usize = 16 * 1024;

pub(crate) fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "; (semicolon)",
        b'\t' => "TAB",
        b',' => ", (comma)",
        _ => "other",
    }
}

/// A whole text split into records (for tests and small inputs): the streaming [`Records`] over it.
pub fn parse(text: &str) -> Result<Grid, Unreadable> {
    let delimiter = sniff(text);
    let mut records = Records::new(text.as_bytes(), delimiter);
    let mut out = Vec::new();
    while let Some(row) = records.next_row().map_err(GridError::into_unreadable)? {
        out.push(row.to_record());
    }
    Ok(Grid { records: out })
}

/// Why the records of a text could not be read.
#[derive(Debug)]
pub enum GridError {
    /// A quoted field opened on this line is never closed.
    Unterminated(usize),
    /// The record starting on this line is not valid UTF-8 (the text is not UTF-8 after all).
    NotUtf8(usize),
    /// The record starting on this line is 4 GiB or longer.
    TooLong(usize),
    Io(std::io::Error),
}

impl GridError {
    pub(crate) fn into_unreadable(self) -> Unreadable {
        match self {
            GridError::Unterminated(line) => Unreadable {
                message: format!("a quoted field opened on line {line} is never closed"),
                hint: "the rest of the file would be read as one cell: close the quote (\") or export \
                       the file again"
                    .into(),
                line: Some(line),
            },
            GridError::NotUtf8(line) => Unreadable {
                message: "the text is not valid UTF-8".into(),
                hint: "export the file again".into(),
                line: Some(line),
            },
            GridError::TooLong(line) => Unreadable {
                message: format!("the record starting on line {line} is 4 GiB or longer"),
                hint: "a quote opened there may close far too late: check the quotes, or export the file again".into(),
                line: Some(line),
            },
            GridError::Io(e) => Unreadable::new(format!("cannot read the file ({e})"), "check the file and try again"),
        }
    }
}

/// One record of a [`Records`] stream, borrowed until the next is read.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The 1-based line the record starts on.
    pub(crate) line: usize,
    text: &'a str,
    /// Where each field ends in `text` (a record is shorter than 4 GiB: [`GridError::TooLong`]).
    ends: &'a [u32],
    /// The bytes of `text` that are not a field of one `0` or `1` ([`marks`]); empty when not
    /// worked out.
    marks: &'a [u8],
    /// Whether `text` is all ASCII (for a plain line of a batch, found as its fields are).
    ascii: bool,
}

impl<'a> Row<'a> {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`, or "" past the end of a short row.
    pub(crate) fn field(&self, i: usize) -> &'a str {
        match self.ends.get(i) {
            // Each field after the first starts one past the delimiter that ends the one before.
            Some(&end) => &self.text[self.start(i)..end as usize],
            None => "",
        }
    }

    /// Where field `i` starts: one past the delimiter that ends the one before.
    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        }
    }

    /// Field `i` as bytes (no check that it starts and ends on a character: a field always does).
    pub(crate) fn field_bytes(&self, i: usize) -> &'a [u8] {
        match self.ends.get(i) {
            Some(&end) => &self.text.as_bytes()[self.start(i)..end as usize],
            None => b"",
        }
    }

    /// Whether fields `first..=last` are each empty, `0` or `1`, for certain: `false` also when
    /// the row has fewer fields, or when its [`marks`] were not worked out.
    pub(crate) fn binary(&self, first: usize, last: usize) -> bool {
        if last >= self.len() || self.marks.is_empty() {
            return false;
        }
        let (start, end) = (self.start(first), self.ends[last] as usize);
        if start >= end {
            return true;
        }
        // Most runs of ticks span fewer than 57 bytes: their marks are in one 64-bit word.
        let a = start / 8;
        let (low, high) = (start - 8 * a, end - 8 * a);
        if let (true, Some(word)) = (high <= 64, self.marks.get(a..a + 8)) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            return word & (u64::MAX >> (64 - (high - low))) << low == 0;
        }
        let b = (end - 1) / 8;
        let (head, tail) = (0xffu8 << (start % 8), 0xffu8 >> (7 - (end - 1) % 8));
        if a == b {
            return self.marks[a] & head & tail == 0;
        }
        self.marks[a] & head == 0 && self.marks[a + 1..b].iter().all(|&m| m == 0) && self.marks[b] & tail == 0
    }

    pub fn fields(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.field(i))
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.fields().all(|f| super::value::trim(f).is_empty())
    }

    /// The record's whole text, its fields joined by the delimiter (for scanning, never for output).
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Whether the record's text is all ASCII (no letter such as `ø`, and no sign of double
    /// encoding).
    pub(crate) fn is_ascii(&self) -> bool {
        self.ascii
    }

    pub(crate) fn to_record(self) -> Record {
        Record { line: self.line, fields: self.fields().map(str::to_string).collect() }
    }
}

/// Records read ahead and owned, to be handed from one thread to another: their text, field ends
/// and [`marks`] one after another, and per record where they stop. A plain line (no quote, no
/// carriage return) is copied whole and its fields found later, by [`Batch::split`], on whichever
/// thread takes the batch: its ends stop at [`UNSPLIT`] until then.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    text: String,
    ends: Vec<u32>,
    marks: Vec<u8>,
    rows: Vec<Stops>,
    /// The delimiter between the fields of a plain line.
    delimiter: u8,
}

/// Where a record of a [`Batch`] stops in its text, ends and marks, and the line it starts on.
#[derive(Debug, Clone, Copy)]
struct Stops {
    line: usize,
    text: usize,
    ends: usize,
    marks: usize,
    /// Whether the record's text is all ASCII (for a plain line, once split).
    ascii: bool,
}

/// Where the ends of a record not split yet stop.
const UNSPLIT: usize = usize::MAX;

impl Batch {
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// About the bytes the records took in the text: their fields and a delimiter or line end after
    /// each (quotes aside), for progress.
    pub(crate) fn bytes(&self) -> usize {
        self.text.len() + self.ends.len()
    }

    /// Adds a record given as its fields (a sheet's row): its text is the fields joined by TAB,
    /// for scanning only, as a text's is.
    pub(crate) fn push_fields(&mut self, line: usize, fields: &[String]) {
        let (start, first_end) = (self.text.len(), self.ends.len());
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            self.text.push_str(f);
            let end = u32::try_from(self.text.len() - start).expect("a sheet's row is shorter than 4 GiB");
            self.ends.push(end);
        }
        let text = &self.text.as_bytes()[start..];
        marks(text, &self.ends[first_end..], &mut self.marks);
        let ascii = text.is_ascii();
        self.stop(line, self.ends.len(), ascii);
    }

    fn push(&mut self, row: &Row) {
        self.text.push_str(row.text);
        self.ends.extend_from_slice(row.ends);
        marks(row.text.as_bytes(), row.ends, &mut self.marks);
        self.stop(row.line, self.ends.len(), row.ascii);
    }

    /// Ends the record pushed last, whose ends stop at `ends` (a plain line's are [`UNSPLIT`], and
    /// whether it is ASCII is told when it is split).
    fn stop(&mut self, line: usize, ends: usize, ascii: bool) {
        self.rows.push(Stops { line, text: self.text.len(), ends, marks: self.marks.len(), ascii });
    }

    /// Finds the fields of the plain lines, and marks their bytes: afterwards every record has its
    /// ends and marks.
    pub(crate) fn split(&mut self) {
        if !self.rows.iter().any(|r| r.ends == UNSPLIT) {
            return;
        }
        let mut ends = Vec::with_capacity(self.ends.len() + self.text.len() / 2);
        let mut marks = Vec::with_capacity(self.text.len() / 8 + self.rows.len());
        // The first `kept` of `ends` are the records' so far; the rest is room for the next line's.
        let mut kept = 0;
        let mut start = Stops { line: 0, text: 0, ends: 0, marks: 0, ascii: true };
        for row in &mut self.rows {
            let stops = *row;
            if stops.ends == UNSPLIT {
                let text = &self.text.as_bytes()[start.text..stops.text];
                (kept, row.ascii) = positions(text, self.delimiter, &mut ends, kept, &mut marks);
                ends[kept] = text.len() as u32;
                kept += 1;
            } else {
                ends.truncate(kept);
                ends.extend_from_slice(&self.ends[start.ends..stops.ends]);
                kept = ends.len();
                marks.extend_from_slice(&self.marks[start.marks..stops.marks]);
                start.ends = stops.ends;
            }
            start.marks = stops.marks;
            start.text = stops.text;
            (row.ends, row.marks) = (kept, marks.len());
        }
        ends.truncate(kept);
        (self.ends, self.marks) = (ends, marks);
    }

    /// The records, in order (split: see [`Batch::split`]).
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        debug_assert!(self.rows.iter().all(|r| r.ends != UNSPLIT), "a batch is split before it is read");
        let mut start = Stops { line: 0, text: 0, ends: 0, marks: 0, ascii: true };
        self.rows.iter().map(move |&stops| {
            let from = std::mem::replace(&mut start, stops);
            Row {
                line: stops.line,
                text: &self.text[from.text..stops.text],
                ends: &self.ends[from.ends..stops.ends],
                marks: &self.marks[from.marks..stops.marks],
                ascii: stops.ascii,
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of two.
    QuotedQuote,
    /// A carriage return ended the record; a line feed may follow.
    AfterCr,
}

/// Records read one at a time from UTF-8 text, with the csv crate's quoting rules (a quote opens a
/// field only at its start; `""` inside quotes is one quote; text after a closing quote is kept), every
/// record's true first line, and the line ends counted as they pass. Empty lines are skipped. Nothing
/// is held but the current chunk and record, so memory does not grow with the file.
pub struct Records<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    delimiter: u8,
    special: [bool; 256],
    line: usize,
    record_line: usize,
    quote_line: usize,
    /// A carriage return between records whose line feed may come in the next chunk.
    cr_pending: bool,
    crlf: usize,
    lf: usize,
    data: Vec<u8>,
    ends: Vec<u32>,
    /// The record's [`marks`] when it was a plain line; empty otherwise.
    marks: Vec<u8>,
    /// Room for the text of the next batch ([`Records::next_batch`]).
    batch_bytes: usize,
    /// The lines [`Records::plain_lines_into`] takes at a time: (start, end, CRLF), from the
    /// reading position.
    lines: Vec<(usize, usize, bool)>,
}

impl<R: Read> Records<R> {
    pub fn new(src: R, delimiter: u8) -> Records<R> {
        let mut r = Records {
            src,
            buf: vec![0; FIRST_CHUNK],
            pos: 0,
            end: 0,
            eof: false,
            delimiter,
            special: [false; 256],
            line: 1,
            record_line: 1,
            quote_line: 1,
            cr_pending: false,
            crlf: 0,
            lf: 0,
            data: Vec::new(),
            ends: Vec::new(),
            marks: Vec::new(),
            batch_bytes: 0,
            lines: Vec::new(),
        };
        r.set_delimiter(delimiter);
        r
    }

    pub(crate) fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
        self.special = [false; 256];
        for b in [delimiter, b'\r', b'\n'] {
            self.special[b as usize] = true;
        }
    }

    /// The source the text comes from.
    pub(crate) fn source(&self) -> &R {
        &self.src
    }

    /// The first `HEAD_BYTES` of the text (less when the text is shorter), without consuming them.
    pub(crate) fn head(&mut self) -> std::io::Result<&[u8]> {
        while self.end - self.pos < HEAD_BYTES && !self.eof {
            if self.buf.len() - self.end < FIRST_CHUNK {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            let n = self.src.read(&mut self.buf[self.end..])?;
            self.eof = n == 0;
            self.end += n;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    /// Line ends seen so far: (CRLF, LF alone).
    pub(crate) fn line_ends(&self) -> (usize, usize) {
        (self.crlf, self.lf)
    }

    /// Refills the buffer once it is used up; `false` at the end of the text.
    fn fill(&mut self) -> Result<bool, GridError> {
        if self.pos < self.end {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.pos = 0;
        self.end = 0;
        loop {
            match self.src.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end = n;
                    grow_when_filled(&mut self.buf, n);
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(GridError::Io(e)),
            }
        }
    }

    /// The next record, or `None` at the end of the text.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, GridError> {
        self.data.clear();
        self.ends.clear();
        self.marks.clear();
        let mut state = State::RecordStart;
        loop {
            if !self.fill()? {
                match state {
                    State::RecordStart => return Ok(None),
                    State::Quoted => return Err(GridError::Unterminated(self.quote_line)),
                    State::AfterCr => {}
                    _ => self.ends.push(self.data.len() as u32),
                }
                return self.row();
            }
            state = match state {
                State::RecordStart => match self.record_start() {
                    State::FieldStart if self.plain_line() => return self.row(),
                    next => next,
                },
                State::FieldStart => {
                    if self.buf[self.pos] == b'"' {
                        self.pos += 1;
                        self.quote_line = self.line;
                        State::Quoted
                    } else {
                        State::Unquoted
                    }
                }
                State::Unquoted => match self.unquoted() {
                    Some(State::RecordStart) => return self.row(),
                    Some(next) => next,
                    None => State::Unquoted,
                },
                State::Quoted => self.quoted(),
                State::QuotedQuote => {
                    if self.buf[self.pos] == b'"' {
                        self.data.push(b'"');
                        self.pos += 1;
                        State::Quoted
                    } else {
                        State::Unquoted
                    }
                }
                State::AfterCr => {
                    if self.buf[self.pos] == b'\n' {
                        self.pos += 1;
                        self.line += 1;
                        self.crlf += 1;
                    }
                    return self.row();
                }
            };
        }
    }

    /// The common case, read in one go: a whole record in the chunk, with no quote and no carriage
    /// return but before its line feed. `false` leaves everything to the field-by-field reading.
    fn plain_line(&mut self) -> bool {
        let Some((len, crlf)) = self.plain_line_len() else { return false };
        let line = &self.buf[self.pos..self.pos + len];
        self.data.extend_from_slice(line);
        let kept = self.ends.len();
        let (kept, _) = positions(line, self.delimiter, &mut self.ends, kept, &mut self.marks);
        self.ends.truncate(kept);
        self.ends.push(len as u32);
        self.pass_line(len, crlf);
        true
    }

    /// Skips the line ends before a record; the record starts at the first other byte.
    fn record_start(&mut self) -> State {
        let b = self.buf[self.pos];
        let cr = std::mem::replace(&mut self.cr_pending, b == b'\r');
        match b {
            b'\n' => self.count_newline(cr),
            b'\r' => {}
            _ => {
                self.record_line = self.line;
                return State::FieldStart;
            }
        }
        self.pos += 1;
        State::RecordStart
    }

    fn count_newline(&mut self, crlf: bool) {
        self.line += 1;
        if crlf {
            self.crlf += 1;
        } else {
            self.lf += 1;
        }
    }

    /// Reads an unquoted stretch up to a delimiter or line end. `None`: the chunk ran out first;
    /// `Some(RecordStart)`: the record ended on a line feed.
    fn unquoted(&mut self) -> Option<State> {
        let bytes = &self.buf[self.pos..self.end];
        let n = bytes.iter().position(|&b| self.special[b as usize]).unwrap_or(bytes.len());
        self.data.extend_from_slice(&bytes[..n]);
        self.pos += n;
        if self.pos == self.end {
            return None;
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        self.ends.push(self.data.len() as u32);
        if b == self.delimiter {
            self.data.push(b);
            Some(State::FieldStart)
        } else if b == b'\r' {
            Some(State::AfterCr)
        } else {
            self.count_newline(false);
            Some(State::RecordStart)
        }
    }

    /// Reads a quoted stretch up to the next quote, counting the line ends inside it.
    fn quoted(&mut self) -> State {
        let bytes = &self.buf[self.pos..self.end];
        let (n, found) = match memchr::memchr(b'"', bytes) {
            Some(i) => (i, true),
            None => (bytes.len(), false),
        };
        let segment = &bytes[..n];
        for i in memchr::memchr_iter(b'\n', segment) {
            let crlf = if i > 0 { segment[i - 1] == b'\r' } else { self.data.last() == Some(&b'\r') };
            self.line += 1;
            if crlf {
                self.crlf += 1;
            } else {
                self.lf += 1;
            }
        }
        self.data.extend_from_slice(segment);
        self.pos += n;
        if found {
            self.pos += 1;
            State::QuotedQuote
        } else {
            State::Quoted
        }
    }

    fn row(&self) -> Result<Option<Row<'_>>, GridError> {
        // The ends were written as 32 bits: a longer record (a quote left open, far) is refused.
        if u32::try_from(self.data.len()).is_err() {
            return Err(GridError::TooLong(self.record_line));
        }
        let text = simdutf8::basic::from_utf8(&self.data).map_err(|_| GridError::NotUtf8(self.record_line))?;
        let ascii = text.is_ascii();
        Ok(Some(Row { line: self.record_line, text, ends: &self.ends, marks: &self.marks, ascii }))
    }
}

/// Records cut into batches for other threads: a plain line is copied whole, its fields left to
/// [`Batch::split`].
impl<R: Read> Records<R> {
    /// The next `n` records (fewer at the end of the text; none after it), plain lines not split
    /// into fields yet ([`Batch::split`]).
    pub(crate) fn next_batch(&mut self, n: usize) -> Result<Batch, GridError> {
        // As much room as the batch before took (records are alike), so that the text is not
        // copied again and again as it grows.
        let text = String::with_capacity(self.batch_bytes);
        let mut batch = Batch { text, rows: Vec::with_capacity(n), delimiter: self.delimiter, ..Batch::default() };
        while batch.len() < n && self.at_record()? {
            if !self.plain_lines_into(&mut batch, n) && !self.plain_line_into(&mut batch)? {
                match self.next_row()? {
                    Some(row) => batch.push(&row),
                    None => break,
                }
            }
        }
        self.batch_bytes = batch.text.len() + batch.text.len() / 8;
        Ok(batch)
    }

    /// Skips the line ends before the next record; `false` at the end of the text.
    fn at_record(&mut self) -> Result<bool, GridError> {
        loop {
            if !self.fill()? {
                return Ok(false);
            }
            if self.record_start() == State::FieldStart {
                return Ok(true);
            }
        }
    }

    /// Plain lines ([`Records::plain_line_into`]) one after another, until `batch` holds `n`
    /// records: as far as the chunk goes on with whole lines before a quote or a carriage return
    /// that ends no line, each found by its line end, and all checked as UTF-8 at once. `false`: not
    /// one line taken (a quote, such a carriage return, a byte that is not UTF-8 or the chunk's end
    /// comes first); the lines from there on are [`Records::plain_line_into`]'s, one by one, and it
    /// says where a line is not UTF-8.
    fn plain_lines_into(&mut self, batch: &mut Batch, n: usize) -> bool {
        let plain = &self.buf[self.pos..self.end];
        // Each line as (start, end, CRLF) from the reading position, and where the last line end
        // taken stops. The search stops at the first quote: no scan beyond what is taken.
        self.lines.clear();
        let (mut records, mut start, mut taken) = (batch.len(), 0, 0);
        for i in memchr::memchr3_iter(b'\n', b'\r', b'"', plain) {
            match (plain[i], plain.get(i + 1)) {
                (b'\n', _) => {}
                (b'\r', Some(b'\n')) => continue,
                // A quote, or a carriage return that ends a record too (or whose line feed is in the
                // next chunk).
                _ => break,
            }
            let crlf = i > start && plain[i - 1] == b'\r';
            self.lines.push((start, i - usize::from(crlf), crlf));
            records += usize::from(i - usize::from(crlf) > start);
            (start, taken) = (i + 1, i + 1);
            if records == n {
                break;
            }
        }
        let text = match simdutf8::compat::from_utf8(&plain[..taken]) {
            Ok(text) => text,
            Err(e) => {
                // The lines before the first byte that is not UTF-8; the next is told line by line.
                let valid = |&&(_, end, crlf): &&(usize, usize, bool)| end + usize::from(crlf) < e.valid_up_to();
                let whole = self.lines.iter().take_while(valid).count();
                self.lines.truncate(whole);
                taken = self.lines.last().map_or(0, |&(_, end, crlf)| end + usize::from(crlf) + 1);
                let Ok(text) = simdutf8::basic::from_utf8(&plain[..taken]) else { return false };
                text
            }
        };
        if taken == 0 {
            return false;
        }
        let (mut line, mut crlfs) = (self.line, 0);
        for &(start, end, crlf) in &self.lines {
            if end > start {
                batch.text.push_str(&text[start..end]);
                batch.stop(line, UNSPLIT, false);
                self.record_line = line;
            }
            line += 1;
            crlfs += usize::from(crlf);
        }
        self.crlf += crlfs;
        self.lf += self.lines.len() - crlfs;
        self.line = line;
        self.pos += taken;
        true
    }

    /// A plain line ([`Records::plain_line`]) copied into `batch` whole, its fields left to
    /// [`Batch::split`]; `false` leaves the record to [`Records::next_row`].
    fn plain_line_into(&mut self, batch: &mut Batch) -> Result<bool, GridError> {
        let Some((len, crlf)) = self.plain_line_len() else { return Ok(false) };
        let line = &self.buf[self.pos..self.pos + len];
        let text = simdutf8::basic::from_utf8(line).map_err(|_| GridError::NotUtf8(self.record_line))?;
        batch.text.push_str(text);
        batch.stop(self.record_line, UNSPLIT, false);
        self.pass_line(len, crlf);
        Ok(true)
    }

    /// The length of the plain line at the reading position, and whether a CRLF ends it.
    fn plain_line_len(&self) -> Option<(usize, bool)> {
        let bytes = &self.buf[self.pos..self.end];
        let i = memchr::memchr3(b'\n', b'\r', b'"', bytes)?;
        match (bytes[i], bytes.get(i + 1)) {
            (b'\n', _) => Some((i, false)),
            (b'\r', Some(b'\n')) => Some((i, true)),
            _ => None,
        }
    }

    /// Moves past a plain line of `len` bytes and its line end.
    fn pass_line(&mut self, len: usize, crlf: bool) {
        self.pos += len + 1 + usize::from(crlf);
        self.count_newline(crlf);
    }
}

/// A text that fills the buffer is read in bigger pieces from now on (up to [`CHUNK`]).
fn grow_when_filled(buf: &mut Vec<u8>, filled: usize) {
    if filled == buf.len() && filled < CHUNK {
        buf.resize((filled * 4).min(CHUNK), 0);
    }
}

/// Writes the positions of `byte` in `bytes` (a plain line) into `out` after its first `kept`, and
/// returns how many `out` keeps now, and whether the line is all ASCII; what lies past them is room,
/// at least 24 slots of it, kept for the next line (the caller truncates `out` in the end), so that
/// the room is cleared once, not for every line. Appends the line's [`marks`] to `marks`, the
/// delimiters being `byte`. Sixteen bytes are compared at a time; delimiters are dense (a field is
/// often one byte, or none), so their positions are taken eight at a time: which of eight bytes are
/// `byte` makes an 8-bit mask, whose positions [`OFFSETS`] lists; all eight slots are written into
/// the room, and as many kept as the mask holds, without a branch per position.
fn positions(bytes: &[u8], byte: u8, out: &mut Vec<u32>, kept: usize, marks: &mut Vec<u8>) -> (usize, bool) {
    // A plain line is within the buffer (`CHUNK`): its positions fit in 32 bits.
    debug_assert!(u32::try_from(bytes.len()).is_ok());
    // Room for a delimiter at every byte and a block's slots after the last; marks for each block.
    let (first, start) = (kept, marks.len());
    if out.len() < first + bytes.len() + 40 {
        out.resize(first + bytes.len() + 40, 0);
    }
    marks.resize(start + bytes.len().div_ceil(16) * 2, 0);
    let mut finder = Finder {
        ends: &mut out[first..],
        found: 0,
        marks: &mut marks[start..],
        digit_before: 0,
        delimiter: u8x16::splat(byte),
        seen: u8x16::splat(0),
        base: u32x4::splat(0),
    };
    let mut chunks = bytes.chunks_exact(16);
    for (k, chunk) in (&mut chunks).enumerate() {
        finder.block(k, u8x16::new(chunk.try_into().expect("sixteen bytes")));
    }
    // The last bytes padded with delimiters: unmarked, and their positions, the last found, dropped.
    let (rest, blocks) = (chunks.remainder(), bytes.len() / 16);
    let padding = if rest.is_empty() {
        0
    } else {
        let mut last = [byte; 16];
        last[..rest.len()].copy_from_slice(rest);
        finder.block(blocks, u8x16::new(last));
        16 - rest.len()
    };
    // No byte with its high bit set: all ASCII.
    let (found, ascii) = (finder.found, !finder.seen.any());
    // A byte of marks for each eight bytes, as [`marks`] gives.
    marks.truncate(start + bytes.len().div_ceil(8));
    (first + found - padding, ascii)
}

/// [`positions`] sixteen bytes at a time, into room made for them.
struct Finder<'a> {
    ends: &'a mut [u32],
    /// How many of `ends` are written.
    found: usize,
    /// Two bytes for each block.
    marks: &'a mut [u8],
    /// Whether the last byte of the block before is a `0` or `1` (1), or not (0).
    digit_before: u32,
    delimiter: u8x16,
    /// Every block so far, or'ed together.
    seen: u8x16,
    /// Where the block starts in the line, in every lane (kept in a register, block to block).
    base: u32x4,
}

impl Finder<'_> {
    /// Block `k` of the line, `x`.
    #[inline(always)]
    fn block(&mut self, k: usize, x: u8x16) {
        // LLVM would turn the bit arithmetic below back into lane-by-lane vector code, many times
        // slower: the masks are handed over as plain numbers.
        let ends = std::hint::black_box(x.simd_eq(self.delimiter).to_bitmask());
        // `0` (0x30) and `1` (0x31) are the two bytes that are `1` with their lowest bit set.
        let digits = std::hint::black_box((x | u8x16::splat(1)).simd_eq(u8x16::splat(b'1')).to_bitmask());
        let marked = !(digits | ends) | (digits & (digits << 1 | self.digit_before));
        self.digit_before = digits >> 15;
        self.seen |= x;
        self.marks[2 * k..2 * k + 2].copy_from_slice(&(marked as u16).to_le_bytes());
        // Eight slots for each half of the block, the second half's after the first half's found.
        let slots: &mut [u32; 24] = (&mut self.ends[self.found..self.found + 24]).try_into().expect("room made");
        let (low, low_count) = &OFFSETS[(ends & 0xff) as usize];
        let (high, high_count) = &OFFSETS[(ends >> 8 & 0xff) as usize];
        let (base, high_base) = (self.base, self.base + u32x4::splat(8));
        let at = *low_count as usize & 15;
        let put = |slots: &mut [u32], offsets: &[u32; 8], base: u32x4| {
            let half = |i: usize| u32x4::new(offsets[i..i + 4].try_into().expect("four")) + base;
            slots[..4].copy_from_slice(&half(0).to_array());
            slots[4..8].copy_from_slice(&half(4).to_array());
        };
        put(&mut slots[..8], low, base);
        put(&mut slots[at..at + 8], high, high_base);
        self.found += (low_count + high_count) as usize;
        self.base = base + u32x4::splat(16);
    }
}

/// Marks the bytes of a record's text, its fields ending at `ends`, and appends the marks to
/// `out`: one bit per byte, eight to a byte, lowest first. A byte is marked unless it ends a field
/// or is a `0` or `1` that follows no other in its field; so a field has none marked exactly when
/// it is empty, `0` or `1` (a tick, read at a glance: [`Row::binary`]). [`positions`] marks a
/// plain line as it finds its fields; this is for the rest.
fn marks(text: &[u8], ends: &[u32], out: &mut Vec<u8>) {
    let mut at_end = vec![false; text.len() + 1];
    ends.iter().for_each(|&e| at_end[e as usize] = true);
    let mut digit_before = false;
    let mut marked = text.iter().zip(&at_end).map(|(&b, &end)| {
        let digit = !end && matches!(b, b'0' | b'1');
        let mark = !end && (!digit || digit_before);
        digit_before = digit;
        mark
    });
    for _ in 0..text.len().div_ceil(8) {
        out.push((0..8).zip(&mut marked).fold(0, |m, (bit, mark)| m | u8::from(mark) << bit));
    }
}

/// For each 8-bit mask, the positions of its set bits, lowest first (the rest of the eight: 8),
/// and how many there are (a table, as counting bits is a loop where the CPU has no instruction
/// for it that every x86-64 has). The positions are as wide as the ends they are added to, so that
/// all eight are added at once.
const OFFSETS: [([u32; 8], u32); 256] = {
    let mut table = [([8u32; 8], 0u32); 256];
    let mut mask = 0;
    while mask < 256 {
        let (mut bit, mut k) = (0u32, 0usize);
        while bit < 8 {
            if mask & (1 << bit) != 0 {
                table[mask].0[k] = bit;
                k += 1;
            }
            bit += 1;
        }
        table[mask].1 = k as u32;
        mask += 1;
    }
    table
};

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
}

/// Field counts of the first `limit` records, with the csv crate's
/// quoting rules: a quote opens a field only at its start; `""` inside quotes is one quote.
fn scan(text: &str, delimiter: u8, limit: usize) -> Scan {
    let bytes = text.as_bytes();
    let mut widths = Vec::new();
    let mut fields = 1;
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut i = 0;
    let mut record_has_content = false;
    while i < bytes.len() && widths.len() < limit {
        let b = bytes[i];
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
    Scan { widths }
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

    /// Hands out its text a few bytes at a time, so that every state meets a chunk boundary.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(self.0.len()).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn records_read_in_small_pieces_equal_records_read_whole() {
        let text = "a;b\r\n\r\n1;\"x;y \"\"z\"\"\r\nnext\"tail\r\n;\n\"q\"\r\nlast;row";
        let whole = parse(text).unwrap();
        for step in 1..8 {
            let mut records = Records::new(Trickle(text.as_bytes(), step), b';');
            let mut rows = Vec::new();
            while let Some(r) = records.next_row().unwrap() {
                rows.push(r.to_record());
            }
            assert_eq!(rows, whole.records, "step {step}");
            assert_eq!(records.line_ends(), (5, 1), "step {step}");
        }
        assert_eq!(
            fields(&whole),
            vec![vec!["a", "b"], vec!["1", "x;y \"z\"\r\nnexttail"], vec!["", ""], vec!["q"], vec!["last", "row"]]
        );
        assert_eq!(whole.records.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 3, 5, 6, 7]);
    }

    #[test]
    fn delimiter_positions_eight_bytes_at_a_time_equal_a_plain_search() {
        let text = "a;;b;ccc;dddddddd;;;;;;;;;;e;æøå;\u{1F600};;f".as_bytes();
        for len in 0..text.len() {
            // Appended after what the vector holds (a row's ends after the row before's).
            let (mut fast, mut fast_marks) = (vec![99], vec![7]);
            let (kept, ascii) = positions(&text[..len], b';', &mut fast, 1, &mut fast_marks);
            assert_eq!(ascii, text[..len].is_ascii(), "{len}");
            assert!(fast.len() >= kept + 24, "room for the next line's first block");
            fast.truncate(kept);
            let slow: Vec<u32> = (0..len as u32).filter(|&i| text[i as usize] == b';').collect();
            assert_eq!(fast[1..], slow, "{len}");
            let mut slow_marks = vec![7];
            marks(&text[..len], &[slow, vec![len as u32]].concat(), &mut slow_marks);
            assert_eq!(fast_marks, slow_marks, "{len}");
        }
    }

    #[test]
    fn records_read_in_batches_equal_records_read_one_by_one() {
        let text = "a;b\r\n1;\"x;y\"\r\n\r\n;\nlast;row";
        let mut records = Records::new(text.as_bytes(), b';');
        let (mut first, mut second) = (records.next_batch(2).unwrap(), records.next_batch(2).unwrap());
        assert!(records.next_batch(2).unwrap().is_empty());
        // Plain lines are cut whole, their fields found by `split` (on the thread that takes them).
        first.split();
        second.split();
        let batched: Vec<Record> = first.rows().chain(second.rows()).map(|r| r.to_record()).collect();
        assert_eq!(batched, parse(text).unwrap().records);
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_line() {
        let mut records = Records::new(&b"a;b\n1;\xff\n"[..], b';');
        assert!(records.next_row().unwrap().is_some());
        assert!(matches!(records.next_row(), Err(GridError::NotUtf8(2))));
        // A plain line cut whole for a batch is checked as well.
        let mut records = Records::new(&b"a;b\n\n1;\xff\n"[..], b';');
        assert!(matches!(records.next_batch(5), Err(GridError::NotUtf8(3))));
    }

    /// Reads `records` to the end, one batch of `n` at a time (`None`: one record at a time): the
    /// records, and the line ends or the error that stopped reading.
    fn read_all<R: Read>(mut records: Records<R>, n: Option<usize>) -> (Vec<Record>, Result<(usize, usize), String>) {
        let mut out = Vec::new();
        loop {
            let next = match n {
                None => records.next_row().map(|r| r.map(|r| vec![r.to_record()])),
                Some(n) => records.next_batch(n).map(|mut b| {
                    b.split();
                    // A row said to be ASCII that is not would hide double encoding.
                    b.rows().for_each(|r| assert_eq!(r.is_ascii(), r.text().is_ascii(), "line {}", r.line));
                    (!b.is_empty()).then(|| b.rows().map(Row::to_record).collect())
                }),
            };
            match next {
                Ok(Some(rows)) => out.extend(rows),
                Ok(None) => return (out, Ok(records.line_ends())),
                Err(e) => return (out, Err(format!("{e:?}"))),
            }
        }
    }

    proptest::proptest! {
        /// Records cut into batches, plain lines many at a time, are the records read one by one:
        /// the same lines and fields, the same line ends, the same error at the same line, whatever
        /// the batch's size and however the text comes in.
        #[test]
        fn records_in_batches_of_any_size_equal_records_read_one_by_one(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    &b"a"[..], b"1", b";", b"\n", b"\r\n", b"\r", b"\"q;\n\"", b"\xc3\xb8", b"\xff", b" ",
                ]),
                0..60,
            ),
            n in 1usize..6,
            step in 1usize..300,
        ) {
            let text = pieces.concat();
            let (expected, expected_end) = read_all(Records::new(&text[..], b';'), None);
            let (got, got_end) = read_all(Records::new(Trickle(&text, step), b';'), Some(n));
            proptest::prop_assert_eq!(&got_end, &expected_end);
            // A batch that meets an error is not handed out: the records before it are.
            proptest::prop_assert!(got.len() <= expected.len());
            proptest::prop_assert_eq!(&got[..], &expected[..got.len()]);
            if expected_end.is_ok() {
                proptest::prop_assert_eq!(got.len(), expected.len());
            }
        }

        /// Fields read at a glance as ticks are exactly those that are empty, `0` or `1`, whether
        /// the line is plain (marked as its fields are found) or quoted (marked afterwards).
        #[test]
        fn fields_are_binary_when_empty_0_or_1(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["", "0", "1", "00", "01", "10", "11", "x", "1x", "x1", "2", "\"1\"", "\"1;0\"", "0;1", "ø1"]),
                    1..24,
                ),
                1..4,
            )
        ) {
            let text: String = lines.iter().map(|l| l.join(";") + "\n").collect();
            let mut batch = Records::new(text.as_bytes(), b';').next_batch(10).unwrap();
            batch.split();
            for row in batch.rows() {
                let fields: Vec<&str> = row.fields().collect();
                for first in 0..fields.len() {
                    for last in first..fields.len() + 1 {
                        let binary = last < fields.len() && fields[first..=last].iter().all(|f| matches!(*f, "" | "0" | "1"));
                        proptest::prop_assert_eq!(row.binary(first, last), binary, "{:?} {}..={}", fields, first, last);
                    }
                }
            }
        }
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
