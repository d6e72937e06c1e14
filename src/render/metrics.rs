//! How wide text is, without a font: the advance widths of Helvetica (Adobe's core-font metrics, in
//! thousandths of the font size), which Arial and Liberation Sans share glyph for glyph. The figures
//! name those fonts, so text measured here is the text a browser or a PDF viewer lays out; nothing
//! is read from the system at build or run time.

/// Helvetica's widths of the printable ASCII characters, from the space (32) to the tilde (126).
const ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space – /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 – ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ – O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P – _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` – o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p – ~
];

/// Bold Helvetica is wider: by at most this factor for the letters of our labels (i, l, t and r
/// are a fifth to a quarter wider, the rest less).
const BOLD: f64 = 1.2;

/// The weight of a font: bold text is wider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Normal,
    Bold,
}

impl Weight {
    /// As SVG's `font-weight` names it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Weight::Normal => "normal",
            Weight::Bold => "bold",
        }
    }
}

/// A font, as far as the width of its text goes: its size in px and its weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub(crate) size: f64,
    pub(crate) weight: Weight,
}

impl Font {
    pub(crate) const fn normal(size: f64) -> Font {
        Font { size, weight: Weight::Normal }
    }

    pub(crate) const fn bold(size: f64) -> Font {
        Font { size, weight: Weight::Bold }
    }
}

fn advance(c: char) -> u16 {
    match c {
        ' '..='~' => ASCII[c as usize - 32],
        '\u{a0}' => 278,
        'æ' => 889,
        'ø' => 611,
        'Æ' => 1000,
        'Ø' => 778,
        'Å' => 667,
        'å' | 'é' | 'è' | 'ä' | 'ö' | 'ü' | 'ê' | 'ó' | 'á' => 556,
        'É' | 'È' | 'Ä' | 'Ë' => 667,
        'Ö' | 'Ó' => 778,
        'Ü' => 722,
        '–' | '«' | '»' => 556,
        '—' => 1000,
        '‘' | '’' => 222,
        '“' | '”' => 333,
        '§' => 556,
        // Anything else: as wide as the widest common letters, so that a line measured too long
        // wraps early rather than runs over.
        _ => 1000,
    }
}

/// The width of `text` in `font`, in px.
pub(crate) fn width(text: &str, font: Font) -> f64 {
    let units: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    f64::from(units) * font.size / 1000.0 * if font.weight == Weight::Bold { BOLD } else { 1.0 }
}

/// `text` broken into lines no wider than `max` px, at spaces and after `/` or `-`. A word longer
/// than a line is broken between characters: nothing is ever cut off.
pub(crate) fn wrap(text: &str, font: Font, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words(text) {
        let candidate = format!("{line}{word}");
        if line.is_empty() || width(candidate.trim_end(), font) <= max {
            line = candidate;
        } else {
            lines.push(line.trim_end().to_string());
            line = word.trim_start().to_string();
        }
        while width(line.trim_end(), font) > max && line.chars().count() > 1 {
            let (head, tail) = split_to_fit(&line, font, max);
            lines.push(head);
            line = tail;
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The words of `text`, each with the space or break character that ends it.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, ' ' | '/' | '-') {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The longest head of `line` (at least one character) that fits in `max`, and the rest.
fn split_to_fit(line: &str, font: Font, max: f64) -> (String, String) {
    let mut end = 0;
    for (i, c) in line.char_indices() {
        let next = i + c.len_utf8();
        if end > 0 && width(&line[..next], font) > max {
            break;
        }
        end = next;
    }
    (line[..end].to_string(), line[end..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_helvetica() {
        // 10 digits of 556 thousandths at 10 px.
        assert!((width("0123456789", Font::normal(10.0)) - 55.6).abs() < 1e-9);
        assert!((width("Æøå", Font::normal(1000.0)) - (1000.0 + 611.0 + 556.0)).abs() < 1e-9);
        assert!(width("W", Font::bold(12.0)) > width("W", Font::normal(12.0)));
    }

    #[test]
    fn long_norwegian_labels_wrap_at_spaces_and_keep_every_letter() {
        let label = "Ansatte i andre (helse)tjenester i egen kommune, somatisk og psykisk helse og miljøtjeneste";
        let lines = wrap(label, Font::normal(12.0), 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, Font::normal(12.0)) <= 150.0), "{lines:?}");
        assert_eq!(lines.join(" "), label);
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_not_cut() {
        let lines = wrap("Frisklivssentralene", Font::normal(12.0), 40.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "Frisklivssentralene");
        assert_eq!(
            wrap("Høgskolen i Bergen/Høgskulen", Font::normal(12.0), 120.0),
            ["Høgskolen i Bergen/", "Høgskulen"]
        );
        assert_eq!(wrap("", Font::normal(12.0), 10.0), [""]);
    }
}
