//! People in the studio: who they are, the company they work for, their studio role.

use crate::item::StudioRole;
use serde::Serialize;

/// A person in the studio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub email: Option<String>,
    /// The company they work for, when not the studio: vendors see what is shared with it.
    pub organisation: Option<String>,
    /// What they may do for the whole studio (create projects, manage people).
    pub studio_role: StudioRole,
}

impl Person {
    /// A vendor works for another company: they see only what is shared with it.
    pub fn is_vendor(&self) -> bool {
        self.organisation.is_some()
    }
}

/// A personal API token, as listed (never with the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}
