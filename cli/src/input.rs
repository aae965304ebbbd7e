//! Reading a command's input: a file, or standard input for `-`.

use std::io::Read;

use crate::fail::Failure;

/// The text of one input and the name errors use for it.
#[derive(Debug)]
pub struct Input {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The contents, without a leading byte order mark.
    pub text: String,
}

/// Reads `arg` (a path, or `-` for standard input) as UTF-8.
pub fn read(arg: &str) -> Result<Input, Failure> {
    let (name, bytes) = if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
        ("<stdin>".to_owned(), bytes)
    } else {
        let bytes =
            std::fs::read(arg).map_err(|e| Failure::usage(format!("cannot read {arg}: {e}")))?;
        (arg.to_owned(), bytes)
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // The prefix is valid UTF-8 by construction; lossy only to stay panic-free.
            let (line, col) = end_position(&String::from_utf8_lossy(valid));
            return Err(Failure::at(
                &name,
                line,
                col,
                "invalid UTF-8 (input must be UTF-8 encoded)",
            ));
        }
    };
    // Editors do not count a byte order mark as a column, and parsers may refuse it.
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(Input { name, text })
}

/// The 1-based line and column just after `text`.
pub fn end_position(text: &str) -> (u64, u64) {
    let line = text.matches('\n').count() as u64 + 1;
    let last = text.rfind('\n').map_or(text, |i| &text[i + 1..]);
    (line, last.chars().count() as u64 + 1)
}

/// The 1-based line and column of byte `offset` in `text` (clamped to the end).
pub fn position_of(text: &str, offset: usize) -> (u64, u64) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end_position(&text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(end_position(""), (1, 1));
        assert_eq!(end_position("ab"), (1, 3));
        assert_eq!(end_position("ab\ncé"), (2, 3));
        assert_eq!(position_of("ab\ncd", 3), (2, 1));
        assert_eq!(position_of("ab", 99), (1, 3));
        assert_eq!(position_of("é", 1), (1, 1));
    }
}
