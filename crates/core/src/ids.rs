//! Identifiers people type: project keys (`NJ`), item keys (`NJ-12`) and person handles.

use crate::ValueError;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A project's short key, the prefix of every item key: 2 to 10 characters,
/// an upper-case letter first, then upper-case letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ProjectKey(String);

impl ProjectKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ProjectKey {
    type Err = ValueError;
    fn from_str(raw: &str) -> Result<Self, ValueError> {
        let key = raw.trim().to_ascii_uppercase();
        let mut chars = key.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
        let rest_ok = chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !(2..=10).contains(&key.len()) || !first_ok || !rest_ok {
            return Err(ValueError::new(
                "project key",
                raw,
                "use 2 to 10 letters or digits, starting with a letter (like NJ or GAME2)",
            ));
        }
        Ok(Self(key))
    }
}

impl fmt::Display for ProjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An item's key: its project's key and its number in that project, `NJ-12`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub project: ProjectKey,
    pub number: i64,
}

impl FromStr for ItemKey {
    type Err = ValueError;
    fn from_str(raw: &str) -> Result<Self, ValueError> {
        let bad = || ValueError::new("item key", raw, "expected a key like NJ-12");
        let (project, number) = raw.trim().rsplit_once('-').ok_or_else(bad)?;
        let project: ProjectKey = project.parse().map_err(|_| bad())?;
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let number: i64 = number.parse().map_err(|_| bad())?;
        if number < 1 {
            return Err(bad());
        }
        Ok(Self { project, number })
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.project, self.number)
    }
}

impl Serialize for ItemKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A person's login handle: 1 to 40 lower-case letters, digits, `.`, `-` or `_`.
pub fn parse_handle(raw: &str) -> Result<String, ValueError> {
    let handle = raw.trim().to_ascii_lowercase();
    let ok = !handle.is_empty()
        && handle.len() <= 40
        && handle
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
    if ok {
        Ok(handle)
    } else {
        Err(ValueError::new(
            "handle",
            raw,
            "use 1 to 40 letters, digits, '.', '-' or '_'",
        ))
    }
}

/// A lower-case identifier used for item kinds and departments: `bug`, `art`, `vfx-review`.
pub fn parse_slug(field: &str, raw: &str) -> Result<String, ValueError> {
    let slug = raw.trim().to_ascii_lowercase();
    let ok = !slug.is_empty()
        && slug.len() <= 40
        && slug.starts_with(|c: char| c.is_ascii_lowercase())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(slug)
    } else {
        Err(ValueError::new(
            field,
            raw,
            "use lower-case letters, digits, '-' or '_', starting with a letter",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn item_keys_read_like_people_write_them() {
        let key: ItemKey = "nj-12".parse().unwrap();
        assert_eq!(key.to_string(), "NJ-12");
        assert!("NJ".parse::<ItemKey>().is_err());
        assert!("NJ-0".parse::<ItemKey>().is_err());
        assert!("NJ-x".parse::<ItemKey>().is_err());
        assert!("1J-3".parse::<ItemKey>().is_err());
        let err = "NJ-".parse::<ItemKey>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "item key: \"NJ-\" is not valid: expected a key like NJ-12"
        );
    }

    #[test]
    fn project_keys_are_upper_case_and_short() {
        assert_eq!("game2".parse::<ProjectKey>().unwrap().as_str(), "GAME2");
        assert!("N".parse::<ProjectKey>().is_err());
        assert!("NIGHTJARGAME".parse::<ProjectKey>().is_err());
        assert!("N-J".parse::<ProjectKey>().is_err());
    }

    #[test]
    fn handles_and_slugs() {
        assert_eq!(parse_handle("Ada.L").unwrap(), "ada.l");
        assert!(parse_handle("ada lovelace").is_err());
        assert_eq!(parse_slug("kind", "Bug").unwrap(), "bug");
        assert!(parse_slug("kind", "9lives").is_err());
    }

    proptest! {
        #[test]
        fn item_keys_round_trip(project in "[A-Z][A-Z0-9]{1,9}", number in 1i64..10_000_000) {
            let text = format!("{project}-{number}");
            let key: ItemKey = text.parse().unwrap();
            prop_assert_eq!(key.to_string(), text);
        }

        #[test]
        fn key_parsing_never_panics(raw in ".*") {
            let _ = raw.parse::<ItemKey>();
            let _ = raw.parse::<ProjectKey>();
        }
    }
}
