//! Projects, the people in them with their roles, and the views people save of them.

use crate::item::Role;
use serde::Serialize;

/// A project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub version: i64,
}

/// A person in a project, with their role and department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub person_id: i64,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    pub department: Option<String>,
}

/// A saved view: a named query and column set, kept by one person or shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub query: String,
    /// Column names, comma-separated, in display order.
    pub columns: String,
    /// Shared with the whole project, rather than kept by its owner.
    pub shared: bool,
    #[serde(skip)]
    pub owner_id: Option<i64>,
}
