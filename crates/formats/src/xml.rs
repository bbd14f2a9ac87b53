//! MSPDI-shaped XML read by streaming: a document is a root holding fields and lists of
//! records (`<Project><Name>..</Name><Tasks><Task>..</Task>..</Tasks></Project>`). Each
//! record is handed over as a small element tree as soon as it closes, and dropped after,
//! so the whole document is never held as a tree. Names and text borrow from the input
//! wherever no entity had to be resolved. Each element keeps its byte offset for errors.

use crate::FormatError;
use quick_xml::events::Event;
use std::borrow::Cow;

/// One element: its local name (no namespace prefix), its text and its children.
#[derive(Debug, Default)]
pub(crate) struct Node<'a> {
    pub name: Cow<'a, str>,
    pub text: Cow<'a, str>,
    pub children: Vec<Node<'a>>,
    /// Byte offset of the element's start tag.
    pub at: usize,
}

impl<'a> Node<'a> {
    /// The first child of this name.
    pub fn child(&self, name: &str) -> Option<&Node<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children of this name.
    pub fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Node<'a>> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child of this name, when it has any.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }

    fn push_text(&mut self, more: Cow<'a, str>) {
        if self.text.is_empty() {
            self.text = more;
        } else {
            self.text.to_mut().push_str(&more);
        }
    }
}

/// What [`records`] hands over, in document order.
pub(crate) enum Part<'a> {
    /// The root element's name and offset, first.
    Root(Node<'a>),
    /// A field directly under the root: an element without child elements.
    Field(Node<'a>),
    /// A record in a list directly under the root: the list's name and the record.
    Record(Cow<'a, str>, Node<'a>),
}

/// The text an entity or character reference stands for: `&amp;`, `&#33;`, `&#x1F600;`.
pub(crate) fn entity(r: quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Ok(c.to_string()),
        Ok(None) => {
            let name = r.into_inner();
            quick_xml::escape::resolve_predefined_entity(&name)
                .map(str::to_string)
                .ok_or_else(|| format!("unknown entity &{name};"))
        }
        Err(e) => Err(format!("bad character reference: {e}")),
    }
}

/// How deeply elements may nest: MSPDI needs five; a tree much deeper than this would
/// only cost stack when it is dropped.
pub(crate) const MAX_DEPTH: usize = 64;

/// The local name of the start tag at `at`, cut out of the text itself (so it borrows and
/// costs no checking: the reader has already read the tag there).
fn tag_name(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at + 1..)?;
    let bytes = rest.as_bytes();
    let end = bytes
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))?;
    let start = bytes[..end]
        .iter()
        .rposition(|b| *b == b':')
        .map_or(0, |colon| colon + 1);
    // Both ends sit next to ASCII bytes, so they are character boundaries.
    rest.get(start..end).filter(|name| !name.is_empty())
}

/// Streams a document: the root, then each field and record as it closes. `each` may
/// stop the stream with an error. A document that is not well-formed is an error at its
/// place; elements may nest at most [`MAX_DEPTH`] deep.
pub(crate) fn records<'a>(
    text: &'a str,
    mut each: impl FnMut(Part<'a>) -> Result<(), FormatError>,
) -> Result<(), FormatError> {
    let mut reader = quick_xml::Reader::from_str(text);
    // Not trimmed: `Tom &amp; Jerry` arrives in three pieces whose spaces matter.
    reader.config_mut().trim_text(false);
    // The open elements: root, list or field, then the record's own.
    let mut stack: Vec<Node<'a>> = Vec::new();
    let mut lists: Vec<bool> = Vec::new();
    let mut done = false;
    let offset = |r: &quick_xml::Reader<&[u8]>| usize::try_from(r.buffer_position()).unwrap_or(0);
    loop {
        let before = offset(&reader);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(before);
            FormatError::at(text, at, format!("not well-formed XML: {e}"))
        })?;
        let fail = |message: String| FormatError::at(text, before, message);
        let (opened, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = opened {
            if done {
                return Err(fail("content after the document's root element".into()));
            }
            if stack.len() == MAX_DEPTH {
                return Err(fail(format!(
                    "elements nest deeper than {MAX_DEPTH} levels"
                )));
            }
            if let Some(open) = lists.last_mut() {
                *open = true;
            }
            stack.push(Node {
                name: match tag_name(text, before) {
                    Some(name) => Cow::Borrowed(name),
                    None => Cow::Owned(e.local_name().as_ref().to_string()),
                },
                at: before,
                // A record's fields: MSPDI's tasks have a dozen or so.
                children: if stack.len() == 2 {
                    Vec::with_capacity(16)
                } else {
                    Vec::new()
                },
                ..Node::default()
            });
            lists.push(false);
            if let [root] = &stack[..] {
                each(Part::Root(Node {
                    name: root.name.clone(),
                    at: before,
                    ..Node::default()
                }))?;
            }
            if !empty {
                continue;
            }
        }
        match event {
            Event::Start(_) | Event::Empty(_) | Event::End(_) => {
                // quick-xml has already checked that an end tag matches its start.
                let Some(node) = stack.pop() else {
                    return Err(fail("an end tag closes nothing".into()));
                };
                let had_children = lists.pop().unwrap_or(false);
                done |= close(&mut stack, node, had_children, &mut each)?;
            }
            // Only elements without child elements keep their text: MSPDI has no mixed
            // content, and the whitespace between records is not kept.
            Event::Text(t) => {
                if let Some(node) = leaf(&mut stack, &lists) {
                    node.push_text(t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(node) = leaf(&mut stack, &lists) {
                    node.push_text(t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = entity(r).map_err(fail)?;
                if let Some(node) = leaf(&mut stack, &lists) {
                    node.push_text(Cow::Owned(resolved));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(FormatError::at(
            text,
            open.at,
            format!("<{}> is never closed", open.name),
        ));
    }
    if !done {
        return Err(FormatError::at(text, 0, "the file holds no XML element"));
    }
    Ok(())
}

/// The innermost open element, when it has no child elements so far.
fn leaf<'s, 'a>(stack: &'s mut [Node<'a>], lists: &[bool]) -> Option<&'s mut Node<'a>> {
    match lists.last() {
        Some(false) => stack.last_mut(),
        _ => None,
    }
}

/// Hands over an element that just closed, by its depth; true when it was the root.
fn close<'a>(
    stack: &mut [Node<'a>],
    node: Node<'a>,
    had_children: bool,
    each: &mut impl FnMut(Part<'a>) -> Result<(), FormatError>,
) -> Result<bool, FormatError> {
    match stack.len() {
        0 => return Ok(true),
        1 if !had_children => each(Part::Field(node))?,
        1 => {}
        2 => each(Part::Record(stack[1].name.clone(), node))?,
        _ => {
            if let Some(parent) = stack.last_mut() {
                parent.children.push(node);
            }
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each part, as `root P`, `field N=text` or `record List/Name(children)`.
    fn parts(text: &str) -> Result<Vec<String>, FormatError> {
        let mut out = Vec::new();
        records(text, |part| {
            out.push(match part {
                Part::Root(n) => format!("root {}", n.name),
                Part::Field(n) => format!("field {}={}", n.name, n.text),
                Part::Record(list, n) => {
                    let inner: Vec<String> = n
                        .children
                        .iter()
                        .map(|c| format!("{}={}", c.name, c.text))
                        .collect();
                    format!("record {list}/{}({})", n.name, inner.join(","))
                }
            });
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn fields_records_and_entities_are_read_in_order() {
        let got = parts(
            "<?xml version=\"1.0\"?>\n<P xmlns=\"x\"><N>Tom &amp; Jerry&#33;</N><E/>\n\
             <Tasks>\n <Task><UID>1</UID><Name><![CDATA[a<b]]></Name></Task>\n \
             <Task><UID>2</UID></Task></Tasks><p:Q>v</p:Q></P>",
        )
        .unwrap();
        assert_eq!(
            got,
            [
                "root P",
                "field N=Tom & Jerry!",
                "field E=",
                "record Tasks/Task(UID=1,Name=a<b)",
                "record Tasks/Task(UID=2)",
                "field Q=v",
            ]
        );
    }

    #[test]
    fn names_and_plain_text_borrow_from_the_input() {
        let text = "<P><Tasks><Task><Name>Rig</Name></Task></Tasks></P>";
        records(text, |part| {
            if let Part::Record(list, n) = part {
                assert!(matches!(list, Cow::Borrowed("Tasks")));
                assert!(matches!(n.children[0].text, Cow::Borrowed("Rig")));
            }
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn an_error_from_the_reader_of_records_stops_the_stream() {
        let mut seen = 0;
        let err = records("<P><L><R/><R/><R/></L></P>", |part| {
            if let Part::Record(..) = part {
                seen += 1;
                return Err(FormatError::at("", 0, "stop"));
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!((seen, err.message.as_str()), (1, "stop"));
    }

    #[test]
    fn deep_nesting_is_refused_where_it_crosses_the_bound() {
        let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        let e = parts(&deep).unwrap_err();
        assert!(e.message.contains("deeper than 64"), "{e}");
        assert_eq!(e.column, 64 * 3 + 1);
    }

    #[test]
    fn broken_xml_says_where() {
        let err = parts("<P>\n  <N>x</M>\n</P>").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains("expected `</N>`"), "{err}");
        let err = parts("<P>\n  <N>x").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
        let err = parts("<P/><Q/>").unwrap_err();
        assert!(err.message.contains("after the document's root"), "{err}");
        let err = parts("  ").unwrap_err();
        assert!(err.message.contains("no XML element"), "{err}");
    }
}
