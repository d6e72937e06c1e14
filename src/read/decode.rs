//! Bytes → text: the first step of reading an export.
//!
//! UTF-16 (LE and BE) and UTF-8 are recognised by their byte-order mark; without one, valid UTF-8 is
//! UTF-8 and anything else is Windows-1252. Empty and binary files are refused with what to do
//! instead (an Excel workbook never comes here: see [`crate::read::workbook`]). Text that decodes but looks double-encoded (`Ã¸` for `ø`) is flagged.

use serde::Serialize;
use std::fmt;
use std::io::Read;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Encoding {
    #[serde(rename = "UTF-8 with BOM")]
    Utf8Bom,
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "UTF-16LE with BOM")]
    Utf16Le,
    #[serde(rename = "UTF-16BE with BOM")]
    Utf16Be,
    #[serde(rename = "Windows-1252")]
    Windows1252,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf8 => "UTF-8 (no BOM)",
            Encoding::Utf16Le => "UTF-16LE with BOM",
            Encoding::Utf16Be => "UTF-16BE with BOM",
            Encoding::Windows1252 => "Windows-1252 (not valid UTF-8, no BOM)",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum LineEnds {
    #[serde(rename = "CRLF")]
    Crlf,
    #[serde(rename = "LF")]
    Lf,
    #[serde(rename = "mixed")]
    Mixed,
    #[serde(rename = "none")]
    None,
}

impl fmt::Display for LineEnds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LineEnds::Crlf => "CRLF",
            LineEnds::Lf => "LF",
            LineEnds::Mixed => "mixed CRLF and LF",
            LineEnds::None => "none (one line)",
        })
    }
}

/// Signs of text that was encoded twice (UTF-8 read as Windows-1252 and saved again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mojibake {
    pub(crate) line: usize,
    /// The first place, quoted; `None` when every place is in personal data, which is never quoted.
    pub(crate) sample: Option<String>,
    pub(crate) count: usize,
}

/// Why a file cannot be read as an export at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unreadable {
    pub(crate) message: String,
    pub(crate) hint: String,
    pub(crate) line: Option<usize>,
}

impl Unreadable {
    pub(crate) fn new(message: impl Into<String>, hint: impl Into<String>) -> Unreadable {
        Unreadable { message: message.into(), hint: hint.into(), line: None }
    }

    /// The file could not be opened or read.
    pub(crate) fn io(e: std::io::Error) -> Unreadable {
        Unreadable::new(format!("cannot read the file ({e})"), "check the path and its permissions")
    }
}

const REEXPORT: &str = "export the raw data from Questback again as Text (.CSV)";

/// The encoding of a file from its first bytes (`head`; `whole` when that is the whole file): a
/// byte-order mark, else UTF-8 when the bytes are valid UTF-8, else Windows-1252. Empty files
/// and UTF-16 without a byte-order mark are refused with what to do instead.
pub(crate) fn detect(head: &[u8], whole: bool) -> Result<Encoding, Unreadable> {
    if head.is_empty() {
        return Err(Unreadable::new("the file is empty", REEXPORT));
    }
    Ok(if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Encoding::Utf8Bom
    } else if head.starts_with(&[0xFF, 0xFE]) {
        Encoding::Utf16Le
    } else if head.starts_with(&[0xFE, 0xFF]) {
        Encoding::Utf16Be
    } else if looks_like_utf16_without_bom(head) {
        return Err(Unreadable::new(
            "the file looks like UTF-16 text without a byte-order mark",
            "save it again as UTF-8 or as \"Unicode text\" (UTF-16 with BOM)",
        ));
    } else {
        match std::str::from_utf8(head) {
            Ok(_) => Encoding::Utf8,
            // A character cut off at the end of the head is not a sign of another encoding.
            Err(e) if e.error_len().is_none() && !whole => Encoding::Utf8,
            Err(_) => Encoding::Windows1252,
        }
    })
}

/// Refuses a decoded head that is binary or holds no text.
pub(crate) fn check_text(head: &str, whole: bool) -> Result<(), Unreadable> {
    if looks_binary(head) {
        return Err(Unreadable::new("the file is binary, not a CSV export", REEXPORT));
    }
    if whole && head.trim().is_empty() {
        return Err(Unreadable::new("the file holds no text", REEXPORT));
    }
    Ok(())
}

/// A file's bytes as UTF-8 text, decoded as they are read. UTF-8 without a byte-order mark passes
/// through untouched (the records are checked as they are split: see [`crate::read::grid`]); any other
/// encoding goes through encoding_rs, undecodable bytes becoming U+FFFD (counted in `replaced`).
pub(crate) struct Decoder<R> {
    inner: R,
    decoder: Option<encoding_rs::Decoder>,
    /// Bytes of the byte-order mark still to skip.
    skip: usize,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The decoder has been given the end of the input and has written all it had: it must not be
    /// called again (encoding_rs panics if it is).
    finished: bool,
    /// U+FFFD characters in the decoded text (undecodable bytes, and any the file held).
    pub(crate) replaced: usize,
    /// Decoded text a read too small for a whole character could not take.
    spill: Vec<u8>,
}

impl<R: Read> Decoder<R> {
    pub(crate) fn new(inner: R, encoding: Encoding) -> Decoder<R> {
        let (decoder, skip) = match encoding {
            Encoding::Utf8 => (None, 0),
            Encoding::Utf8Bom => (Some(encoding_rs::UTF_8.new_decoder_without_bom_handling()), 3),
            Encoding::Utf16Le => (Some(encoding_rs::UTF_16LE.new_decoder_without_bom_handling()), 2),
            Encoding::Utf16Be => (Some(encoding_rs::UTF_16BE.new_decoder_without_bom_handling()), 2),
            Encoding::Windows1252 => (Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling()), 0),
        };
        Decoder {
            inner,
            decoder,
            skip,
            input: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            eof: false,
            finished: false,
            replaced: 0,
            spill: Vec::new(),
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        let n = self.inner.read(&mut self.input)?;
        self.eof = n == 0;
        self.start = self.skip.min(n);
        self.skip -= self.start;
        self.end = n;
        Ok(())
    }
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.decoder.is_none() {
            return self.inner.read(out);
        }
        if !self.spill.is_empty() || (1..4).contains(&out.len()) {
            return self.read_small(out);
        }
        loop {
            if self.finished {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                self.refill()?;
                continue;
            }
            let decoder = self.decoder.as_mut().expect("checked above");
            let input = &self.input[self.start..self.end];
            let (result, read, written, _) = decoder.decode_to_utf8(input, out, self.eof);
            self.start += read;
            // At the end, the last call may still write (a U+FFFD for a trailing odd byte of UTF-16,
            // or a cut-off UTF-8 sequence); the next read then has nothing left.
            self.finished = self.eof && result == encoding_rs::CoderResult::InputEmpty;
            self.replaced += memchr::memmem::find_iter(&out[..written], "\u{FFFD}".as_bytes()).count();
            if written > 0 || (self.eof && self.start == self.end) {
                return Ok(written);
            }
        }
    }
}

impl<R: Read> Decoder<R> {
    /// A read into room for less than a character (the decoder would make no progress): one is
    /// decoded into a room of its own, and what does not fit is handed out by the next reads.
    fn read_small(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.spill.is_empty() {
            let mut room = [0u8; 16];
            let n = self.read(&mut room)?;
            self.spill.extend_from_slice(&room[..n]);
        }
        let n = out.len().min(self.spill.len());
        out[..n].copy_from_slice(&self.spill[..n]);
        self.spill.drain(..n);
        Ok(n)
    }
}

/// Every other byte zero, as in UTF-16 text that is mostly ASCII.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(2000)];
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    half >= 4 && (zeros_at(0) * 3 > half || zeros_at(1) * 3 > half)
}

fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(20_000) {
        total += 1;
        if c == '\0' {
            return true;
        }
        let is_control = (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || c == '\u{FFFD}';
        if is_control {
            control += 1;
        }
    }
    total > 0 && control * 20 > total
}

/// The line ends of a text from its counts of CRLF and of LF alone.
pub(crate) fn line_ends(crlf: usize, lf: usize) -> LineEnds {
    match (crlf, lf) {
        (0, 0) => LineEnds::None,
        (_, 0) => LineEnds::Crlf,
        (0, _) => LineEnds::Lf,
        _ => LineEnds::Mixed,
    }
}

/// Collects the signs of double encoding, field by field, as records pass: `Ã` or `Â` followed by a
/// character of the Latin-1 range (`Ã¸`, `Ã¥`, `Ã¦`, `Ã˜`, `Â `…), or `â€`.
#[derive(Debug, Default)]
pub(crate) struct MojibakeScan {
    first: Option<usize>,
    sample: Option<(usize, String)>,
    count: usize,
}

impl MojibakeScan {
    /// Whether `text` may hold double encoding at all (a quick look: 0xC3, then 0x82, 0x83 or 0xA2,
    /// the bytes [`MojibakeScan::field`] looks closer at).
    pub(crate) fn may_hold(text: &str) -> bool {
        let bytes = text.as_bytes();
        memchr::memchr_iter(0xC3, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x82 | 0x83 | 0xA2)))
    }

    /// Scans one field of the record that starts on `line`.
    pub(crate) fn field(&mut self, line: usize, text: &str) {
        self.scan(line, text, true);
    }

    /// Scans a field of personal data: its places are counted, never quoted.
    pub(crate) fn personal_field(&mut self, line: usize, text: &str) {
        self.scan(line, text, false);
    }

    fn scan(&mut self, line: usize, text: &str, quote: bool) {
        let bytes = text.as_bytes();
        for i in memchr::memchr_iter(0xC3, bytes) {
            let hit = match bytes.get(i + 1) {
                Some(0x82 | 0x83) => text[i + 2..].chars().next().is_some_and(|c| {
                    matches!(c, '\u{80}'..='\u{BF}' | '€'..='™' | '˜' | 'ƒ' | '†' | '…' | '‰' | 'Š' | 'Œ' | 'Ž' | '‘' | '’' | '“' | '”' | '•' | '–' | '—')
                }),
                Some(0xA2) => text[i + 2..].starts_with('€'),
                _ => false,
            };
            if hit {
                self.count += 1;
                let newlines = memchr::memchr_iter(b'\n', &bytes[..i]).count();
                self.first.get_or_insert(line + newlines);
                if quote && self.sample.is_none() {
                    let before = text[..i].chars().rev().take(10).collect::<Vec<char>>();
                    let sample: String = before.into_iter().rev().chain(text[i..].chars().take(12)).collect();
                    self.sample = Some((line + newlines, sample));
                }
            }
        }
    }

    pub(crate) fn finish(self) -> Option<Mojibake> {
        let first = self.first?;
        Some(match self.sample {
            Some((line, sample)) => Mojibake { line, sample: Some(sample), count: self.count },
            None => Mojibake { line: first, sample: None, count: self.count },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Detects and decodes a whole text, as the reader does.
    fn decode(bytes: &[u8]) -> Result<(String, Encoding), Unreadable> {
        let encoding = detect(bytes, true)?;
        let mut text = String::new();
        Decoder::new(bytes, encoding).read_to_string(&mut text).unwrap();
        check_text(&text, true)?;
        Ok((text, encoding))
    }

    fn utf16le(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn every_encoding_of_the_series_reads_identically() {
        let text = "Utviklingssentral;Hvilke aktører har hospitert? - Nav – ansatte\r\nSør-Varanger;Ja\r\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        for (bytes, enc) in [
            (bom, Encoding::Utf8Bom),
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (utf16le(text), Encoding::Utf16Le),
            (be, Encoding::Utf16Be),
            (cp1252.into_owned(), Encoding::Windows1252),
        ] {
            assert_eq!(decode(&bytes).unwrap(), (text.to_string(), enc));
        }
    }

    #[test]
    fn a_character_cut_at_the_end_of_the_head_is_still_utf8() {
        let text = "a;Sør".as_bytes();
        assert_eq!(detect(&text[..4], false).unwrap(), Encoding::Utf8);
        assert_eq!(detect(&text[..4], true).unwrap(), Encoding::Windows1252);
    }

    #[test]
    fn double_encoded_text_is_flagged_with_its_line() {
        let mut scan = MojibakeScan::default();
        scan.field(1, "a");
        scan.field(2, "SÃ¸r-Varanger");
        scan.field(2, "Sør-Varanger");
        let m = scan.finish().unwrap();
        assert_eq!((m.line, m.count), (2, 1));
        assert!(m.sample.unwrap().contains("SÃ¸r"));
    }

    #[test]
    fn reads_too_small_for_a_character_hand_it_out_a_byte_at_a_time() {
        // A read of one to three bytes once spun for ever: the decoder writes nothing into room
        // for less than the next character.
        let mut bytes = utf16le("a;Sør 😀 ø");
        bytes.push(0x41);
        let whole = "a;Sør 😀 ø\u{FFFD}";
        for size in 1..=5 {
            let mut d = Decoder::new(&bytes[..], Encoding::Utf16Le);
            let (mut got, mut buf) = (Vec::new(), vec![0; size]);
            loop {
                let n = d.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            assert_eq!((String::from_utf8(got).unwrap().as_str(), d.replaced), (whole, 1), "reads of {size}");
        }
    }

    #[test]
    fn undecodable_utf16_is_counted() {
        let mut bytes = utf16le("a;b");
        bytes.extend([0x00, 0xD8, 0x41, 0x00]);
        let mut d = Decoder::new(&bytes[..], Encoding::Utf16Le);
        let mut text = String::new();
        d.read_to_string(&mut text).unwrap();
        assert_eq!((text.as_str(), d.replaced), ("a;b\u{FFFD}A", 1));
    }

    #[test]
    fn a_byte_cut_off_at_the_end_reads_as_one_replacement_and_the_end() {
        // Found by the fuzzer: the decoder's last call wrote the U+FFFD, and the next read called it
        // again after it had finished, which encoding_rs answers with a panic.
        let mut odd = utf16le("a;b");
        odd.push(0x41);
        let cut = [0xEF, 0xBB, 0xBF, b'a', b';', 0xC3];
        for (bytes, encoding, expected) in
            [(&odd[..], Encoding::Utf16Le, "a;b\u{FFFD}"), (&cut, Encoding::Utf8Bom, "a;\u{FFFD}")]
        {
            let mut d = Decoder::new(bytes, encoding);
            let mut text = String::new();
            d.read_to_string(&mut text).unwrap();
            assert_eq!((text.as_str(), d.replaced), (expected, 1));
            assert_eq!(d.read(&mut [0; 8]).unwrap(), 0, "and reading on gives the end again");
        }
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert!(decode(b"").unwrap_err().message.contains("empty"));
        assert!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap_err().message.contains("binary"));
        assert!(decode(b" \r\n \r\n").unwrap_err().message.contains("no text"));
        let no_bom: Vec<u8> = "a;b\r\n1;2\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(&no_bom).unwrap_err().message.contains("UTF-16"));
    }
}
