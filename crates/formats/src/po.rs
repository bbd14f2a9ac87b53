//! Gettext PO, both ways: one target locale per file (from the header's `Language`),
//! with contexts, plurals (`msgstr[n]`, one table key per form: `key[1]`), fuzzy entries
//! (read as stale), comments as notes and the previous msgid kept out of the way.
//!
//! The key is the first `#:` reference when there is one (translate-toolkit's csv2po
//! writes the table's key there), then `msgctxt`, then the msgid.

use crate::FormatError;
use callsheet_core::loc::Locale;
use callsheet_core::loc::table::{Entry, Status, Table, Translation};

#[derive(Default)]
struct Raw {
    refs: Vec<String>,
    notes: Vec<String>,
    fuzzy: bool,
    ctx: Option<String>,
    id: Option<String>,
    plural: Option<String>,
    strs: Vec<(usize, String)>,
}

/// Reads a PO string: `"..."` with C escapes. Errors carry the column.
fn unquote(text: &str, line: usize, col: usize, all: &str) -> Result<String, FormatError> {
    let fail = |c: usize, m: &str| FormatError {
        line,
        column: col + c,
        message: m.to_string(),
    };
    let _ = all;
    let t = text.trim_end();
    let inner = t
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .filter(|_| t.len() >= 2)
        .ok_or_else(|| fail(0, "expected a string in double quotes"))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().enumerate();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'a')) => out.push('\u{7}'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, 'v')) => out.push('\u{b}'),
                Some((j, other)) => {
                    return Err(fail(j + 1, &format!("unknown escape \\{other}")));
                }
                None => return Err(fail(i + 1, "a backslash at the end of a string")),
            },
            '"' => return Err(fail(i + 1, "a quote inside a string must be written \\\"")),
            _ => out.push(c),
        }
    }
    Ok(out)
}

fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads a PO file. `source_locale` is the table's source language (PO does not say);
/// `target` is the language when the header does not name one.
pub fn read(
    text: &str,
    source_locale: &Locale,
    target: Option<&Locale>,
) -> Result<Table, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut raws: Vec<(usize, Raw)> = Vec::new();
    let mut cur = Raw::default();
    let mut cur_line = 0;
    // Which field a continuation line ("...") adds to.
    #[derive(Clone, Copy)]
    enum Field {
        None,
        Ctx,
        Id,
        Plural,
        Str(usize),
    }
    let mut field = Field::None;
    let flush = |cur: &mut Raw, line: usize, raws: &mut Vec<(usize, Raw)>| {
        if cur.id.is_some() {
            raws.push((line, std::mem::take(cur)));
        } else {
            *cur = Raw::default();
        }
    };
    for (n, raw_line) in text.lines().enumerate() {
        let line = n + 1;
        let l = raw_line.trim();
        if l.is_empty() {
            flush(&mut cur, cur_line, &mut raws);
            field = Field::None;
            continue;
        }
        if let Some(rest) = l.strip_prefix('#') {
            if cur.id.is_some() && !matches!(field, Field::None) && !rest.starts_with('|') {
                flush(&mut cur, cur_line, &mut raws);
                field = Field::None;
            }
            if let Some(r) = rest.strip_prefix(':') {
                cur.refs.extend(r.split_whitespace().map(str::to_string));
            } else if let Some(f) = rest.strip_prefix(',') {
                cur.fuzzy |= f.split(',').any(|x| x.trim() == "fuzzy");
            } else if let Some(x) = rest.strip_prefix('.') {
                cur.notes.push(x.trim().to_string());
            } else if rest.starts_with('|') || rest.starts_with('~') {
                // Previous msgid, obsolete entries: not part of the table.
            } else {
                cur.notes.push(rest.trim().to_string());
            }
            continue;
        }
        let col = raw_line.len() - raw_line.trim_start().len() + 1;
        if l.starts_with('"') {
            let s = unquote(l, line, col, text)?;
            match field {
                Field::Ctx => cur.ctx.get_or_insert_with(String::new).push_str(&s),
                Field::Id => cur.id.get_or_insert_with(String::new).push_str(&s),
                Field::Plural => cur.plural.get_or_insert_with(String::new).push_str(&s),
                Field::Str(i) => {
                    if let Some((_, v)) = cur.strs.iter_mut().find(|(k, _)| *k == i) {
                        v.push_str(&s);
                    }
                }
                Field::None => {
                    return Err(FormatError {
                        line,
                        column: col,
                        message: "a string continues nothing: expected msgid, msgstr or msgctxt before it".into(),
                    });
                }
            }
            continue;
        }
        let (word, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
        let rest_col = col + word.len() + (rest.len() - rest.trim_start().len()) + 1;
        let value = unquote(rest.trim(), line, rest_col, text)?;
        match word {
            "msgctxt" => {
                if cur.id.is_some() {
                    flush(&mut cur, cur_line, &mut raws);
                }
                cur_line = line;
                cur.ctx = Some(value);
                field = Field::Ctx;
            }
            "msgid" => {
                if cur.id.is_some() {
                    flush(&mut cur, cur_line, &mut raws);
                }
                if cur.ctx.is_none() {
                    cur_line = line;
                }
                cur.id = Some(value);
                field = Field::Id;
            }
            "msgid_plural" => {
                cur.plural = Some(value);
                field = Field::Plural;
            }
            "msgstr" => {
                cur.strs.push((0, value));
                field = Field::Str(0);
            }
            w if w.starts_with("msgstr[") && w.ends_with(']') => {
                let i: usize = w[7..w.len() - 1].parse().map_err(|_| FormatError {
                    line,
                    column: col,
                    message: format!("{w} is not msgstr[N]"),
                })?;
                cur.strs.push((i, value));
                field = Field::Str(i);
            }
            other => {
                return Err(FormatError {
                    line,
                    column: col,
                    message: format!(
                        "unknown keyword {other:?}: expected msgctxt, msgid, msgid_plural or msgstr"
                    ),
                });
            }
        }
    }
    flush(&mut cur, cur_line, &mut raws);

    // The header (msgid "") says the language.
    let mut locale = None;
    for (_, r) in &raws {
        if r.id.as_deref() == Some("") && r.ctx.is_none() {
            let header = r.strs.first().map(|(_, s)| s.as_str()).unwrap_or("");
            for l in header.lines() {
                if let Some(v) = l.strip_prefix("Language:") {
                    locale = Locale::parse(v.trim()).ok();
                }
            }
        }
    }
    let locale = locale
        .or_else(|| target.cloned())
        .ok_or_else(|| FormatError {
            line: 1,
            column: 1,
            message:
                "the header (msgid \"\") does not say the Language; say which locale the file holds"
                    .into(),
        })?;
    let mut table = Table::new(source_locale.clone());
    table.locales = vec![locale.clone()];
    let mut seen = std::collections::HashSet::new();
    for (line, r) in raws {
        let Some(id) = r.id.clone() else { continue };
        if id.is_empty() && r.ctx.is_none() {
            continue;
        }
        let key = r
            .refs
            .first()
            .cloned()
            .or_else(|| r.ctx.clone())
            .unwrap_or_else(|| id.clone());
        let forms: Vec<(String, String, String)> = match &r.plural {
            None => vec![(
                key.clone(),
                id.clone(),
                r.strs.first().map(|(_, s)| s.clone()).unwrap_or_default(),
            )],
            Some(plural) => r
                .strs
                .iter()
                .map(|(i, s)| {
                    (
                        format!("{key}[{i}]"),
                        if *i == 0 { id.clone() } else { plural.clone() },
                        s.clone(),
                    )
                })
                .collect(),
        };
        for (key, source, target) in forms {
            if !seen.insert(key.clone()) {
                return Err(FormatError {
                    line,
                    column: 1,
                    message: format!("another entry has the key {key:?}"),
                });
            }
            let mut e = Entry {
                key,
                source,
                context: r.ctx.clone().unwrap_or_default(),
                notes: r.notes.join("\n"),
                ..Entry::default()
            };
            if !target.is_empty() {
                e.translations.insert(
                    locale.clone(),
                    Translation {
                        text: target,
                        status: if r.fuzzy {
                            Status::Stale
                        } else {
                            Status::Translated
                        },
                    },
                );
            }
            table.entries.push(e);
        }
    }
    Ok(table)
}

/// Writes one locale of a table as PO (plural keys `k[n]` are written as plain entries).
pub fn write(table: &Table, locale: &Locale) -> String {
    let mut out = format!(
        "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Language: {locale}\\n\"\n"
    );
    for e in &table.entries {
        out.push('\n');
        for note in e.notes.lines() {
            out.push_str(&format!("#. {note}\n"));
        }
        out.push_str(&format!("#: {}\n", e.key.replace(' ', "_")));
        let t = e.translations.get(locale);
        if t.is_some_and(|t| t.status == Status::Stale) {
            out.push_str("#, fuzzy\n");
        }
        if !e.context.is_empty() {
            out.push_str(&format!("msgctxt {}\n", quote(&e.context)));
        }
        out.push_str(&format!("msgid {}\n", quote(&e.source)));
        out.push_str(&format!(
            "msgstr {}\n",
            quote(t.map(|t| t.text.as_str()).unwrap_or(""))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PO: &str = r#"# A translator's comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: pt_BR\n"
"Plural-Forms: nplurals=3; plural=...;\n"

#. Shown on the title screen
#: menu.play
msgid "Play %s"
msgstr "Jogar %s"

#: hud.coins
#, fuzzy
#| msgid "Coins"
msgid "Coins: %d"
msgstr "Moedas"

msgctxt "door"
msgid "Open"
msgstr ""

#: inv.items
msgid "%d item"
msgid_plural "%d items"
msgstr[0] "%d item"
msgstr[1] "%d itens"
msgstr[2] "%d de itens"

#: long
msgid ""
"Line one\n"
"Line \"two\""
msgstr "Linha um\nLinha \"dois\""
"#;

    #[test]
    fn entries_contexts_plurals_and_fuzzy_read() {
        let en = Locale::parse("en").unwrap();
        let t = read(PO, &en, None).unwrap();
        let pt = Locale::parse("pt-BR").unwrap();
        assert_eq!(t.locales, vec![pt.clone()]);
        let keys: Vec<&str> = t.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "menu.play",
                "hud.coins",
                "door",
                "inv.items[0]",
                "inv.items[1]",
                "inv.items[2]",
                "long"
            ]
        );
        assert_eq!(t.entries[0].notes, "Shown on the title screen");
        assert_eq!(t.entries[1].translations[&pt].status, Status::Stale);
        assert!(
            t.entries[2].translations.is_empty(),
            "an empty msgstr is untranslated"
        );
        assert_eq!(t.entries[4].source, "%d items");
        assert_eq!(t.entries[6].source, "Line one\nLine \"two\"");
        assert_eq!(
            t.entries[6].translations[&pt].text,
            "Linha um\nLinha \"dois\""
        );
        let findings = callsheet_core::loc::table::check_table(&t);
        let ids: Vec<(&str, &str)> = findings.iter().map(|f| (f.key.as_str(), f.check)).collect();
        assert!(ids.contains(&("hud.coins", "placeholders")), "{ids:?}");
        assert!(ids.contains(&("hud.coins", "stale")));
        assert!(ids.contains(&("door", "missing")));
    }

    #[test]
    fn what_we_write_reads_back() {
        let en = Locale::parse("en").unwrap();
        let t = read(PO, &en, None).unwrap();
        let pt = Locale::parse("pt-BR").unwrap();
        let again = read(&write(&t, &pt), &en, None).unwrap();
        for (a, b) in t.entries.iter().zip(&again.entries) {
            assert_eq!(a.source, b.source);
            assert_eq!(a.translations, b.translations);
            assert_eq!(a.notes, b.notes);
        }
    }

    #[test]
    fn mistakes_say_where() {
        let en = Locale::parse("en").unwrap();
        let bad = PO.replace("msgstr \"Jogar %s\"", "msgstr \"Jogar %s");
        let e = read(&bad, &en, None).unwrap_err();
        assert_eq!((e.line, e.column), (11, 8), "{e}");
        let e = read(&PO.replace("msgid \"Open\"", "msgid_x \"Open\""), &en, None).unwrap_err();
        assert!(e.message.contains("unknown keyword \"msgid_x\""), "{e}");
        let e = read("msgid \"a\"\nmsgstr \"b\"\n", &en, None).unwrap_err();
        assert!(e.message.contains("Language"), "{e}");
    }
}
