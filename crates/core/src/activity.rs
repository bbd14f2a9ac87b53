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
