//! `callsheet person`, `department`, `admin` and `token`: the studio's people, their
//! studio roles, passwords and API tokens.

use crate::args::{AdminCmd, DepartmentCmd, PersonCmd, TokenCmd};
use crate::input::password_from_stdin;
use crate::output;
use crate::output::{emit, print_json};
use anyhow::Result;
use callsheet_app::{App, Ctx};
use callsheet_core::item::StudioRole;

/// `callsheet person ...`.
pub(crate) async fn person(app: &App, ctx: &Ctx, cmd: &PersonCmd, json: bool) -> Result<()> {
    match cmd {
        PersonCmd::Create {
            handle,
            name,
            email,
            studio_role,
        } => {
            let role = StudioRole::parse(studio_role)?;
            let p = app
                .add_person(ctx, handle, name, email.as_deref(), role)
                .await?;
            emit(
                json,
                &p,
                format!("Added {} ({}).", p.handle, p.display_name),
            )
        }
        PersonCmd::List { page } => {
            let people = app.list_people(ctx, page.limit, page.offset).await?;
            if json {
                return print_json(&people);
            }
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    vec![
                        p.handle.clone(),
                        p.display_name.clone(),
                        p.email.clone().unwrap_or_default(),
                        p.studio_role.to_string(),
                        p.organisation.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            say_raw!(
                "{}",
                output::table(
                    &["HANDLE", "NAME", "EMAIL", "STUDIO ROLE", "ORGANISATION"],
                    &rows
                )
            );
            Ok(())
        }
        PersonCmd::SetRole {
            handle,
            studio_role,
        } => {
            let p = app.set_studio_role(ctx, handle, studio_role).await?;
            emit(
                json,
                &p,
                format!("{} is a studio {}.", p.handle, p.studio_role),
            )
        }
        PersonCmd::SetOrg {
            handle,
            organisation,
        } => {
            let p = app
                .set_organisation(ctx, handle, organisation.as_deref())
                .await?;
            let text = match &p.organisation {
                Some(o) => format!("{} works for {o}.", p.handle),
                None => format!("{} belongs to no organisation.", p.handle),
            };
            emit(json, &p, text)
        }
    }
}

/// `callsheet department ...`.
pub(crate) async fn department(
    app: &App,
    ctx: &Ctx,
    cmd: &DepartmentCmd,
    json: bool,
) -> Result<()> {
    match cmd {
        DepartmentCmd::Add { name } => {
            let name = app.add_department(ctx, name).await?;
            emit(json, &name, format!("Department {name} is available."))
        }
        DepartmentCmd::List => {
            let all = app.departments().await?;
            emit(json, &all, all.join("\n"))
        }
    }
}

/// `callsheet admin ...`: accounts that can sign in.
pub(crate) async fn admin(app: &App, ctx: &Ctx, cmd: &AdminCmd, json: bool) -> Result<()> {
    let (handle, created) = match cmd {
        AdminCmd::CreateUser {
            handle,
            name,
            email,
            studio_role,
        } => {
            let role = StudioRole::parse(studio_role)?;
            let password = password_from_stdin()?;
            let person = app
                .add_person(ctx, handle, name, email.as_deref(), role)
                .await?;
            app.set_password(ctx, &person.handle, &password).await?;
            (person.handle, true)
        }
        AdminCmd::ResetPassword { handle } => {
            let password = password_from_stdin()?;
            app.set_password(ctx, handle, &password).await?;
            (handle.trim().to_ascii_lowercase(), false)
        }
    };
    let text = if created {
        format!("{handle} can now sign in.")
    } else {
        format!("Password of {handle} changed; their sessions are ended.")
    };
    emit(json, &serde_json::json!({"handle": handle}), text)
}

/// `callsheet token ...`: personal API tokens.
pub(crate) async fn token(app: &App, ctx: &Ctx, cmd: &TokenCmd, json: bool) -> Result<()> {
    match cmd {
        TokenCmd::Create { name } => {
            let (info, token) = app.create_token(ctx, name).await?;
            emit(
                json,
                &serde_json::json!({"id": info.id, "name": info.name, "token": token}),
                format!(
                    "Token {} \"{}\" (shown once, keep it safe):\n{token}",
                    info.id, info.name
                ),
            )
        }
        TokenCmd::List => {
            let tokens = app.tokens(ctx).await?;
            let rows: Vec<Vec<String>> = tokens
                .iter()
                .map(|t| {
                    vec![
                        t.id.to_string(),
                        t.name.clone(),
                        output::when(t.created_at),
                        t.last_used_at.map_or_else(|| "never".into(), output::when),
                        t.revoked_at.map_or_else(
                            || "live".into(),
                            |r| format!("revoked {}", output::when(r)),
                        ),
                    ]
                })
                .collect();
            emit(
                json,
                &tokens,
                output::table(&["ID", "NAME", "CREATED", "LAST USED", "STATE"], &rows),
            )
        }
        TokenCmd::Revoke { id } => {
            app.revoke_token(ctx, *id).await?;
            emit(
                json,
                &serde_json::json!({"revoked": id}),
                format!("Token {id} revoked."),
            )
        }
    }
}
