//! Bytes → text: the first step of reading an export.
//!
//! UTF-16 (LE and BE) and UTF-8 are recognised by their byte-order mark; without one, valid UTF-8 is
//! UTF-8 and anything else is Windows-1252. Empty files, binary files and Excel workbooks are refused
//! with what to do instead. Text that decodes but looks double-encoded (`Ã¸` for `ø`) is flagged.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
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
pub enum LineEnds {
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

#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    pub line_ends: LineEnds,
    /// Undecodable bytes replaced by U+FFFD (UTF-16 only; UTF-8 falls back to Windows-1252).
    pub replaced: usize,
    pub mojibake: Option<Mojibake>,
}

/// Signs of text that was encoded twice (UTF-8 read as Windows-1252 and saved again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    pub line: usize,
    pub sample: String,
    pub count: usize,
}

/// Why a file cannot be read as an export at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unreadable {
    pub message: String,
    pub hint: String,
    pub line: Option<usize>,
}

impl Unreadable {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Unreadable {
        Unreadable { message: message.into(), hint: hint.into(), line: None }
    }
}

const REEXPORT: &str = "export the raw data from Questback again as Text (.CSV)";

pub fn decode(bytes: &[u8]) -> Result<Decoded, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable::new("the file is empty", REEXPORT));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Unreadable::new(
            "the file is an Excel workbook, not a CSV export",
            "export the raw data as Text (.CSV), or save the sheet as \"CSV UTF-8\" in Excel",
        ));
    }
    let (text, encoding, replaced) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (t, _) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        let replaced = t.matches('\u{FFFD}').count();
        (t.into_owned(), Encoding::Utf8Bom, replaced)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (t, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        let replaced = t.matches('\u{FFFD}').count();
        (t.into_owned(), Encoding::Utf16Le, replaced)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (t, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        let replaced = t.matches('\u{FFFD}').count();
        (t.into_owned(), Encoding::Utf16Be, replaced)
    } else if looks_like_utf16_without_bom(bytes) {
        return Err(Unreadable::new(
            "the file looks like UTF-16 text without a byte-order mark",
            "save it again as UTF-8 or as \"Unicode text\" (UTF-16 with BOM)",
        ));
    } else if let Ok(t) = std::str::from_utf8(bytes) {
        (t.to_owned(), Encoding::Utf8, 0)
    } else {
        let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (t.into_owned(), Encoding::Windows1252, 0)
    };
    if looks_binary(&text) {
        return Err(Unreadable::new("the file is binary, not a CSV export", REEXPORT));
    }
    if text.trim().is_empty() {
        return Err(Unreadable::new("the file holds no text", REEXPORT));
    }
    let line_ends = line_ends(&text);
    let mojibake = find_mojibake(&text);
    Ok(Decoded { text, encoding, line_ends, replaced, mojibake })
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

fn line_ends(text: &str) -> LineEnds {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    match (crlf, lf) {
        (0, 0) => LineEnds::None,
        (_, 0) => LineEnds::Crlf,
        (0, _) => LineEnds::Lf,
        _ => LineEnds::Mixed,
    }
}

/// `Ã` or `Â` followed by a character of the Latin-1 range (`Ã¸`, `Ã¥`, `Ã¦`, `Ã˜`, `Â `…), or `â€`.
fn find_mojibake(text: &str) -> Option<Mojibake> {
    let mut first: Option<(usize, String)> = None;
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        for (j, w) in chars.windows(2).enumerate() {
            let hit = matches!(w[0], 'Ã' | 'Â')
                && matches!(w[1], '\u{80}'..='\u{BF}' | '€'..='™' | '˜' | 'ƒ' | '†' | '…' | '‰' | 'Š' | 'Œ' | 'Ž' | '‘' | '’' | '“' | '”' | '•' | '–' | '—')
                || (w[0] == 'â' && w[1] == '€');
            if hit {
                count += 1;
                if first.is_none() {
                    let start = j.saturating_sub(10);
                    let sample: String = chars[start..(j + 12).min(chars.len())].iter().collect();
                    first = Some((i + 1, sample));
                }
            }
        }
    }
    first.map(|(line, sample)| Mojibake { line, sample, count })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, enc));
            assert_eq!(d.line_ends, LineEnds::Crlf);
            assert_eq!(d.mojibake, None);
        }
    }

    #[test]
    fn double_encoded_text_is_flagged_with_its_line() {
        let d = decode("a;b\nSÃ¸r-Varanger;1\n".as_bytes()).unwrap();
        let m = d.mojibake.unwrap();
        assert_eq!((m.line, m.count), (2, 1));
        assert!(m.sample.contains("SÃ¸r"));
    }

    #[test]
    fn empty_binary_and_workbook_files_are_refused() {
        assert!(decode(b"").unwrap_err().message.contains("empty"));
        assert!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap_err().message.contains("binary"));
        assert!(decode(b"PK\x03\x04rest").unwrap_err().message.contains("Excel"));
        assert!(decode(b" \r\n \r\n").unwrap_err().message.contains("no text"));
        let no_bom: Vec<u8> = "a;b\r\n1;2\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(&no_bom).unwrap_err().message.contains("UTF-16"));
    }
}
