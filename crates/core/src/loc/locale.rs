//! Locale codes as BCP-47 writes them: `pt-BR`, `zh-Hant-TW`, `en`. Tools write `pt_BR`,
//! `en-us` or `EN`; all of them read as the same locale.

use crate::ValueError;

/// A canonical BCP-47 tag: language lower case, script title case, region upper case.
/// Shared, so the locale of every translation in a big table is one allocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Locale(std::sync::Arc<str>);

impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Locale {
    /// Reads a tag as tools write it. The language is 2 or 3 letters; a script is 4
    /// letters; a region is 2 letters or 3 digits; other subtags are kept lower case.
    pub fn parse(raw: &str) -> Result<Locale, ValueError> {
        let bad = |why: &str| ValueError::new("locale", raw, why);
        let parts: Vec<&str> = raw.trim().split(['-', '_']).collect();
        let Some((lang, rest)) = parts.split_first() else {
            return Err(bad("expected a locale like fr or pt-BR"));
        };
        if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(bad(
                "expected a locale like fr or pt-BR: the language is 2 or 3 letters",
            ));
        }
        let mut out = lang.to_ascii_lowercase();
        for (i, sub) in rest.iter().enumerate() {
            if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad("a subtag is 1 to 8 letters or digits"));
            }
            out.push('-');
            if sub.len() == 4 && i == 0 && sub.chars().all(|c| c.is_ascii_alphabetic()) {
                let mut cs = sub.chars();
                if let Some(f) = cs.next() {
                    out.push(f.to_ascii_uppercase());
                }
                out.push_str(&cs.as_str().to_ascii_lowercase());
            } else if (sub.len() == 2 && sub.chars().all(|c| c.is_ascii_alphabetic()))
                || (sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit()))
            {
                out.push_str(&sub.to_ascii_uppercase());
            } else {
                out.push_str(&sub.to_ascii_lowercase());
            }
        }
        Ok(Locale(out.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language alone: `pt` for `pt-BR`.
    pub fn language(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_spellings_become_one_tag() {
        for (raw, tag) in [
            ("pt_BR", "pt-BR"),
            ("en-us", "en-US"),
            ("FR", "fr"),
            ("zh_hant_tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
        ] {
            assert_eq!(Locale::parse(raw).unwrap().as_str(), tag);
        }
        assert_eq!(Locale::parse("pt-BR").unwrap().language(), "pt");
        assert!(Locale::parse("english").is_err());
        assert!(Locale::parse("").is_err());
        assert!(Locale::parse("fr--CA").is_err());
    }
}
