//! The answer cells of the kept responses as written, for the long normalised table
//! ([`crate::normalise::long`]): every cell's text, a response at a time, spooled to a temporary file once it
//! outgrows a few megabytes. The long table reads the responses back in its own order (year, then
//! centre), which is not the order they were read in; keeping the text on disk rather than in memory
//! is what lets `friskliv normalise` write a million responses in the memory it needs for a
//! thousand.

use std::io::{self, Read, Seek, SeekFrom, Write};
use tempfile::SpooledTempFile;

/// How much is kept in memory before the cells go to a temporary file.
const IN_MEMORY: usize = 8 << 20;
/// Cells are handed to the spool in writes of about this size.
const WRITE: usize = 64 << 10;

/// The answer cells of each response, in its file's order of answer columns.
#[derive(Debug)]
pub struct RawCells {
    spool: SpooledTempFile,
    /// Bytes not yet written to the spool.
    pending: Vec<u8>,
    /// Bytes in the spool.
    written: u64,
    /// Per response, where its cells start and how many bytes they take.
    start: Vec<u64>,
    len: Vec<u32>,
    /// The first write that failed: said when the cells are read.
    error: Option<io::Error>,
}

impl Default for RawCells {
    fn default() -> RawCells {
        RawCells::spooled(IN_MEMORY)
    }
}

impl RawCells {
    /// Cells kept in memory up to `in_memory` bytes, then in a temporary file.
    pub(crate) fn spooled(in_memory: usize) -> RawCells {
        RawCells {
            spool: tempfile::spooled_tempfile(in_memory),
            pending: Vec::new(),
            written: 0,
            start: Vec::new(),
            len: Vec::new(),
            error: None,
        }
    }

    fn end(&self) -> u64 {
        self.written + self.pending.len() as u64
    }

    /// Adds a response's cells.
    pub(crate) fn push<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        let begin = self.end();
        for cell in cells {
            let len = u32::try_from(cell.len()).expect("a cell is shorter than 4 GiB");
            self.pending.extend_from_slice(&len.to_le_bytes());
            self.pending.extend_from_slice(cell.as_bytes());
        }
        self.start.push(begin);
        self.len.push(u32::try_from(self.end() - begin).expect("a response is shorter than 4 GiB"));
        if self.pending.len() >= WRITE {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.spool.write_all(&self.pending) {
                self.error = Some(e);
            }
        }
        self.written += self.pending.len() as u64;
        self.pending.clear();
    }

    /// Forgets every response from the `len`th on (a file read again in another encoding).
    pub(crate) fn truncate(&mut self, len: usize) {
        let Some(&end) = self.start.get(len) else { return };
        if end >= self.written {
            self.pending.truncate((end - self.written) as usize);
        } else {
            self.pending.clear();
            self.written = end;
            let cut = self.spool.set_len(end).and_then(|()| self.spool.seek(SeekFrom::Start(end)));
            if let (Err(e), None) = (cut, &self.error) {
                self.error = Some(e);
            }
        }
        self.start.truncate(len);
        self.len.truncate(len);
    }

    /// Keeps the responses whose `keep` is true.
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        let mut i = 0;
        self.start.retain(|_| (keep[i], i += 1).0);
        i = 0;
        self.len.retain(|_| (keep[i], i += 1).0);
    }

    /// The cells of response `i`, read into `buf`.
    pub(crate) fn get<'b>(&mut self, i: usize, buf: &'b mut Vec<u8>) -> io::Result<Cells<'b>> {
        if !self.pending.is_empty() {
            self.flush();
        }
        if let Some(e) = &self.error {
            return Err(io::Error::new(e.kind(), e.to_string()));
        }
        buf.resize(self.len[i] as usize, 0);
        self.spool.seek(SeekFrom::Start(self.start[i]))?;
        self.spool.read_exact(buf)?;
        Ok(Cells(buf))
    }
}

/// One response's cells, in order.
#[derive(Debug)]
pub(crate) struct Cells<'b>(&'b [u8]);

impl<'b> Iterator for Cells<'b> {
    type Item = &'b str;

    fn next(&mut self) -> Option<&'b str> {
        let (len, rest) = self.0.split_first_chunk::<4>()?;
        let (cell, rest) = rest.split_at(u32::from_le_bytes(*len) as usize);
        self.0 = rest;
        Some(std::str::from_utf8(cell).expect("cells are written from text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &mut RawCells, i: usize) -> Vec<String> {
        let mut buf = Vec::new();
        cells.get(i, &mut buf).unwrap().map(String::from).collect()
    }

    #[test]
    fn cells_come_back_in_any_order() {
        let mut cells = RawCells::default();
        cells.push(["12", "", "ca. 3; fire"]);
        cells.push([]);
        cells.push(["Ja", "æøå"]);
        assert_eq!(row(&mut cells, 2), ["Ja", "æøå"]);
        assert_eq!(row(&mut cells, 0), ["12", "", "ca. 3; fire"]);
        assert!(row(&mut cells, 1).is_empty());
    }

    #[test]
    fn a_file_read_again_and_superseded_responses_are_forgotten_on_disk_too() {
        // A spool of 100 bytes rolls to a file at once; each response (70 kB) is written at once.
        let mut cells = RawCells::spooled(100);
        let big = |c: char| c.to_string().repeat(70_000 - 4);
        for c in ['a', 'b', 'c', 'd'] {
            cells.push([big(c).as_str()]);
        }
        cells.truncate(1);
        assert_eq!(cells.start.len(), 1);
        cells.push(["x"]);
        for c in ['y', 'z'] {
            cells.push([big(c).as_str()]);
        }
        cells.retain(&[true, false, true, true]);
        let firsts: Vec<char> = (0..cells.start.len()).map(|i| row(&mut cells, i)[0].chars().next().unwrap()).collect();
        assert_eq!(firsts, ['a', 'y', 'z']);
        assert_eq!(row(&mut cells, 1)[0].len(), 69_996);
        assert!(cells.spool.is_rolled());
    }
}
