//! Reads a JSON-lines file of new items for `callsheet item import`. Each non-blank
//! line is one item; errors name `file:line:column`. `"#3"` refers to the third item
//! of the same file (as a parent or a link target).

use callsheet_app::AppError;
use callsheet_app::input::{ItemJson, ItemRef, NewItemInput, field_values};

/// A problem at a place in an import file.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ImportError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    code: u8,
}

/// Only reached for values `parse_jsonl` has already checked; kept for `into_input`.
impl From<callsheet_core::ValueError> for ImportError {
    fn from(e: callsheet_core::ValueError) -> Self {
        ImportError {
            file: String::new(),
            line: 0,
            column: 0,
            message: e.to_string(),
            code: 4,
        }
    }
}

impl ImportError {
    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

/// Items one import creates at most, as one transaction.
pub const MAX_ITEMS: usize = callsheet_app::MAX_BATCH;

/// Parses the file into (line number, item) pairs. Nothing is created here.
pub fn parse_jsonl(file: &str, text: &str) -> Result<Vec<(usize, NewItemInput)>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut items = Vec::new();
    let err = |line: usize, column: usize, message: String| ImportError {
        file: file.to_string(),
        line,
        column,
        message,
        code: 4,
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        if items.len() == MAX_ITEMS {
            return Err(err(
                line_no,
                1,
                format!("the file holds more than {MAX_ITEMS} items; split it in parts"),
            ));
        }
        let line: ItemJson = serde_json::from_str(raw).map_err(|e| {
            err(
                line_no,
                e.column(),
                e.to_string()
                    .split(" at line")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            )
        })?;
        let position = items.len();
        let reference = |field: &str, raw: &str| -> Result<ItemRef, ImportError> {
            let column = raw_column(raw_line(text, i), raw);
            match raw.strip_prefix('#') {
                Some(n) => match n.parse::<usize>() {
                    Ok(n) if n >= 1 && n <= position => Ok(ItemRef::Batch(n - 1)),
                    _ => Err(err(
                        line_no,
                        column,
                        format!(
                            "{field}: {raw:?} must name an earlier item of this file, #1 to #{position}"
                        ),
                    )),
                },
                None => Ok(ItemRef::Key(raw.to_string())),
            }
        };
        if let Err(bad) = field_values(&line.fields) {
            let name = bad.field.trim_start_matches("fields.");
            return Err(err(line_no, raw_column(raw, name), bad.to_string()));
        }
        let input = line.into_input(reference)?;
        items.push((line_no, input));
    }
    Ok(items)
}

fn raw_line(text: &str, index: usize) -> &str {
    text.lines().nth(index).unwrap_or_default()
}

/// The 1-based column where `needle` first appears in `line`, or 1.
fn raw_column(line: &str, needle: &str) -> usize {
    line.find(needle)
        .map_or(1, |byte| line[..byte].chars().count() + 1)
}

/// Points a batch error at the line of the item it is about.
pub fn locate(file: &str, items: &[(usize, NewItemInput)], err: AppError) -> anyhow::Error {
    match err {
        AppError::InBatch { index, cause } => {
            let line = items.get(index).map_or(0, |(l, _)| *l);
            let code = u8::try_from(cause.exit_code()).unwrap_or(1);
            anyhow::Error::new(ImportError {
                file: file.to_string(),
                line,
                column: 1,
                message: format!("{cause} (nothing was imported)"),
                code,
            })
        }
        other => anyhow::Error::new(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_with_batch_references() {
        let text = "{\"title\":\"Epic\"}\n\n{\"kind\":\"bug\",\"title\":\"Crash\",\"parent\":\"#1\",\"fields\":{\"Budget\":12},\"links\":[{\"type\":\"blocks\",\"to\":\"NJ-4\"}]}\n";
        let items = parse_jsonl("a.jsonl", text).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].0, 3, "line numbers count blank lines");
        assert_eq!(items[1].1.parent, Some(ItemRef::Batch(0)));
        assert_eq!(
            items[1].1.custom,
            vec![("Budget".to_string(), "12".to_string())]
        );
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let err = parse_jsonl("a.jsonl", "{\"title\":\"ok\"}\n{\"title\": 5}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.jsonl:2:11: invalid type: integer `5`, expected a string"
        );
        let err = parse_jsonl("a.jsonl", "{\"title\":\"ok\",\"colour\":\"red\"}").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.jsonl:1:22: unknown field `colour`"),
            "{err}"
        );
        let err = parse_jsonl("a.jsonl", "{\"title\":\"x\",\"parent\":\"#1\"}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.jsonl:1:24: parent: \"#1\" must name an earlier item of this file, #1 to #0"
        );
    }

    #[test]
    fn a_file_past_the_batch_bound_is_refused_at_the_first_line_too_many() {
        let text = "{\"title\":\"x\"}\n".repeat(MAX_ITEMS + 1);
        let err = parse_jsonl("big.jsonl", &text).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "big.jsonl:{}:1: the file holds more than {MAX_ITEMS} items; split it in parts",
                MAX_ITEMS + 1
            )
        );
    }
}
