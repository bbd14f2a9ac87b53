//! What commands read besides their flags: text from standard input (`-`), a password,
//! and `NAME=VALUE` custom field pairs.

use anyhow::{Context as _, Result};
use std::io::Read;

/// Reads text from standard input when the argument is `-`.
pub(crate) fn text_arg(raw: Option<String>) -> Result<Option<String>> {
    match raw.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading standard input")?;
            Ok(Some(text))
        }
        _ => Ok(raw),
    }
}

/// Reads a password: the first line of standard input.
pub(crate) fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Splits `NAME=VALUE` custom field arguments.
pub(crate) fn field_pairs(
    raw: &[String],
) -> Result<Vec<(String, String)>, callsheet_app::AppError> {
    raw.iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(n, v)| (n.trim().to_string(), v.to_string()))
                .ok_or_else(|| {
                    callsheet_app::AppError::invalid("--field", pair, "expected NAME=VALUE")
                })
        })
        .collect()
}
