//! Who may do what in a project: the role table, as a pure function.
//!
//! | role | read items | edit items, comment | manage workflow, fields, kinds, members |
//! |---|---|---|---|
//! | admin, producer | yes | yes | yes |
//! | member | yes | yes | no |
//! | vendor | items shared with them | items shared with them | no |
//! | viewer | yes | no | no |
//!
//! Above projects, the studio role decides studio-wide rights:
//!
//! | studio role | create projects | add people, set studio roles and organisations | add departments |
//! |---|---|---|---|
//! | admin | yes | yes | yes |
//! | producer | yes | no | yes |
//! | member (vendors too) | no | no | no |
//!
//! An item is shared with a vendor when they are its assignee, reporter or a watcher.
//! Someone who may not read a thing is told it does not exist (not found, never
//! "forbidden"), so nothing leaks about what else is there.

use crate::item::{Role, StudioRole};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ReadItems,
    EditItems,
    ManageProject,
}

/// Whether a role allows an action at all (vendors are further limited to shared items).
pub fn allows(role: Role, action: Action) -> bool {
    match action {
        Action::ReadItems => true,
        Action::EditItems => !matches!(role, Role::Viewer),
        Action::ManageProject => matches!(role, Role::Admin | Role::Producer),
    }
}

/// What a person may do for the whole studio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudioAction {
    CreateProjects,
    ManagePeople,
    ManageDepartments,
}

impl StudioAction {
    /// What the action is, as a refusal says it.
    pub fn describe(self) -> &'static str {
        match self {
            StudioAction::CreateProjects => "create projects",
            StudioAction::ManagePeople => "add people or change their studio role or organisation",
            StudioAction::ManageDepartments => "add departments",
        }
    }
}

/// Whether a studio role allows a studio-wide action.
pub fn studio_allows(role: StudioRole, action: StudioAction) -> bool {
    match action {
        StudioAction::CreateProjects | StudioAction::ManageDepartments => {
            matches!(role, StudioRole::Admin | StudioRole::Producer)
        }
        StudioAction::ManagePeople => role == StudioRole::Admin,
    }
}

/// Whether a role may open the pages that show the whole project at once (schedule,
/// milestones, workload, strings, hand-offs): everyone but vendors.
pub fn sees_whole_project(role: Role) -> bool {
    !sees_only_shared(role)
}

/// Whether a role sees only the items shared with the person.
pub fn sees_only_shared(role: Role) -> bool {
    matches!(role, Role::Vendor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table() {
        let table = [
            (Role::Admin, [true, true, true]),
            (Role::Producer, [true, true, true]),
            (Role::Member, [true, true, false]),
            (Role::Vendor, [true, true, false]),
            (Role::Viewer, [true, false, false]),
        ];
        for (role, expected) in table {
            let got = [Action::ReadItems, Action::EditItems, Action::ManageProject]
                .map(|a| allows(role, a));
            assert_eq!(got, expected, "{role}");
        }
        assert!(sees_only_shared(Role::Vendor));
        let studio = [
            (StudioRole::Admin, [true, true, true]),
            (StudioRole::Producer, [true, false, true]),
            (StudioRole::Member, [false, false, false]),
        ];
        for (role, expected) in studio {
            let got = [
                StudioAction::CreateProjects,
                StudioAction::ManagePeople,
                StudioAction::ManageDepartments,
            ]
            .map(|a| studio_allows(role, a));
            assert_eq!(got, expected, "{role}");
        }
        assert!(!sees_only_shared(Role::Viewer));
    }
}
