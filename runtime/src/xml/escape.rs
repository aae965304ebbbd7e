//! Escaping of text and attribute values, done by scanning bytes.
//!
//! Most values need no escaping at all. A first pass checks the value 8 bytes at a time
//! with word arithmetic (SWAR) and, when nothing is flagged, copies it with one
//! `push_str`. Only bytes that may need attention are flagged: the markup characters,
//! the C0 controls (most are illegal in XML 1.0) and 0xEF, the lead byte of U+FFFE and
//! U+FFFF (the only other characters XML 1.0 forbids that a Rust `str` can hold;
//! surrogates cannot occur). Flagged values go through an exact byte loop driven by a
//! 256-entry table.

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

/// 0x01 in every byte: multiplying a byte value by it repeats the byte 8 times.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that may be flagged in [`CLASS`] for this mode (the
/// 8 bytes packed little-endian). Only the lowest set bit is exact: it marks the first
/// such byte. It may also mark \t and \n in text, which the exact loop lets through.
///
/// `v - ONES & !v` sets a byte's high bit where `v` has a zero byte (a borrow can set more
/// bits, but only above a true zero byte, so the lowest is exact); subtracting 0x20
/// instead of 0x01 does the same for bytes below 0x20. Comparing with a repeated byte is
/// XOR then the zero test. `<` and `>` (0x3C, 0x3E) differ only in bit 1, and `"` and `&`
/// (0x22, 0x26) only in bit 2, so setting that bit first tests each pair at once.
#[inline]
fn word_flags(word: u64, in_attr: bool) -> u64 {
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v;
    let controls = word.wrapping_sub(ONES * 0x20) & !word;
    let angles = zero_bytes((word | (ONES * 0x02)) ^ (ONES * u64::from(b'>')));
    // Only attributes flag `"`; one expression for both modes keeps a single loop.
    let quote_bit = if in_attr { ONES * 0x04 } else { 0 };
    let amp = zero_bytes((word | quote_bit) ^ (ONES * u64::from(b'&')));
    let ef = zero_bytes(word ^ (ONES * 0xEF));
    (controls | angles | amp | ef) & HIGHS
}

/// Whether any byte of `word` may be flagged (see [`word_flags`]).
#[inline]
fn word_needs_work(word: u64, in_attr: bool) -> bool {
    word_flags(word, in_attr) != 0
}

/// Every byte of a value shorter than 8 bytes, some repeated, in one word padded with
/// spaces (never flagged): the 4-byte head and tail overlap for 4 to 7 bytes, and the
/// first, middle and last byte cover 1 to 3.
#[inline]
fn short_word(bytes: &[u8]) -> u64 {
    if let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << 32;
    }
    const SPACES: u64 = ONES * 0x20;
    match (bytes.first(), bytes.get(bytes.len() / 2), bytes.last()) {
        (Some(&first), Some(&middle), Some(&last)) => {
            SPACES << 24 | u64::from(first) | u64::from(middle) << 8 | u64::from(last) << 16
        }
        _ => SPACES,
    }
}

/// The last 1 to 7 bytes of a value, as one word: the value's last 8 bytes when it has
/// that many (overlapping bytes already checked), else [`short_word`].
#[inline]
fn tail_word(bytes: &[u8], rest: &[u8]) -> u64 {
    match bytes.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last),
        None => short_word(rest),
    }
}

/// How many leading bytes certainly need no work: all of them, or those before the first
/// flagged 8-byte word (or before the flagged last 1 to 7 bytes).
#[inline]
fn clean_prefix(bytes: &[u8], in_attr: bool) -> usize {
    let mut rest = bytes;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        if word_needs_work(u64::from_le_bytes(*word), in_attr) {
            return bytes.len() - rest.len();
        }
        rest = tail;
    }
    if !rest.is_empty() && word_needs_work(tail_word(bytes, rest), in_attr) {
        bytes.len() - rest.len()
    } else {
        bytes.len()
    }
}

/// The index of the first byte at or after `from` that [`CLASS`] flags in this mode.
fn next_flagged(bytes: &[u8], from: usize, in_attr: bool) -> Option<usize> {
    let mask = if in_attr { ATTR } else { TEXT };
    let needs_work = |b: &u8| CLASS[usize::from(*b)] & mask != 0;
    let mut i = from;
    while let Some(word) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let flags = word_flags(u64::from_le_bytes(*word), in_attr);
        if flags == 0 {
            i += 8;
            continue;
        }
        let at = i + (flags.trailing_zeros() / 8) as usize;
        if bytes.get(at).is_some_and(needs_work) {
            return Some(at);
        }
        // \t or \n in text: go on after it.
        i = at + 1;
    }
    let rest = bytes.get(i..)?;
    if !word_needs_work(short_word(rest), in_attr) {
        return None;
    }
    rest.iter().position(needs_work).map(|offset| i + offset)
}

/// Appends `s` to `out`, escaped for element text (`in_attr == false`) or for a
/// double-quoted attribute value. Returns an error naming the first character that
/// XML 1.0 does not allow; `out` then holds a partial value.
#[inline]
pub(crate) fn escape_into(out: &mut String, s: &str, in_attr: bool) -> Result<(), EncodeError> {
    let clean = clean_prefix(s.as_bytes(), in_attr);
    if clean == s.len() {
        out.push_str(s);
        Ok(())
    } else {
        escape_from(out, s, clean, in_attr)
    }
}

/// The exact part: copies `s` to `out`, replacing or rejecting flagged bytes from `start`
/// on (the bytes before it need nothing).
fn escape_from(out: &mut String, s: &str, start: usize, in_attr: bool) -> Result<(), EncodeError> {
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut from = start;
    while let Some((i, &b)) =
        next_flagged(bytes, from, in_attr).and_then(|i| Some((i, bytes.get(i)?)))
    {
        from = i + 1;
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
                continue;
            }
            other => return Err(illegal_char(u32::from(other))),
        };
        // `i` is at an ASCII byte, so both slices fall on char boundaries.
        out.push_str(&s[run_start..i]);
        out.push_str(replacement);
        run_start = from;
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

    /// What escaping means, one character at a time: the escaped value, or the first
    /// character XML 1.0 does not allow.
    fn reference(s: &str, in_attr: bool) -> Result<String, u32> {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\r' => out.push_str("&#13;"),
                '"' if in_attr => out.push_str("&quot;"),
                '\t' if in_attr => out.push_str("&#9;"),
                '\n' if in_attr => out.push_str("&#10;"),
                '\t' | '\n' => out.push(c),
                '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => return Err(u32::from(c)),
                c => out.push(c),
            }
        }
        Ok(out)
    }

    fn check_against_reference(s: &str) {
        for in_attr in [false, true] {
            let mut out = String::new();
            let ours = escape_into(&mut out, s, in_attr)
                .map(|()| out)
                .map_err(|e| e.to_string());
            let expected = reference(s, in_attr)
                .map_err(|cp| format!("character U+{cp:04X} is not allowed in XML 1.0"));
            assert_eq!(ours, expected, "{s:?}, in_attr = {in_attr}");
        }
    }

    /// Every special character at every position of values of 0 to 20 characters, over
    /// fillers of each UTF-8 length (and 0xEF-led ones that are legal), so that each lands
    /// at every offset of the short-value word, the 8-byte words and the overlapping
    /// last word.
    #[test]
    fn the_word_scan_agrees_with_the_character_definition() {
        let fillers = ['a', 'é', '東', '\u{F000}', '\u{FFFD}', '🎉'];
        let specials = [
            '&', '<', '>', '"', '\'', '\t', '\n', '\r', '\0', '\u{1}', '\u{1F}', ' ', '=', '?',
            '\u{7F}', '\u{80}', '\u{FFFE}', '\u{FFFF}', '\u{EFFF}', '\u{FFBE}',
        ];
        for filler in fillers {
            for len in 0..=20 {
                check_against_reference(&filler.to_string().repeat(len));
                for pos in 0..=len {
                    for special in specials {
                        let mut s = filler.to_string().repeat(pos);
                        s.push(special);
                        s.push_str(&filler.to_string().repeat(len - pos));
                        check_against_reference(&s);
                    }
                }
            }
        }
    }

    #[test]
    fn pairs_of_specials_in_long_values() {
        for len in [15, 16, 17, 31, 40] {
            for first in 0..len {
                for second in first + 1..len {
                    for (a, b) in [('&', '<'), ('\n', '"'), ('\t', '\u{1}'), ('>', '\u{FFFE}')] {
                        let s: String = (0..len)
                            .map(|i| match i {
                                _ if i == first => a,
                                _ if i == second => b,
                                // A 2-byte character now and then moves the byte offsets.
                                _ if i % 3 == 0 => 'é',
                                _ => 'y',
                            })
                            .collect();
                        check_against_reference(&s);
                    }
                }
            }
        }
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
