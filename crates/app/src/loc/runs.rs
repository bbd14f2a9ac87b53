//! QA check runs attached to a build label: the findings are recorded with the build,
//! and each failing key gets one bug (filed on its first failure, updated on later ones,
//! never filed twice) listing its locales and what fails.

use super::{Which, load_table, qa_of, settings_of, strings_project};
use crate::catalog::Catalog;
use crate::input::{ItemPatch, NewItemInput};
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::loc::checks::{Finding, Severity};
use callsheet_core::loc::table::check_table_with;
use callsheet_core::policy::Action;
use callsheet_store::items;
use callsheet_store::loc as store;
use std::collections::BTreeMap;

/// What a check run found and did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunReport {
    pub id: i64,
    pub build: String,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
    /// Keys of the bugs filed by this run, and of those it updated.
    pub bugs_filed: Vec<String>,
    pub bugs_updated: Vec<String>,
}

/// A past run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunSummary {
    pub id: i64,
    pub build: String,
    pub at: i64,
    pub by: Option<String>,
    pub errors: i64,
    pub warnings: i64,
}

/// A bug's title and description for one failing key.
fn bug_text(build: &str, key: &str, findings: &[&Finding]) -> (String, String) {
    let mut locales: Vec<&str> = findings.iter().map(|f| f.locale.as_str()).collect();
    locales.sort_unstable();
    locales.dedup();
    let mut checks: Vec<&str> = findings.iter().map(|f| f.check).collect();
    checks.sort_unstable();
    checks.dedup();
    let mut title = format!(
        "Localization: {key} fails {} in {}",
        checks.join(", "),
        locales.join(", ")
    );
    if title.chars().count() > 200 {
        title = title.chars().take(199).collect::<String>() + "…";
    }
    let mut description = format!(
        "The string check of build {build} found {} error{} in {key}:\n\n",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    for f in findings {
        description.push_str(&format!("- [{}] {}: {}\n", f.locale, f.check, f.message));
    }
    (title, description)
}

impl App {
    /// Runs every check on the project's strings for a build, records the run, and with
    /// `file_bugs` files or updates one bug per failing key.
    pub async fn loc_check_run(
        &self,
        ctx: &Ctx,
        project_key: &str,
        build: &str,
        file_bugs: bool,
    ) -> Result<RunReport> {
        let build = build.trim();
        if build.is_empty() || build.chars().count() > 120 {
            return Err(AppError::invalid(
                "build",
                build,
                "a build label is 1 to 120 characters, like 2027.03.1-rc2",
            ));
        }
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
        let settings = settings_of(&mut tx, project.id).await?;
        let table = load_table(&mut tx, project.id, &settings, Which::All)
            .await?
            .table;
        let qa = qa_of(&mut tx, project.id, &settings).await?;
        let findings = check_table_with(&table, &qa);
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let warnings = findings.len() - errors;
        let json = serde_json::to_string(&findings)
            .map_err(|e| AppError::Conflict(format!("findings: {e}")))?;
        let by = actor_id(&mut tx, ctx).await?;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let id = store::insert_run(
            &mut tx,
            project.id,
            &store::NewRun {
                build,
                at: ctx.now_ms,
                by_id: by,
                errors: count(errors),
                warnings: count(warnings),
                findings: &json,
            },
        )
        .await?;
        let mut filed = Vec::new();
        let mut updated = Vec::new();
        if file_bugs {
            let mut failing: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
            for f in findings.iter().filter(|f| f.severity == Severity::Error) {
                failing.entry(f.key.as_str()).or_default().push(f);
            }
            let needs = crate::catalog::Needs {
                kinds: true,
                ..Default::default()
            };
            let catalog = Catalog::for_project(&mut tx, project.clone(), ctx, needs).await?;
            let kind = ["bug", "defect", "task"]
                .into_iter()
                .find(|k| catalog.kinds.contains(*k))
                .map(str::to_string)
                .or_else(|| catalog.kinds.iter().min().cloned())
                .ok_or_else(|| AppError::Conflict(format!("{} has no item kinds", project.key)))?;
            for (key, fs) in failing {
                let (title, description) = bug_text(build, key, &fs);
                match store::bug_for(&mut tx, project.id, key).await? {
                    Some(item_id) => {
                        let item = items::by_id(&mut tx, item_id)
                            .await?
                            .ok_or_else(|| AppError::not_found("item", item_id.to_string()))?;
                        let patch = ItemPatch {
                            title: Some(title),
                            description: Some(description),
                            ..ItemPatch::default()
                        };
                        crate::edit::update_in(&mut tx, ctx, &item.key, &patch).await?;
                        updated.push(item.key);
                    }
                    None => {
                        let input = NewItemInput {
                            kind: kind.clone(),
                            title,
                            description,
                            labels: vec!["localization".into()],
                            ..NewItemInput::default()
                        };
                        let keys =
                            crate::items::create_in(&mut tx, ctx, &project.key, &[input]).await?;
                        for k in keys {
                            let item = crate::lookup::load_item(&mut tx, &k).await?;
                            store::set_bug(&mut tx, project.id, key, item.id).await?;
                            filed.push(k);
                        }
                    }
                }
            }
        }
        callsheet_store::commit(tx).await?;
        Ok(RunReport {
            id,
            build: build.to_string(),
            errors,
            warnings,
            findings,
            bugs_filed: filed,
            bugs_updated: updated,
        })
    }

    /// The project's check runs, newest first.
    pub async fn loc_runs(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<RunSummary>> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ReadItems).await?;
        Ok(store::runs(&mut tx, project.id, false)
            .await?
            .into_iter()
            .map(|r| RunSummary {
                id: r.id,
                build: r.build,
                at: r.at,
                by: r.by,
                errors: r.errors,
                warnings: r.warnings,
            })
            .collect())
    }
}
