//! Runs one parsed command: opens the store, calls the use case, prints the result.

use crate::args::*;
use crate::{demo, import, output};
use anyhow::{Context as _, Result};
use callsheet_app::input::{ItemPatch, LinkRequest, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_store::Store;
use callsheet_store::query::Page;
use clap::CommandFactory;
use serde::Serialize;
use std::io::Read;

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Prints a value as JSON with `--json`, or else the text people read.
pub(crate) fn emit(json: bool, value: &impl Serialize, text: String) -> Result<()> {
    if json {
        return print_json(value);
    }
    if text.ends_with('\n') {
        say_raw!("{text}");
    } else {
        say!("{text}");
    }
    Ok(())
}

pub(crate) fn print_json(value: &impl Serialize) -> Result<()> {
    say!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Reads text from standard input when the argument is `-`.
fn text_arg(raw: Option<String>) -> Result<Option<String>> {
    match raw.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading standard input")?;
            Ok(Some(text))
        }
        _ => Ok(raw),
    }
}

/// Resolves on Ctrl-C or SIGTERM: the server then finishes requests in flight and stops.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// Reads a password: the first line of standard input.
fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Splits `NAME=VALUE` custom field arguments.
fn field_pairs(raw: &[String]) -> Result<Vec<(String, String)>, callsheet_app::AppError> {
    raw.iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(n, v)| (n.trim().to_string(), v.to_string()))
                .ok_or_else(|| {
                    callsheet_app::AppError::invalid("--field", pair, "expected NAME=VALUE")
                })
        })
        .collect()
}

async fn open(cli: &Cli) -> Result<App> {
    let store = Store::open(&cli.database_url, false)
        .await
        .with_context(|| format!("opening {}", cli.database_url))?;
    let applied = callsheet_store::migrate::applied_versions(store.pool())
        .await
        .unwrap_or_default();
    let latest = callsheet_store::migrate::latest_version();
    let current = applied.iter().max().copied().unwrap_or(0);
    if current < latest {
        anyhow::bail!(
            "{} is at schema version {current}; this callsheet needs {latest}: run `callsheet migrate` first",
            cli.database_url
        );
    }
    Ok(App::new(store))
}

pub async fn run(cli: Cli) -> Result<()> {
    let ctx = match &cli.actor {
        Some(a) => Ctx::person(&a.trim().to_ascii_lowercase(), now_ms()),
        None => Ctx::system(now_ms()),
    };
    let json = cli.json;
    match &cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "callsheet",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Init => {
            let store = Store::open(&cli.database_url, true)
                .await
                .with_context(|| format!("creating {}", cli.database_url))?;
            let applied = store.migrate().await?;
            if json {
                return print_json(
                    &serde_json::json!({"database": cli.database_url, "applied": applied}),
                );
            }
            say!(
                "Database ready at {} (schema version {}).",
                cli.database_url,
                callsheet_store::migrate::latest_version()
            );
            say!(
                "Next: callsheet person create YOU --name \"Your Name\"; callsheet project create NJ \"Nightjar\" --as YOU"
            );
            Ok(())
        }
        Command::Migrate => {
            let store = Store::open(&cli.database_url, false).await?;
            let applied = store.migrate().await?;
            if json {
                return print_json(&serde_json::json!({"applied": applied}));
            }
            if applied.is_empty() {
                say!(
                    "Already at schema version {}.",
                    callsheet_store::migrate::latest_version()
                );
            } else {
                say!("Applied migrations {applied:?}.");
            }
            Ok(())
        }
        Command::Schedule {
            plan,
            format,
            slip,
            level,
        } => {
            let format = if json {
                crate::schedule::Format::Json
            } else {
                *format
            };
            match slip {
                Some(slip) => crate::schedule::what_if(plan, slip, *level, format),
                None => crate::schedule::run(plan, *level, format),
            }
        }
        Command::Demo {
            path,
            bind,
            no_serve,
        } => {
            let store = demo::run(path, json).await?;
            if *no_serve {
                return Ok(());
            }
            serve(store, bind, path, 50, &demo::LOGINS).await
        }
        Command::Serve { bind, rate_limit } => {
            let store = Store::open(&cli.database_url, true)
                .await
                .with_context(|| format!("opening {}", cli.database_url))?;
            store.migrate().await?;
            serve(store, bind, &cli.database_url, *rate_limit, &[]).await
        }
        Command::Person(cmd) => {
            let app = open(&cli).await?;
            match cmd {
                PersonCmd::Create {
                    handle,
                    name,
                    email,
                } => {
                    let p = app
                        .create_person(&ctx, handle, name, email.as_deref())
                        .await?;
                    emit(
                        json,
                        &p,
                        format!("Added {} ({}).", p.handle, p.display_name),
                    )
                }
                PersonCmd::List { page } => {
                    let people = app.list_people(page.limit, page.offset).await?;
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
                                p.organisation.clone().unwrap_or_default(),
                            ]
                        })
                        .collect();
                    say_raw!(
                        "{}",
                        output::table(&["HANDLE", "NAME", "EMAIL", "ORGANISATION"], &rows)
                    );
                    Ok(())
                }
                PersonCmd::SetOrg {
                    handle,
                    organisation,
                } => {
                    let p = app
                        .set_organisation(&ctx, handle, organisation.as_deref())
                        .await?;
                    let text = match &p.organisation {
                        Some(o) => format!("{} works for {o}.", p.handle),
                        None => format!("{} belongs to no organisation.", p.handle),
                    };
                    emit(json, &p, text)
                }
            }
        }
        Command::Department(cmd) => {
            let app = open(&cli).await?;
            match cmd {
                DepartmentCmd::Add { name } => {
                    let name = app.add_department(name).await?;
                    emit(json, &name, format!("Department {name} is available."))
                }
                DepartmentCmd::List => {
                    let all = app.departments().await?;
                    emit(json, &all, all.join("\n"))
                }
            }
        }
        Command::Strings(cmd) => {
            let app = open(&cli).await?;
            crate::strings::run(&app, &ctx, cmd, json).await
        }
        Command::Loc(LocCmd::Check {
            files,
            table,
            length_unit,
            do_not_translate,
            allow,
            errors_only,
            format,
        }) => {
            let format = if json {
                crate::loc::Format::Json
            } else {
                *format
            };
            let qa = crate::loc::qa(do_not_translate, allow, *errors_only)?;
            crate::loc::check(files, table, length_unit.as_deref(), &qa, format)
        }
        Command::Loc(LocCmd::Pseudo {
            file,
            table,
            locale,
            grow,
        }) => crate::loc::pseudo(file, table, locale, *grow),
        Command::Loc(LocCmd::Convert {
            from,
            to,
            table,
            locale,
            to_format,
        }) => crate::loc::convert(from, to, table, locale.as_deref(), to_format.as_deref()),
        Command::Project(cmd) => {
            let app = open(&cli).await?;
            match cmd {
                ProjectCmd::Create { key, name } => {
                    let p = app.create_project(&ctx, key, name).await?;
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
                    let all = app.projects(&ctx).await?;
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
                    crate::schedule::project(
                        &app,
                        &ctx,
                        key,
                        format,
                        slip.as_deref(),
                        baseline.as_deref(),
                    )
                    .await
                }
                ProjectCmd::Show { key } => {
                    let project = app.project(&ctx, key).await?;
                    let members = app.members(&ctx, key).await?;
                    let kinds = app.kinds(&ctx, key).await?;
                    let fields = app.fields(&ctx, key).await?;
                    let workflow = app.workflow(&ctx, key).await?;
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
        Command::Member(cmd) => {
            let app = open(&cli).await?;
            match cmd {
                MemberCmd::Add {
                    project,
                    handle,
                    role,
                    department,
                } => {
                    let m = app
                        .set_member(&ctx, project, handle, role, department.as_deref())
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
                    let members = app.members(&ctx, project).await?;
                    if json {
                        return print_json(&members);
                    }
                    say_raw!("{}", output::member_table(&members));
                    Ok(())
                }
            }
        }
        Command::Kind(cmd) => {
            let app = open(&cli).await?;
            match cmd {
                KindCmd::Add { project, kind } => {
                    let kind = app.add_kind(&ctx, project, kind).await?;
                    emit(json, &kind, format!("Added kind {kind}."))
                }
                KindCmd::List { project } => {
                    let kinds = app.kinds(&ctx, project).await?;
                    emit(json, &kinds, kinds.join("\n"))
                }
            }
        }
        Command::Field(cmd) => {
            let app = open(&cli).await?;
            match cmd {
                FieldCmd::Add {
                    project,
                    name,
                    field_type,
                    options,
                } => {
                    let def = app
                        .define_field(&ctx, project, name, field_type, options.as_deref())
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
                    let defs = app.fields(&ctx, project).await?;
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
        Command::Workflow(cmd) => {
            let app = open(&cli).await?;
            let workflow = match cmd {
                WorkflowCmd::Show { project } => app.workflow(&ctx, project).await?,
                WorkflowCmd::AddStatus {
                    project,
                    name,
                    category,
                } => app.add_status(&ctx, project, name, category).await?,
                WorkflowCmd::Allow { project, from, to } => {
                    app.set_transition(&ctx, project, from, to, true).await?
                }
                WorkflowCmd::Forbid { project, from, to } => {
                    app.set_transition(&ctx, project, from, to, false).await?
                }
                WorkflowCmd::WipLimit {
                    project,
                    status,
                    limit,
                } => {
                    app.set_wip_limit(&ctx, project, status, *limit).await?;
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
        Command::Item(cmd) => item(&cli, &ctx, cmd).await,
        Command::Admin(cmd) => {
            let app = open(&cli).await?;
            let (handle, created) = match cmd {
                AdminCmd::CreateUser {
                    handle,
                    name,
                    email,
                } => {
                    let password = password_from_stdin()?;
                    let person = app
                        .create_person(&ctx, handle, name, email.as_deref())
                        .await?;
                    app.set_password(&ctx, &person.handle, &password).await?;
                    (person.handle, true)
                }
                AdminCmd::ResetPassword { handle } => {
                    let password = password_from_stdin()?;
                    app.set_password(&ctx, handle, &password).await?;
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
        Command::Token(cmd) => {
            let app = open(&cli).await?;
            match cmd {
                TokenCmd::Create { name } => {
                    let (info, token) = app.create_token(&ctx, name).await?;
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
                    let tokens = app.tokens(&ctx).await?;
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
                    app.revoke_token(&ctx, *id).await?;
                    emit(
                        json,
                        &serde_json::json!({"revoked": id}),
                        format!("Token {id} revoked."),
                    )
                }
            }
        }
    }
}

async fn item(cli: &Cli, ctx: &Ctx, cmd: &ItemCmd) -> Result<()> {
    let app = open(cli).await?;
    let json = cli.json;
    match cmd {
        ItemCmd::Create {
            project,
            kind,
            fields,
            labels,
            watchers,
        } => {
            let f = fields.clone();
            let input = NewItemInput {
                kind: kind.clone(),
                title: f.title.clone().unwrap_or_default(),
                description: text_arg(f.description)?.unwrap_or_default(),
                status: f.status,
                priority: f.priority,
                severity: f.severity,
                assignee: f.assignee,
                reporter: f.reporter,
                department: f.department,
                labels: labels.clone(),
                estimate: f.estimate,
                start: f.start,
                due: f.due,
                parent: f.parent.map(callsheet_app::input::ItemRef::Key),
                milestone: f.milestone.map(callsheet_app::input::ItemRef::Key),
                custom: field_pairs(&f.fields)?,
                links: Vec::new(),
                watchers: watchers.clone(),
            };
            let row = app.create_item(ctx, project, &input).await?;
            emit(json, &row, format!("Created {}: {}", row.key, row.title))
        }
        ItemCmd::Import { project, file } => {
            let (text, name) = if file == "-" {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .context("reading standard input")?;
                (text, "<stdin>".to_string())
            } else {
                (
                    std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?,
                    file.clone(),
                )
            };
            let parsed = import::parse_jsonl(&name, &text)?;
            let inputs: Vec<NewItemInput> = parsed.iter().map(|(_, input)| input.clone()).collect();
            let keys = app
                .create_items(ctx, project, &inputs)
                .await
                .map_err(|e| import::locate(&name, &parsed, e))?;
            if json {
                return print_json(&keys);
            }
            match (keys.first(), keys.last()) {
                (Some(first), Some(last)) => {
                    say!("Created {} items, {first} to {last}.", keys.len())
                }
                _ => say!("The file holds no items; nothing was created."),
            }
            Ok(())
        }
        ItemCmd::List {
            project,
            query,
            page,
        } => {
            let result = app
                .list_items(
                    ctx,
                    project.as_deref(),
                    query,
                    Page {
                        limit: page.limit,
                        offset: page.offset,
                    },
                )
                .await?;
            if json {
                return print_json(&result);
            }
            if result.items.is_empty() {
                say!("No items match.");
                return Ok(());
            }
            say_raw!("{}", output::item_table(&result.items));
            if let Some(next) = result.next_offset {
                say!("… more: add --offset {next}");
            }
            Ok(())
        }
        ItemCmd::Show { key } => {
            let detail = app.item(ctx, key).await?;
            emit(json, &detail, output::item_card(&detail))
        }
        ItemCmd::Update {
            key,
            kind,
            fields,
            add_labels,
            remove_labels,
            if_version,
        } => {
            let f = fields.clone();
            let patch = ItemPatch {
                kind: kind.clone(),
                title: f.title,
                description: text_arg(f.description)?,
                status: f.status,
                priority: f.priority,
                severity: f.severity,
                assignee: f.assignee,
                reporter: f.reporter,
                department: f.department,
                estimate: f.estimate,
                start: f.start,
                due: f.due,
                parent: f.parent,
                milestone: f.milestone,
                add_labels: add_labels.clone(),
                remove_labels: remove_labels.clone(),
                custom: field_pairs(&f.fields)?,
                expected_version: *if_version,
            };
            let row = app.update_item(ctx, key, &patch).await?;
            emit(
                json,
                &row,
                format!("Updated {} (version {}).", row.key, row.version),
            )
        }
        ItemCmd::Move {
            key,
            status,
            if_version,
        } => {
            let row = app.move_item(ctx, key, status, *if_version).await?;
            emit(json, &row, format!("{} is now {}.", row.key, row.status))
        }
        ItemCmd::Comment { key, body } => {
            let body = text_arg(Some(body.clone()))?.unwrap_or_default();
            let comment = app.comment(ctx, key, &body).await?;
            emit(
                json,
                &comment,
                format!("Commented on {}.", key.to_ascii_uppercase()),
            )
        }
        ItemCmd::Link {
            key,
            link_type,
            other,
            dep_type,
            lag,
        } => {
            let request = LinkRequest {
                from: key.clone(),
                kind: link_type.clone(),
                to: other.clone(),
                dep_type: dep_type.clone(),
                lag_days: *lag,
            };
            app.link(ctx, &request, false).await?;
            emit(
                json,
                &serde_json::json!({"linked": true}),
                format!(
                    "Linked: {} {link_type} {}.",
                    key.to_ascii_uppercase(),
                    other.to_ascii_uppercase()
                ),
            )
        }
        ItemCmd::Unlink {
            key,
            link_type,
            other,
        } => {
            app.link(ctx, &LinkRequest::new(key, link_type, other), true)
                .await?;
            emit(
                json,
                &serde_json::json!({"unlinked": true}),
                format!(
                    "Unlinked: {} {link_type} {}.",
                    key.to_ascii_uppercase(),
                    other.to_ascii_uppercase()
                ),
            )
        }
        ItemCmd::Watch { key, handle } | ItemCmd::Unwatch { key, handle } => {
            let watching = matches!(cmd, ItemCmd::Watch { .. });
            let who = handle
                .clone()
                .or_else(|| ctx.actor.clone())
                .ok_or_else(|| {
                    callsheet_app::AppError::invalid(
                        "handle",
                        "",
                        "name a person, or act as one with --as",
                    )
                })?;
            let changed = app.watch(ctx, key, &who, watching).await?;
            if json {
                return print_json(&serde_json::json!({"changed": changed}));
            }
            let state = if watching {
                "is watching"
            } else {
                "is not watching"
            };
            say!(
                "{who} {state} {}{}.",
                key.to_ascii_uppercase(),
                if changed { "" } else { " (already)" }
            );
            Ok(())
        }
        ItemCmd::History { key, page } => {
            let events = app
                .history(
                    ctx,
                    key,
                    Page {
                        limit: page.limit,
                        offset: page.offset,
                    },
                )
                .await?;
            emit(json, &events, output::history(&events))
        }
    }
}

/// Serves the web UI and API until SIGINT or SIGTERM, finishing requests in flight. On a
/// database where nobody can sign in yet, prints the one-time first-run setup link.
async fn serve(
    store: Store,
    bind: &str,
    database: &str,
    rate_limit: u32,
    logins: &[(&str, &str)],
) -> Result<()> {
    init_logs();
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("listening on {bind}"))?;
    let addr = listener.local_addr()?;
    let app = App::new(store.clone());
    say!("Callsheet is serving {database} on http://{addr}/ (Ctrl-C stops it)");
    if let Some(secret) = app.setup_link(callsheet_web::now_ms()).await? {
        say!("Nobody can sign in yet. Create the first account (the link works once, for a day):");
        say!("  http://{addr}/setup?token={secret}");
    }
    if !logins.is_empty() {
        say!(
            "Sign in as any of these, password {:?}:",
            demo::DEMO_PASSWORD
        );
        for (handle, who) in logins {
            say!("  {handle:<8} {who}");
        }
    }
    let limit = callsheet_web::RateLimit {
        per_second: rate_limit,
        burst: rate_limit.saturating_mul(4),
    };
    let router = callsheet_web::router_with(app, limit);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    store.close().await;
    say!("Stopped; every request in flight was finished.");
    Ok(())
}

/// Logs go to standard error, one line per event with its fields; `CALLSHEET_LOG` sets
/// the level (error, warn, info, debug; info by default).
fn init_logs() {
    let level = std::env::var("CALLSHEET_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
