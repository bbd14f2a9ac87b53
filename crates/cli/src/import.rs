//! Reads a JSON-lines file of new items for `callsheet item import`. Each non-blank
//! line is one item; errors name `file:line:column`. `"#3"` refers to the third item
//! of the same file (as a parent or a link target).

use callsheet_app::AppError;
use callsheet_app::input::{ItemRef, LinkInput, NewItemInput};
use serde::Deserialize;
use std::collections::BTreeMap;

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

impl ImportError {
    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(default = "task")]
    kind: String,
    title: String,
    #[serde(default)]
    description: String,
    status: Option<String>,
    priority: Option<String>,
    severity: Option<String>,
    assignee: Option<String>,
    reporter: Option<String>,
    department: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    estimate: Option<String>,
    start: Option<String>,
    due: Option<String>,
    parent: Option<String>,
    milestone: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    watchers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    #[serde(rename = "type")]
    kind: String,
    to: String,
    dep_type: Option<String>,
    #[serde(default)]
    lag: i64,
}

fn task() -> String {
    "task".to_string()
}

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
        let line: Line = serde_json::from_str(raw).map_err(|e| {
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
        let mut custom = Vec::new();
        for (name, value) in &line.fields {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Null => String::new(),
                other => {
                    return Err(err(
                        line_no,
                        raw_column(raw, name),
                        format!("fields: {name:?} must be text or a number, not {other}"),
                    ));
                }
            };
            custom.push((name.clone(), text));
        }
        let mut links = Vec::new();
        for link in &line.links {
            links.push(LinkInput {
                kind: link.kind.clone(),
                target: reference("links", &link.to)?,
                dep_type: link.dep_type.clone(),
                lag_days: link.lag,
            });
        }
        let input = NewItemInput {
            kind: line.kind,
            title: line.title,
            description: line.description,
            status: line.status,
            priority: line.priority,
            severity: line.severity,
            assignee: line.assignee,
            reporter: line.reporter,
            department: line.department,
            labels: line.labels,
            estimate: line.estimate,
            start: line.start,
            due: line.due,
            parent: line
                .parent
                .as_deref()
                .map(|p| reference("parent", p))
                .transpose()?,
            milestone: line
                .milestone
                .as_deref()
                .map(|m| reference("milestone", m))
                .transpose()?,
            custom,
            links,
            watchers: line.watchers,
        };
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
}
