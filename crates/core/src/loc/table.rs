//! A string table: keys with their source text, context, notes and length limit, and per
//! target locale a translation with its status. Every file format reads into this and
//! writes from it; the QA checks run over it.

use super::checks::{Finding, LengthUnit, Source, Unit, check_against};
use super::locale::Locale;
use std::collections::BTreeMap;

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Translated,
    Reviewed,
    Final,
    /// Made for an older source text.
    Stale,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Translated => "translated",
            Status::Reviewed => "reviewed",
            Status::Final => "final",
            Status::Stale => "stale",
        }
    }
}

/// One locale's translation of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub text: String,
    pub status: Status,
}

/// One key of the table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub key: String,
    pub source: String,
    pub context: String,
    pub notes: String,
    pub max_length: Option<usize>,
    /// Labels a producer filters by: `ui`, `tutorial`, `dlc1`.
    pub tags: Vec<String>,
    pub translations: BTreeMap<Locale, Translation>,
    /// The native code behind each XLIFF 2.0 inline code (`dataRef`), by data id, kept so
    /// a round trip writes it back.
    pub original_data: BTreeMap<String, String>,
}

/// A table of strings in one source locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub source_locale: Locale,
    pub length_unit: LengthUnit,
    pub entries: Vec<Entry>,
    /// Every target locale the table has a column for, even where cells are empty.
    pub locales: Vec<Locale>,
}

impl Table {
    pub fn new(source_locale: Locale) -> Self {
        Table {
            source_locale,
            length_unit: LengthUnit::CodePoints,
            entries: Vec::new(),
            locales: Vec::new(),
        }
    }
}

/// A short fingerprint of a source text (FNV-1a, 64 bits, hex): a translation remembers
/// the fingerprint of the source it was made from.
pub fn source_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Status {
    /// Reads a status by its name.
    pub fn parse(name: &str) -> Option<Status> {
        [
            Status::New,
            Status::Translated,
            Status::Reviewed,
            Status::Final,
            Status::Stale,
        ]
        .into_iter()
        .find(|s| s.as_str() == name.trim().to_ascii_lowercase())
    }

    /// Whether the string counts as translated (stale does not).
    pub fn done(self) -> bool {
        matches!(self, Status::Translated | Status::Reviewed | Status::Final)
    }
}

/// What a project adds to the checks: terms never translated, and findings muted with a
/// reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qa {
    /// Brand and product names that must appear unchanged: `Nightjar`, `PlayStation`.
    pub do_not_translate: Vec<String>,
    pub allow: Vec<Allow>,
    /// Only the error checks: what a build gate needs, and faster.
    pub errors_only: bool,
}

/// A muted finding: one check, for one key or (without a key) the whole project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub key: Option<String>,
    pub check: String,
    pub reason: String,
}

/// Runs every check on every (entry, target locale) of a table, in table order.
pub fn check_table(table: &Table) -> Vec<Finding> {
    check_table_with(table, &Qa::default())
}

/// The checks with a project's glossary and allow list: a do-not-translate term of the
/// source missing from a translation is a `glossary` warning, one source translated two
/// ways in a locale is an `inconsistent` warning, and allowed findings are left out.
pub fn check_table_with(table: &Table, qa: &Qa) -> Vec<Finding> {
    let mut out = check_each(table, !qa.errors_only);
    if !qa.errors_only && !qa.do_not_translate.is_empty() {
        for e in &table.entries {
            for (locale, t) in &e.translations {
                if t.text.trim().is_empty() {
                    continue;
                }
                for term in &qa.do_not_translate {
                    if e.source.contains(term.as_str()) && !t.text.contains(term.as_str()) {
                        out.push(Finding {
                            key: e.key.clone(),
                            locale: locale.to_string(),
                            check: "glossary",
                            severity: super::checks::Severity::Warning,
                            message: format!(
                                "{term:?} is never translated, but is not in {:?}",
                                t.text
                            ),
                        });
                    }
                }
            }
        }
    }
    if !qa.errors_only {
        out.extend(inconsistent(table));
    }
    out.retain(|f| {
        !qa.allow
            .iter()
            .any(|a| a.check == f.check && a.key.as_ref().is_none_or(|k| *k == f.key))
    });
    out
}

/// One source translated two ways in a locale: each later translation that differs from
/// the first is a warning, in table order.
fn inconsistent(table: &Table) -> Vec<Finding> {
    let mut groups: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::with_capacity(table.entries.len());
    for (i, e) in table.entries.iter().enumerate() {
        groups.entry(e.source.as_str()).or_default().push(i);
    }
    let mut found: Vec<(usize, usize, Finding)> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        for (l, locale) in table.locales.iter().enumerate() {
            let mut first: Option<(&str, &str)> = None;
            for &i in members {
                let e = &table.entries[i];
                let Some(t) = e
                    .translations
                    .get(locale)
                    .filter(|t| !t.text.trim().is_empty())
                else {
                    continue;
                };
                match first {
                    None => first = Some((e.key.as_str(), t.text.as_str())),
                    Some((key, text)) if text != t.text => found.push((
                        i,
                        l,
                        Finding {
                            key: e.key.clone(),
                            locale: locale.to_string(),
                            check: "inconsistent",
                            severity: super::checks::Severity::Warning,
                            message: format!(
                                "{:?} here, but {text:?} for the same source in {key}",
                                t.text
                            ),
                        },
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    found.sort_by_key(|(i, l, _)| (*i, *l));
    found.into_iter().map(|(_, _, f)| f).collect()
}

fn check_each(table: &Table, warnings: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for e in &table.entries {
        let source = Source::new(&e.source);
        for locale in &table.locales {
            let t = e.translations.get(locale);
            out.extend(check_against(
                &source,
                &Unit {
                    key: &e.key,
                    source: &e.source,
                    target: t.map(|t| t.text.as_str()),
                    locale,
                    max_length: e.max_length.map(|m| (m, table.length_unit)),
                    stale: t.is_some_and(|t| t.status == Status::Stale),
                },
                warnings,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_source_hashes() {
        assert_eq!(Status::parse("Reviewed"), Some(Status::Reviewed));
        assert_eq!(Status::parse("done"), None);
        assert!(Status::Final.done() && !Status::Stale.done());
        assert_eq!(source_hash("Play"), source_hash("Play"));
        assert_ne!(source_hash("Play"), source_hash("Play!"));
        assert_eq!(source_hash("").len(), 16);
    }

    #[test]
    fn glossary_consistency_and_allow_lists() {
        let fr = Locale::parse("fr").unwrap();
        let mut t = Table::new(Locale::parse("en").unwrap());
        t.locales = vec![fr.clone()];
        for (key, source, target) in [
            ("a", "Welcome to Nightjar", "Bienvenue dans Engoulevent"),
            ("b", "Save", "Enregistrer"),
            ("c", "Save", "Sauvegarder"),
        ] {
            let mut e = Entry {
                key: key.into(),
                source: source.into(),
                ..Entry::default()
            };
            e.translations.insert(
                fr.clone(),
                Translation {
                    text: target.into(),
                    status: Status::Translated,
                },
            );
            t.entries.push(e);
        }
        let qa = Qa {
            do_not_translate: vec!["Nightjar".into()],
            ..Qa::default()
        };
        let ids: Vec<(String, &str)> = check_table_with(&t, &qa)
            .into_iter()
            .map(|f| (f.key, f.check))
            .collect();
        assert!(ids.contains(&("a".to_string(), "glossary")), "{ids:?}");
        assert!(ids.contains(&("c".to_string(), "inconsistent")), "{ids:?}");
        let muted = Qa {
            allow: vec![Allow {
                key: Some("c".into()),
                check: "inconsistent".into(),
                reason: "menu and dialog differ on purpose".into(),
            }],
            ..qa
        };
        assert!(
            !check_table_with(&t, &muted)
                .iter()
                .any(|f| f.check == "inconsistent")
        );
    }

    #[test]
    fn every_locale_column_is_checked_even_where_a_cell_is_empty() {
        let fr = Locale::parse("fr").unwrap();
        let de = Locale::parse("de").unwrap();
        let mut t = Table::new(Locale::parse("en").unwrap());
        t.locales = vec![de.clone(), fr.clone()];
        let mut e = Entry {
            key: "menu.play".into(),
            source: "Play %s".into(),
            ..Entry::default()
        };
        e.translations.insert(
            fr,
            Translation {
                text: "Jouer".into(),
                status: Status::Translated,
            },
        );
        t.entries.push(e);
        let f: Vec<(String, &str)> = check_table(&t)
            .into_iter()
            .map(|f| (f.locale, f.check))
            .collect();
        assert_eq!(
            f,
            vec![
                ("de".to_string(), "missing"),
                ("fr".to_string(), "placeholders")
            ]
        );
    }
}
