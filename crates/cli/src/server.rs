//! `callsheet init`, `migrate`, `serve` and `demo`: the database file and the server.

use crate::args::Cli;
use crate::demo;
use crate::output::print_json;
use anyhow::{Context as _, Result};
use callsheet_app::App;

/// `callsheet init`: creates the database and brings it to the newest schema.
pub(crate) async fn init(cli: &Cli) -> Result<()> {
    let app = App::open(&cli.database_url, true)
        .await
        .with_context(|| format!("creating {}", cli.database_url))?;
    let applied = app.migrate().await?;
    if cli.json {
        return print_json(&serde_json::json!({"database": cli.database_url, "applied": applied}));
    }
    say!(
        "Database ready at {} (schema version {}).",
        cli.database_url,
        callsheet_app::latest_schema_version()
    );
    say!(
        "Next: callsheet person create YOU --name \"Your Name\" --studio-role admin; callsheet project create NJ \"Nightjar\" --as YOU"
    );
    Ok(())
}

/// `callsheet migrate`.
pub(crate) async fn migrate(cli: &Cli) -> Result<()> {
    let app = App::open(&cli.database_url, false).await?;
    let applied = app.migrate().await?;
    if cli.json {
        return print_json(&serde_json::json!({"applied": applied}));
    }
    if applied.is_empty() {
        say!(
            "Already at schema version {}.",
            callsheet_app::latest_schema_version()
        );
    } else {
        say!("Applied migrations {applied:?}.");
    }
    Ok(())
}

/// `callsheet demo`: builds the demo production and, unless told not to, serves it.
pub(crate) async fn demo(path: &str, bind: &str, no_serve: bool, json: bool) -> Result<()> {
    let app = demo::run(path, json).await?;
    if no_serve {
        return Ok(());
    }
    serve(app, bind, path, 50, &demo::LOGINS).await
}

/// `callsheet serve`.
pub(crate) async fn serve_database(cli: &Cli, bind: &str, rate_limit: u32) -> Result<()> {
    let app = App::open(&cli.database_url, true)
        .await
        .with_context(|| format!("opening {}", cli.database_url))?;
    app.migrate().await?;
    serve(app, bind, &cli.database_url, rate_limit, &[]).await
}

/// Serves the web UI and API until SIGINT or SIGTERM, finishing requests in flight. On a
/// database where nobody can sign in yet, prints the one-time first-run setup link.
async fn serve(
    app: App,
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
    keep_statistics_fresh(app.clone());
    let router = callsheet_web::router_with(app.clone(), limit);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    app.close().await;
    say!("Stopped; every request in flight was finished.");
    Ok(())
}

/// Refreshes the planner's statistics now and every six hours while the server runs: the
/// lists' choice of index rests on them, and a database that grew since its last analysis
/// would be planned as if it were small.
fn keep_statistics_fresh(app: App) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(6 * 3600));
        loop {
            every.tick().await;
            if let Err(e) = app.optimize().await {
                tracing::warn!(error = %e, "refreshing the planner's statistics failed");
            }
        }
    });
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
