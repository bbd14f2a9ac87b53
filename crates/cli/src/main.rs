//! The `callsheet` binary: the composition root. It reads the command line, opens
//! the store, calls a use case in `app`, and prints the result as text or JSON.

/// Prints to standard output like `println!`, but a closed pipe (`callsheet ... | head`)
/// ends the output quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Like `print!`, with the same treatment of a closed pipe.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

mod args;
mod commands;
mod database;
mod demo;
mod demo_strings;
mod import;
mod input;
mod items;
mod loc;
mod output;
mod people;
mod projects;
mod schedule;
mod server;
mod strings;

use args::Cli;
use callsheet_app::AppError;
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = exit_code(&err);
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(code)
        }
    }
}

/// Scripts rely on these: see `callsheet --help`.
fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(app) = err.downcast_ref::<AppError>() {
        return u8::try_from(app.exit_code()).unwrap_or(1);
    }
    if let Some(input) = err.downcast_ref::<import::ImportError>() {
        return input.exit_code();
    }
    if err.downcast_ref::<schedule::PlanFileError>().is_some()
        || err.downcast_ref::<loc::LocFileError>().is_some()
    {
        return 4;
    }
    if let Some(failed) = err.downcast_ref::<loc::ChecksFailed>() {
        return failed.exit_code();
    }
    1
}
