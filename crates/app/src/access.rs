//! Permission checks: every use case asks here before it reads or changes anything.
//! The rules themselves are the pure role table in `callsheet_core::policy`.

use crate::lookup::load_item;
use crate::lookup::load_project;
use crate::{AppError, Ctx, Result, actor_id};
use callsheet_core::item::ItemRow;
use callsheet_core::item::Role;
use callsheet_core::person::Person;
use callsheet_core::policy::{Action, StudioAction, allows, sees_only_shared, studio_allows};
use callsheet_core::project::Project;
use callsheet_store::query::{Scope, Visibility};
use callsheet_store::{Tx, items, people, projects};

/// What the acting person may do in one project. The system (no `--as`, an admin at
/// the command line with the database in hand) may do everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Access {
    person_id: Option<i64>,
    role: Option<Role>,
}

impl Access {
    /// The actor's access to a project. A person who is not a member is told the
    /// project does not exist, so nothing leaks.
    pub async fn to(tx: &mut Tx, ctx: &Ctx, project: &Project) -> Result<Self> {
        let Some(person_id) = actor_id(tx, ctx).await? else {
            return Ok(Self {
                person_id: None,
                role: None,
            });
        };
        let member = projects::member(tx, project.id, person_id).await?;
        match member {
            Some(m) => Ok(Self {
                person_id: Some(person_id),
                role: Some(m.role),
            }),
            None => Err(AppError::not_found("project", project.key.clone())),
        }
    }

    /// Refuses an action the role does not allow.
    pub fn require(&self, project: &Project, action: Action) -> Result<()> {
        match self.role {
            Some(role) if !allows(role, action) => {
                let what = match action {
                    Action::ReadItems => "read items",
                    Action::EditItems => "change items",
                    Action::ManageProject => {
                        "change the project's workflow, fields, kinds or members"
                    }
                };
                Err(AppError::Forbidden(format!(
                    "a {role} of {} cannot {what}; ask a producer",
                    project.key
                )))
            }
            _ => Ok(()),
        }
    }

    /// Vendors see only items shared with them or their organisation (assignee,
    /// reporter or watcher); any other item is, for them, not there.
    pub async fn check_item(&self, tx: &mut Tx, item: &ItemRow) -> Result<()> {
        let (Some(person), Some(role)) = (self.person_id, self.role) else {
            return Ok(());
        };
        if !sees_only_shared(role) {
            return Ok(());
        }
        if items::is_shared_with(tx, item.id, person).await? {
            Ok(())
        } else {
            Err(AppError::not_found("item", item.key.clone()))
        }
    }

    /// Whether the actor sees only what is shared with them (a vendor).
    pub fn sees_only_shared(&self) -> bool {
        self.role.is_some_and(sees_only_shared)
    }

    /// The query scope for this actor within one project (membership is already checked).
    pub fn scope(&self, project_id: i64) -> Scope {
        let visibility = match (self.person_id, self.role) {
            (Some(person), Some(role)) if sees_only_shared(role) => Visibility::SharedWith(person),
            _ => Visibility::All,
        };
        Scope {
            project_id: Some(project_id),
            visibility,
        }
    }
}

/// The acting person, or None for the system.
pub(crate) async fn acting_person(tx: &mut Tx, ctx: &Ctx) -> Result<Option<Person>> {
    match &ctx.actor {
        None => Ok(None),
        Some(handle) => people::by_handle(tx, handle)
            .await?
            .map(Some)
            .ok_or_else(|| AppError::not_found("person", handle)),
    }
}

/// Refuses a studio-wide action the actor's studio role does not allow. The system (the
/// command line without `--as`) may do everything.
pub(crate) async fn require_studio(tx: &mut Tx, ctx: &Ctx, action: StudioAction) -> Result<()> {
    let Some(person) = acting_person(tx, ctx).await? else {
        return Ok(());
    };
    if studio_allows(person.studio_role, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "a studio {} cannot {}; ask a studio admin",
            person.studio_role,
            action.describe()
        )))
    }
}

/// Loads a project by key and checks the actor may take `action` in it.
pub(crate) async fn project_for(
    tx: &mut Tx,
    ctx: &Ctx,
    key: &str,
    action: Action,
) -> Result<(Project, Access)> {
    let project = load_project(tx, key).await?;
    let access = Access::to(tx, ctx, &project).await?;
    access.require(&project, action)?;
    Ok((project, access))
}

/// Loads an item by key and checks the actor may take `action` on it. An item the
/// actor may not see is reported as not found.
pub(crate) async fn item_for(
    tx: &mut Tx,
    ctx: &Ctx,
    key: &str,
    action: Action,
) -> Result<(ItemRow, Access)> {
    let (item, _, access) = item_in_project(tx, ctx, key, action).await?;
    Ok((item, access))
}

/// [`item_for`], with the item's project as read on the way (so a change reads it once).
pub(crate) async fn item_in_project(
    tx: &mut Tx,
    ctx: &Ctx,
    key: &str,
    action: Action,
) -> Result<(ItemRow, Project, Access)> {
    let item = load_item(tx, key).await?;
    let project = projects::by_key(tx, &item.project)
        .await?
        .ok_or_else(|| AppError::not_found("item", item.key.clone()))?;
    let access = Access::to(tx, ctx, &project).await.map_err(|e| match e {
        AppError::NotFound { .. } => AppError::not_found("item", item.key.clone()),
        other => other,
    })?;
    access.check_item(tx, &item).await?;
    access.require(&project, action)?;
    Ok((item, project, access))
}

impl crate::App {
    /// Whether the actor may take an action in a project, so pages can leave out the
    /// forms they would only refuse.
    pub async fn may(&self, ctx: &Ctx, project_key: &str, action: Action) -> Result<bool> {
        let mut tx = self.begin().await?;
        let project = load_project(&mut tx, project_key).await?;
        let access = Access::to(&mut tx, ctx, &project).await?;
        Ok(access.require(&project, action).is_ok())
    }
}
