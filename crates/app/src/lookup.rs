//! Finding a project or an item by the key a person typed, or saying there is none.
//! Access checks, use cases and the catalog all start here, so it depends on nothing
//! else in the crate.

use crate::{AppError, Result};
use callsheet_core::ids::{ItemKey, ProjectKey};
use callsheet_core::item::ItemRow;
use callsheet_core::project::Project;
use callsheet_store::{Tx, items, projects};

/// Loads a project by its key as typed, or says there is none.
pub(crate) async fn load_project(tx: &mut Tx, key: &str) -> Result<Project> {
    let parsed: ProjectKey = key.parse()?;
    projects::by_key(tx, parsed.as_str())
        .await?
        .ok_or_else(|| AppError::not_found("project", parsed.as_str()))
}

/// Loads an item by its key as typed, or says there is none.
pub(crate) async fn load_item(tx: &mut Tx, key: &str) -> Result<ItemRow> {
    let parsed: ItemKey = key.parse()?;
    items::by_key(tx, parsed.project.as_str(), parsed.number)
        .await?
        .ok_or_else(|| AppError::not_found("item", parsed.to_string()))
}
