//! Reading XLIFF 1.0–1.2 and 2.0 into a string table, streaming with quick-xml. Every
//! mistake names its line and column; nothing is returned unless the whole file reads.

use super::inline::{DATA_ELEMENTS, is_inline};
use super::{Version, status_12, status_20};
use crate::FormatError;
use callsheet_core::loc::Locale;
use callsheet_core::loc::checks::LengthUnit;
use callsheet_core::loc::table::{Entry, Table, Translation};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

type Reader<'a> = quick_xml::Reader<&'a [u8]>;

fn pos(r: &Reader) -> usize {
    usize::try_from(r.buffer_position()).unwrap_or(0)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(|v| v.into_owned())
    })
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// One unit as it is being read.
#[derive(Default)]
struct Unit {
    at: usize,
    resname: Option<String>,
    id: Option<String>,
    po_reference: Option<String>,
    source: Option<String>,
    target: Option<String>,
    state: Option<String>,
    sub_state: Option<String>,
    approved: Option<String>,
    notes: Vec<String>,
    context: Vec<String>,
    max_length: Option<(usize, LengthUnit)>,
    original_data: std::collections::BTreeMap<String, String>,
    header: bool,
    v12: bool,
}

struct Ctx<'a> {
    text: &'a str,
    reader: Reader<'a>,
}

impl<'a> Ctx<'a> {
    fn fail(&self, at: usize, message: impl Into<String>) -> FormatError {
        FormatError::at(self.text, at, message)
    }

    fn next(&mut self) -> Result<(usize, Event<'a>), FormatError> {
        let before = pos(&self.reader);
        match self.reader.read_event() {
            Ok(e) => Ok((before, e)),
            Err(e) => {
                let at = usize::try_from(self.reader.error_position()).unwrap_or(before);
                Err(self.fail(at, format!("not well-formed XML: {e}")))
            }
        }
    }

    /// Skips the rest of an element whose start tag was just read.
    fn skip(&mut self, e: &BytesStart, at: usize) -> Result<(), FormatError> {
        self.reader
            .read_to_end(e.name())
            .map(|_| ())
            .map_err(|err| self.fail(at, format!("not well-formed XML: {err}")))
    }

    /// The content of `<source>`, `<target>`, `<note>` or `<data>` up to its end tag:
    /// text unescaped, inline codes kept as XML (see `inline`), other elements dropped but
    /// their text kept.
    fn content(&mut self, start_at: usize) -> Result<String, FormatError> {
        let mut out = String::new();
        let mut depth = 0usize;
        loop {
            let (at, event) = self.next()?;
            match event {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let resolved = crate::xml::entity(r).map_err(|m| self.fail(at, m))?;
                    out.push_str(&resolved);
                }
                Event::Start(e) => {
                    let name = local(&e);
                    if DATA_ELEMENTS.contains(&name.as_str()) {
                        self.skip(&e, at)?;
                        out.push_str(&self.text[at..pos(&self.reader)]);
                    } else {
                        if is_inline(&name) {
                            out.push_str(&self.text[at..pos(&self.reader)]);
                        }
                        depth += 1;
                    }
                }
                Event::Empty(e) => {
                    let name = local(&e);
                    if is_inline(&name) {
                        out.push_str(&self.text[at..pos(&self.reader)]);
                    } else if name == "cp"
                        && let Some(c) = attr(&e, "hex")
                            .and_then(|h| u32::from_str_radix(&h, 16).ok())
                            .and_then(char::from_u32)
                    {
                        out.push(c);
                    }
                }
                Event::End(e) => {
                    if depth == 0 {
                        return Ok(out);
                    }
                    depth -= 1;
                    let name = e.local_name().as_ref().to_string();
                    if is_inline(&name) {
                        out.push_str(&format!("</{name}>"));
                    }
                }
                Event::Eof => return Err(self.fail(start_at, "this element is never closed")),
                _ => {}
            }
        }
    }
}

/// Reads an XLIFF file. `source_locale` is used when the file does not name its source
/// language; `target` when a `<file>` does not name its target language.
pub fn read(
    text: &str,
    source_locale: &Locale,
    target: Option<&Locale>,
) -> Result<Table, FormatError> {
    let mut cx = Ctx {
        text,
        reader: quick_xml::Reader::from_str(text),
    };
    cx.reader.config_mut().trim_text(false);
    let mut table = Table::new(source_locale.clone());
    let mut version: Option<Version> = None;
    let mut file_target: Option<Locale> = None;
    let mut unit: Option<Unit> = None;
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut source_set = false;
    let mut in_segment = false;
    let locale_at = |cx: &Ctx, at: usize, what: &str, value: &str| {
        Locale::parse(value).map_err(|e| cx.fail(at, format!("{what} {value:?}: {e}")))
    };
    loop {
        let (at, event) = cx.next()?;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(end) => {
                let name = end.local_name().as_ref().to_string();
                if matches!(name.as_str(), "trans-unit" | "unit")
                    && let Some(u) = unit.take()
                {
                    finish(&cx, u, file_target.as_ref(), &mut table, &mut seen)?;
                }
                if name == "segment" {
                    in_segment = false;
                }
                if name == "file" && version == Some(Version::V12) {
                    file_target = None;
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = local(&e);
        if version.is_none() {
            if name != "xliff" {
                return Err(cx.fail(
                    at,
                    format!("not an XLIFF file: the root element is <{name}>"),
                ));
            }
            let v = attr(&e, "version").unwrap_or_else(|| "1.2".into());
            let v = Version::parse(&v).ok_or_else(|| {
                cx.fail(
                    at,
                    format!("XLIFF version {v:?} is not one we read (1.0, 1.1, 1.2, 2.0)"),
                )
            })?;
            version = Some(v);
            if v == Version::V20 {
                if let Some(s) = attr(&e, "srcLang") {
                    table.source_locale = locale_at(&cx, at, "srcLang", &s)?;
                    source_set = true;
                }
                file_target = match attr(&e, "trgLang") {
                    Some(t) => Some(locale_at(&cx, at, "trgLang", &t)?),
                    None => target.cloned(),
                };
            }
            continue;
        }
        let v12 = version == Some(Version::V12);
        match name.as_str() {
            "file" if v12 => {
                if let Some(s) = attr(&e, "source-language")
                    && !source_set
                {
                    table.source_locale = locale_at(&cx, at, "source-language", &s)?;
                    source_set = true;
                }
                file_target = match attr(&e, "target-language") {
                    Some(t) => Some(locale_at(&cx, at, "target-language", &t)?),
                    None => target.cloned(),
                };
            }
            "header" | "alt-trans" | "seg-source" | "mda" | "bin-unit" | "skeleton" if !empty => {
                cx.skip(&e, at)?
            }
            "trans-unit" | "unit" => {
                if unit.is_some() {
                    return Err(cx.fail(at, format!("<{name}> inside another unit")));
                }
                let mut u = Unit {
                    at,
                    id: attr(&e, "id"),
                    resname: attr(&e, if v12 { "resname" } else { "name" }),
                    approved: attr(&e, "approved"),
                    header: attr(&e, "restype").as_deref() == Some("x-gettext-domain-header"),
                    v12,
                    ..Unit::default()
                };
                u.max_length = max_length(&cx, &e, at, v12)?;
                if empty {
                    finish(&cx, u, file_target.as_ref(), &mut table, &mut seen)?;
                } else {
                    unit = Some(u);
                }
            }
            "segment" | "ignorable" if !empty => {
                in_segment = true;
                if name == "segment"
                    && let Some(u) = unit.as_mut()
                    && u.state.is_none()
                {
                    u.state = attr(&e, "state");
                    u.sub_state = attr(&e, "subState");
                }
            }
            "source" | "target" if !empty => {
                let state = attr(&e, "state");
                let content = cx.content(at)?;
                let Some(u) = unit.as_mut() else { continue };
                if !v12 && !in_segment {
                    continue;
                }
                let slot = if name == "source" {
                    &mut u.source
                } else {
                    if v12 {
                        u.state = state;
                    }
                    &mut u.target
                };
                // 2.0 segments of one unit join into one string.
                slot.get_or_insert_with(String::new).push_str(&content);
            }
            "source" if empty => {
                if let Some(u) = unit.as_mut() {
                    u.source.get_or_insert_with(String::new);
                }
            }
            "note" if !empty => {
                let category = attr(&e, if v12 { "from" } else { "category" });
                let content = cx.content(at)?;
                if let Some(u) = unit.as_mut()
                    && !content.trim().is_empty()
                {
                    if category.as_deref() == Some("context") {
                        u.context.push(content);
                    } else {
                        u.notes.push(content);
                    }
                }
            }
            "context" if !empty => {
                let kind = attr(&e, "context-type").unwrap_or_default();
                let content = cx.content(at)?;
                if let Some(u) = unit.as_mut() {
                    match kind.as_str() {
                        "sourcefile" => {
                            u.po_reference.get_or_insert(content);
                        }
                        "linenumber" => {}
                        "x-po-autocomment" | "x-po-trancomment" => u.notes.push(content),
                        _ => u.context.push(content),
                    }
                }
            }
            "data" if !empty => {
                let id = attr(&e, "id");
                let content = cx.content(at)?;
                if let (Some(u), Some(id)) = (unit.as_mut(), id) {
                    u.original_data.insert(id, content);
                }
            }
            _ => {}
        }
    }
    if version.is_none() {
        return Err(cx.fail(0, "the file holds no XML element"));
    }
    Ok(table)
}

/// A unit's length limit: 1.2 `maxwidth` with `size-unit`, 2.0 `slr:sizeRestriction` or
/// `slr:storageRestriction`.
fn max_length(
    cx: &Ctx,
    e: &BytesStart,
    at: usize,
    v12: bool,
) -> Result<Option<(usize, LengthUnit)>, FormatError> {
    let (value, unit) = if v12 {
        let unit = match attr(e, "size-unit").as_deref() {
            None | Some("char") => LengthUnit::CodePoints,
            Some("glyph") => LengthUnit::Graphemes,
            Some("byte") => LengthUnit::Utf8,
            Some("x-utf16") => LengthUnit::Utf16,
            // Pixels, points and the like are not something a text check can measure.
            Some(_) => return Ok(None),
        };
        (attr(e, "maxwidth"), unit)
    } else if let Some(v) = attr(e, "sizeRestriction") {
        (Some(v), LengthUnit::CodePoints)
    } else {
        (attr(e, "storageRestriction"), LengthUnit::Utf8)
    };
    match value {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<usize>()
            .map(|n| Some((n, unit)))
            .map_err(|_| cx.fail(at, format!("length limit {v:?} is not a whole number"))),
    }
}

/// Adds a finished unit to the table, naming its place when its key is missing or used
/// twice for one locale.
fn finish(
    cx: &Ctx,
    u: Unit,
    target: Option<&Locale>,
    table: &mut Table,
    seen: &mut HashMap<String, (usize, usize)>,
) -> Result<(), FormatError> {
    if u.header {
        return Ok(());
    }
    // translate-toolkit numbers its units, and keeps the real key as a po-reference.
    let ordinal =
        u.id.as_deref()
            .is_some_and(|i| i.chars().all(|c| c.is_ascii_digit()));
    let key = u
        .resname
        .clone()
        .or_else(|| {
            u.id.clone()
                .filter(|_| !ordinal || u.po_reference.is_none())
        })
        .or_else(|| u.po_reference.clone())
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| {
            cx.fail(
                u.at,
                "this unit has no id, resname or name to use as its key",
            )
        })?;
    let source = u
        .source
        .ok_or_else(|| cx.fail(u.at, format!("unit {key:?} has no <source>")))?;
    let target_text = u.target.unwrap_or_default();
    let has_text = !target_text.trim().is_empty();
    let locale = match (target, has_text) {
        (Some(l), _) => Some(l.clone()),
        (None, false) => None,
        (None, true) => {
            return Err(cx.fail(
                u.at,
                "the file does not name its target language (target-language or trgLang); say which locale it holds",
            ));
        }
    };
    let status = if u.v12 {
        status_12(u.state.as_deref(), u.approved.as_deref(), has_text)
    } else {
        status_20(u.state.as_deref(), u.sub_state.as_deref(), has_text)
    };
    let index = match seen.get(&key) {
        Some(&(i, first_at)) => {
            let twice = locale
                .as_ref()
                .is_none_or(|l| table.entries[i].translations.contains_key(l));
            if twice {
                let first = FormatError::at(cx.text, first_at, "");
                return Err(cx.fail(
                    u.at,
                    format!("another unit (line {}) has the key {key:?}", first.line),
                ));
            }
            if table.entries[i].source != source {
                return Err(cx.fail(
                    u.at,
                    format!("unit {key:?} has a different source here than in its other file"),
                ));
            }
            i
        }
        None => {
            seen.insert(key.clone(), (table.entries.len(), u.at));
            if let Some((_, unit)) = u.max_length {
                table.length_unit = unit;
            }
            table.entries.push(Entry {
                key: key.clone(),
                source,
                context: u.context.join("\n"),
                notes: u.notes.join("\n"),
                max_length: u.max_length.map(|(n, _)| n),
                original_data: u.original_data,
                ..Entry::default()
            });
            table.entries.len() - 1
        }
    };
    if let Some(locale) = locale {
        if !table.locales.contains(&locale) {
            table.locales.push(locale.clone());
        }
        if has_text {
            table.entries[index].translations.insert(
                locale,
                Translation {
                    text: target_text,
                    status,
                },
            );
        }
    }
    Ok(())
}
