//! Custom fields a project defines, and the typed values they hold.

use crate::{Date, ValueError, ids::parse_handle, parse_date};
use serde::Serialize;

/// The type of a custom field. Enum fields carry their allowed options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "options", rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Date,
    Enum(Vec<String>),
    Person,
}

impl FieldType {
    /// The stored word: text, number, date, enum or person.
    pub fn as_str(&self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Enum(_) => "enum",
            FieldType::Person => "person",
        }
    }

    /// Builds a type from its word and, for enums, a comma-separated list of options.
    pub fn parse(word: &str, options: Option<&str>) -> Result<Self, ValueError> {
        let kind = match word.trim().to_ascii_lowercase().as_str() {
            "text" => FieldType::Text,
            "number" => FieldType::Number,
            "date" => FieldType::Date,
            "person" => FieldType::Person,
            "enum" => {
                let raw = options.unwrap_or("");
                let opts: Vec<String> = raw
                    .split(',')
                    .map(|o| o.trim().to_string())
                    .filter(|o| !o.is_empty())
                    .collect();
                if opts.is_empty() {
                    return Err(ValueError::new(
                        "options",
                        raw,
                        "an enum field needs at least one option, like --options \"EU,NA,JP\"",
                    ));
                }
                FieldType::Enum(opts)
            }
            _ => {
                return Err(ValueError::new(
                    "field type",
                    word,
                    "expected one of: text, number, date, enum, person",
                ));
            }
        };
        if options.is_some() && !matches!(kind, FieldType::Enum(_)) {
            return Err(ValueError::new(
                "options",
                options.unwrap_or(""),
                "only enum fields take options",
            ));
        }
        Ok(kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDef {
    pub name: String,
    #[serde(flatten)]
    pub field_type: FieldType,
}

/// A checked custom field value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Date(Date),
    /// The option as the field spells it.
    Option(String),
    /// A person's handle.
    Person(String),
}

impl FieldValue {
    /// The value as text, as shown and as recorded in the activity log.
    pub fn display(&self) -> String {
        match self {
            FieldValue::Text(s) | FieldValue::Option(s) | FieldValue::Person(s) => s.clone(),
            FieldValue::Number(n) => n.to_string(),
            FieldValue::Date(d) => d.to_string(),
        }
    }
}

impl FieldDef {
    /// Checks a raw value against this field, naming the field and the value when it does not fit.
    pub fn parse_value(&self, raw: &str) -> Result<FieldValue, ValueError> {
        let name = self.name.as_str();
        match &self.field_type {
            FieldType::Text => Ok(FieldValue::Text(raw.to_string())),
            FieldType::Number => raw
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(FieldValue::Number)
                .ok_or_else(|| ValueError::new(name, raw, "expected a number")),
            FieldType::Date => parse_date(name, raw).map(FieldValue::Date),
            FieldType::Enum(options) => options
                .iter()
                .find(|o| o.eq_ignore_ascii_case(raw.trim()))
                .map(|o| FieldValue::Option(o.clone()))
                .ok_or_else(|| {
                    ValueError::new(
                        name,
                        raw,
                        format!("expected one of: {}", options.join(", ")),
                    )
                }),
            FieldType::Person => parse_handle(raw)
                .map(FieldValue::Person)
                .map_err(|_| ValueError::new(name, raw, "expected a person's handle")),
        }
    }
}

/// Checks a custom field's name: 1 to 40 characters, not a built-in field's name.
pub fn parse_field_name(raw: &str) -> Result<String, ValueError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 40 || name.contains(['"', '\n', '=']) {
        return Err(ValueError::new(
            "field name",
            raw,
            "a field name is 1 to 40 characters, without quotes or '='",
        ));
    }
    if BuiltinField::parse(name).is_some() {
        return Err(ValueError::new(
            "field name",
            raw,
            "that is the name of a built-in field",
        ));
    }
    Ok(name.to_string())
}

/// Every field the language knows without a project defining it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinField {
    Key,
    Project,
    Kind,
    Title,
    Description,
    Text,
    Status,
    StatusCategory,
    Priority,
    Severity,
    Assignee,
    Reporter,
    Department,
    Label,
    Estimate,
    Start,
    Due,
    Created,
    Updated,
    Parent,
    Milestone,
    Watcher,
    /// The schedule's total float, in working time.
    Float,
    /// How far the finish has slipped from the current baseline, in working time.
    Slipped,
    /// On the critical path.
    Critical,
}

impl BuiltinField {
    /// The names and aliases people type, each mapped to its field.
    pub const NAMES: &'static [(&'static str, BuiltinField)] = &[
        ("key", BuiltinField::Key),
        ("id", BuiltinField::Key),
        ("project", BuiltinField::Project),
        ("kind", BuiltinField::Kind),
        ("type", BuiltinField::Kind),
        ("title", BuiltinField::Title),
        ("summary", BuiltinField::Title),
        ("description", BuiltinField::Description),
        ("text", BuiltinField::Text),
        ("status", BuiltinField::Status),
        ("status.category", BuiltinField::StatusCategory),
        ("category", BuiltinField::StatusCategory),
        ("priority", BuiltinField::Priority),
        ("severity", BuiltinField::Severity),
        ("assignee", BuiltinField::Assignee),
        ("reporter", BuiltinField::Reporter),
        ("department", BuiltinField::Department),
        ("dept", BuiltinField::Department),
        ("label", BuiltinField::Label),
        ("labels", BuiltinField::Label),
        ("estimate", BuiltinField::Estimate),
        ("start", BuiltinField::Start),
        ("due", BuiltinField::Due),
        ("created", BuiltinField::Created),
        ("updated", BuiltinField::Updated),
        ("parent", BuiltinField::Parent),
        ("milestone", BuiltinField::Milestone),
        ("watcher", BuiltinField::Watcher),
        ("float", BuiltinField::Float),
        ("total_float", BuiltinField::Float),
        ("slipped", BuiltinField::Slipped),
        ("slip", BuiltinField::Slipped),
        ("critical", BuiltinField::Critical),
    ];

    pub fn parse(name: &str) -> Option<Self> {
        let lower = name.trim().to_ascii_lowercase();
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, f)| *f)
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(field_type: FieldType) -> FieldDef {
        FieldDef {
            name: "Ship Region".into(),
            field_type,
        }
    }

    #[test]
    fn values_are_checked_against_their_type() {
        assert_eq!(
            def(FieldType::Number).parse_value(" 12.5").unwrap(),
            FieldValue::Number(12.5)
        );
        let err = def(FieldType::Number)
            .parse_value("lots")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "Ship Region: \"lots\" is not valid: expected a number");
        assert!(def(FieldType::Number).parse_value("NaN").is_err());
        assert!(def(FieldType::Date).parse_value("2027-02-30").is_err());
        let region = def(FieldType::Enum(vec!["EU".into(), "NA".into()]));
        assert_eq!(
            region.parse_value("eu").unwrap(),
            FieldValue::Option("EU".into())
        );
        assert!(
            region
                .parse_value("JP")
                .unwrap_err()
                .to_string()
                .contains("expected one of: EU, NA")
        );
    }

    #[test]
    fn field_types_parse_with_options() {
        assert_eq!(
            FieldType::parse("enum", Some("A, B,")).unwrap(),
            FieldType::Enum(vec!["A".into(), "B".into()])
        );
        assert!(FieldType::parse("enum", None).is_err());
        assert!(FieldType::parse("text", Some("A")).is_err());
        assert!(FieldType::parse("money", None).is_err());
    }

    #[test]
    fn custom_fields_cannot_shadow_built_ins() {
        assert!(parse_field_name("due").is_err());
        assert!(parse_field_name("Ship Region").is_ok());
    }
}
