//! Blank lines between items, which prettyplease does not print: between the items of a file, of
//! an inline module and of an impl or trait block, and after a module's inner docs. Never inside
//! a function body, a struct's fields, an enum's variants or a macro's body. Consecutive `use`
//! items stay together, and so do one-line associated `type`s and `const`s (`type Output = ();`
//! followed by `const OPERATION: ..`).
//!
//! The pass reads prettyplease's output line by line: every block it prints opens at the end of
//! a line and closes at the start of a line with the opener's indentation, so a stack of open
//! blocks says where each line is. A block is a container of items when the item that opens it
//! is an `impl`, `mod` or `trait`.

/// One open block.
struct Frame {
    /// The indentation of the lines directly inside it.
    inner: usize,
    /// Whether those lines are items (a file, module, impl or trait body).
    container: bool,
}

/// What an item at a container's level was, for deciding on the blank line after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A `use` item.
    Use,
    /// An associated `type` or `const` on one line.
    ShortAssociated,
    /// Anything else.
    Other,
}

/// `text` with a blank line between items.
pub(super) fn blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut frames = vec![Frame {
        inner: 0,
        container: true,
    }];
    // At the innermost container's level: the item that ended last (if any, since the container
    // opened) and whether the container has inner docs or attributes before its items.
    let mut previous: Option<Kind> = None;
    let mut preamble = false;
    // The current item at the container's level: its first line that is not a doc or attribute,
    // and how many of its lines there were.
    let mut head: Option<String> = None;
    let mut lines_in_item = 0usize;

    for line in text.lines() {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        if content.is_empty() {
            out.push('\n');
            continue;
        }
        let comment = content.starts_with("//");
        let Some(top) = frames.last() else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let at_level = top.container && indent == top.inner;

        // A line that closes the innermost block.
        if !comment
            && frames.len() > 1
            && indent + 4 == top.inner
            && content.starts_with(['}', ')', ']'])
        {
            let closed_container = top.container;
            frames.pop();
            out.push_str(line);
            out.push('\n');
            if closed_container {
                // Back in the enclosing container, inside the item that opened this one.
                previous = None;
                preamble = false;
                lines_in_item = 2;
                head = Some(String::from("}"));
            }
            let opens = opens_block(content);
            let parent_level = frames
                .last()
                .is_some_and(|f| f.container && indent == f.inner);
            if parent_level {
                lines_in_item += 1;
                // A multi-line attribute (no head yet) does not end the item it belongs to.
                if !opens && head.is_some() {
                    previous = Some(kind(head.as_deref().unwrap_or(""), lines_in_item));
                    head = None;
                    lines_in_item = 0;
                }
            }
            if opens {
                frames.push(Frame {
                    inner: indent + 4,
                    container: false,
                });
            }
            continue;
        }

        if at_level {
            let inner_attribute = content.starts_with("//!") || content.starts_with("#![");
            let outer_prefix = content.starts_with("///") || content.starts_with("#[");
            if inner_attribute && head.is_none() && previous.is_none() {
                preamble = true;
            } else if head.is_none() && lines_in_item == 0 {
                // The first line of an item.
                let together = match previous {
                    Some(Kind::Use) => starts_item(content, "use"),
                    Some(Kind::ShortAssociated) => {
                        starts_item(content, "type") || starts_item(content, "const")
                    }
                    _ => false,
                };
                if (previous.is_some() || preamble) && !together && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                preamble = false;
            }
            out.push_str(line);
            out.push('\n');
            if inner_attribute && head.is_none() && previous.is_none() && lines_in_item == 0 {
                continue;
            }
            lines_in_item += 1;
            if head.is_none() && !outer_prefix {
                head = Some(content.to_owned());
            }
            if !comment && opens_block(content) {
                let container =
                    content.ends_with('{') && head.as_deref().is_some_and(opens_container);
                frames.push(Frame {
                    inner: indent + 4,
                    container,
                });
                if container {
                    previous = None;
                    preamble = false;
                    head = None;
                    lines_in_item = 0;
                }
            } else if !comment && !outer_prefix && content.ends_with(';') {
                previous = Some(kind(head.as_deref().unwrap_or(""), lines_in_item));
                head = None;
                lines_in_item = 0;
            }
            continue;
        }

        // Inside a block that is not a container, or deeper than the container's items.
        out.push_str(line);
        out.push('\n');
        if !comment && opens_block(content) {
            frames.push(Frame {
                inner: indent + 4,
                container: false,
            });
        }
    }
    out
}

/// Does the line end by opening a block?
fn opens_block(content: &str) -> bool {
    content.ends_with(['{', '(', '['])
}

/// Does an item whose first line is `head` hold items (`impl`, `mod`, `trait`)?
fn opens_container(head: &str) -> bool {
    let mut rest = head;
    for prefix in ["pub(crate) ", "pub(super) ", "pub ", "unsafe "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    ["impl ", "impl<", "mod ", "trait "]
        .iter()
        .any(|keyword| rest.starts_with(keyword))
}

/// Does `content` start an item introduced by `keyword` (`use`, `pub use`, ...)?
fn starts_item(content: &str, keyword: &str) -> bool {
    let rest = content.strip_prefix("pub ").unwrap_or(content);
    rest.strip_prefix(keyword)
        .is_some_and(|after| after.starts_with(' '))
}

fn kind(head: &str, lines: usize) -> Kind {
    if starts_item(head, "use") {
        Kind::Use
    } else if lines == 1 && (starts_item(head, "type") || starts_item(head, "const")) {
        Kind::ShortAssociated
    } else {
        Kind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::blank_lines;

    #[test]
    fn items_get_a_blank_line_and_bodies_do_not() {
        let text = "\
//! Docs.
use a;
use b::{
    c,
};
/// A.
#[derive(
    Debug,
)]
pub struct A {
    x: u8,
    y: u8,
}
impl A {
    type Output = ();
    const N: u8 = 1;
    const OPERATION: &X = &X {
        a: 1,
    };
    fn f(
        &self,
    ) -> u8 {
        let a = 1;
        match a {
            _ => {}
        }
    }
    fn g(&self) {}
}
pub mod m {
    //! Inner.
    use super::*;
    m!(A -> B);
    m!(C -> D);
}
const X: u8 = 1;
";
        let expected = "\
//! Docs.

use a;
use b::{
    c,
};

/// A.
#[derive(
    Debug,
)]
pub struct A {
    x: u8,
    y: u8,
}

impl A {
    type Output = ();
    const N: u8 = 1;
    const OPERATION: &X = &X {
        a: 1,
    };

    fn f(
        &self,
    ) -> u8 {
        let a = 1;
        match a {
            _ => {}
        }
    }

    fn g(&self) {}
}

pub mod m {
    //! Inner.

    use super::*;

    m!(A -> B);

    m!(C -> D);
}

const X: u8 = 1;
";
        assert_eq!(blank_lines(text), expected);
        assert_eq!(blank_lines(expected), expected, "the pass is idempotent");
    }
}
