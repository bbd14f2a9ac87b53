//! Callsheet's domain: values and pure engines.
//!
//! Nothing in this crate does IO, reads a clock or touches a database. Time comes in
//! as arguments, so every function here is a plain function over values and is
//! tested as one. The dependency check in CI keeps tokio, sqlx and axum out.

pub mod activity;
pub mod chart;
pub mod dice;
pub mod effort;
pub mod field;
pub mod hierarchy;
pub mod ids;
pub mod item;
pub mod loc;
pub mod page;
pub mod person;
pub mod policy;
pub mod project;
pub mod query;
pub mod schedule;
pub mod workflow;

pub use jiff::civil::Date;

/// Parses a civil date written `YYYY-MM-DD`, naming the field in the error.
pub fn parse_date(field: &str, raw: &str) -> Result<Date, ValueError> {
    let raw = raw.trim();
    if raw.len() != 10 {
        return Err(ValueError::new(
            field,
            raw,
            "expected a date written YYYY-MM-DD",
        ));
    }
    raw.parse::<Date>()
        .map_err(|_| ValueError::new(field, raw, "expected a real date written YYYY-MM-DD"))
}

/// The UTC date at an instant given in epoch milliseconds.
pub fn utc_date(ms: i64) -> Date {
    let epoch = Date::constant(1970, 1, 1);
    epoch
        .checked_add(jiff::Span::new().days(ms.div_euclid(86_400_000)))
        .unwrap_or(epoch)
}

/// A value that does not fit the field it was given for. The message names both.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {value:?} is not valid: {reason}")]
pub struct ValueError {
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl ValueError {
    pub fn new(field: &str, value: &str, reason: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates_from_instants() {
        assert_eq!(utc_date(0), Date::constant(1970, 1, 1));
        assert_eq!(utc_date(-1), Date::constant(1969, 12, 31));
        assert_eq!(utc_date(1_795_000_000_000), Date::constant(2026, 11, 18));
    }

    #[test]
    fn dates_must_be_real_and_complete() {
        assert!(parse_date("due", "2027-02-28").is_ok());
        assert!(parse_date("due", "2027-2-28").is_err());
        assert_eq!(parse_date("due", "2027-02-29").unwrap_err().field, "due");
    }
}
