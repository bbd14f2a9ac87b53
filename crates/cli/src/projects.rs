//! `callsheet project`, `member`, `kind`, `field` and `workflow`: a project and what it allows.

use crate::args::{FieldCmd, KindCmd, MemberCmd, ProjectCmd, WorkflowCmd};
use crate::output;
use crate::output::{emit, print_json};
use anyhow::Result;
use callsheet_app::{App, Ctx};

/// `callsheet project ...`.
pub(crate) async fn project(app: &App, ctx: &Ctx, cmd: &ProjectCmd, json: bool) -> Result<()> {
    match cmd {
        ProjectCmd::Create { key, name } => {
            let p = app.create_project(ctx, key, name).await?;
            emit(
                json,
                &p,
                format!(
                    "Created project {} \"{}\" with the standard workflow.",
                    p.key, p.name
                ),
            )
        }
        ProjectCmd::List => {
            let all = app.projects(ctx).await?;
            if json {
                return print_json(&all);
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|p| vec![p.key.clone(), p.name.clone()])
                .collect();
            say_raw!("{}", output::table(&["KEY", "NAME"], &rows));
            Ok(())
        }
        ProjectCmd::Schedule {
            key,
            format,
            slip,
            baseline,
        } => {
            let format = if json {
                crate::schedule::Format::Json
            } else {
                *format
            };
            crate::schedule::project(app, ctx, key, format, slip.as_deref(), baseline.as_deref())
                .await
        }
        ProjectCmd::Show { key } => {
            let project = app.project(ctx, key).await?;
            let members = app.members(ctx, key).await?;
            let kinds = app.kinds(ctx, key).await?;
            let fields = app.fields(ctx, key).await?;
            let workflow = app.workflow(ctx, key).await?;
            if json {
                return print_json(
                    &serde_json::json!({"project": project, "members": members, "kinds": kinds, "fields": fields, "workflow": workflow}),
                );
            }
            say!("{} \"{}\"\n", project.key, project.name);
            say_raw!("{}", output::member_table(&members));
            say!("\nKinds: {}", kinds.join(", "));
            let fields: Vec<String> = fields
                .iter()
                .map(|f| format!("{} ({})", f.name, f.field_type.as_str()))
                .collect();
            say!(
                "Fields: {}",
                if fields.is_empty() {
                    "none".to_string()
                } else {
                    fields.join(", ")
                }
            );
            let statuses: Vec<String> = workflow
                .statuses
                .iter()
                .map(|s| format!("{} [{}]", s.name, s.category))
                .collect();
            say!("Statuses: {}", statuses.join(" · "));
            Ok(())
        }
    }
}

/// `callsheet member ...`.
pub(crate) async fn member(app: &App, ctx: &Ctx, cmd: &MemberCmd, json: bool) -> Result<()> {
    match cmd {
        MemberCmd::Add {
            project,
            handle,
            role,
            department,
        } => {
            let m = app
                .set_member(ctx, project, handle, role, department.as_deref())
                .await?;
            emit(
                json,
                &m,
                format!(
                    "{} is a {} on {}.",
                    m.handle,
                    m.role,
                    project.to_ascii_uppercase()
                ),
            )
        }
        MemberCmd::List { project } => {
            let members = app.members(ctx, project).await?;
            if json {
                return print_json(&members);
            }
            say_raw!("{}", output::member_table(&members));
            Ok(())
        }
    }
}

/// `callsheet kind ...`.
pub(crate) async fn kind(app: &App, ctx: &Ctx, cmd: &KindCmd, json: bool) -> Result<()> {
    match cmd {
        KindCmd::Add { project, kind } => {
            let kind = app.add_kind(ctx, project, kind).await?;
            emit(json, &kind, format!("Added kind {kind}."))
        }
        KindCmd::List { project } => {
            let kinds = app.kinds(ctx, project).await?;
            emit(json, &kinds, kinds.join("\n"))
        }
    }
}

/// `callsheet field ...`.
pub(crate) async fn field(app: &App, ctx: &Ctx, cmd: &FieldCmd, json: bool) -> Result<()> {
    match cmd {
        FieldCmd::Add {
            project,
            name,
            field_type,
            options,
        } => {
            let def = app
                .define_field(ctx, project, name, field_type, options.as_deref())
                .await?;
            emit(
                json,
                &def,
                format!(
                    "Added field \"{}\" ({}).",
                    def.name,
                    def.field_type.as_str()
                ),
            )
        }
        FieldCmd::List { project } => {
            let defs = app.fields(ctx, project).await?;
            if json {
                return print_json(&defs);
            }
            let rows: Vec<Vec<String>> = defs
                .iter()
                .map(|f| {
                    let options = match &f.field_type {
                        callsheet_core::field::FieldType::Enum(o) => o.join(", "),
                        _ => String::new(),
                    };
                    vec![f.name.clone(), f.field_type.as_str().to_string(), options]
                })
                .collect();
            say_raw!("{}", output::table(&["FIELD", "TYPE", "OPTIONS"], &rows));
            Ok(())
        }
    }
}

/// `callsheet workflow ...`: statuses, transitions and WIP limits.
pub(crate) async fn workflow(app: &App, ctx: &Ctx, cmd: &WorkflowCmd, json: bool) -> Result<()> {
    let workflow = match cmd {
        WorkflowCmd::Show { project } => app.workflow(ctx, project).await?,
        WorkflowCmd::AddStatus {
            project,
            name,
            category,
        } => app.add_status(ctx, project, name, category).await?,
        WorkflowCmd::Allow { project, from, to } => {
            app.set_transition(ctx, project, from, to, true).await?
        }
        WorkflowCmd::Forbid { project, from, to } => {
            app.set_transition(ctx, project, from, to, false).await?
        }
        WorkflowCmd::WipLimit {
            project,
            status,
            limit,
        } => {
            app.set_wip_limit(ctx, project, status, *limit).await?;
            let text = match limit {
                Some(n) => {
                    format!("{project}'s board warns when {status} holds more than {n}.")
                }
                None => format!("{status} on {project}'s board has no limit."),
            };
            return emit(
                json,
                &serde_json::json!({"status": status, "wip_limit": limit}),
                text,
            );
        }
    };
    if json {
        return print_json(&workflow);
    }
    let rows: Vec<Vec<String>> = workflow
        .statuses
        .iter()
        .map(|s| {
            let reachable = workflow.reachable_from(&s.name);
            vec![
                s.name.clone(),
                s.category.to_string(),
                if reachable.is_empty() {
                    "-".into()
                } else {
                    reachable.join(", ")
                },
            ]
        })
        .collect();
    say_raw!(
        "{}",
        output::table(&["STATUS", "CATEGORY", "CAN MOVE TO"], &rows)
    );
    Ok(())
}
