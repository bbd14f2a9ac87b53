//! Projects: create with the standard workflow and kinds, members and roles, kinds.

use crate::access::{project_for, require_studio};
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::ChangeSet;
use callsheet_core::activity::Entity;
use callsheet_core::field::{FieldDef, FieldType, parse_field_name};
use callsheet_core::ids::{ProjectKey, parse_slug};
use callsheet_core::item::{BUILT_IN_KINDS, DEFAULT_DEPARTMENTS, Role};
use callsheet_core::policy::{Action, StudioAction};
use callsheet_core::project::Member;
use callsheet_core::project::Project;
use callsheet_core::workflow::Workflow;
use callsheet_store::activity::NewEvent;
use callsheet_store::{Tx, activity, commit, fields, people, projects, workflow};

/// Appends one event about a project.
pub(crate) async fn project_event(
    tx: &mut Tx,
    ctx: &Ctx,
    project: &Project,
    action: &str,
    changes: ChangeSet,
) -> Result<()> {
    let actor = actor_id(tx, ctx).await?;
    let event = NewEvent {
        at: ctx.now_ms,
        actor_id: actor,
        project_id: Some(project.id),
        entity: Entity::Project,
        entity_id: project.id,
        action: action.into(),
        changes: changes.into_changes(),
    };
    Ok(activity::append(tx, &[event]).await?)
}

impl App {
    /// Creates a project with the standard workflow, the built-in kinds and, the first
    /// time, the studio's default departments.
    pub async fn create_project(&self, ctx: &Ctx, key: &str, name: &str) -> Result<Project> {
        let key: ProjectKey = key.parse()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", name, "a project needs a name"));
        }
        let mut tx = self.begin().await?;
        require_studio(&mut tx, ctx, StudioAction::CreateProjects).await?;
        if projects::by_key(&mut tx, key.as_str()).await?.is_some() {
            return Err(AppError::Conflict(format!(
                "a project with key {key} already exists"
            )));
        }
        let project = projects::insert(&mut tx, key.as_str(), name, ctx.now_ms).await?;
        for kind in BUILT_IN_KINDS {
            projects::add_kind(&mut tx, project.id, kind).await?;
        }
        let standard = Workflow::standard();
        let mut ids = Vec::new();
        for status in &standard.statuses {
            ids.push(
                workflow::add_status(&mut tx, project.id, &status.name, status.category).await?,
            );
        }
        for id in &ids {
            workflow::add_transition(&mut tx, project.id, None, *id).await?;
        }
        if projects::departments(&mut tx).await?.is_empty() {
            for dept in DEFAULT_DEPARTMENTS {
                projects::add_department(&mut tx, dept).await?;
            }
        }
        if let Some(handle) = &ctx.actor
            && let Some(person) = people::by_handle(&mut tx, handle).await?
        {
            projects::upsert_member(&mut tx, project.id, person.id, Role::Admin, None).await?;
        }
        let mut changes = ChangeSet::new();
        changes.record("key", None, Some(project.key.clone()));
        changes.record("name", None, Some(project.name.clone()));
        project_event(&mut tx, ctx, &project, "created", changes).await?;
        commit(tx).await?;
        Ok(project)
    }

    /// The projects the actor belongs to (every project, for the system).
    pub async fn projects(&self, ctx: &Ctx) -> Result<Vec<Project>> {
        let mut tx = self.read().await?;
        match actor_id(&mut tx, ctx).await? {
            Some(person) => Ok(projects::of_person(&mut tx, person).await?),
            None => Ok(projects::list(&mut tx).await?),
        }
    }

    /// The projects the actor belongs to with their role in each (None for the system,
    /// which sees every project): one read, for a page's rail.
    pub async fn my_projects(&self, ctx: &Ctx) -> Result<Vec<(Project, Option<Role>)>> {
        let mut tx = self.read().await?;
        match actor_id(&mut tx, ctx).await? {
            Some(person) => Ok(projects::memberships(&mut tx, person)
                .await?
                .into_iter()
                .map(|(p, r)| (p, Some(r)))
                .collect()),
            None => Ok(projects::list(&mut tx)
                .await?
                .into_iter()
                .map(|p| (p, None))
                .collect()),
        }
    }

    pub async fn project(&self, ctx: &Ctx, key: &str) -> Result<Project> {
        let mut tx = self.read().await?;
        Ok(project_for(&mut tx, ctx, key, Action::ReadItems).await?.0)
    }

    /// Adds a person to a project with a role, or changes their role and department.
    pub async fn set_member(
        &self,
        ctx: &Ctx,
        project_key: &str,
        handle: &str,
        role: &str,
        department: Option<&str>,
    ) -> Result<Member> {
        let role = Role::parse(role)?;
        let department = department
            .map(|d| parse_slug("department", d))
            .transpose()?;
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let person = people::by_handle(&mut tx, &handle.trim().to_ascii_lowercase())
            .await?
            .ok_or_else(|| AppError::not_found("person", handle))?;
        if let Some(dept) = &department
            && !projects::departments(&mut tx).await?.contains(dept)
        {
            return Err(AppError::invalid(
                "department",
                dept,
                "not one of the studio's departments (see `callsheet department list`)",
            ));
        }
        let before = projects::member(&mut tx, project.id, person.id).await?;
        projects::upsert_member(&mut tx, project.id, person.id, role, department.as_deref())
            .await?;
        let mut changes = ChangeSet::new();
        changes.record(
            &format!("member {}", person.handle),
            before.as_ref().map(|m| m.role.to_string()),
            Some(role.to_string()),
        );
        changes.record(
            &format!("department of {}", person.handle),
            before.and_then(|m| m.department),
            department,
        );
        project_event(&mut tx, ctx, &project, "member", changes).await?;
        let member = projects::member(&mut tx, project.id, person.id)
            .await?
            .ok_or_else(|| AppError::not_found("member", handle))?;
        commit(tx).await?;
        Ok(member)
    }

    pub async fn members(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<Member>> {
        let mut tx = self.read().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        Ok(projects::members(&mut tx, project.id).await?)
    }

    /// Adds an item kind to a project (`shot`, `asset`, `cert-issue` ...).
    pub async fn add_kind(&self, ctx: &Ctx, project_key: &str, kind: &str) -> Result<String> {
        let kind = parse_slug("kind", kind)?;
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        if projects::kinds(&mut tx, project.id).await?.contains(&kind) {
            return Err(AppError::Conflict(format!(
                "{} already has the kind {kind:?}",
                project.key
            )));
        }
        projects::add_kind(&mut tx, project.id, &kind).await?;
        let mut changes = ChangeSet::new();
        changes.record("kind", None, Some(kind.clone()));
        project_event(&mut tx, ctx, &project, "kind added", changes).await?;
        commit(tx).await?;
        Ok(kind)
    }

    pub async fn kinds(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<String>> {
        let mut tx = self.read().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        Ok(projects::kinds(&mut tx, project.id).await?)
    }

    /// Defines a custom field on a project.
    pub async fn define_field(
        &self,
        ctx: &Ctx,
        project_key: &str,
        name: &str,
        field_type: &str,
        options: Option<&str>,
    ) -> Result<FieldDef> {
        let def = FieldDef {
            name: parse_field_name(name)?,
            field_type: FieldType::parse(field_type, options)?,
        };
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        if fields::list(&mut tx, project.id)
            .await?
            .iter()
            .any(|f| f.def.name.eq_ignore_ascii_case(&def.name))
        {
            return Err(AppError::Conflict(format!(
                "{} already has a field named {:?}",
                project.key, def.name
            )));
        }
        fields::insert(&mut tx, project.id, &def).await?;
        let mut changes = ChangeSet::new();
        changes.record(
            &format!("field {}", def.name),
            None,
            Some(def.field_type.as_str().to_string()),
        );
        project_event(&mut tx, ctx, &project, "field added", changes).await?;
        commit(tx).await?;
        Ok(def)
    }

    pub async fn fields(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<FieldDef>> {
        let mut tx = self.read().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        Ok(fields::list(&mut tx, project.id)
            .await?
            .into_iter()
            .map(|f| f.def)
            .collect())
    }
}
