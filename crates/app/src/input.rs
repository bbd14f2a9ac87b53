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

/// Declares [`ItemPatch`] from one list of an item's own fields. The list is the single
/// place a field's name is written: the API's PATCH body (and its OpenAPI schema), the
/// pages' in-place editors and the reference-probe test all read [`ItemPatch::FIELDS`].
macro_rules! item_patch {
    ($($(#[doc = $doc:literal])* $field:ident),* $(,)?) => {
        /// A change to an item. `None` leaves a field alone; `Some("")` clears it.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct ItemPatch {
            $($(#[doc = $doc])* pub $field: Option<String>,)*
            pub add_labels: Vec<String>,
            pub remove_labels: Vec<String>,
            pub custom: Vec<(String, String)>,
            /// The version the editor saw; a stale one refuses the change.
            pub expected_version: Option<i64>,
        }

        impl ItemPatch {
            /// The item's own fields a change may set, by name, with what each holds.
            pub const FIELDS: &'static [(&'static str, &'static str)] =
                &[$((stringify!($field), concat!($($doc),*))),*];

            /// Sets one of [`ItemPatch::FIELDS`] by name; false for any other name.
            pub fn set(&mut self, field: &str, value: String) -> bool {
                match field {
                    $(stringify!($field) => self.$field = Some(value),)*
                    _ => return false,
                }
                true
            }
        }
    };
}

item_patch! {
    /// The kind, as the project names it (task, bug, ...).
    kind,
    /// One line, at most 200 characters.
    title,
    /// Markdown.
    description,
    /// A status the workflow allows moving to.
    status,
    /// lowest, low, medium, high or highest.
    priority,
    /// For bugs: trivial, minor, major, critical or blocker.
    severity,
    /// A member's handle.
    assignee,
    /// A member's handle.
    reporter,
    /// One of the studio's departments.
    department,
    /// Working time: 3d, 4h, 1w.
    estimate,
    /// YYYY-MM-DD: work starts no earlier.
    start,
    /// YYYY-MM-DD: the deadline.
    due,
    /// An item key, like NJ-12.
    parent,
    /// A milestone's key.
    milestone,
}

/// Treats blank text (and the word `none`) as "empty".
pub fn blank_to_none(raw: &str) -> Option<&str> {
    let t = raw.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("none")).then_some(t)
}

/// A new item as JSON: one line of an import file, or the body of `POST .../items`.
/// Custom fields go in `fields` by name; `parent`, `milestone` and link targets are
/// references the caller resolves (a key, or in a file `"#3"`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemJson {
    #[serde(default = "task_kind")]
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub severity: Option<String>,
    pub assignee: Option<String>,
    pub reporter: Option<String>,
    pub department: Option<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    pub estimate: Option<String>,
    pub start: Option<String>,
    pub due: Option<String>,
    pub parent: Option<String>,
    pub milestone: Option<String>,
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub links: Vec<LinkJson>,
    #[serde(default)]
    pub watchers: Vec<String>,
}

/// A link in an [`ItemJson`]: `{"type": "depends_on", "to": "NJ-4", "dep_type": "ss", "lag": 2}`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub to: String,
    pub dep_type: Option<String>,
    #[serde(default)]
    pub lag: i64,
}

fn task_kind() -> String {
    "task".to_string()
}

/// Custom field values as JSON become text: a string, a number, or `null` to clear.
pub fn field_values(
    fields: &std::collections::BTreeMap<String, serde_json::Value>,
) -> Result<Vec<(String, String)>, callsheet_core::ValueError> {
    fields
        .iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(s) => Ok((name.clone(), s.clone())),
            serde_json::Value::Number(n) => Ok((name.clone(), n.to_string())),
            serde_json::Value::Null => Ok((name.clone(), String::new())),
            other => Err(callsheet_core::ValueError::new(
                &format!("fields.{name}"),
                &other.to_string(),
                "expected text, a number or null",
            )),
        })
        .collect()
}

impl ItemJson {
    /// The item as the use case takes it; `refer` turns each reference into an [`ItemRef`].
    pub fn into_input<E: From<callsheet_core::ValueError>>(
        self,
        mut refer: impl FnMut(&'static str, &str) -> Result<ItemRef, E>,
    ) -> Result<NewItemInput, E> {
        let custom = field_values(&self.fields)?;
        let mut links = Vec::with_capacity(self.links.len());
        for link in self.links {
            links.push(LinkInput {
                target: refer("links", &link.to)?,
                kind: link.kind,
                dep_type: link.dep_type,
                lag_days: link.lag,
            });
        }
        Ok(NewItemInput {
            parent: self
                .parent
                .as_deref()
                .map(|p| refer("parent", p))
                .transpose()?,
            milestone: self
                .milestone
                .as_deref()
                .map(|m| refer("milestone", m))
                .transpose()?,
            kind: self.kind,
            title: self.title,
            description: self.description,
            status: self.status,
            priority: self.priority,
            severity: self.severity,
            assignee: self.assignee,
            reporter: self.reporter,
            department: self.department,
            labels: self.labels,
            estimate: self.estimate,
            start: self.start,
            due: self.due,
            custom,
            links,
            watchers: self.watchers,
        })
    }
}
