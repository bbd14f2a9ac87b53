//! `callsheet strings ...`: a project's string table in the tracker from the command
//! line, through the same use cases as the API: status, import, export and hand-off,
//! deliveries (diff, then apply) and check runs that gate a build.

use crate::args::StringsCmd;
use crate::loc::ChecksFailed;
use crate::output;
use crate::output::{emit, print_json};
use anyhow::{Context as _, Result};
use callsheet_app::loc::handoff::ExportRequest;
use callsheet_app::loc::{StringFilter, parse_status};
use callsheet_app::{App, Ctx};

pub async fn run(app: &App, ctx: &Ctx, cmd: &StringsCmd, json: bool) -> Result<()> {
    match cmd {
        StringsCmd::Status {
            key,
            locale,
            status,
            check,
            q,
        } => {
            let status = status
                .as_deref()
                .map(|s| parse_status("--status", s))
                .transpose()?;
            let filter = StringFilter {
                status,
                locale: locale.clone(),
                check: check.clone(),
                text: q.clone(),
                limit: 5000,
            };
            let t = app.loc_strings(ctx, key, &filter).await?;
            if json {
                return print_json(&t);
            }
            let rows: Vec<Vec<String>> = t
                .completeness
                .iter()
                .map(|c| {
                    vec![
                        c.locale.clone(),
                        format!("{}%", c.percent_done),
                        c.final_.to_string(),
                        c.reviewed.to_string(),
                        c.translated.to_string(),
                        c.stale.to_string(),
                        c.new.to_string(),
                        c.failing.to_string(),
                    ]
                })
                .collect();
            say_raw!(
                "{}",
                output::table(
                    &[
                        "LOCALE",
                        "DONE",
                        "FINAL",
                        "REVIEWED",
                        "TRANSLATED",
                        "STALE",
                        "TO DO",
                        "FAILING"
                    ],
                    &rows
                )
            );
            say!(
                "\n{} strings in {}, {} matching; {} errors, {} warnings.",
                t.total,
                t.source_locale,
                t.matching,
                t.errors,
                t.warnings
            );
            for s in &t.strings {
                for f in &s.findings {
                    if locale.as_deref().is_none_or(|l| *l == f.locale) {
                        say!("{} [{}] {}: {}", s.key, f.locale, f.check, f.message);
                    }
                }
            }
            Ok(())
        }
        StringsCmd::Import { key, file, locale } => {
            let bytes = std::fs::read(file).with_context(|| format!("reading {file}"))?;
            let r = app
                .loc_import(ctx, key, file, &bytes, None, locale.as_deref())
                .await?;
            emit(
                json,
                &r,
                format!(
                    "{file}: {} strings added, {} sources changed ({} translations turned stale), {} translations set.",
                    r.strings_added, r.sources_changed, r.marked_stale, r.translations_set
                ),
            )
        }
        StringsCmd::Export {
            key,
            locale,
            scope,
            format,
            vendor,
            due,
            out,
        } => {
            let req = ExportRequest::from_names(
                "--",
                locale,
                scope,
                format,
                vendor.clone(),
                due.clone(),
            )?;
            let e = app.loc_export(ctx, key, &req).await?;
            std::fs::write(out, &e.bytes).with_context(|| format!("writing {out}"))?;
            let handed = match e.handoff {
                Some(id) => format!(" (hand-off {id})"),
                None => String::new(),
            };
            emit(
                json,
                &serde_json::json!({"file": out, "strings": e.strings, "handoff": e.handoff}),
                format!("{out}: {} strings for {locale}{handed}.", e.strings),
            )
        }
        StringsCmd::Deliver {
            key,
            file,
            locale,
            handoff,
            apply,
        } => {
            let bytes = std::fs::read(file).with_context(|| format!("reading {file}"))?;
            let d = if *apply {
                app.loc_delivery_apply(ctx, key, file, &bytes, locale.as_deref(), *handoff)
                    .await?
            } else {
                app.loc_delivery_preview(ctx, key, file, &bytes, locale.as_deref())
                    .await?
            };
            if json {
                return print_json(&d);
            }
            let rows: Vec<Vec<String>> = d
                .rows
                .iter()
                .filter(|r| r.change != "unchanged")
                .map(|r| {
                    vec![
                        r.key.clone(),
                        r.change.to_string(),
                        r.before.clone().unwrap_or_default(),
                        r.after.clone(),
                    ]
                })
                .collect();
            say_raw!(
                "{}",
                output::table(&["KEY", "CHANGE", "NOW", "DELIVERED"], &rows)
            );
            let late = d
                .days_late
                .map(|n| format!(", {n} days late"))
                .unwrap_or_default();
            say!(
                "\n{} strings {} in {}{late}.",
                d.to_apply,
                if *apply {
                    "applied"
                } else {
                    "to apply (run again with --apply)"
                },
                d.locale
            );
            Ok(())
        }
        StringsCmd::Check {
            key,
            build,
            file_bugs,
        } => {
            let r = app.loc_check_run(ctx, key, build, *file_bugs).await?;
            if json {
                print_json(&r)?;
            } else {
                for f in &r.findings {
                    say!(
                        "{:?}: {} [{}] {}: {}",
                        f.severity,
                        f.key,
                        f.locale,
                        f.check,
                        f.message
                    );
                }
                say!(
                    "Build {}: {} errors, {} warnings. Bugs filed: {}; updated: {}.",
                    r.build,
                    r.errors,
                    r.warnings,
                    if r.bugs_filed.is_empty() {
                        "none".into()
                    } else {
                        r.bugs_filed.join(" ")
                    },
                    if r.bugs_updated.is_empty() {
                        "none".into()
                    } else {
                        r.bugs_updated.join(" ")
                    },
                );
            }
            if r.errors > 0 {
                return Err(ChecksFailed(r.errors).into());
            }
            Ok(())
        }
    }
}
