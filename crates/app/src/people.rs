//! People and the studio's departments. Adding people and setting their studio role or
//! organisation is for studio admins; departments for admins and producers (see
//! `callsheet_core::policy::studio_allows`).

use crate::access::require_studio;
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::ChangeSet;
use callsheet_core::ids::{parse_handle, parse_slug};
use callsheet_core::item::StudioRole;
use callsheet_core::person::Person;
use callsheet_core::policy::{StudioAction, sees_only_shared};
use callsheet_store::activity::NewEvent;
use callsheet_store::{activity, commit, people, projects};

impl App {
    /// Adds a person to the studio as a studio member.
    pub async fn create_person(
        &self,
        ctx: &Ctx,
        handle: &str,
        display_name: &str,
        email: Option<&str>,
    ) -> Result<Person> {
        self.add_person(ctx, handle, display_name, email, StudioRole::Member)
            .await
    }

    /// Adds a person to the studio with a studio role (studio admins only).
    pub async fn add_person(
        &self,
        ctx: &Ctx,
        handle: &str,
        display_name: &str,
        email: Option<&str>,
        studio_role: StudioRole,
    ) -> Result<Person> {
        let handle = parse_handle(handle)?;
        let name = display_name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(AppError::invalid(
                "name",
                display_name,
                "a person needs a display name of 1 to 120 characters",
            ));
        }
        if let Some(e) = email.filter(|e| !e.contains('@') || e.len() > 254) {
            return Err(AppError::invalid(
                "email",
                e,
                "expected an address like ada@studio.com",
            ));
        }
        let mut tx = self.begin().await?;
        require_studio(&mut tx, ctx, StudioAction::ManagePeople).await?;
        if people::by_handle(&mut tx, &handle).await?.is_some() {
            return Err(AppError::Conflict(format!(
                "a person with handle {handle:?} already exists"
            )));
        }
        let actor = actor_id(&mut tx, ctx).await?;
        let person = people::insert(&mut tx, &handle, name, email, studio_role, ctx.now_ms).await?;
        let mut changes = ChangeSet::new();
        changes.record("handle", None, Some(person.handle.clone()));
        changes.record("name", None, Some(person.display_name.clone()));
        changes.record("email", None, person.email.clone());
        changes.record("studio role", None, Some(studio_role.to_string()));
        activity::append(
            &mut tx,
            &[NewEvent::person(
                ctx.now_ms,
                actor,
                person.id,
                "created",
                changes.into_changes(),
            )],
        )
        .await?;
        commit(tx).await?;
        Ok(person)
    }

    /// The studio's people. Vendors work for another company and are not shown the
    /// studio's directory.
    pub async fn list_people(&self, ctx: &Ctx, limit: i64, offset: i64) -> Result<Vec<Person>> {
        let mut tx = self.read().await?;
        let vendor = match crate::access::acting_person(&mut tx, ctx).await? {
            None => false,
            Some(me) => {
                me.is_vendor()
                    || projects::roles_of(&mut tx, me.id)
                        .await?
                        .into_iter()
                        .any(|(_, role)| sees_only_shared(role))
            }
        };
        if vendor {
            return Err(AppError::Forbidden(
                "people outside the studio cannot list its people".into(),
            ));
        }
        Ok(people::list(&mut tx, limit.clamp(1, 10_000), offset.max(0)).await?)
    }

    /// Gives a person a studio role (studio admins only). The last studio admin keeps theirs.
    pub async fn set_studio_role(&self, ctx: &Ctx, handle: &str, role: &str) -> Result<Person> {
        let role = StudioRole::parse(role)?;
        let mut tx = self.begin().await?;
        require_studio(&mut tx, ctx, StudioAction::ManagePeople).await?;
        let actor = actor_id(&mut tx, ctx).await?;
        let before = people::by_handle(&mut tx, &handle.trim().to_ascii_lowercase())
            .await?
            .ok_or_else(|| AppError::not_found("person", handle))?;
        if before.studio_role == StudioRole::Admin
            && role != StudioRole::Admin
            && people::count_admins(&mut tx).await? <= 1
        {
            return Err(AppError::Conflict(format!(
                "{} is the studio's last admin; make someone else admin first",
                before.handle
            )));
        }
        people::set_studio_role(&mut tx, &before.handle, role).await?;
        let was = Some(before.studio_role.to_string());
        let now = Some(role.to_string());
        record_change(&mut tx, ctx, actor, before.id, "studio role", was, now).await?;
        commit(tx).await?;
        Ok(Person {
            studio_role: role,
            ..before
        })
    }

    /// Records the organisation (vendor studio) a person works for, or clears it. Vendors
    /// see items shared with anyone in their organisation.
    pub async fn set_organisation(
        &self,
        ctx: &Ctx,
        handle: &str,
        organisation: Option<&str>,
    ) -> Result<Person> {
        let organisation = organisation.map(str::trim).filter(|o| !o.is_empty());
        if let Some(o) = organisation.filter(|o| o.chars().count() > 80) {
            return Err(AppError::invalid(
                "organisation",
                o,
                "an organisation name is at most 80 characters",
            ));
        }
        let mut tx = self.begin().await?;
        require_studio(&mut tx, ctx, StudioAction::ManagePeople).await?;
        let actor = actor_id(&mut tx, ctx).await?;
        let before = people::by_handle(&mut tx, handle)
            .await?
            .ok_or_else(|| AppError::not_found("person", handle))?;
        people::set_organisation(&mut tx, &before.handle, organisation).await?;
        let was = before.organisation.clone();
        let now = organisation.map(str::to_string);
        record_change(&mut tx, ctx, actor, before.id, "organisation", was, now).await?;
        commit(tx).await?;
        Ok(Person {
            organisation: organisation.map(str::to_string),
            ..before
        })
    }

    /// Adds a department to the studio's list; adding one that exists is not an error.
    pub async fn add_department(&self, ctx: &Ctx, name: &str) -> Result<String> {
        let name = parse_slug("department", name)?;
        let mut tx = self.begin().await?;
        require_studio(&mut tx, ctx, StudioAction::ManageDepartments).await?;
        projects::add_department(&mut tx, &name).await?;
        commit(tx).await?;
        Ok(name)
    }

    pub async fn departments(&self) -> Result<Vec<String>> {
        let mut tx = self.read().await?;
        Ok(projects::departments(&mut tx).await?)
    }
}

/// Appends the event for one changed field of a person.
async fn record_change(
    tx: &mut callsheet_store::Tx,
    ctx: &Ctx,
    actor: Option<i64>,
    person: i64,
    field: &str,
    was: Option<String>,
    now: Option<String>,
) -> Result<()> {
    let mut changes = ChangeSet::new();
    changes.record(field, was, now);
    let event = NewEvent::person(ctx.now_ms, actor, person, "updated", changes.into_changes());
    Ok(activity::append(tx, &[event]).await?)
}
