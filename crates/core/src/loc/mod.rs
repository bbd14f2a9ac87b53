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
