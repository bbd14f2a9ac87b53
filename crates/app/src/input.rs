//! What a person types when creating or editing an item, before it is checked.
//! Every field is raw text; `app` checks each one with `core` and names the field
//! and value when it does not fit.

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

/// Declares an item's fields once: [`NewItemInput`] (a new item as typed), [`ItemJson`]
/// (the same as JSON: an import line or an API body) and [`ItemPatch`] (a change). The
/// list below is the single place a plain field's name is written; kind, title,
/// description, parent and milestone, which differ in type between the three, are written
/// in the macro itself. The API's PATCH body (and its OpenAPI schema), the pages' in-place
/// editors and the reference-probe test all read [`ItemPatch::FIELDS`].
macro_rules! item_fields {
    ($($(#[doc = $doc:literal])* $field:ident),* $(,)?) => {
        /// A new item as typed. Empty optional fields are `None`.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct NewItemInput {
            pub kind: String,
            pub title: String,
            pub description: String,
            $($(#[doc = $doc])* pub $field: Option<String>,)*
            pub parent: Option<ItemRef>,
            pub milestone: Option<ItemRef>,
            pub labels: Vec<String>,
            /// (field name, raw value)
            pub custom: Vec<(String, String)>,
            pub links: Vec<LinkInput>,
            pub watchers: Vec<String>,
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
            $($(#[doc = $doc])* pub $field: Option<String>,)*
            pub parent: Option<String>,
            pub milestone: Option<String>,
            #[serde(default)]
            pub labels: Vec<String>,
            #[serde(default)]
            pub fields: std::collections::BTreeMap<String, serde_json::Value>,
            #[serde(default)]
            pub links: Vec<LinkJson>,
            #[serde(default)]
            pub watchers: Vec<String>,
        }

        /// A change to an item. `None` leaves a field alone; `Some("")` clears it.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct ItemPatch {
            pub kind: Option<String>,
            pub title: Option<String>,
            pub description: Option<String>,
            $($(#[doc = $doc])* pub $field: Option<String>,)*
            pub parent: Option<String>,
            pub milestone: Option<String>,
            pub add_labels: Vec<String>,
            pub remove_labels: Vec<String>,
            pub custom: Vec<(String, String)>,
            /// The version the editor saw; a stale one refuses the change.
            pub expected_version: Option<i64>,
        }

        impl ItemPatch {
            /// The item's own fields a change may set, by name, with what each holds.
            pub const FIELDS: &'static [(&'static str, &'static str)] = &[
                ("kind", "The kind, as the project names it (task, bug, ...)."),
                ("title", "One line, at most 200 characters."),
                ("description", "Markdown."),
                $((stringify!($field), concat!($($doc),*)),)*
                ("parent", "An item key, like NJ-12."),
                ("milestone", "A milestone's key."),
            ];

            /// Sets one of [`ItemPatch::FIELDS`] by name; false for any other name.
            pub fn set(&mut self, field: &str, value: String) -> bool {
                match field {
                    "kind" => self.kind = Some(value),
                    "title" => self.title = Some(value),
                    "description" => self.description = Some(value),
                    $(stringify!($field) => self.$field = Some(value),)*
                    "parent" => self.parent = Some(value),
                    "milestone" => self.milestone = Some(value),
                    _ => return false,
                }
                true
            }
        }

        impl NewItemInput {
            /// A new item from the fields a change would set (as the CLI's `item create`
            /// and `item update` share their flags): unset kind is a task, and parent
            /// and milestone are keys.
            pub fn from_patch(patch: ItemPatch, labels: Vec<String>, watchers: Vec<String>) -> Self {
                NewItemInput {
                    kind: patch.kind.unwrap_or_else(task_kind),
                    title: patch.title.unwrap_or_default(),
                    description: patch.description.unwrap_or_default(),
                    $($field: patch.$field,)*
                    parent: patch.parent.map(ItemRef::Key),
                    milestone: patch.milestone.map(ItemRef::Key),
                    labels,
                    custom: patch.custom,
                    links: Vec::new(),
                    watchers,
                }
            }
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
                let mut reference = |field: &'static str, key: Option<String>| {
                    key.as_deref().map(|k| refer(field, k)).transpose()
                };
                Ok(NewItemInput {
                    parent: reference("parent", self.parent)?,
                    milestone: reference("milestone", self.milestone)?,
                    kind: self.kind,
                    title: self.title,
                    description: self.description,
                    $($field: self.$field,)*
                    labels: self.labels,
                    custom,
                    links,
                    watchers: self.watchers,
                })
            }
        }
    };
}

item_fields! {
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
}

/// Treats blank text (and the word `none`) as "empty".
pub fn blank_to_none(raw: &str) -> Option<&str> {
    let t = raw.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("none")).then_some(t)
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
