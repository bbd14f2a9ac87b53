//! Writing one target locale of a string table as XLIFF 1.2 or 2.0, valid against the
//! schemas: keys as `resname` (1.2) or `name` (2.0), notes and context, length limits
//! (1.2 `maxwidth`/`size-unit`, 2.0 size-restriction module), states, and inline codes
//! in the version's own vocabulary.

use super::inline::{OriginalData, to_xml};
use super::{Version, state_12, state_20};
use callsheet_core::loc::Locale;
use callsheet_core::loc::checks::LengthUnit;
use callsheet_core::loc::table::{Entry, Status, Table};
use quick_xml::escape::escape;
use std::fmt::Write as _;

/// Writes the table's `locale` as XLIFF. Entries without a translation get no target
/// (1.2) or an `initial` segment (2.0), ready for a translator.
pub fn write(table: &Table, locale: &Locale, version: Version) -> String {
    match version {
        Version::V12 => write_12(table, locale),
        Version::V20 => write_20(table, locale),
    }
}

fn text_of<'a>(e: &'a Entry, locale: &Locale) -> (&'a str, Status) {
    e.translations
        .get(locale)
        .map_or(("", Status::New), |t| (t.text.as_str(), t.status))
}

fn write_12(table: &Table, locale: &Locale) -> String {
    let mut out = String::with_capacity(table.entries.len() * 256);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n  <file original=\"callsheet\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\">\n    <body>\n",
        table.source_locale, locale
    );
    let size_unit = match table.length_unit {
        LengthUnit::CodePoints => "char",
        LengthUnit::Graphemes => "glyph",
        LengthUnit::Utf8 => "byte",
        LengthUnit::Utf16 => "x-utf16",
    };
    for e in &table.entries {
        let key = escape(e.key.as_str());
        let (target, status) = text_of(e, locale);
        let (state, approved) = state_12(status);
        let _ = write!(
            out,
            "      <trans-unit id=\"{key}\" resname=\"{key}\" xml:space=\"preserve\""
        );
        if let Some(max) = e.max_length {
            let _ = write!(out, " maxwidth=\"{max}\" size-unit=\"{size_unit}\"");
        }
        if !target.is_empty() {
            let _ = write!(out, " approved=\"{approved}\"");
        }
        out.push_str(">\n");
        let mut data = OriginalData {
            by_id: e.original_data.clone(),
        };
        let _ = writeln!(
            out,
            "        <source>{}</source>",
            to_xml(&e.source, Version::V12, &mut data)
        );
        if !target.is_empty() {
            let _ = writeln!(
                out,
                "        <target state=\"{state}\">{}</target>",
                to_xml(target, Version::V12, &mut data)
            );
        }
        if !e.context.is_empty() {
            let _ = writeln!(
                out,
                "        <context-group purpose=\"information\"><context context-type=\"x-context\">{}</context></context-group>",
                escape(e.context.as_str())
            );
        }
        if !e.notes.is_empty() {
            let _ = writeln!(
                out,
                "        <note from=\"developer\">{}</note>",
                escape(e.notes.as_str())
            );
        }
        out.push_str("      </trans-unit>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// Whether a key can be a 2.0 unit id (an NMTOKEN); other keys get an ordinal id and
/// travel in `name`.
fn nmtoken(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

fn write_20(table: &Table, locale: &Locale) -> String {
    let mut out = String::with_capacity(table.entries.len() * 256);
    let limited = table.entries.iter().any(|e| e.max_length.is_some());
    let (restriction, profile) = match table.length_unit {
        LengthUnit::CodePoints => ("sizeRestriction", "generalProfile=\"xliff:codepoints\""),
        LengthUnit::Graphemes => ("sizeRestriction", "generalProfile=\"callsheet:graphemes\""),
        LengthUnit::Utf8 => ("storageRestriction", "storageProfile=\"xliff:utf8\""),
        LengthUnit::Utf16 => ("storageRestriction", "storageProfile=\"xliff:utf16\""),
    };
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"{} version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n  <file id=\"f1\">\n",
        if limited {
            " xmlns:slr=\"urn:oasis:names:tc:xliff:sizerestriction:2.0\""
        } else {
            ""
        },
        table.source_locale,
        locale
    );
    if limited {
        let _ = writeln!(out, "    <slr:profiles {profile}/>");
    }
    for (n, e) in table.entries.iter().enumerate() {
        let key = escape(e.key.as_str());
        let id = if nmtoken(&e.key) {
            key.to_string()
        } else {
            format!("u{}", n + 1)
        };
        let _ = write!(out, "    <unit id=\"{id}\" name=\"{key}\"");
        if let Some(max) = e.max_length {
            let _ = write!(out, " slr:{restriction}=\"{max}\"");
        }
        out.push_str(">\n");
        if !e.context.is_empty() || !e.notes.is_empty() {
            out.push_str("      <notes>\n");
            if !e.context.is_empty() {
                let _ = writeln!(
                    out,
                    "        <note category=\"context\">{}</note>",
                    escape(e.context.as_str())
                );
            }
            if !e.notes.is_empty() {
                let _ = writeln!(
                    out,
                    "        <note category=\"developer\">{}</note>",
                    escape(e.notes.as_str())
                );
            }
            out.push_str("      </notes>\n");
        }
        let (target, status) = text_of(e, locale);
        let mut data = OriginalData {
            by_id: e.original_data.clone(),
        };
        let source = to_xml(&e.source, Version::V20, &mut data);
        let target = (!target.is_empty()).then(|| to_xml(target, Version::V20, &mut data));
        // Only the data the written codes refer to.
        let used: Vec<(&String, &String)> = data
            .by_id
            .iter()
            .filter(|(id, _)| {
                let r = format!("\"{}\"", escape(id.as_str()));
                source.contains(&r) || target.as_ref().is_some_and(|t| t.contains(&r))
            })
            .collect();
        if !used.is_empty() {
            out.push_str("      <originalData>\n");
            for (id, d) in used {
                let _ = writeln!(
                    out,
                    "        <data id=\"{}\">{}</data>",
                    escape(id.as_str()),
                    escape(d.as_str())
                );
            }
            out.push_str("      </originalData>\n");
        }
        let (state, sub) = state_20(if target.is_some() {
            status
        } else {
            Status::New
        });
        let _ = write!(out, "      <segment state=\"{state}\"");
        if let Some(sub) = sub {
            let _ = write!(out, " subState=\"{sub}\"");
        }
        let _ = write!(
            out,
            ">\n        <source xml:space=\"preserve\">{source}</source>\n"
        );
        if let Some(t) = target {
            let _ = writeln!(out, "        <target xml:space=\"preserve\">{t}</target>");
        }
        out.push_str("      </segment>\n    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use callsheet_core::loc::table::Translation;

    fn loc(s: &str) -> Locale {
        Locale::parse(s).unwrap()
    }

    fn sample() -> Table {
        let fr = loc("fr");
        let mut t = Table::new(loc("en"));
        t.locales = vec![fr.clone()];
        type Row<'a> = (&'a str, &'a str, Option<(&'a str, Status)>, Option<usize>);
        let rows: [Row; 5] = [
            (
                "menu.start",
                r#"Press <g id="1">Start</g> & go<x id="2"/>"#,
                Some((
                    r#"Appuyez sur <g id="1">Start</g> et go<x id="2"/>"#,
                    Status::Reviewed,
                )),
                Some(24),
            ),
            (
                "hud ammo[1]",
                "{count, plural, one {# bullet} other {# bullets}}",
                Some((
                    "{count, plural, one {# balle} many {# balles} other {# balles}}",
                    Status::Stale,
                )),
                None,
            ),
            (
                "tip.bold",
                r#"<bpt id="1">&lt;b&gt;</bpt>Tip<ept id="1">&lt;/b&gt;</ept>: <b>literal</b>"#,
                Some((
                    r#"<bpt id="1">&lt;b&gt;</bpt>Astuce<ept id="1">&lt;/b&gt;</ept> : <b>littéral</b>"#,
                    Status::Final,
                )),
                None,
            ),
            ("quit", "Quit", None, Some(10)),
            (
                "edge",
                "  spaced\nline ",
                Some(("  espacé\nligne ", Status::Translated)),
                None,
            ),
        ];
        for (key, source, target, max) in rows {
            let mut e = Entry {
                key: key.into(),
                source: source.into(),
                notes: "Shown on the title screen".into(),
                context: if key == "quit" {
                    "menu".into()
                } else {
                    String::new()
                },
                max_length: max,
                ..Entry::default()
            };
            if let Some((text, status)) = target {
                e.translations.insert(
                    fr.clone(),
                    Translation {
                        text: text.into(),
                        status,
                    },
                );
            }
            t.entries.push(e);
        }
        t
    }

    #[test]
    fn both_versions_round_trip_keys_texts_codes_states_notes_and_limits() {
        let table = sample();
        let trip = |t: &Table, version| {
            let xml = write(t, &loc("fr"), version);
            read(&xml, &loc("de"), None).unwrap_or_else(|e| panic!("{e}\n{xml}"))
        };
        for version in [Version::V12, Version::V20] {
            // The first trip puts 2.0's codes in place of 1.2's; from then on it is fixed.
            let once = trip(&table, version);
            let twice = trip(&once, version);
            assert_eq!(once, twice, "{version:?}");
            assert_eq!(once.source_locale, loc("en"));
            assert_eq!(once.locales, vec![loc("fr")]);
            assert_eq!(once.entries.len(), table.entries.len());
            for (a, b) in table.entries.iter().zip(&once.entries) {
                assert_eq!(a.key, b.key, "{version:?}");
                assert_eq!(a.notes, b.notes);
                assert_eq!(a.context, b.context);
                assert_eq!(a.max_length, b.max_length);
                let statuses = |e: &Entry| {
                    e.translations
                        .values()
                        .map(|t| t.status)
                        .collect::<Vec<_>>()
                };
                assert_eq!(statuses(a), statuses(b), "{version:?} {}", a.key);
                if version == Version::V12 {
                    assert_eq!(a.source, b.source, "{}", a.key);
                    assert_eq!(a.translations, b.translations, "{}", a.key);
                }
            }
        }
    }

    #[test]
    fn codes_cross_versions_with_their_native_data() {
        let table = sample();
        let v20 = write(&table, &loc("fr"), Version::V20);
        assert!(
            v20.contains(r#"<sc id="1" dataRef="d1"/>Tip<ec startRef="1" dataRef="d2"/>"#),
            "{v20}"
        );
        assert!(v20.contains(r#"<data id="d1">&lt;b&gt;</data>"#), "{v20}");
        let read20 = read(&v20, &loc("en"), None).unwrap();
        let v12 = write(&read20, &loc("fr"), Version::V12);
        assert!(v12.contains(r#"<bpt id="1">&lt;b&gt;</bpt>Tip<ept id="1">&lt;/b&gt;</ept>: &lt;b&gt;literal&lt;/b&gt;"#), "{v12}");
        assert!(v12.contains(r#"<g id="1">Start</g>"#), "{v12}");
    }
}

#[cfg(test)]
mod properties {
    use super::super::read;
    use super::*;
    use callsheet_core::loc::table::Translation;
    use proptest::prelude::*;

    proptest! {
        /// Any source and translation, markup and entities and all, come back from both
        /// versions exactly (2.0 carries even the control characters XML cannot hold).
        #[test]
        fn any_text_round_trips(source in "\\PC{0,40}", target in "[a-z<>&\"' {}%#\u{1}\u{e9}\u{1F600}]{0,30}") {
            let en = Locale::parse("en").unwrap();
            let fr = Locale::parse("fr").unwrap();
            let mut t = Table::new(en.clone());
            t.locales = vec![fr.clone()];
            let mut e = Entry { key: "k.1".into(), source: source.clone(), ..Entry::default() };
            if !target.trim().is_empty() {
                e.translations.insert(fr.clone(), Translation { text: target.clone(), status: Status::Translated });
            }
            t.entries.push(e);
            let back = read(&write(&t, &fr, Version::V20), &en, None).unwrap();
            prop_assert_eq!(&back.entries[0].source, &source);
            prop_assert_eq!(back.entries[0].translations.get(&fr).map(|x| x.text.clone()), (!target.trim().is_empty()).then(|| target.clone()));
            // 1.2 has no way to carry U+0001: it comes back as U+FFFD, and nothing else changes.
            let back = read(&write(&t, &fr, Version::V12), &en, None).unwrap();
            prop_assert_eq!(back.entries[0].source.clone(), source.replace('\u{1}', "\u{fffd}"));
        }
    }
}
