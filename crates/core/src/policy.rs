//! Who may do what in a project: the role table, as a pure function.
//!
//! | role | read items | edit items, comment | manage workflow, fields, kinds, members |
//! |---|---|---|---|
//! | admin, producer | yes | yes | yes |
//! | member | yes | yes | no |
//! | vendor | items shared with them | items shared with them | no |
//! | viewer | yes | no | no |
//!
//! An item is shared with a vendor when they are its assignee, reporter or a watcher.
//! Someone who may not read a thing is told it does not exist (not found, never
//! "forbidden"), so nothing leaks about what else is there.

use crate::item::Role;

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
        assert!(!sees_only_shared(Role::Viewer));
    }
}
