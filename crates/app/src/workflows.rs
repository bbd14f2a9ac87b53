//! Editing a project's workflow: statuses and allowed transitions.

use crate::access::project_for;
use crate::projects::project_event;
use crate::{App, AppError, Ctx, Result};
use callsheet_core::activity::ChangeSet;
use callsheet_core::item::StatusCategory;
use callsheet_core::policy::Action;
use callsheet_core::workflow::{Workflow, parse_status_name};
use callsheet_store::{commit, workflow};

impl App {
    pub async fn workflow(&self, ctx: &Ctx, project_key: &str) -> Result<Workflow> {
        let mut tx = self.read().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        Ok(workflow::load(&mut tx, project.id).await?.workflow)
    }

    /// Adds a status in a category. It is reachable from any status until transitions say otherwise.
    pub async fn add_status(
        &self,
        ctx: &Ctx,
        project_key: &str,
        name: &str,
        category: &str,
    ) -> Result<Workflow> {
        let name = parse_status_name(name)?;
        let category = StatusCategory::parse(category)?;
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let current = workflow::load(&mut tx, project.id).await?;
        if current.workflow.status(&name).is_ok() {
            return Err(AppError::Conflict(format!(
                "{} already has a status named {name:?}",
                project.key
            )));
        }
        let id = workflow::add_status(&mut tx, project.id, &name, category).await?;
        workflow::add_transition(&mut tx, project.id, None, id).await?;
        let mut changes = ChangeSet::new();
        changes.record(&format!("status {name}"), None, Some(category.to_string()));
        project_event(&mut tx, ctx, &project, "workflow", changes).await?;
        let updated = workflow::load(&mut tx, project.id).await?.workflow;
        commit(tx).await?;
        Ok(updated)
    }

    /// Allows (or, with `allow = false`, forbids) a move. `from = "*"` means from any status.
    pub async fn set_transition(
        &self,
        ctx: &Ctx,
        project_key: &str,
        from: &str,
        to: &str,
        allow: bool,
    ) -> Result<Workflow> {
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let stored = workflow::load(&mut tx, project.id).await?;
        let to_status = stored.workflow.status(to)?.name.clone();
        let to_id = stored
            .id_of(&to_status)
            .ok_or_else(|| AppError::not_found("status", to))?;
        let from_name = if from.trim() == "*" {
            None
        } else {
            Some(stored.workflow.status(from)?.name.clone())
        };
        let from_id = from_name.as_deref().and_then(|n| stored.id_of(n));
        let label = format!("{} -> {to_status}", from_name.as_deref().unwrap_or("*"));
        let exists = stored
            .workflow
            .transitions
            .iter()
            .any(|t| t.to == to_status && t.from == from_name);
        let mut changes = ChangeSet::new();
        if allow {
            if exists {
                return Err(AppError::Conflict(format!(
                    "{} already allows {label}",
                    project.key
                )));
            }
            workflow::add_transition(&mut tx, project.id, from_id, to_id).await?;
            changes.record("transition", None, Some(label));
        } else {
            if !workflow::remove_transition(&mut tx, project.id, from_id, to_id).await? {
                return Err(AppError::not_found("transition", label));
            }
            changes.record("transition", Some(label), None);
        }
        project_event(&mut tx, ctx, &project, "workflow", changes).await?;
        let updated = workflow::load(&mut tx, project.id).await?.workflow;
        commit(tx).await?;
        Ok(updated)
    }
}
