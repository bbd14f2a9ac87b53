//! People and the studio's departments.

use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::ChangeSet;
use callsheet_core::ids::{parse_handle, parse_slug};
use callsheet_store::activity::NewEvent;
use callsheet_store::people::Person;
use callsheet_store::{activity, commit, people, projects};

impl App {
    /// Adds a person to the studio.
    pub async fn create_person(
        &self,
        ctx: &Ctx,
        handle: &str,
        display_name: &str,
        email: Option<&str>,
    ) -> Result<Person> {
        let handle = parse_handle(handle)?;
        let name = display_name.trim();
        if name.is_empty() {
            return Err(AppError::invalid(
                "name",
                display_name,
                "a person needs a display name",
            ));
        }
        if let Some(e) = email.filter(|e| !e.contains('@')) {
            return Err(AppError::invalid(
                "email",
                e,
                "expected an address like ada@studio.com",
            ));
        }
        let mut tx = self.begin().await?;
        if people::by_handle(&mut tx, &handle).await?.is_some() {
            return Err(AppError::Conflict(format!(
                "a person with handle {handle:?} already exists"
            )));
        }
        let actor = actor_id(&mut tx, ctx).await?;
        let person = people::insert(&mut tx, &handle, name, email, ctx.now_ms).await?;
        let mut changes = ChangeSet::new();
        changes.record("handle", None, Some(person.handle.clone()));
        changes.record("name", None, Some(person.display_name.clone()));
        changes.record("email", None, person.email.clone());
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

    pub async fn list_people(&self, limit: i64, offset: i64) -> Result<Vec<Person>> {
        let mut tx = self.read().await?;
        Ok(people::list(&mut tx, limit, offset).await?)
    }

    /// Adds a department to the studio's list; adding one that exists is not an error.
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
        let actor = actor_id(&mut tx, ctx).await?;
        let before = people::by_handle(&mut tx, handle)
            .await?
            .ok_or_else(|| AppError::not_found("person", handle))?;
        people::set_organisation(&mut tx, &before.handle, organisation).await?;
        let mut changes = ChangeSet::new();
        changes.record(
            "organisation",
            before.organisation.clone(),
            organisation.map(str::to_string),
        );
        activity::append(
            &mut tx,
            &[NewEvent::person(
                ctx.now_ms,
                actor,
                before.id,
                "updated",
                changes.into_changes(),
            )],
        )
        .await?;
        commit(tx).await?;
        Ok(Person {
            organisation: organisation.map(str::to_string),
            ..before
        })
    }

    pub async fn add_department(&self, name: &str) -> Result<String> {
        let name = parse_slug("department", name)?;
        let mut tx = self.begin().await?;
        projects::add_department(&mut tx, &name).await?;
        commit(tx).await?;
        Ok(name)
    }

    pub async fn departments(&self) -> Result<Vec<String>> {
        let mut tx = self.read().await?;
        Ok(projects::departments(&mut tx).await?)
    }
}
