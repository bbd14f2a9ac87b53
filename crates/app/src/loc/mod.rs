//! Localization use cases: a project's string table (settings, imports, edits, the QA
//! findings and per-locale completeness, history per string), vendor hand-offs
//! ([`handoff`]) and check runs attached to builds ([`runs`]).
//!
//! Every change is one transaction and appends activity events on the string; an import
//! that fails anywhere saves nothing.

mod findings;
pub mod handoff;
pub mod runs;

use crate::access::{Access, project_for};
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::Entity;
use callsheet_core::activity::FieldChange;
use callsheet_core::loc::Locale;
use callsheet_core::loc::checks::{CHECK_IDS, Finding, LengthUnit, Severity};
use callsheet_core::loc::table::{Allow, Entry, Qa, Status, Table, Translation, source_hash};
use callsheet_core::policy::Action;
use callsheet_core::project::Project;
use callsheet_formats::strings::{ReadOptions, TableFormat};
use callsheet_store::activity::{self, NewEvent};
use callsheet_store::loc as store;
use callsheet_store::{Tx, commit};
use std::collections::BTreeMap;

pub use callsheet_core::loc::{AllowRow, Settings};

/// Refuses the string table to vendors: it holds every locale's work. They get
/// hand-off files from a producer instead.
fn not_vendor(access: &Access, project: &Project) -> Result<()> {
    if access.sees_only_shared() {
        return Err(AppError::Forbidden(format!(
            "a vendor of {} works from hand-off files, not the whole string table",
            project.key
        )));
    }
    Ok(())
}

/// Loads the project and checks the actor may take `action` on its strings.
pub(crate) async fn strings_project(
    tx: &mut Tx,
    ctx: &Ctx,
    key: &str,
    action: Action,
) -> Result<Project> {
    let (project, access) = project_for(tx, ctx, key, action).await?;
    not_vendor(&access, &project)?;
    Ok(project)
}

/// The settings, or the defaults (English source, code points, no locales yet).
pub(crate) async fn settings_of(tx: &mut Tx, project_id: i64) -> Result<Settings> {
    Ok(store::settings(tx, project_id).await?.unwrap_or(Settings {
        source_locale: "en".into(),
        length_unit: LengthUnit::CodePoints.as_str().into(),
        locales: Vec::new(),
        do_not_translate: Vec::new(),
    }))
}

/// Reads a translation status by name, naming the field when it is not one.
pub fn parse_status(field: &str, name: &str) -> Result<Status> {
    Status::parse(name).ok_or_else(|| {
        AppError::invalid(
            field,
            name,
            "expected new, translated, reviewed, final or stale",
        )
    })
}

fn locale(field: &str, value: &str) -> Result<Locale> {
    Locale::parse(value).map_err(|e| AppError::invalid(field, value, e.to_string()))
}

/// Who set each translation and when, by (entry index, locale).
pub(crate) type Who = BTreeMap<(usize, String), (Option<String>, i64)>;

/// Which of a project's strings to load.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which<'a> {
    All,
    /// The strings with exactly one of these sources: all the checks of one of them need
    /// (consistency compares strings of one source).
    Sources(&'a [String]),
    /// The first this many, by key.
    FirstPage(usize),
    /// These strings.
    Ids(&'a [i64]),
}

/// A string table as loaded: the core table, who set each translation, and each
/// entry's string id.
pub(crate) struct Loaded {
    pub table: Table,
    pub who: Who,
    pub ids: Vec<i64>,
}

/// The project's strings as a core table (by key), with every locale the settings name,
/// and who set each translation.
pub(crate) async fn load_table(
    tx: &mut Tx,
    project_id: i64,
    settings: &Settings,
    which: Which<'_>,
) -> Result<Loaded> {
    let mut table = Table::new(locale("source_locale", &settings.source_locale)?);
    table.length_unit = LengthUnit::parse(&settings.length_unit).unwrap_or_default();
    table.locales = settings
        .locales
        .iter()
        .map(|l| locale("locales", l))
        .collect::<Result<_>>()?;
    let (strings, translations) = match which {
        Which::All => {
            // By key in Rust, as for the other ways in: the consistency check's "first"
            // must not depend on the database's collation.
            let mut strings = store::strings(tx, project_id).await?;
            strings.sort_by(|a, b| a.key.cmp(&b.key));
            (strings, store::translations(tx, project_id).await?)
        }
        Which::Sources(sources) => {
            let (mut strings, mut translations) = (Vec::new(), Vec::new());
            let unique: std::collections::BTreeSet<&String> = sources.iter().collect();
            for src in unique {
                strings.extend(store::strings_with_source(tx, project_id, src).await?);
                translations.extend(store::translations_with_source(tx, project_id, src).await?);
            }
            strings.sort_by(|a, b| a.key.cmp(&b.key));
            (strings, translations)
        }
        Which::FirstPage(limit) => {
            let strings = store::strings_page(tx, project_id, limit).await?;
            let ids: Vec<i64> = strings.iter().map(|s| s.id).collect();
            let translations = store::translations_of_strings(tx, &ids).await?;
            (strings, translations)
        }
        Which::Ids(ids) => {
            let mut strings = store::strings_by_ids(tx, ids).await?;
            strings.sort_by(|a, b| a.key.cmp(&b.key));
            (strings, store::translations_of_strings(tx, ids).await?)
        }
    };
    let ids: Vec<i64> = strings.iter().map(|s| s.id).collect();
    let mut index: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    let mut who = Who::new();
    for (i, s) in strings.into_iter().enumerate() {
        index.insert(s.id, i);
        table.entries.push(Entry {
            key: s.key,
            source: s.source,
            context: s.context,
            notes: s.notes,
            max_length: s.max_length.and_then(|m| usize::try_from(m).ok()),
            tags: s.tags.split_whitespace().map(str::to_string).collect(),
            ..Entry::default()
        });
    }
    for t in translations {
        let (Some(&i), Ok(l)) = (index.get(&t.string_id), Locale::parse(&t.locale)) else {
            continue;
        };
        who.insert((i, l.to_string()), (t.by, t.at));
        table.entries[i].translations.insert(
            l,
            Translation {
                text: t.text,
                status: Status::parse(&t.status).unwrap_or(Status::New),
            },
        );
    }
    Ok(Loaded { table, who, ids })
}

/// The project's QA settings: its glossary and allow list.
pub(crate) async fn qa_of(tx: &mut Tx, project_id: i64, settings: &Settings) -> Result<Qa> {
    Ok(Qa {
        do_not_translate: settings.do_not_translate.clone(),
        allow: store::allow_list(tx, project_id)
            .await?
            .into_iter()
            .map(|a| Allow {
                key: a.key,
                check: a.check,
                reason: a.reason,
            })
            .collect(),
        errors_only: false,
    })
}

/// One locale's progress.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Completeness {
    pub locale: String,
    pub total: usize,
    pub new: usize,
    pub translated: usize,
    pub reviewed: usize,
    #[serde(rename = "final")]
    pub final_: usize,
    pub stale: usize,
    /// Strings with at least one error finding in this locale.
    pub failing: usize,
    /// Translated, reviewed or final, in whole percent.
    pub percent_done: u32,
}

/// A string with its translations, as lists and pages show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StringView {
    pub key: String,
    pub source: String,
    pub context: String,
    pub notes: String,
    pub max_length: Option<usize>,
    pub tags: Vec<String>,
    /// By locale code.
    pub translations: BTreeMap<String, TranslationView>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TranslationView {
    pub text: String,
    pub status: Status,
    pub by: Option<String>,
    pub at: i64,
}

/// What to show of a string table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringFilter {
    pub status: Option<Status>,
    pub locale: Option<String>,
    /// A check id: only strings with that finding (`errors`: any error).
    pub check: Option<String>,
    /// Words in the key, source, context, notes or any translation, or a whole tag;
    /// case-insensitive.
    pub text: Option<String>,
    pub limit: usize,
}

/// A page of the string table, with every locale's completeness.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StringTable {
    pub project: String,
    pub source_locale: String,
    pub length_unit: String,
    pub locales: Vec<String>,
    pub total: usize,
    /// How many strings match the filter (`strings` holds at most the limit).
    pub matching: usize,
    pub strings: Vec<StringView>,
    pub completeness: Vec<Completeness>,
    pub errors: usize,
    pub warnings: usize,
}

/// A string's whole record.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StringDetail {
    pub string: StringView,
    pub source_hash: String,
    pub history: Vec<callsheet_core::activity::Event>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub strings_added: usize,
    pub sources_changed: usize,
    pub translations_set: usize,
    /// Translations turned stale by a source change.
    pub marked_stale: usize,
    pub locales: Vec<String>,
}

fn views(table: &Table, findings: &[Finding], who: &Who) -> Vec<StringView> {
    let mut by_key: std::collections::HashMap<&str, Vec<Finding>> =
        std::collections::HashMap::new();
    for f in findings {
        by_key.entry(f.key.as_str()).or_default().push(f.clone());
    }
    table
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| StringView {
            key: e.key.clone(),
            source: e.source.clone(),
            context: e.context.clone(),
            notes: e.notes.clone(),
            max_length: e.max_length,
            tags: e.tags.clone(),
            translations: e
                .translations
                .iter()
                .map(|(l, t)| {
                    let (by, at) = who.get(&(i, l.to_string())).cloned().unwrap_or((None, 0));
                    (
                        l.to_string(),
                        TranslationView {
                            text: t.text.clone(),
                            status: t.status,
                            by,
                            at,
                        },
                    )
                })
                .collect(),
            findings: by_key.remove(e.key.as_str()).unwrap_or_default(),
        })
        .collect()
}

fn completeness(table: &Table, findings: &[Finding]) -> Vec<Completeness> {
    let failing: std::collections::HashSet<(&str, &str)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.key.as_str(), f.locale.as_str()))
        .collect();
    table
        .locales
        .iter()
        .map(|l| {
            let code = l.to_string();
            let mut c = Completeness {
                locale: code.clone(),
                total: table.entries.len(),
                new: 0,
                translated: 0,
                reviewed: 0,
                final_: 0,
                stale: 0,
                failing: 0,
                percent_done: 0,
            };
            for e in &table.entries {
                match e.translations.get(l).filter(|t| !t.text.trim().is_empty()) {
                    None => c.new += 1,
                    Some(t) => match t.status {
                        Status::New => c.new += 1,
                        Status::Translated => c.translated += 1,
                        Status::Reviewed => c.reviewed += 1,
                        Status::Final => c.final_ += 1,
                        Status::Stale => c.stale += 1,
                    },
                }
                if failing.contains(&(e.key.as_str(), code.as_str())) {
                    c.failing += 1;
                }
            }
            let done = c.translated + c.reviewed + c.final_;
            c.percent_done =
                u32::try_from((done * 100).checked_div(c.total).unwrap_or(0)).unwrap_or(100);
            c
        })
        .collect()
}

impl App {
    /// A project's localization settings.
    pub async fn loc_settings(&self, ctx: &Ctx, project_key: &str) -> Result<Settings> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ReadItems).await?;
        settings_of(&mut tx, project.id).await
    }

    /// Sets the source locale, the target locales, the length unit and the glossary.
    /// Locales are canonicalised (`pt_BR` is `pt-BR`).
    pub async fn set_loc_settings(
        &self,
        ctx: &Ctx,
        project_key: &str,
        wanted: &Settings,
    ) -> Result<Settings> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let unit = LengthUnit::parse(&wanted.length_unit).ok_or_else(|| {
            AppError::invalid(
                "length_unit",
                &wanted.length_unit,
                "expected codepoints, graphemes, utf8 or utf16",
            )
        })?;
        let mut locales: Vec<String> = Vec::new();
        for l in &wanted.locales {
            let code = locale("locales", l)?.to_string();
            if !locales.contains(&code) {
                locales.push(code);
            }
        }
        let settings = Settings {
            source_locale: locale("source_locale", &wanted.source_locale)?.to_string(),
            length_unit: unit.as_str().into(),
            locales,
            do_not_translate: wanted
                .do_not_translate
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
        };
        let before = settings_of(&mut tx, project.id).await?;
        store::save_settings(&mut tx, project.id, &settings).await?;
        let mut changes = Vec::new();
        for (field, a, b) in [
            (
                "source locale",
                before.source_locale.clone(),
                settings.source_locale.clone(),
            ),
            (
                "length unit",
                before.length_unit.clone(),
                settings.length_unit.clone(),
            ),
            (
                "locales",
                before.locales.join(" "),
                settings.locales.join(" "),
            ),
            (
                "do not translate",
                before.do_not_translate.join(", "),
                settings.do_not_translate.join(", "),
            ),
        ] {
            if a != b {
                changes.push(change(field, Some(&a), Some(&b)));
            }
        }
        if !changes.is_empty() {
            // Each of these (locales, length unit, glossary) changes what the checks find.
            findings::check_whole(&mut tx, project.id, &settings).await?;
            let by = actor_id(&mut tx, ctx).await?;
            activity::append(
                &mut tx,
                &[project_event(
                    ctx,
                    by,
                    project.id,
                    "localization settings",
                    changes,
                )],
            )
            .await?;
        }
        commit(tx).await?;
        Ok(settings)
    }

    /// The string table, filtered, with per-locale completeness and the QA findings. The
    /// findings and totals are the stored ones (see [`findings`]); without a filter only
    /// the first page of strings is read.
    pub async fn loc_strings(
        &self,
        ctx: &Ctx,
        project_key: &str,
        filter: &StringFilter,
    ) -> Result<StringTable> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ReadItems).await?;
        let settings = settings_of(&mut tx, project.id).await?;
        let tally = findings::tally(&mut tx, project.id, &settings).await?;
        let limit = if filter.limit == 0 { 500 } else { filter.limit };
        let unfiltered = filter.status.is_none()
            && filter.check.as_deref().is_none_or(str::is_empty)
            && filter.text.as_deref().is_none_or(|t| t.trim().is_empty());
        let in_locale = match filter.locale.as_deref().filter(|l| !l.is_empty()) {
            Some(l) => Some(locale("locale", l)?.to_string()),
            None => None,
        };
        // A check filter narrows to the strings with that stored finding first.
        let with_finding = match filter.check.as_deref().filter(|c| !c.is_empty()) {
            Some(check) => Some(
                store::strings_with_finding(&mut tx, project.id, check, in_locale.as_deref())
                    .await?,
            ),
            None => None,
        };
        let which = match &with_finding {
            _ if unfiltered => Which::FirstPage(limit),
            Some(ids) => Which::Ids(ids),
            None => Which::All,
        };
        let loaded = load_table(&mut tx, project.id, &settings, which).await?;
        let stored = match which {
            Which::All => store::project_findings(&mut tx, project.id).await?,
            _ => store::findings_of(&mut tx, &loaded.ids).await?,
        };
        commit(tx).await?;
        let findings = findings::findings_of(&loaded, stored);
        let all = views(&loaded.table, &findings, &loaded.who);
        let total = usize::try_from(tally.strings).unwrap_or(0);
        let (matching, strings) = if unfiltered {
            (total, all)
        } else {
            let matching = matching(all, filter, &settings.locales)?;
            (matching.len(), matching.into_iter().take(limit).collect())
        };
        Ok(StringTable {
            project: project.key,
            source_locale: settings.source_locale,
            length_unit: settings.length_unit,
            completeness: tally.completeness(&settings.locales),
            locales: settings.locales,
            total,
            matching,
            strings,
            errors: usize::try_from(tally.errors).unwrap_or(0),
            warnings: usize::try_from(tally.warnings).unwrap_or(0),
        })
    }

    /// One string with its translations, findings and history.
    pub async fn loc_string(
        &self,
        ctx: &Ctx,
        project_key: &str,
        key: &str,
    ) -> Result<StringDetail> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ReadItems).await?;
        let row = store::string_by_key(&mut tx, project.id, key)
            .await?
            .ok_or_else(|| AppError::not_found("string", key))?;
        let settings = settings_of(&mut tx, project.id).await?;
        findings::tally(&mut tx, project.id, &settings).await?;
        let sources = [row.source.clone()];
        let loaded = load_table(&mut tx, project.id, &settings, Which::Sources(&sources)).await?;
        let stored = store::findings_of(&mut tx, &[row.id]).await?;
        let findings = findings::findings_of(&loaded, stored);
        let string = views(&loaded.table, &findings, &loaded.who)
            .into_iter()
            .find(|s| s.key == key)
            .ok_or_else(|| AppError::not_found("string", key))?;
        let history = activity::history(&mut tx, Entity::String, row.id, 200, 0).await?;
        commit(tx).await?;
        Ok(StringDetail {
            string,
            source_hash: row.source_hash,
            history,
        })
    }

    /// Imports a string table file: new keys are added, changed sources are updated (and
    /// their translations turn stale), and every non-empty translation in the file is
    /// set. All or nothing: a malformed file is refused with its place, and saves nothing.
    pub async fn loc_import(
        &self,
        ctx: &Ctx,
        project_key: &str,
        file_name: &str,
        bytes: &[u8],
        format: Option<TableFormat>,
        target_locale: Option<&str>,
    ) -> Result<ImportReport> {
        let (read_with, table) = self
            .read_upload(ctx, project_key, file_name, bytes, format, target_locale)
            .await?;
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
        let mut settings = settings_of(&mut tx, project.id).await?;
        unchanged_since_read(&read_with, &settings)?;
        let by = actor_id(&mut tx, ctx).await?;
        let mut report = ImportReport::default();
        let batch = Batch {
            ctx,
            by,
            project_id: project.id,
        };
        // A few thousand strings at a time, in the one transaction: what a batch reads and
        // writes is dropped before the next, so a large file does not hold its table
        // several times over.
        for chunk in table.entries.chunks(IMPORT_BATCH) {
            batch.import(&mut tx, chunk, &mut report).await?;
        }
        // The file's locales join the project's.
        let mut grew = false;
        for l in &table.locales {
            let code = l.to_string();
            if code != settings.source_locale && !settings.locales.contains(&code) {
                settings.locales.push(code);
                grew = true;
            }
        }
        if grew || store::settings(&mut tx, project.id).await?.is_none() {
            store::save_settings(&mut tx, project.id, &settings).await?;
        }
        report.locales = table.locales.iter().map(|l| l.to_string()).collect();
        findings::check_whole(&mut tx, project.id, &settings).await?;
        commit(tx).await?;
        Ok(report)
    }

    /// Changes a string's source text (or adds the string); its translations turn stale.
    pub async fn set_loc_source(
        &self,
        ctx: &Ctx,
        project_key: &str,
        key: &str,
        source: &str,
    ) -> Result<StringDetail> {
        let key = key.trim();
        if key.is_empty() || key.chars().count() > 200 {
            return Err(AppError::invalid(
                "key",
                key,
                "a key is 1 to 200 characters",
            ));
        }
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
        let by = actor_id(&mut tx, ctx).await?;
        let settings = settings_of(&mut tx, project.id).await?;
        let old = store::string_by_key(&mut tx, project.id, key).await?;
        let mut sources = vec![source.to_string()];
        sources.extend(old.iter().map(|o| o.source.clone()));
        let touched = findings::before(&mut tx, project.id, &settings, sources).await?;
        let event = match old {
            Some(old) if old.source == source => None,
            Some(old) => {
                let wanted = store::NewString {
                    source: source.to_string(),
                    source_hash: source_hash(source),
                    key: old.key.clone(),
                    context: old.context.clone(),
                    notes: old.notes.clone(),
                    max_length: old.max_length,
                    tags: old.tags.clone(),
                };
                store::update_string(&mut tx, old.id, &wanted, ctx.now_ms).await?;
                let stale = store::mark_stale(&mut tx, old.id).await?;
                let mut changes = string_changes(&old, &wanted);
                if !stale.is_empty() {
                    changes.push(change("stale", None, Some(&stale.join(" "))));
                }
                Some(string_event(
                    ctx, by, project.id, old.id, "updated", changes,
                ))
            }
            None => {
                let e = Entry {
                    key: key.to_string(),
                    source: source.to_string(),
                    ..Entry::default()
                };
                store::insert_strings(&mut tx, project.id, &[new_string(&e)], ctx.now_ms).await?;
                let row = store::string_by_key(&mut tx, project.id, key)
                    .await?
                    .ok_or_else(|| AppError::not_found("string", key))?;
                Some(string_event(
                    ctx,
                    by,
                    project.id,
                    row.id,
                    "created",
                    vec![change("source", None, Some(source))],
                ))
            }
        };
        if let Some(event) = event {
            activity::append(&mut tx, &[event]).await?;
        }
        findings::after(&mut tx, project.id, &settings, touched).await?;
        commit(tx).await?;
        self.loc_string(ctx, project_key, key).await
    }

    /// Sets one locale's translation of a string, with its status.
    pub async fn set_translation(
        &self,
        ctx: &Ctx,
        project_key: &str,
        key: &str,
        locale_code: &str,
        text: &str,
        status: Option<&str>,
    ) -> Result<StringDetail> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
        let code = locale("locale", locale_code)?.to_string();
        let settings = settings_of(&mut tx, project.id).await?;
        if !settings.locales.contains(&code) {
            return Err(AppError::invalid(
                "locale",
                locale_code,
                format!(
                    "{} translates into {}; add the locale in the settings first",
                    project.key,
                    if settings.locales.is_empty() {
                        "no locale yet".to_string()
                    } else {
                        settings.locales.join(", ")
                    }
                ),
            ));
        }
        let status = match status.filter(|s| !s.trim().is_empty()) {
            Some(s) => parse_status("status", s)?,
            None if text.trim().is_empty() => Status::New,
            None => Status::Translated,
        };
        let row = store::string_by_key(&mut tx, project.id, key)
            .await?
            .ok_or_else(|| AppError::not_found("string", key))?;
        let by = actor_id(&mut tx, ctx).await?;
        let before = store::translations_of(&mut tx, row.id)
            .await?
            .into_iter()
            .find(|t| t.locale == code)
            .map(|t| (t.text, t.status));
        if before
            .as_ref()
            .is_some_and(|(t, s)| t == text && s == status.as_str())
        {
            commit(tx).await?;
            return self.loc_string(ctx, project_key, key).await;
        }
        let sources = vec![row.source.clone()];
        let touched = findings::before(&mut tx, project.id, &settings, sources).await?;
        store::put_translations(
            &mut tx,
            &[store::NewTranslation {
                string_id: row.id,
                locale: code.clone(),
                text: text.to_string(),
                status: status.as_str().into(),
                source_hash: row.source_hash.clone(),
                by_id: by,
            }],
            ctx.now_ms,
        )
        .await?;
        let changes = translation_changes(&code, before.as_ref(), text, status);
        activity::append(
            &mut tx,
            &[string_event(
                ctx,
                by,
                project.id,
                row.id,
                "translated",
                changes,
            )],
        )
        .await?;
        findings::after(&mut tx, project.id, &settings, touched).await?;
        commit(tx).await?;
        self.loc_string(ctx, project_key, key).await
    }

    /// The project's allow list.
    pub async fn loc_allow_list(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<AllowRow>> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ReadItems).await?;
        Ok(store::allow_list(&mut tx, project.id).await?)
    }

    /// Mutes a check for a key (or, without one, the whole project), with a reason.
    pub async fn loc_allow(
        &self,
        ctx: &Ctx,
        project_key: &str,
        key: Option<&str>,
        check: &str,
        reason: &str,
    ) -> Result<Vec<AllowRow>> {
        if !CHECK_IDS.contains(&check) {
            return Err(AppError::invalid(
                "check",
                check,
                format!("expected one of {}", CHECK_IDS.join(", ")),
            ));
        }
        if reason.trim().is_empty() {
            return Err(AppError::invalid(
                "reason",
                reason,
                "say why the finding is fine, for whoever reads the list next",
            ));
        }
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let key = key.map(str::trim).filter(|k| !k.is_empty());
        let by = actor_id(&mut tx, ctx).await?;
        store::add_allow(
            &mut tx,
            project.id,
            key,
            check,
            reason.trim(),
            by,
            ctx.now_ms,
        )
        .await?;
        let settings = settings_of(&mut tx, project.id).await?;
        findings::check_whole(&mut tx, project.id, &settings).await?;
        let what = format!("{} {check}", key.unwrap_or("*"));
        let event = project_event(
            ctx,
            by,
            project.id,
            "allowed",
            vec![change(
                "allow",
                None,
                Some(&format!("{what}: {}", reason.trim())),
            )],
        );
        activity::append(&mut tx, &[event]).await?;
        let list = store::allow_list(&mut tx, project.id).await?;
        commit(tx).await?;
        Ok(list)
    }

    /// Removes an entry of the allow list.
    pub async fn loc_disallow(&self, ctx: &Ctx, project_key: &str, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let gone = store::allow_list(&mut tx, project.id)
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| AppError::not_found("allow-list entry", id.to_string()))?;
        store::remove_allow(&mut tx, project.id, id).await?;
        let settings = settings_of(&mut tx, project.id).await?;
        findings::check_whole(&mut tx, project.id, &settings).await?;
        let by = actor_id(&mut tx, ctx).await?;
        let what = format!(
            "{} {}: {}",
            gone.key.as_deref().unwrap_or("*"),
            gone.check,
            gone.reason
        );
        let event = project_event(
            ctx,
            by,
            project.id,
            "disallowed",
            vec![change("allow", Some(&what), None)],
        );
        activity::append(&mut tx, &[event]).await?;
        commit(tx).await?;
        Ok(())
    }
}

/// Strings an import reads and writes at a time.
const IMPORT_BATCH: usize = 2_000;

/// Who imports into which project, for each batch of an import.
struct Batch<'a> {
    ctx: &'a Ctx,
    by: Option<i64>,
    project_id: i64,
}

impl Batch<'_> {
    /// Imports one batch of a file's entries: adds new keys, updates changed strings
    /// (their translations turn stale) and sets every non-empty translation that differs.
    async fn import(&self, tx: &mut Tx, chunk: &[Entry], report: &mut ImportReport) -> Result<()> {
        let keys: Vec<&str> = chunk.iter().map(|e| e.key.as_str()).collect();
        let existing: std::collections::HashMap<String, store::StringRow> =
            store::strings_by_keys(tx, self.project_id, &keys)
                .await?
                .into_iter()
                .map(|s| (s.key.clone(), s))
                .collect();
        let mut new_strings = Vec::new();
        let mut events = Vec::new();
        for e in chunk {
            let wanted = new_string(e);
            let Some(old) = existing.get(&e.key) else {
                new_strings.push(wanted);
                continue;
            };
            let changes = string_changes(old, &wanted);
            if changes.is_empty() {
                continue;
            }
            store::update_string(tx, old.id, &wanted, self.ctx.now_ms).await?;
            if old.source != wanted.source {
                report.sources_changed += 1;
                report.marked_stale += store::mark_stale(tx, old.id).await?.len();
            }
            events.push(self.event(old.id, "updated", changes));
        }
        drop(existing);
        report.strings_added += new_strings.len();
        store::insert_strings(tx, self.project_id, &new_strings, self.ctx.now_ms).await?;
        let ids: std::collections::HashMap<String, (i64, String)> =
            store::strings_by_keys(tx, self.project_id, &keys)
                .await?
                .into_iter()
                .map(|s| (s.key, (s.id, s.source_hash)))
                .collect();
        for s in &new_strings {
            if let Some((id, _)) = ids.get(&s.key) {
                let source = vec![change("source", None, Some(&s.source))];
                events.push(self.event(*id, "created", source));
            }
        }
        drop(new_strings);
        let writes = self.translations(tx, chunk, &ids, &mut events).await?;
        report.translations_set += writes.len();
        store::put_translations(tx, &writes, self.ctx.now_ms).await?;
        activity::append(tx, &events).await?;
        Ok(())
    }

    /// The batch's non-empty translations that differ from what is stored, with an event
    /// for each.
    async fn translations(
        &self,
        tx: &mut Tx,
        chunk: &[Entry],
        ids: &std::collections::HashMap<String, (i64, String)>,
        events: &mut Vec<NewEvent>,
    ) -> Result<Vec<store::NewTranslation>> {
        let string_ids: Vec<i64> = ids.values().map(|(id, _)| *id).collect();
        let current: std::collections::HashMap<(i64, String), (String, String)> =
            store::translations_of_strings(tx, &string_ids)
                .await?
                .into_iter()
                .map(|t| ((t.string_id, t.locale), (t.text, t.status)))
                .collect();
        let mut writes = Vec::new();
        for e in chunk {
            let Some((id, hash)) = ids.get(&e.key) else {
                continue;
            };
            for (l, t) in &e.translations {
                if t.text.trim().is_empty() {
                    continue;
                }
                let code = l.to_string();
                let before = current.get(&(*id, code.clone()));
                if before
                    .is_some_and(|(text, status)| *text == t.text && *status == t.status.as_str())
                {
                    continue;
                }
                let changes = translation_changes(&code, before, &t.text, t.status);
                events.push(self.event(*id, "translated", changes));
                writes.push(store::NewTranslation {
                    string_id: *id,
                    locale: code,
                    text: t.text.clone(),
                    status: t.status.as_str().into(),
                    source_hash: hash.clone(),
                    by_id: self.by,
                });
            }
        }
        Ok(writes)
    }

    fn event(&self, string_id: i64, action: &str, changes: Vec<FieldChange>) -> NewEvent {
        string_event(
            self.ctx,
            self.by,
            self.project_id,
            string_id,
            action,
            changes,
        )
    }
}

impl App {
    /// Checks the right to change the table and reads an uploaded file, before any write
    /// transaction opens: a large file is parsed while everyone else keeps writing.
    pub(crate) async fn read_upload(
        &self,
        ctx: &Ctx,
        project_key: &str,
        file_name: &str,
        bytes: &[u8],
        format: Option<TableFormat>,
        target_locale: Option<&str>,
    ) -> Result<(Settings, Table)> {
        let settings = {
            let mut tx = self.read().await?;
            let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
            settings_of(&mut tx, project.id).await?
        };
        let table = read_file(&settings, file_name, bytes, format, target_locale)?;
        Ok((settings, table))
    }
}

/// Refuses to apply a file read under settings that changed before it was written.
pub(crate) fn unchanged_since_read(read_with: &Settings, now: &Settings) -> Result<()> {
    if read_with == now {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "the project's localization settings changed while the file was read; send it again"
                .into(),
        ))
    }
}

/// Reads an uploaded file as the project's table, naming the place of a mistake.
pub(crate) fn read_file(
    settings: &Settings,
    file_name: &str,
    bytes: &[u8],
    format: Option<TableFormat>,
    target_locale: Option<&str>,
) -> Result<Table> {
    let format = format
        .or_else(|| TableFormat::of_path(file_name))
        .ok_or_else(|| {
            AppError::invalid(
                "file",
                file_name,
                "not a string table by its name: use .po, .csv, .xlsx, .xlf or .xliff",
            )
        })?;
    let options = ReadOptions {
        source_locale: locale("source_locale", &settings.source_locale)?,
        target_locale: target_locale
            .filter(|t| !t.trim().is_empty())
            .map(|t| locale("locale", t))
            .transpose()?,
        columns: Default::default(),
    };
    let mut table = callsheet_formats::strings::read(bytes, format, &options).map_err(|e| {
        AppError::invalid(
            "file",
            file_name,
            format!("{file_name}:{}:{}: {}", e.line, e.column, e.message),
        )
    })?;
    table.length_unit = LengthUnit::parse(&settings.length_unit).unwrap_or_default();
    Ok(table)
}

fn new_string(e: &Entry) -> store::NewString {
    store::NewString {
        key: e.key.clone(),
        source: e.source.clone(),
        context: e.context.clone(),
        notes: e.notes.clone(),
        max_length: e.max_length.and_then(|m| i64::try_from(m).ok()),
        tags: e.tags.join(" "),
        source_hash: source_hash(&e.source),
    }
}

fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        before: before.map(str::to_string),
        after: after.map(str::to_string),
    }
}

fn string_changes(old: &store::StringRow, new: &store::NewString) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let max = |m: Option<i64>| m.map(|v| v.to_string());
    for (field, a, b) in [
        ("source", Some(old.source.clone()), Some(new.source.clone())),
        (
            "context",
            Some(old.context.clone()),
            Some(new.context.clone()),
        ),
        ("notes", Some(old.notes.clone()), Some(new.notes.clone())),
        ("max_length", max(old.max_length), max(new.max_length)),
        ("tags", Some(old.tags.clone()), Some(new.tags.clone())),
    ] {
        if a != b {
            out.push(change(field, a.as_deref(), b.as_deref()));
        }
    }
    out
}

fn translation_changes(
    locale: &str,
    before: Option<&(String, String)>,
    text: &str,
    status: Status,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if before.is_none_or(|(t, _)| t != text) {
        out.push(change(locale, before.map(|(t, _)| t.as_str()), Some(text)));
    }
    if before.is_none_or(|(_, s)| s != status.as_str()) {
        out.push(change(
            &format!("{locale} status"),
            before.map(|(_, s)| s.as_str()),
            Some(status.as_str()),
        ));
    }
    out
}

fn string_event(
    ctx: &Ctx,
    by: Option<i64>,
    project_id: i64,
    string_id: i64,
    action: &str,
    changes: Vec<FieldChange>,
) -> NewEvent {
    NewEvent {
        entity: Entity::String,
        entity_id: string_id,
        ..project_event(ctx, by, project_id, action, changes)
    }
}

/// An event about the project's localization set-up (settings, the allow list).
fn project_event(
    ctx: &Ctx,
    by: Option<i64>,
    project_id: i64,
    action: &str,
    changes: Vec<FieldChange>,
) -> NewEvent {
    NewEvent {
        at: ctx.now_ms,
        actor_id: by,
        project_id: Some(project_id),
        entity: Entity::Project,
        entity_id: project_id,
        action: action.to_string(),
        changes,
    }
}

/// (string id, locale) → (text, status) of every stored translation.
pub(crate) async fn current_translations(
    tx: &mut Tx,
    project_id: i64,
) -> Result<std::collections::HashMap<(i64, String), (String, String)>> {
    Ok(store::translations(tx, project_id)
        .await?
        .into_iter()
        .map(|t| ((t.string_id, t.locale), (t.text, t.status)))
        .collect())
}

/// The strings that pass a filter, in table order.
fn matching(
    all: Vec<StringView>,
    filter: &StringFilter,
    locales: &[String],
) -> Result<Vec<StringView>> {
    let wanted_locale = filter
        .locale
        .as_deref()
        .filter(|l| !l.is_empty())
        .map(|l| locale("locale", l))
        .transpose()?
        .map(|l| l.to_string());
    let words: Vec<String> = filter
        .text
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let in_locale = |l: &str| wanted_locale.as_deref().is_none_or(|w| w == l);
    Ok(all
        .into_iter()
        .filter(|s| {
            let status_ok = filter.status.is_none_or(|want| {
                locales.iter().filter(|l| in_locale(l)).any(|l| {
                    let st = s
                        .translations
                        .get(l.as_str())
                        .filter(|t| !t.text.trim().is_empty())
                        .map_or(Status::New, |t| t.status);
                    st == want
                })
            });
            // `errors` is any error check.
            let check_ok = filter.check.as_deref().is_none_or(|c| {
                s.findings.iter().any(|f| {
                    (f.check == c || (c == "errors" && f.severity == Severity::Error))
                        && in_locale(&f.locale)
                })
            });
            let text_ok = words.iter().all(|w| {
                s.key.to_lowercase().contains(w)
                    || s.source.to_lowercase().contains(w)
                    || s.tags.iter().any(|t| t.to_lowercase() == *w)
                    || s.context.to_lowercase().contains(w)
                    || s.notes.to_lowercase().contains(w)
                    || s.translations
                        .iter()
                        .any(|(l, t)| in_locale(l) && t.text.to_lowercase().contains(w))
            });
            status_ok && check_ok && text_ok
        })
        .collect())
}
