//! XLIFF, both ways: 1.2 (reading 1.0 and 1.1 as the same model) and 2.0. One target
//! locale per `<file>`; inline codes keep their ids through a round trip (see
//! [`inline`]); states map to translation statuses and back.
//!
//! Reading is lenient (unknown elements are skipped, translate-toolkit's notes inside a
//! 2.0 `<segment>` are read), writing is strict to the schemas.

mod inline;
mod read;
mod write;

pub use read::read;
pub use write::write;

use callsheet_core::loc::table::Status;

/// Which XLIFF a file is, or is to be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.2, also read for 1.0 and 1.1.
    V12,
    V20,
}

impl Version {
    pub fn parse(name: &str) -> Option<Version> {
        match name.trim() {
            "1.0" | "1.1" | "1.2" | "1" | "12" => Some(Version::V12),
            "2.0" | "2.1" | "2" | "20" => Some(Version::V20),
            _ => None,
        }
    }
}

/// A 1.2 target's status from its `state` and the unit's `approved`. translate-toolkit
/// writes `approved="yes"` on every translated unit that is not fuzzy, and `approved="no"`
/// with text for fuzzy ones, which we read as stale.
fn status_12(state: Option<&str>, approved: Option<&str>, has_text: bool) -> Status {
    match state {
        Some("final") => Status::Final,
        Some("signed-off") => Status::Reviewed,
        Some("translated") => Status::Translated,
        Some(s) if s.starts_with("needs-review") => Status::Stale,
        Some(s) if s == "new" || s.starts_with("needs-") => Status::New,
        _ if !has_text => Status::New,
        _ if approved == Some("no") => Status::Stale,
        _ => Status::Translated,
    }
}

/// A status as 1.2's target `state` and unit `approved`.
fn state_12(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::New => ("needs-translation", "no"),
        Status::Translated => ("translated", "yes"),
        Status::Reviewed => ("signed-off", "yes"),
        Status::Final => ("final", "yes"),
        Status::Stale => ("needs-review-translation", "no"),
    }
}

const STALE_20: &str = "callsheet:stale";

/// A 2.0 segment's status from its `state` and `subState`.
fn status_20(state: Option<&str>, sub_state: Option<&str>, has_text: bool) -> Status {
    if sub_state.is_some_and(|s| s == STALE_20 || s.ends_with(":needs-review-translation")) {
        return Status::Stale;
    }
    match state {
        Some("final") => Status::Final,
        Some("reviewed") => Status::Reviewed,
        Some("translated") => Status::Translated,
        Some(_) => Status::New,
        None if has_text => Status::Translated,
        None => Status::New,
    }
}

/// A status as 2.0's `state` and `subState`.
fn state_20(status: Status) -> (&'static str, Option<&'static str>) {
    match status {
        Status::New => ("initial", None),
        Status::Translated => ("translated", None),
        Status::Reviewed => ("reviewed", None),
        Status::Final => ("final", None),
        Status::Stale => ("translated", Some(STALE_20)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_survives_both_versions() {
        for s in [
            Status::New,
            Status::Translated,
            Status::Reviewed,
            Status::Final,
            Status::Stale,
        ] {
            let (state, approved) = state_12(s);
            let has_text = s != Status::New;
            assert_eq!(status_12(Some(state), Some(approved), has_text), s);
            let (state, sub) = state_20(s);
            assert_eq!(status_20(Some(state), sub, has_text), s);
        }
    }

    #[test]
    fn translate_toolkit_states_read_as_it_means_them() {
        assert_eq!(status_12(None, Some("yes"), true), Status::Translated);
        assert_eq!(status_12(None, Some("no"), true), Status::Stale);
        assert_eq!(status_12(None, None, false), Status::New);
        assert_eq!(
            status_12(Some("needs-review-l10n"), None, true),
            Status::Stale
        );
        assert_eq!(status_12(Some("needs-adaptation"), None, true), Status::New);
    }
}
