//! A string table: keys with their source text, context, notes and length limit, and per
//! target locale a translation with its status. Every file format reads into this and
//! writes from it; the QA checks run over it.

use super::checks::{Finding, LengthUnit, Unit, check};
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
    pub translations: BTreeMap<Locale, Translation>,
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

/// Runs every check on every (entry, target locale) of a table, in table order.
pub fn check_table(table: &Table) -> Vec<Finding> {
    let mut out = Vec::new();
    for e in &table.entries {
        for locale in &table.locales {
            let t = e.translations.get(locale);
            out.extend(check(&Unit {
                key: &e.key,
                source: &e.source,
                target: t.map(|t| t.text.as_str()),
                locale,
                max_length: e.max_length.map(|m| (m, table.length_unit)),
                stale: t.is_some_and(|t| t.status == Status::Stale),
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
