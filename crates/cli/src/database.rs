//! Opening the database a command works on, refusing one whose schema is behind.

use crate::args::Cli;
use anyhow::{Context as _, Result};
use callsheet_app::App;

/// Opens `--database-url` for a command.
pub(crate) async fn open(cli: &Cli) -> Result<App> {
    let app = App::open(&cli.database_url, false)
        .await
        .with_context(|| format!("opening {}", cli.database_url))?;
    let latest = callsheet_app::latest_schema_version();
    let current = app.schema_version().await;
    if current < latest {
        anyhow::bail!(
            "{} is at schema version {current}; this callsheet needs {latest}: run `callsheet migrate` first",
            cli.database_url
        );
    }
    Ok(app)
}
