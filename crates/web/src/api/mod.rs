//! The JSON API under `/api/v1`: one module per resource, and its OpenAPI document.

pub mod items;
pub mod loc;
pub mod openapi;
pub mod people;
pub mod projects;
pub mod schedule;
pub mod session;
pub mod tokens;
