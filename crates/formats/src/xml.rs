//! A small element tree read with quick-xml: enough for formats like MSPDI that are
//! elements holding text, read whole. Each element keeps its byte offset for errors.

use crate::FormatError;
use quick_xml::events::Event;

/// One element: its local name (no namespace prefix), its text and its children.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub name: String,
    pub text: String,
    pub children: Vec<Node>,
    /// Byte offset of the element's start tag.
    pub at: usize,
}

impl Node {
    /// The first child of this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children of this name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child of this name, when it has any.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }
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

/// Reads a whole document into its root element.
pub(crate) fn parse(text: &str) -> Result<Node, FormatError> {
    let mut reader = quick_xml::Reader::from_str(text);
    // Not trimmed: `Tom &amp; Jerry` arrives in three pieces whose spaces matter.
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let offset = |r: &quick_xml::Reader<&[u8]>| usize::try_from(r.buffer_position()).unwrap_or(0);
    loop {
        let before = offset(&reader);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(before);
            FormatError::at(text, at, format!("not well-formed XML: {e}"))
        })?;
        let fail = |message: String| FormatError::at(text, before, message);
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(fail("content after the document's root element".into()));
            }
            Event::Start(_) if stack.len() == MAX_DEPTH => {
                return Err(fail(format!(
                    "elements nest deeper than {MAX_DEPTH} levels"
                )));
            }
            Event::Start(e) => stack.push(Node {
                name: e.local_name().as_ref().to_string(),
                at: before,
                ..Node::default()
            }),
            Event::Empty(e) => {
                let node = Node {
                    name: e.local_name().as_ref().to_string(),
                    at: before,
                    ..Node::default()
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(e) => {
                // quick-xml has already checked that the end tag matches its start.
                let node = stack.pop().ok_or_else(|| {
                    let name = e.local_name().as_ref().to_string();
                    fail(format!("</{name}> closes nothing"))
                })?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = entity(r).map_err(fail)?;
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&resolved);
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
    root.ok_or_else(|| FormatError::at(text, 0, "the file holds no XML element"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_text_and_entities_are_read() {
        let root =
            parse("<?xml version=\"1.0\"?>\n<P xmlns=\"x\"><N>Tom &amp; Jerry&#33;</N><E/></P>")
                .unwrap();
        assert_eq!(root.name, "P");
        assert_eq!(root.text_of("N"), Some("Tom & Jerry!"));
        assert!(root.child("E").is_some());
    }

    #[test]
    fn deep_nesting_is_refused_where_it_crosses_the_bound() {
        let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("deeper than 64"), "{e}");
        assert_eq!(e.column, 64 * 3 + 1);
    }

    #[test]
    fn broken_xml_says_where() {
        let err = parse("<P>\n  <N>x</M>\n</P>").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains("expected `</N>`"), "{err}");
        let err = parse("<P>\n  <N>x").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
    }
}
