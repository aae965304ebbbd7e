//! Turning a file's bytes into text: UTF-8 (the norm), UTF-16 with a byte order mark, and
//! ISO-8859-1 / windows-1252 when the XML declaration says so. Anything else that is not
//! UTF-8 is an error at the first bad byte.

use std::path::Path;

use crate::error::{Error, Pos, Result};

pub(crate) fn decode(file: &Path, bytes: &[u8]) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(file, rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(file, rest, u16::from_be_bytes);
    }
    let err = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(err) => err,
    };
    match declared_encoding(bytes).as_deref() {
        Some("iso-8859-1" | "latin1" | "latin-1" | "iso_8859-1") => {
            return Ok(bytes.iter().map(|&b| char::from(b)).collect());
        }
        Some("windows-1252" | "cp1252") => {
            return Ok(bytes.iter().map(|&b| windows_1252(b)).collect());
        }
        _ => {}
    }
    let offset = err.valid_up_to();
    let before = String::from_utf8_lossy(bytes.get(..offset).unwrap_or_default());
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let byte = bytes.get(offset).copied().unwrap_or(0);
    Err(Error::at(
        &Pos::new(file, to_u32(line), to_u32(col)),
        format!(
            "invalid UTF-8 (byte 0x{byte:02X}): the file must be UTF-8, or declare its \
             encoding (ISO-8859-1 and windows-1252 are understood)"
        ),
    ))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn utf16(file: &Path, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String> {
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => unit([*a, *b]),
        _ => 0xFFFF,
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| Error::at(&Pos::new(file, 1, 1), "invalid UTF-16 text"))
}

/// The `encoding` of the XML declaration, lowercased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(200))?;
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = decl.get(..decl.find("?>")?)?;
    let after = decl.get(decl.find("encoding")? + "encoding".len()..)?;
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next()?;
    let value = after.get(1..)?;
    let value = value.get(..value.find(quote)?)?;
    Some(value.trim().to_ascii_lowercase())
}

/// windows-1252: ISO-8859-1 except for 0x80..=0x9F.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_single_byte_encodings_decode() {
        let latin = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xE9</a>";
        assert_eq!(
            decode(Path::new("x"), latin).unwrap(),
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\u{e9}</a>"
        );
        let cp = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\x93q\x94</a>";
        assert!(decode(Path::new("x"), cp)
            .unwrap()
            .contains("\u{201c}q\u{201d}"));
    }

    #[test]
    fn bad_utf8_is_reported_at_its_line_and_column() {
        let err = decode(Path::new("f.xml"), b"<a>\n  <b>\xFF</b></a>").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("f.xml:2:6: invalid UTF-8 (byte 0xFF)"));
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let text: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a/>".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(Path::new("x"), &text).unwrap(), "<a/>");
    }
}
