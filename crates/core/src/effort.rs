//! Estimates as people write them: `90m`, `4h`, `3d`, `1w 2d`. A day is 8 working
//! hours and a week is 5 working days, as in Jira's time tracking.

use crate::ValueError;

pub const MINUTES_PER_HOUR: i64 = 60;
pub const MINUTES_PER_DAY: i64 = 8 * MINUTES_PER_HOUR;
pub const MINUTES_PER_WEEK: i64 = 5 * MINUTES_PER_DAY;

/// Reads an estimate into minutes. A bare number is hours.
pub fn parse_estimate(raw: &str) -> Result<i64, ValueError> {
    let bad = || {
        ValueError::new(
            "estimate",
            raw,
            "expected a duration like 90m, 4h, 3d or 1w 2d",
        )
    };
    let text = raw.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(hours) = text.parse::<f64>() {
        return to_minutes(hours, MINUTES_PER_HOUR).ok_or_else(bad);
    }
    let mut total: i64 = 0;
    for part in text.split_whitespace() {
        let split = part
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(bad)?;
        let (number, unit) = part.split_at(split);
        let number: f64 = number.parse().map_err(|_| bad())?;
        let per = match unit {
            "m" | "min" => 1,
            "h" => MINUTES_PER_HOUR,
            "d" => MINUTES_PER_DAY,
            "w" => MINUTES_PER_WEEK,
            _ => return Err(bad()),
        };
        total = total
            .checked_add(to_minutes(number, per).ok_or_else(bad)?)
            .ok_or_else(bad)?;
    }
    Ok(total)
}

fn to_minutes(amount: f64, per: i64) -> Option<i64> {
    let minutes = (amount * per as f64).round();
    (amount.is_finite() && amount >= 0.0 && minutes < 1e12).then_some(minutes as i64)
}

/// Writes minutes back the way people read them: `1w 2d 4h`.
pub fn format_estimate(minutes: i64) -> String {
    if minutes == 0 {
        return "0h".to_string();
    }
    let mut rest = minutes;
    let mut parts = Vec::new();
    for (per, unit) in [
        (MINUTES_PER_WEEK, "w"),
        (MINUTES_PER_DAY, "d"),
        (MINUTES_PER_HOUR, "h"),
        (1, "m"),
    ] {
        if rest >= per {
            parts.push(format!("{}{unit}", rest / per));
            rest %= per;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_usual_spellings() {
        assert_eq!(parse_estimate("90m").unwrap(), 90);
        assert_eq!(parse_estimate("4h").unwrap(), 240);
        assert_eq!(parse_estimate("3d").unwrap(), 3 * 480);
        assert_eq!(parse_estimate("1w 2d").unwrap(), 7 * 480);
        assert_eq!(parse_estimate("1.5").unwrap(), 90);
        assert_eq!(parse_estimate("0.5d").unwrap(), 240);
        assert!(parse_estimate("3 days").is_err());
        assert!(parse_estimate("-2h").is_err());
        assert!(parse_estimate("").is_err());
    }

    proptest! {
        #[test]
        fn formatting_reads_back(minutes in 0i64..10_000_000) {
            prop_assert_eq!(parse_estimate(&format_estimate(minutes)).unwrap(), minutes);
        }
    }
}
