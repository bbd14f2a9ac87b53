//! The JSON API under `/api/v1`: one module per resource.

pub mod items;
pub mod projects;
pub mod session;
