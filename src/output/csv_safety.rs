//! CSV safe for spreadsheets (OWASP, "CSV injection"): text a spreadsheet would run as a formula
//! is written with a leading `'`; numbers never are.

use anyhow::Result;
use std::io::Write;

/// Whether a spreadsheet opening a CSV file would take this text for a formula (OWASP, "CSV
/// injection"): it starts with `=`, `+`, `-`, `@`, TAB or CR and is not a plain number (`-5`, `+3`,
/// `-2,5` are numbers, and stay numbers).
#[inline]
pub(crate) fn formula_like(field: &str) -> bool {
    starts_like_formula(field.as_bytes()) && !plain_number(field.as_bytes())
}

/// Whether `field` starts with a sign that makes a spreadsheet read a formula.
#[inline]
pub(crate) fn starts_like_formula(field: &[u8]) -> bool {
    matches!(field.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// `[+-]digits[(.|,)digits]`.
fn plain_number(b: &[u8]) -> bool {
    let digits = b.strip_prefix(b"-").or_else(|| b.strip_prefix(b"+")).unwrap_or(b);
    let (whole, fraction) = match digits.iter().position(|&c| c == b'.' || c == b',') {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    let all_digits = |d: &[u8]| !d.is_empty() && d.iter().all(u8::is_ascii_digit);
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A field as written to CSV: formula-like text (see [`formula_like`]) gets a leading `'`, which
/// keeps a spreadsheet from running it; everything else as it is.
pub(crate) fn csv_safe(field: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(field) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// Writes a header row and then `rows` as CSV, each field made safe for spreadsheets ([`csv_safe`]).
pub(crate) fn write_csv<I>(header: &[&str], rows: I, w: &mut dyn Write) -> Result<()>
where
    I: IntoIterator<Item = Vec<String>>,
{
    let mut out = csv::Writer::from_writer(w);
    write_safe_record(&mut out, header)?;
    for r in rows {
        write_safe_record(&mut out, &r)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes one record of `fields`, each made safe for spreadsheets ([`csv_safe`]).
pub(crate) fn write_safe_record<W: Write>(
    out: &mut csv::Writer<W>,
    fields: impl IntoIterator<Item = impl AsRef<str>>,
) -> csv::Result<()> {
    for f in fields {
        out.write_field(csv_safe(f.as_ref()).as_bytes())?;
    }
    out.write_record(None::<&[u8]>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_quoted_and_numbers_are_not() {
        for formula in
            ["=HYPERLINK(\"http://x\",\"klikk\")", "+47 123", "-", "- kurs", "@SUM(A1)", "\tx", "\rx", "-1e5", "-5,"]
        {
            assert_eq!(csv_safe(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["-5", "+3", "-2,5", "-2.5", "12", "", "a=b", " =1", "'=1"] {
            assert_eq!(csv_safe(plain), plain, "{plain:?}");
        }
    }
}
