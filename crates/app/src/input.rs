//! What a person types when creating or editing an item, before it is checked.
//! Every field is raw text; `app` checks each one with `core` and names the field
//! and value when it does not fit.

/// A new item as typed. Empty optional fields are `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewItemInput {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub severity: Option<String>,
    pub assignee: Option<String>,
    pub reporter: Option<String>,
    pub department: Option<String>,
    pub labels: Vec<String>,
    pub estimate: Option<String>,
    pub start: Option<String>,
    pub due: Option<String>,
    pub parent: Option<ItemRef>,
    pub milestone: Option<ItemRef>,
    /// (field name, raw value)
    pub custom: Vec<(String, String)>,
    pub links: Vec<LinkInput>,
    pub watchers: Vec<String>,
}

/// An item referred to by key, or, in a bulk create, by its place in the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    Key(String),
    /// 0-based index of an earlier item in the same batch.
    Batch(usize),
}

/// A link from the new item to another: `kind` as typed (`blocks`, `depends_on` ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInput {
    pub kind: String,
    pub target: ItemRef,
    pub dep_type: Option<String>,
    pub lag_days: i64,
}

/// A link between two existing items, as typed: `NJ-3 depends_on NJ-2 --dep-type ss --lag 2`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkRequest {
    pub from: String,
    pub kind: String,
    pub to: String,
    pub dep_type: Option<String>,
    pub lag_days: i64,
}

impl LinkRequest {
    pub fn new(from: &str, kind: &str, to: &str) -> Self {
        Self {
            from: from.into(),
            kind: kind.into(),
            to: to.into(),
            ..Self::default()
        }
    }
}

/// A change to an item. `None` leaves a field alone; `Some("")` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemPatch {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub severity: Option<String>,
    pub assignee: Option<String>,
    pub reporter: Option<String>,
    pub department: Option<String>,
    pub estimate: Option<String>,
    pub start: Option<String>,
    pub due: Option<String>,
    pub parent: Option<String>,
    pub milestone: Option<String>,
    pub add_labels: Vec<String>,
    pub remove_labels: Vec<String>,
    pub custom: Vec<(String, String)>,
    /// The version the editor saw; a stale one refuses the change.
    pub expected_version: Option<i64>,
}

/// Treats blank text (and the word `none`) as "empty".
pub fn blank_to_none(raw: &str) -> Option<&str> {
    let t = raw.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("none")).then_some(t)
}
