//! The vocabulary of work items: kinds, priorities, severities, status categories,
//! link types and project roles, each with the words people type for it.

use crate::{Date, ValueError};
use serde::Serialize;

/// Declares an enum whose values have one canonical word each, plus accepted aliases.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, { $($variant:ident = $word:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        /// Serialises as the canonical word, as stored and printed.
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical word, as stored and printed.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// Reads a word, case-insensitively, naming the field and the choices when it is wrong.
            pub fn parse(raw: &str) -> Result<Self, ValueError> {
                let word = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                match word.as_str() {
                    $($word $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(ValueError::new($field, raw, format!("expected one of: {}", Self::words()))),
                }
            }

            /// The canonical words, comma-separated, for messages and help.
            pub fn words() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// Where a status sits in the life of an item, whatever the workflow calls it.
    StatusCategory, "status category", {
        Backlog = "backlog",
        Todo = "todo" | "to_do",
        InProgress = "in_progress",
        Review = "review",
        Done = "done",
        Cancelled = "cancelled" | "canceled",
    }
);

impl StatusCategory {
    /// Done and cancelled items are closed: they block nothing and are never overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, StatusCategory::Done | StatusCategory::Cancelled)
    }
}

named_enum!(
    /// How much an item matters, lowest to highest; stored as its rank 1..=5.
    Priority, "priority", {
        Lowest = "lowest",
        Low = "low",
        Medium = "medium" | "normal",
        High = "high",
        Highest = "highest" | "urgent",
    }
);

named_enum!(
    /// How bad a bug is, trivial to blocker; stored as its rank 1..=5.
    Severity, "severity", {
        Trivial = "trivial",
        Minor = "minor",
        Major = "major",
        Critical = "critical",
        Blocker = "blocker",
    }
);

/// Ranks run 1..=5 so that `priority >= high` is a numeric comparison in SQL.
macro_rules! ranked {
    ($name:ident) => {
        impl $name {
            pub fn rank(self) -> i64 {
                Self::ALL
                    .iter()
                    .position(|v| *v == self)
                    .map_or(0, |i| i as i64 + 1)
            }
            pub fn from_rank(rank: i64) -> Option<Self> {
                usize::try_from(rank - 1)
                    .ok()
                    .and_then(|i| Self::ALL.get(i).copied())
            }
        }
    };
}
ranked!(Priority);
ranked!(Severity);

named_enum!(
    /// A person's role in one project.
    Role, "role", {
        Admin = "admin",
        Producer = "producer",
        Member = "member",
        Vendor = "vendor",
        Viewer = "viewer",
    }
);

named_enum!(
    /// A person's role in the studio, above any project: who may create projects and
    /// manage people. Vendors are members whose organisation is a vendor studio.
    StudioRole, "studio role", {
        Admin = "admin",
        Producer = "producer",
        Member = "member",
    }
);

named_enum!(
    /// What a link between two items says. `A blocks B`, `A depends_on B` (B comes first).
    LinkKind, "link type", {
        Blocks = "blocks",
        Relates = "relates" | "relates_to",
        Duplicates = "duplicates",
        DependsOn = "depends_on",
    }
);

named_enum!(
    /// How a dependency ties two dates together, as in MS Project.
    DepType, "dependency type", {
        FinishToStart = "fs",
        StartToStart = "ss",
        FinishToFinish = "ff",
        StartToFinish = "sf",
    }
);

/// The kinds every project has. Projects may add their own.
pub const BUILT_IN_KINDS: &[&str] = &[
    "task",
    "bug",
    "request",
    "action",
    "milestone",
    "deliverable",
];

/// Departments a new studio starts with; `callsheet department add` adds more.
pub const DEFAULT_DEPARTMENTS: &[&str] = &[
    "art",
    "animation",
    "audio",
    "design",
    "editorial",
    "engineering",
    "localization",
    "marketing",
    "production",
    "qa",
    "vfx",
];

/// A link as typed by a person: what kind, and for a dependency its type and lag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkSpec {
    pub kind: LinkKind,
    pub dep_type: Option<DepType>,
    /// Lag in working days; negative is lead time.
    pub lag_days: i64,
}

impl LinkSpec {
    /// Builds a link, refusing a dependency type or lag on links that are not dependencies.
    pub fn new(
        kind: LinkKind,
        dep_type: Option<DepType>,
        lag_days: i64,
    ) -> Result<Self, ValueError> {
        if kind == LinkKind::DependsOn {
            return Ok(Self {
                kind,
                dep_type: Some(dep_type.unwrap_or(DepType::FinishToStart)),
                lag_days,
            });
        }
        if let Some(dep) = dep_type {
            return Err(ValueError::new(
                "dependency type",
                dep.as_str(),
                format!("only depends_on links have one, not {kind}"),
            ));
        }
        if lag_days != 0 {
            return Err(ValueError::new(
                "lag",
                &lag_days.to_string(),
                format!("only depends_on links have a lag, not {kind}"),
            ));
        }
        Ok(Self {
            kind,
            dep_type: None,
            lag_days: 0,
        })
    }
}

/// Checks a title: not blank, at most 255 characters.
pub fn parse_title(raw: &str) -> Result<String, ValueError> {
    let title = raw.trim();
    if title.is_empty() {
        return Err(ValueError::new("title", raw, "a title cannot be empty"));
    }
    if title.chars().count() > 255 {
        return Err(ValueError::new(
            "title",
            &format!("{}…", title.chars().take(40).collect::<String>()),
            "a title is at most 255 characters",
        ));
    }
    Ok(title.to_string())
}

/// Checks that a due date is not before the start date.
pub fn check_dates(start: Option<crate::Date>, due: Option<crate::Date>) -> Result<(), ValueError> {
    match (start, due) {
        (Some(start), Some(due)) if due < start => Err(ValueError::new(
            "due",
            &due.to_string(),
            format!("is before the start date {start}"),
        )),
        _ => Ok(()),
    }
}

/// Checks a label: no spaces or commas, at most 64 characters; stored lower-case.
pub fn parse_label(raw: &str) -> Result<String, ValueError> {
    let label = raw.trim().to_lowercase();
    if label.is_empty()
        || label.chars().count() > 64
        || label.contains(|c: char| c.is_whitespace() || c == ',')
    {
        return Err(ValueError::new(
            "label",
            raw,
            "a label is 1 to 64 characters without spaces or commas",
        ));
    }
    Ok(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_case_insensitively_with_aliases() {
        assert_eq!(
            StatusCategory::parse("In Progress").unwrap(),
            StatusCategory::InProgress
        );
        assert_eq!(
            StatusCategory::parse("canceled").unwrap(),
            StatusCategory::Cancelled
        );
        assert_eq!(Priority::parse("URGENT").unwrap(), Priority::Highest);
        assert_eq!(DepType::parse("SS").unwrap(), DepType::StartToStart);
        let err = Priority::parse("asap").unwrap_err();
        assert_eq!(
            err.to_string(),
            "priority: \"asap\" is not valid: expected one of: lowest, low, medium, high, highest"
        );
    }

    #[test]
    fn ranks_order_priorities_and_round_trip() {
        assert!(Priority::High.rank() > Priority::Medium.rank());
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(*p));
        }
        assert_eq!(Severity::from_rank(0), None);
        assert_eq!(Severity::from_rank(6), None);
    }

    #[test]
    fn only_dependencies_carry_a_type_and_lag() {
        let dep = LinkSpec::new(LinkKind::DependsOn, None, -2).unwrap();
        assert_eq!(dep.dep_type, Some(DepType::FinishToStart));
        assert!(LinkSpec::new(LinkKind::Blocks, Some(DepType::StartToStart), 0).is_err());
        assert!(LinkSpec::new(LinkKind::Relates, None, 3).is_err());
    }

    #[test]
    fn due_may_not_come_before_start() {
        let d = |s: &str| s.parse::<crate::Date>().ok();
        assert!(check_dates(d("2027-01-02"), d("2027-01-02")).is_ok());
        assert!(check_dates(None, d("2027-01-01")).is_ok());
        let err = check_dates(d("2027-01-02"), d("2027-01-01")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "due: \"2027-01-01\" is not valid: is before the start date 2027-01-02"
        );
    }

    #[test]
    fn titles_and_labels() {
        assert!(parse_title("   ").is_err());
        assert!(parse_title(&"x".repeat(256)).is_err());
        assert_eq!(parse_label("Cert").unwrap(), "cert");
        assert!(parse_label("two words").is_err());
    }
}

/// The stored fields of an item that a person edits directly.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFields {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub status_id: i64,
    pub category: StatusCategory,
    pub priority: Priority,
    pub severity: Option<Severity>,
    pub assignee_id: Option<i64>,
    pub reporter_id: Option<i64>,
    pub department: Option<String>,
    pub estimate_minutes: Option<i64>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub parent_id: Option<i64>,
    pub milestone_id: Option<i64>,
}

/// An item as loaded, with the names people read next to the ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRow {
    #[serde(skip)]
    pub id: i64,
    pub key: String,
    #[serde(skip)]
    pub project_id: i64,
    pub project: String,
    pub number: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    #[serde(skip)]
    pub status_id: i64,
    pub status: String,
    pub category: StatusCategory,
    pub priority: Priority,
    pub severity: Option<Severity>,
    #[serde(skip)]
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    #[serde(skip)]
    pub reporter_id: Option<i64>,
    pub reporter: Option<String>,
    pub department: Option<String>,
    pub estimate_minutes: Option<i64>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    #[serde(skip)]
    pub parent_id: Option<i64>,
    pub parent: Option<String>,
    #[serde(skip)]
    pub milestone_id: Option<i64>,
    pub milestone: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl ItemRow {
    /// The editable fields, to change some and save.
    pub fn fields(&self) -> ItemFields {
        ItemFields {
            kind: self.kind.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            status_id: self.status_id,
            category: self.category,
            priority: self.priority,
            severity: self.severity,
            assignee_id: self.assignee_id,
            reporter_id: self.reporter_id,
            department: self.department.clone(),
            estimate_minutes: self.estimate_minutes,
            start: self.start,
            due: self.due,
            parent_id: self.parent_id,
            milestone_id: self.milestone_id,
        }
    }
}

/// A link seen from one item: the other item, and which way the link points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkView {
    pub kind: LinkKind,
    /// True when this item is the link's source (`this blocks other`).
    pub outward: bool,
    #[serde(skip)]
    pub other_id: i64,
    pub other: String,
    pub other_title: String,
    pub dep_type: Option<DepType>,
    pub lag_days: i64,
}

/// A comment on an item, in Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: i64,
    pub author: Option<String>,
    pub body: String,
    pub created_at: i64,
}
