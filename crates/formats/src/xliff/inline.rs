//! XLIFF inline codes in a string's text. A string read from XLIFF keeps each inline
//! code as the element it was (`<g id="1">`, `<x id="2"/>`, `<bpt id="3">&lt;b&gt;</bpt>`,
//! `<pc id="1">`, `<ph id="2" dataRef="d2"/>`), so the QA checks see them as markup and a
//! round trip writes them back with their ids. Writing another XLIFF version converts
//! each code to that version's equivalent; everything else in the text is plain text.

use super::Version;
use std::collections::BTreeMap;

/// A piece of a string: plain text, or one inline code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Code(Code),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A start tag whose element holds translatable text: `<g id="1">`, `<pc id="1">`.
    Open,
    /// Its end tag: `</g>`.
    Close,
    /// An empty element: `<x id="2"/>`, `<sc id="3" dataRef="d3"/>`.
    Empty,
    /// An element holding the native code itself (XLIFF 1.2 `bpt`, `ept`, `ph`, `it`),
    /// kept unescaped: `<b>`.
    Data(String),
}

/// One inline code: its element name, attributes (unescaped) and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub kind: Kind,
}

/// Elements of either version that may appear inside `<source>` and `<target>`.
const INLINE: [&str; 14] = [
    "g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "mrk", "pc", "sc", "ec", "sm", "em",
];

/// Elements whose content is native code rather than text (XLIFF 1.2).
pub(crate) const DATA_ELEMENTS: [&str; 4] = ["bpt", "ept", "ph", "it"];

pub(crate) fn is_inline(name: &str) -> bool {
    INLINE.contains(&name)
}

impl Code {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn new(name: &str, attrs: &[(&str, &str)], kind: Kind) -> Code {
        Code {
            name: name.to_string(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            kind,
        }
    }

    /// The code as XML.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        if self.kind == Kind::Close {
            out.push_str("</");
            out.push_str(&self.name);
            out.push('>');
            return out;
        }
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(&quick_xml::escape::escape(v.as_str()));
            out.push('"');
        }
        match &self.kind {
            Kind::Open => out.push('>'),
            Kind::Empty => out.push_str("/>"),
            Kind::Data(data) => {
                out.push('>');
                out.push_str(&quick_xml::escape::escape(data.as_str()));
                out.push_str("</");
                out.push_str(&self.name);
                out.push('>');
            }
            Kind::Close => {}
        }
        out
    }

    /// Which version's vocabulary this code belongs to (codes in both, like `mrk`, count
    /// as either).
    fn belongs_to(&self, v: Version) -> bool {
        match (self.name.as_str(), &self.kind) {
            ("mrk", _) => true,
            ("ph", Kind::Data(_)) => v == Version::V12,
            ("ph", _) => v == Version::V20,
            ("g" | "x" | "bx" | "ex" | "bpt" | "ept" | "it", _) => v == Version::V12,
            _ => v == Version::V20,
        }
    }
}

/// Reads `name="value"` pairs (either quote) up to the end of a tag; `None` when the text
/// is not a tag.
fn attributes(s: &str) -> Option<(Vec<(String, String)>, &str)> {
    let mut rest = s;
    let mut out = Vec::new();
    loop {
        let trimmed = rest.trim_start();
        if trimmed.starts_with('>') || trimmed.starts_with("/>") {
            return Some((out, trimmed));
        }
        if trimmed.len() == rest.len() {
            return None; // attributes must be separated by whitespace
        }
        let eq = trimmed.find('=')?;
        let name = trimmed[..eq].trim_end();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
        {
            return None;
        }
        let value_start = trimmed[eq + 1..].trim_start();
        let quote = value_start
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')?;
        let end = value_start[1..].find(quote)?;
        let raw = &value_start[1..1 + end];
        if raw.contains('<') {
            return None;
        }
        let value = quick_xml::escape::unescape(raw).ok()?.into_owned();
        out.push((name.to_string(), value));
        rest = &value_start[end + 2..];
    }
}

/// Tries to read one inline code at the start of `s` (which starts with `<`); returns
/// the code and its length in bytes.
fn code_at(s: &str, open: &[String]) -> Option<(Code, usize)> {
    if let Some(rest) = s.strip_prefix("</") {
        let end = rest.find('>')?;
        let name = rest[..end].trim_end();
        if open.last().is_some_and(|o| o == name) {
            return Some((Code::new(name, &[], Kind::Close), end + 3));
        }
        return None;
    }
    let body = &s[1..];
    let name_len = body
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(body.len());
    let name = &body[..name_len];
    if !is_inline(name) {
        return None;
    }
    let (attrs, after) = attributes(&body[name_len..])?;
    let has = |k: &str| attrs.iter().any(|(n, _)| n == k);
    let identified =
        has("id") || (name == "mrk" && (has("mid") || has("mtype"))) || has("startRef");
    if !identified {
        return None;
    }
    let tag_len = s.len() - after.len();
    if after.starts_with("/>") {
        let code = Code {
            name: name.to_string(),
            attrs,
            kind: Kind::Empty,
        };
        return Some((code, tag_len + 2));
    }
    // after starts with '>'
    let content_start = tag_len + 1;
    if DATA_ELEMENTS.contains(&name) {
        let close = format!("</{name}>");
        let end = s[content_start..].find(&close)?;
        let raw = &s[content_start..content_start + end];
        let data = quick_xml::escape::unescape(raw).ok()?.into_owned();
        return Some((
            Code {
                name: name.to_string(),
                attrs,
                kind: Kind::Data(data),
            },
            content_start + end + close.len(),
        ));
    }
    if matches!(name, "g" | "mrk" | "pc") {
        return Some((
            Code {
                name: name.to_string(),
                attrs,
                kind: Kind::Open,
            },
            content_start,
        ));
    }
    None
}

/// Splits a text into plain text and inline codes. Anything that is not a well-formed
/// inline code with an id (a literal `<b>` of the game's own markup) is text.
pub(crate) fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        match code_at(&text[at..], &open) {
            Some((code, len)) => {
                if plain_from < at {
                    out.push(Piece::Text(&text[plain_from..at]));
                }
                match code.kind {
                    Kind::Open => open.push(code.name.clone()),
                    Kind::Close => {
                        open.pop();
                    }
                    _ => {}
                }
                out.push(Piece::Code(code));
                i = at + len;
                plain_from = i;
            }
            None => i = at + 1,
        }
    }
    if plain_from < text.len() {
        out.push(Piece::Text(&text[plain_from..]));
    }
    out
}

/// The native code behind XLIFF 2.0 `dataRef`s, shared by a unit's source and target:
/// the same native code gets the same data id.
#[derive(Debug, Default)]
pub(crate) struct OriginalData {
    pub by_id: BTreeMap<String, String>,
}

impl OriginalData {
    fn id_for(&mut self, data: &str) -> String {
        if let Some((id, _)) = self.by_id.iter().find(|(_, d)| *d == data) {
            return id.clone();
        }
        let mut n = self.by_id.len() + 1;
        while self.by_id.contains_key(&format!("d{n}")) {
            n += 1;
        }
        let id = format!("d{n}");
        self.by_id.insert(id.clone(), data.to_string());
        id
    }
}

/// Whether XML 1.0 can hold a character at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Escapes plain text. Characters XML cannot hold (most C0 controls) are 2.0's `<cp>`
/// elements; 1.2 has no way to carry them, so they become U+FFFD there.
fn escape_text(out: &mut String, t: &str, version: Version) {
    if t.chars().all(xml_char) {
        out.push_str(&quick_xml::escape::escape(t));
        return;
    }
    for c in t.chars() {
        if xml_char(c) {
            let mut b = [0u8; 4];
            out.push_str(&quick_xml::escape::escape(&*c.encode_utf8(&mut b)));
        } else if version == Version::V20 {
            out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32));
        } else {
            out.push('\u{fffd}');
        }
    }
}

/// Writes a text for `version`: plain text escaped, each code in that version's
/// vocabulary. `data` holds the unit's original data: it is read for 2.0 codes written as
/// 1.2 and added to for 1.2 codes written as 2.0.
pub(crate) fn to_xml(text: &str, version: Version, data: &mut OriginalData) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // Open 2.0 `pc` codes, remembered so their end tag can be written as 1.2 `ept`.
    let mut pc_stack: Vec<Option<(String, Option<String>)>> = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => escape_text(&mut out, t, version),
            Piece::Code(c) if c.belongs_to(version) => out.push_str(&c.to_xml()),
            Piece::Code(c) => {
                if let Some(code) = convert(&c, version, data, &mut pc_stack) {
                    out.push_str(&code.to_xml());
                }
            }
        }
    }
    out
}

fn convert(
    c: &Code,
    to: Version,
    data: &mut OriginalData,
    pc_stack: &mut Vec<Option<(String, Option<String>)>>,
) -> Option<Code> {
    let id = c.attr("id").unwrap_or("1").to_string();
    match to {
        Version::V20 => Some(match (c.name.as_str(), &c.kind) {
            ("g", Kind::Open) => Code::new("pc", &[("id", &id)], Kind::Open),
            ("g", Kind::Close) => Code::new("pc", &[], Kind::Close),
            ("x", _) => Code::new("ph", &[("id", &id)], Kind::Empty),
            ("bx", _) => Code::new("sc", &[("id", &id)], Kind::Empty),
            ("ex", _) => {
                let start = c.attr("rid").unwrap_or(&id).to_string();
                Code::new("ec", &[("startRef", &start)], Kind::Empty)
            }
            ("bpt", Kind::Data(d)) => {
                let r = data.id_for(d);
                Code::new("sc", &[("id", &id), ("dataRef", &r)], Kind::Empty)
            }
            ("ept", Kind::Data(d)) => {
                let r = data.id_for(d);
                Code::new("ec", &[("startRef", &id), ("dataRef", &r)], Kind::Empty)
            }
            ("ph", Kind::Data(d)) => {
                let r = data.id_for(d);
                Code::new("ph", &[("id", &id), ("dataRef", &r)], Kind::Empty)
            }
            ("it", Kind::Data(d)) => {
                let r = data.id_for(d);
                let name = if c.attr("pos") == Some("close") {
                    "ec"
                } else {
                    "sc"
                };
                Code::new(
                    name,
                    &[("id", &id), ("isolated", "yes"), ("dataRef", &r)],
                    Kind::Empty,
                )
            }
            _ => return None,
        }),
        Version::V12 => {
            let native = |key: &str| c.attr(key).and_then(|r| data.by_id.get(r)).cloned();
            Some(match (c.name.as_str(), &c.kind) {
                ("pc", Kind::Open) => {
                    let end = native("dataRefEnd");
                    match native("dataRefStart") {
                        Some(d) => {
                            pc_stack.push(Some((id.clone(), end)));
                            Code::new("bpt", &[("id", &id)], Kind::Data(d))
                        }
                        None => {
                            pc_stack.push(None);
                            Code::new("g", &[("id", &id)], Kind::Open)
                        }
                    }
                }
                ("pc", Kind::Close) => match pc_stack.pop().flatten() {
                    Some((id, end)) => {
                        Code::new("ept", &[("id", &id)], Kind::Data(end.unwrap_or_default()))
                    }
                    None => Code::new("g", &[], Kind::Close),
                },
                ("ph", _) => match native("dataRef") {
                    Some(d) => Code::new("ph", &[("id", &id)], Kind::Data(d)),
                    None => Code::new("x", &[("id", &id)], Kind::Empty),
                },
                ("sc", _) => match (native("dataRef"), c.attr("isolated") == Some("yes")) {
                    (Some(d), true) => {
                        Code::new("it", &[("id", &id), ("pos", "open")], Kind::Data(d))
                    }
                    (Some(d), false) => Code::new("bpt", &[("id", &id)], Kind::Data(d)),
                    (None, _) => Code::new("bx", &[("id", &id)], Kind::Empty),
                },
                ("ec", _) => {
                    let start = c.attr("startRef").unwrap_or(&id).to_string();
                    match (native("dataRef"), c.attr("isolated") == Some("yes")) {
                        (Some(d), true) => {
                            Code::new("it", &[("id", &id), ("pos", "close")], Kind::Data(d))
                        }
                        (Some(d), false) => Code::new("ept", &[("id", &start)], Kind::Data(d)),
                        (None, _) => {
                            let own = format!("{start}e");
                            Code::new("ex", &[("id", &own), ("rid", &start)], Kind::Empty)
                        }
                    }
                }
                // Annotation markers have no 1.2 counterpart; the text around them stays.
                _ => return None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => format!("text:{t}"),
                Piece::Code(c) => format!("{}:{:?}", c.name, c.kind),
            })
            .collect()
    }

    #[test]
    fn codes_are_told_from_the_games_own_markup() {
        assert_eq!(
            names(r#"Press <g id="1">Start</g> or <b>A</b><x id="2"/>"#),
            [
                "text:Press ",
                "g:Open",
                "text:Start",
                "g:Close",
                "text: or <b>A</b>",
                "x:Empty"
            ]
        );
        assert_eq!(
            names(r#"<bpt id="1">&lt;b&gt;</bpt>Go<ept id="1">&lt;/b&gt;</ept>"#),
            ["bpt:Data(\"<b>\")", "text:Go", "ept:Data(\"</b>\")"]
        );
        // A lone end tag or a code without an id is the text it looks like.
        assert_eq!(names("a </g> <x/> b"), ["text:a </g> <x/> b"]);
    }

    #[test]
    fn text_is_escaped_and_codes_are_written_back_as_read() {
        let mut d = OriginalData::default();
        let t = r#"Tom & <b>Jerry</b> <g id="1" ctype="bold">x</g><x id="2"/>"#;
        assert_eq!(
            to_xml(t, Version::V12, &mut d),
            r#"Tom &amp; &lt;b&gt;Jerry&lt;/b&gt; <g id="1" ctype="bold">x</g><x id="2"/>"#
        );
    }

    #[test]
    fn codes_convert_between_versions_and_back() {
        let v12 = r#"<bpt id="1">&lt;b&gt;</bpt>Go<ept id="1">&lt;/b&gt;</ept> <g id="2">now</g><x id="3"/><ph id="4">&lt;br/&gt;</ph>"#;
        let mut data = OriginalData::default();
        let v20 = to_xml(v12, Version::V20, &mut data);
        assert_eq!(
            v20,
            r#"<sc id="1" dataRef="d1"/>Go<ec startRef="1" dataRef="d2"/> <pc id="2">now</pc><ph id="3"/><ph id="4" dataRef="d3"/>"#
        );
        assert_eq!(data.by_id.get("d3").map(String::as_str), Some("<br/>"));
        let back = to_xml(&v20, Version::V12, &mut data);
        assert_eq!(
            back,
            r#"<bpt id="1">&lt;b&gt;</bpt>Go<ept id="1">&lt;/b&gt;</ept> <g id="2">now</g><x id="3"/><ph id="4">&lt;br/&gt;</ph>"#
        );
    }
}
