//! Runs one parsed command: sends it to its family's module (`people`, `projects`,
//! `items`, `server`, `strings`, `schedule`, `loc`), which calls the use case and prints
//! the result. Shared helpers live in `output`
//! (printing), `input` (stdin, field pairs) and `database` (opening the file).

use crate::args::*;
use crate::database::open;
use crate::{items, people, projects, server};
use anyhow::Result;
use callsheet_app::Ctx;
use clap::CommandFactory;

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
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
