//! A project's workflow: its statuses, each in a category, and which moves are allowed.

use crate::ValueError;
use crate::item::StatusCategory;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub name: String,
    pub category: StatusCategory,
}

/// One allowed move. `from: None` is a global transition: reachable from any status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Workflow {
    pub statuses: Vec<Status>,
    pub transitions: Vec<Transition>,
}

impl Workflow {
    /// The workflow every new project starts with: six statuses, any move allowed.
    pub fn standard() -> Self {
        let statuses: Vec<Status> = [
            ("Backlog", StatusCategory::Backlog),
            ("To Do", StatusCategory::Todo),
            ("In Progress", StatusCategory::InProgress),
            ("In Review", StatusCategory::Review),
            ("Done", StatusCategory::Done),
            ("Cancelled", StatusCategory::Cancelled),
        ]
        .into_iter()
        .map(|(name, category)| Status {
            name: name.to_string(),
            category,
        })
        .collect();
        let transitions = statuses
            .iter()
            .map(|s| Transition {
                from: None,
                to: s.name.clone(),
            })
            .collect();
        Self {
            statuses,
            transitions,
        }
    }

    /// Finds a status by name, case-insensitively.
    pub fn status(&self, name: &str) -> Result<&Status, ValueError> {
        let wanted = name.trim();
        self.statuses
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                let names: Vec<&str> = self.statuses.iter().map(|s| s.name.as_str()).collect();
                ValueError::new(
                    "status",
                    name,
                    format!("this project's statuses are: {}", names.join(", ")),
                )
            })
    }

    /// The status a new item starts in: the first backlog or to-do status.
    pub fn initial(&self) -> Option<&Status> {
        self.statuses
            .iter()
            .find(|s| matches!(s.category, StatusCategory::Backlog | StatusCategory::Todo))
            .or(self.statuses.first())
    }

    /// Checks that an item may move from one status to another.
    pub fn check_move(&self, from: &str, to: &str) -> Result<&Status, ValueError> {
        let target = self.status(to)?;
        if from.eq_ignore_ascii_case(&target.name) {
            return Ok(target);
        }
        let allowed = self.transitions.iter().any(|t| {
            t.to.eq_ignore_ascii_case(&target.name)
                && t.from
                    .as_deref()
                    .is_none_or(|f| f.eq_ignore_ascii_case(from))
        });
        if allowed {
            return Ok(target);
        }
        let reachable = self.reachable_from(from);
        Err(ValueError::new(
            "status",
            to,
            format!(
                "the workflow does not allow {from:?} -> {:?}; from {from:?} an item can move to: {}",
                target.name,
                if reachable.is_empty() {
                    "nothing".to_string()
                } else {
                    reachable.join(", ")
                }
            ),
        ))
    }

    /// The statuses an item in `from` may move to.
    pub fn reachable_from(&self, from: &str) -> Vec<String> {
        self.statuses
            .iter()
            .filter(|s| {
                !s.name.eq_ignore_ascii_case(from)
                    && self.transitions.iter().any(|t| {
                        t.to.eq_ignore_ascii_case(&s.name)
                            && t.from
                                .as_deref()
                                .is_none_or(|f| f.eq_ignore_ascii_case(from))
                    })
            })
            .map(|s| s.name.clone())
            .collect()
    }
}

/// Checks a new status name: not blank, at most 40 characters.
pub fn parse_status_name(raw: &str) -> Result<String, ValueError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 40 || name.contains(['"', '\n']) {
        return Err(ValueError::new(
            "status",
            raw,
            "a status name is 1 to 40 characters, without quotes",
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn restricted() -> Workflow {
        let mut wf = Workflow::standard();
        wf.transitions = vec![
            Transition {
                from: Some("To Do".into()),
                to: "In Progress".into(),
            },
            Transition {
                from: Some("In Progress".into()),
                to: "In Review".into(),
            },
            Transition {
                from: None,
                to: "Cancelled".into(),
            },
        ];
        wf
    }

    #[test]
    fn standard_workflow_allows_every_move() {
        let wf = Workflow::standard();
        assert_eq!(wf.initial().unwrap().name, "Backlog");
        assert_eq!(
            wf.check_move("Done", "in progress").unwrap().name,
            "In Progress"
        );
    }

    #[test]
    fn restricted_workflow_names_what_is_allowed() {
        let wf = restricted();
        assert!(wf.check_move("To Do", "In Progress").is_ok());
        assert!(
            wf.check_move("In Review", "Cancelled").is_ok(),
            "global transition"
        );
        let err = wf.check_move("To Do", "Done").unwrap_err().to_string();
        assert!(
            err.contains("does not allow \"To Do\" -> \"Done\""),
            "{err}"
        );
        assert!(err.contains("can move to: In Progress, Cancelled"), "{err}");
    }

    #[test]
    fn unknown_status_lists_the_real_ones() {
        let err = Workflow::standard()
            .status("Shipped")
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"Shipped\""), "{err}");
        assert!(err.contains("Backlog, To Do, In Progress"), "{err}");
    }
}
