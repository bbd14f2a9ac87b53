//! Localization: locales, placeholders, ICU MessageFormat and CLDR plural categories,
//! the pieces the string QA checks are built from. Pure: text in, findings out.

pub mod checks;
pub mod icu;
pub mod locale;
pub mod placeholders;
pub mod plural;
pub mod pseudo;
mod style;
pub mod table;

pub use locale::Locale;

/// A muted finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AllowRow {
    pub id: i64,
    pub key: Option<String>,
    pub check: String,
    pub reason: String,
    pub by: Option<String>,
    pub at: i64,
}

/// A project's localization settings, as stored: the source locale, how lengths are
/// counted, the target locales and the do-not-translate terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub source_locale: String,
    pub length_unit: String,
    pub locales: Vec<String>,
    pub do_not_translate: Vec<String>,
}
