//! What one change did, field by field: the shape of every activity-log event.

use serde::Serialize;

/// One field's value before and after a change. `None` means empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Collects the fields that really changed; unchanged fields are left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChangeSet(Vec<FieldChange>);

impl ChangeSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a field when its value differs.
    pub fn record(&mut self, field: &str, before: Option<String>, after: Option<String>) {
        if before != after {
            self.0.push(FieldChange {
                field: field.to_string(),
                before,
                after,
            });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn changes(&self) -> &[FieldChange] {
        &self.0
    }

    pub fn into_changes(self) -> Vec<FieldChange> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_changes_are_recorded() {
        let mut set = ChangeSet::new();
        set.record("title", Some("A".into()), Some("A".into()));
        set.record("assignee", None, Some("ada".into()));
        assert_eq!(set.changes().len(), 1);
        assert_eq!(set.changes()[0].field, "assignee");
    }
}

/// What kind of thing an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Person,
    Project,
    Item,
    /// A localized string, by its `loc_strings` id.
    String,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Person => "person",
            Entity::Project => "project",
            Entity::Item => "item",
            Entity::String => "string",
        }
    }
}

/// One recorded event: who did what, when, and each field's before and after.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub changes: Vec<FieldChange>,
}
