//! Text shown to people: [`one_line`] (what every `Display` of the crate does to text it did not
//! write itself), [`cut`] and [`excerpt`] (bounded lengths).
//!
//! Layer 0: this module imports nothing else from the crate.

use std::borrow::Cow;

/// `text` on one line: every run of whitespace or control characters (newlines, tabs, NUL, ...)
/// becomes one space, and the ends are trimmed. Idempotent; borrows when nothing changes.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    let breaks = |c: char| c.is_whitespace() || c.is_control();
    let trimmed = text.trim_matches(breaks);
    let mut previous_break = false;
    let needs_change = trimmed.chars().any(|c| {
        let change = breaks(c) && (c != ' ' || previous_break);
        previous_break = breaks(c);
        change
    });
    if !needs_change {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut in_break = false;
    for c in trimmed.chars() {
        if breaks(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters of `text`: longer text keeps its first `max - 1` characters and ends
/// with `…`. Cuts on character boundaries.
pub(crate) fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) => {
            let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
            out.push('…');
            out
        }
    }
}

/// `text` on one line, cut to at most `max` characters.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    cut(&one_line(text), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_breaks_and_control_characters() {
        assert_eq!(
            one_line("  <html>\r\n  <body>\tdown\0\0for\u{2028}maintenance</body>\n"),
            "<html> <body> down for maintenance</body>"
        );
        assert!(matches!(one_line("already one line"), Cow::Borrowed(_)));
        assert!(matches!(
            one_line("  trimmed only "),
            Cow::Borrowed("trimmed only")
        ));
        let once = one_line("a \n\n b");
        assert_eq!(once, "a b");
        assert_eq!(one_line(&once), once);
        assert_eq!(one_line("\n\t "), "");
    }

    #[test]
    fn cut_is_char_boundary_safe_and_bounded() {
        let text = "é".repeat(500);
        let e = cut(&text, 200);
        assert_eq!(e.chars().count(), 200);
        assert!(e.ends_with('…'));
        assert_eq!(cut("short", 200), "short");
        assert_eq!(cut("exactly5", 8), "exactly5");
        assert_eq!(cut("123456789", 8), "1234567…");
    }

    #[test]
    fn excerpt_is_one_line_then_cut() {
        assert_eq!(excerpt("a\n\n\nb\n\nc", 4), "a b…");
    }
}
