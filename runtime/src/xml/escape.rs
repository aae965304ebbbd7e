//! Escaping of text and attribute values, done by scanning bytes.
//!
//! Most values need no escaping at all, so the scanner looks each byte up in a
//! 256-entry table and copies unescaped runs with one `push_str`. Only bytes that
//! may need attention are flagged: the markup characters, the C0 controls (most are
//! illegal in XML 1.0) and 0xEF, the lead byte of U+FFFE and U+FFFF (the only other
//! characters XML 1.0 forbids that a Rust `str` can hold; surrogates cannot occur).

use super::write::EncodeError;

/// Flag: byte needs work in element text.
const TEXT: u8 = 1;
/// Flag: byte needs work in an attribute value.
const ATTR: u8 = 2;

/// Which bytes leave the fast path, for text and for attribute values.
static CLASS: [u8; 256] = build_table();

const fn build_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        // Every C0 control: illegal except \t \n \r, which attributes must escape
        // (attribute value normalisation would turn them into spaces) and text
        // must escape only for \r (line-end normalisation would drop it).
        t[b] = TEXT | ATTR;
        b += 1;
    }
    t[b'\t' as usize] = ATTR;
    t[b'\n' as usize] = ATTR;
    t[b'&' as usize] = TEXT | ATTR;
    t[b'<' as usize] = TEXT | ATTR;
    t[b'>' as usize] = TEXT | ATTR;
    t[b'"' as usize] = ATTR;
    t[0xEF] = TEXT | ATTR;
    t
}

/// Appends `s` to `out`, escaped for element text (`in_attr == false`) or for a
/// double-quoted attribute value. Returns an error naming the first character that
/// XML 1.0 does not allow; `out` then holds a partial value.
#[inline]
pub(crate) fn escape_into(out: &mut String, s: &str, in_attr: bool) -> Result<(), EncodeError> {
    let mask = if in_attr { ATTR } else { TEXT };
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip 8 plain bytes at a time: OR-ing their classes leaves one branch per
        // block instead of one per byte (about 3x faster on typical values).
        while let Some(block) = bytes
            .get(i..i + 8)
            .and_then(|b| <&[u8; 8]>::try_from(b).ok())
        {
            let class = block.iter().fold(0, |acc, &b| acc | CLASS[b as usize]);
            if class & mask != 0 {
                // Go straight to the flagged byte: stepping one byte at a time would
                // probe this block again for each plain byte before it.
                i += block
                    .iter()
                    .position(|&b| CLASS[b as usize] & mask != 0)
                    .unwrap_or(0);
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        if CLASS[b as usize] & mask == 0 {
            i += 1;
            continue;
        }
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\t' => "&#9;",
            b'\n' => "&#10;",
            b'\r' => "&#13;",
            0xEF => {
                // U+FFFE is EF BF BE, U+FFFF is EF BF BF; other EF.. characters are fine
                // and stay in the current run.
                if bytes.get(i + 1) == Some(&0xBF) {
                    if let Some(&third @ (0xBE | 0xBF)) = bytes.get(i + 2) {
                        let cp = if third == 0xBE { 0xFFFE } else { 0xFFFF };
                        return Err(illegal_char(cp));
                    }
                }
                i += 1;
                continue;
            }
            other => return Err(illegal_char(u32::from(other))),
        };
        // Indices are at ASCII bytes here, so both slices fall on char boundaries.
        out.push_str(&s[run_start..i]);
        out.push_str(replacement);
        i += 1;
        run_start = i;
    }
    out.push_str(&s[run_start..]);
    Ok(())
}

fn illegal_char(code_point: u32) -> EncodeError {
    EncodeError::new(format!(
        "character U+{code_point:04X} is not allowed in XML 1.0"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s, false).expect("legal");
        out
    }

    fn attr(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s, true).expect("legal");
        out
    }

    #[test]
    fn text_escapes_markup_and_cr() {
        assert_eq!(text("plain"), "plain");
        assert_eq!(text(""), "");
        assert_eq!(text(r#"<a>&"'"#), r#"&lt;a&gt;&amp;"'"#);
        assert_eq!(text("a\r\nb\tc"), "a&#13;\nb\tc");
        assert_eq!(text("]]>"), "]]&gt;");
    }

    #[test]
    fn attr_escapes_quotes_and_whitespace_controls() {
        assert_eq!(attr(r#"<a>&"'"#), "&lt;a&gt;&amp;&quot;'");
        assert_eq!(attr("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
    }

    #[test]
    fn non_ascii_is_copied_verbatim() {
        assert_eq!(
            text("Grüße, 東京 🎉 \u{FFFD} \u{E000} &"),
            "Grüße, 東京 🎉 \u{FFFD} \u{E000} &amp;"
        );
        // 0xEF lead bytes that are not U+FFFE/U+FFFF.
        assert_eq!(text("\u{F000}\u{FFEF}x"), "\u{F000}\u{FFEF}x");
    }

    #[test]
    fn illegal_characters_are_named() {
        let mut out = String::new();
        let e = escape_into(&mut out, "a\u{1}b", false).unwrap_err();
        assert_eq!(e.to_string(), "character U+0001 is not allowed in XML 1.0");
        let e = escape_into(&mut out, "\u{FFFE}", true).unwrap_err();
        assert_eq!(e.to_string(), "character U+FFFE is not allowed in XML 1.0");
        let e = escape_into(&mut out, "x\u{FFFF}", false).unwrap_err();
        assert_eq!(e.to_string(), "character U+FFFF is not allowed in XML 1.0");
        let e = escape_into(&mut out, "\0", false).unwrap_err();
        assert_eq!(e.to_string(), "character U+0000 is not allowed in XML 1.0");
    }
}
