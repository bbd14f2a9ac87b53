//! Runs one parsed command: sends it to its family's module (`people`, `projects`,
//! `items`, `server`, `strings`, `schedule`, `loc`), which calls the use case and prints
//! the result. The helpers every family shares live here.

use crate::args::*;
use crate::{items, people, projects, server};
use anyhow::{Context as _, Result};
use callsheet_app::{App, Ctx};
use callsheet_store::Store;
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
pub(crate) fn text_arg(raw: Option<String>) -> Result<Option<String>> {
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

/// Reads a password: the first line of standard input.
pub(crate) fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Splits `NAME=VALUE` custom field arguments.
pub(crate) fn field_pairs(
    raw: &[String],
) -> Result<Vec<(String, String)>, callsheet_app::AppError> {
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

pub(crate) async fn open(cli: &Cli) -> Result<App> {
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
        Command::Init => server::init(&cli).await,
        Command::Migrate => server::migrate(&cli).await,
        Command::Demo {
            path,
            bind,
            no_serve,
        } => server::demo(path, bind, *no_serve, json).await,
        Command::Serve { bind, rate_limit } => {
            server::serve_database(&cli, bind, *rate_limit).await
        }
        Command::Person(cmd) => people::person(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Department(cmd) => people::department(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Admin(cmd) => people::admin(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Token(cmd) => people::token(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Project(cmd) => projects::project(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Member(cmd) => projects::member(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Kind(cmd) => projects::kind(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Field(cmd) => projects::field(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Workflow(cmd) => projects::workflow(&open(&cli).await?, &ctx, cmd, json).await,
        Command::Item(cmd) => items::item(&open(&cli).await?, &ctx, cmd, json).await,
    }
}
