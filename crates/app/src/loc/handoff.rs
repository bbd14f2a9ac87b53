//! Vendor hand-offs: export what a locale still needs (new and stale strings, or all of
//! them) as XLIFF or XLSX with notes and limits, recorded with its vendor and deadline;
//! read the vendor's file back as a per-string diff before applying it, and mark the
//! delivery on time or late.

use super::{
    Which, change, current_translations, load_table, locale, settings_of, string_event,
    strings_project, unchanged_since_read,
};
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::loc::table::{Status, Table};
use callsheet_core::policy::Action;
use callsheet_core::utc_date;
use callsheet_formats::strings::TableFormat;
use callsheet_store::loc as store;
use callsheet_store::{activity, commit};

/// Which strings a hand-off carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// New and stale strings only: what the locale still needs.
    Needed,
    All,
}

impl Scope {
    pub fn parse(name: &str) -> Option<Scope> {
        match name.trim() {
            "needed" | "" => Some(Scope::Needed),
            "all" => Some(Scope::All),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Scope::Needed => "needed",
            Scope::All => "all",
        }
    }
}

/// A file to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub file_name: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    pub strings: usize,
    /// The recorded hand-off, when it went to a vendor.
    pub handoff: Option<i64>,
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub locale: String,
    pub scope: Scope,
    pub format: TableFormat,
    /// Who it goes to; with a vendor, the hand-off is recorded.
    pub vendor: Option<String>,
    /// The delivery deadline, YYYY-MM-DD.
    pub due: Option<String>,
}

/// Reads a file format by name (`xliff`, `xliff2`, `xlsx`, `po`, `csv`), naming the
/// field when it is not one.
pub fn parse_format(field: &str, name: &str) -> Result<TableFormat> {
    TableFormat::parse(name)
        .ok_or_else(|| AppError::invalid(field, name, "expected xliff, xliff2, xlsx, po or csv"))
}

impl ExportRequest {
    /// An export as forms and flags name it: scope `needed` (or empty) or `all`, format
    /// by name (empty is XLIFF 1.2); `field_prefix` is how the caller names its fields
    /// (`--` on the command line).
    pub fn from_names(
        field_prefix: &str,
        locale: &str,
        scope: &str,
        format: &str,
        vendor: Option<String>,
        due: Option<String>,
    ) -> Result<Self> {
        let scope = Scope::parse(scope).ok_or_else(|| {
            AppError::invalid(
                &format!("{field_prefix}scope"),
                scope,
                "expected needed or all",
            )
        })?;
        let format = if format.trim().is_empty() {
            "xliff"
        } else {
            format
        };
        Ok(ExportRequest {
            locale: locale.to_string(),
            scope,
            format: parse_format(&format!("{field_prefix}format"), format)?,
            vendor,
            due,
        })
    }
}

/// A recorded hand-off, with how its delivery went against the deadline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Handoff {
    pub id: i64,
    pub locale: String,
    pub vendor: String,
    pub format: String,
    pub scope: String,
    pub strings: i64,
    pub due: Option<String>,
    pub sent_on: String,
    pub sent_by: Option<String>,
    pub delivered_on: Option<String>,
    pub applied: Option<i64>,
    /// Days past the deadline: of the delivery, or (not yet delivered) of today.
    pub days_late: Option<i64>,
}

/// How one string of a delivery compares with what is stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryRow {
    pub key: String,
    /// added, changed, unchanged, outdated (made for an older source: kept as stale),
    /// untranslated (empty in the file) or unknown (no such key: not applied).
    pub change: &'static str,
    pub before: Option<String>,
    pub after: String,
    pub status_before: Option<String>,
    pub status_after: String,
}

/// A vendor's file read against the table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub locale: String,
    pub rows: Vec<DeliveryRow>,
    /// How many strings applying it would write.
    pub to_apply: usize,
    /// After applying: the hand-off it delivered, and days past its deadline.
    pub handoff: Option<i64>,
    pub days_late: Option<i64>,
}

/// Days past a deadline (`due`, YYYY-MM-DD) on a day; none when on time.
fn days_late(due: Option<&str>, on: jiff::civil::Date) -> Option<i64> {
    let due: jiff::civil::Date = due?.parse().ok()?;
    let days = i64::from(due.until(on).ok()?.get_days());
    (days > 0).then_some(days)
}

fn view(h: store::HandoffRow, today: jiff::civil::Date) -> Handoff {
    let delivered = h.delivered_at.map(utc_date);
    let days_late = days_late(h.due.as_deref(), delivered.unwrap_or(today));
    Handoff {
        id: h.id,
        locale: h.locale,
        vendor: h.vendor,
        format: h.format,
        scope: h.scope,
        strings: h.strings,
        due: h.due,
        sent_on: utc_date(h.sent_at).to_string(),
        sent_by: h.sent_by,
        delivered_on: delivered.map(|d| d.to_string()),
        applied: h.applied,
        days_late,
    }
}

fn format_name(f: TableFormat) -> &'static str {
    match f {
        TableFormat::Po => "po",
        TableFormat::Csv => "csv",
        TableFormat::Xlsx => "xlsx",
        TableFormat::Xliff(callsheet_formats::xliff::Version::V12) => "xliff",
        TableFormat::Xliff(callsheet_formats::xliff::Version::V20) => "xliff2",
    }
}

impl App {
    /// Exports one locale's strings for translation; with a vendor, records the hand-off.
    pub async fn loc_export(
        &self,
        ctx: &Ctx,
        project_key: &str,
        req: &ExportRequest,
    ) -> Result<Export> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
        let code = locale("locale", &req.locale)?;
        let settings = settings_of(&mut tx, project.id).await?;
        if !settings.locales.contains(&code.to_string()) {
            return Err(AppError::invalid(
                "locale",
                &req.locale,
                format!("{} does not translate into {code}", project.key),
            ));
        }
        let due = req
            .due
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                d.parse::<jiff::civil::Date>()
                    .map(|x| x.to_string())
                    .map_err(|_| AppError::invalid("due", d, "expected a date like 2027-03-01"))
            })
            .transpose()?;
        let mut table = load_table(&mut tx, project.id, &settings, Which::All)
            .await?
            .table;
        table.entries.retain(|e| {
            req.scope == Scope::All
                || e.translations
                    .get(&code)
                    .filter(|t| !t.text.trim().is_empty())
                    .is_none_or(|t| matches!(t.status, Status::New | Status::Stale))
        });
        table.locales = vec![code.clone()];
        let bytes = callsheet_formats::strings::write(&table, req.format, Some(&code))
            .map_err(|e| AppError::invalid("format", format_name(req.format), e))?;
        let vendor = req
            .vendor
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty());
        let handoff = match vendor {
            Some(v) => {
                let by = actor_id(&mut tx, ctx).await?;
                let h = store::NewHandoff {
                    locale: code.as_str(),
                    vendor: v,
                    format: format_name(req.format),
                    scope: req.scope.as_str(),
                    strings: i64::try_from(table.entries.len()).unwrap_or(i64::MAX),
                    due,
                };
                Some(store::insert_handoff(&mut tx, project.id, &h, ctx.now_ms, by).await?)
            }
            None => None,
        };
        commit(tx).await?;
        Ok(Export {
            file_name: format!(
                "{}-{code}-{}.{}",
                project.key.to_lowercase(),
                req.scope.as_str(),
                req.format.extension()
            ),
            media_type: req.format.media_type(),
            bytes,
            strings: table.entries.len(),
            handoff,
        })
    }

    /// A pseudo locale made from every source string (accented, `grow` percent longer,
    /// bracketed), as a file for a test build: overflow and hard-coded text show up
    /// before any translation arrives. Nothing is saved.
    pub async fn loc_pseudo(
        &self,
        ctx: &Ctx,
        project_key: &str,
        pseudo_locale: &str,
        grow: u32,
        format: TableFormat,
    ) -> Result<Export> {
        if grow > 300 {
            return Err(AppError::invalid(
                "grow",
                &grow.to_string(),
                "at most 300 percent longer",
            ));
        }
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ReadItems).await?;
        let code = locale("locale", pseudo_locale)?;
        let settings = settings_of(&mut tx, project.id).await?;
        let mut table = load_table(&mut tx, project.id, &settings, Which::All)
            .await?
            .table;
        for e in &mut table.entries {
            e.translations.clear();
        }
        table.locales.clear();
        callsheet_core::loc::pseudo::add_locale(&mut table, &code, grow);
        let bytes = callsheet_formats::strings::write(&table, format, Some(&code))
            .map_err(|e| AppError::invalid("format", format_name(format), e))?;
        Ok(Export {
            file_name: format!(
                "{}-{code}.{}",
                project.key.to_lowercase(),
                format.extension()
            ),
            media_type: format.media_type(),
            bytes,
            strings: table.entries.len(),
            handoff: None,
        })
    }

    /// The project's hand-offs, newest first.
    pub async fn loc_handoffs(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<Handoff>> {
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::ReadItems).await?;
        let today = utc_date(ctx.now_ms);
        Ok(store::handoffs(&mut tx, project.id)
            .await?
            .into_iter()
            .map(|h| view(h, today))
            .collect())
    }

    /// Reads a vendor's file against the table: what applying it would change, string
    /// by string. Nothing is saved.
    pub async fn loc_delivery_preview(
        &self,
        ctx: &Ctx,
        project_key: &str,
        file_name: &str,
        bytes: &[u8],
        locale_code: Option<&str>,
    ) -> Result<Delivery> {
        let (read_with, file) = self
            .read_upload(ctx, project_key, file_name, bytes, None, locale_code)
            .await?;
        let mut tx = self.read().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
        let (delivery, _) = diff(&mut tx, project.id, &read_with, &file, locale_code).await?;
        Ok(delivery)
    }

    /// Applies a vendor's file: every added, changed or outdated string is written (an
    /// outdated one as stale), unknown keys are left out, and the hand-off (if named)
    /// is marked delivered today, on time or late.
    pub async fn loc_delivery_apply(
        &self,
        ctx: &Ctx,
        project_key: &str,
        file_name: &str,
        bytes: &[u8],
        locale_code: Option<&str>,
        handoff: Option<i64>,
    ) -> Result<Delivery> {
        let (read_with, file) = self
            .read_upload(ctx, project_key, file_name, bytes, None, locale_code)
            .await?;
        let mut tx = self.begin().await?;
        let project = strings_project(&mut tx, ctx, project_key, Action::EditItems).await?;
        let (mut delivery, ids) = diff(&mut tx, project.id, &read_with, &file, locale_code).await?;
        let by = actor_id(&mut tx, ctx).await?;
        let mut writes = Vec::new();
        let mut events = Vec::new();
        for row in &delivery.rows {
            if !matches!(row.change, "added" | "changed" | "outdated") {
                continue;
            }
            let Some((id, hash)) = ids.get(&row.key) else {
                continue;
            };
            writes.push(store::NewTranslation {
                string_id: *id,
                locale: delivery.locale.clone(),
                text: row.after.clone(),
                status: row.status_after.clone(),
                source_hash: hash.clone(),
                by_id: by,
            });
            let mut changes = Vec::new();
            if row.before.as_deref() != Some(row.after.as_str()) {
                changes.push(change(
                    &delivery.locale,
                    row.before.as_deref(),
                    Some(&row.after),
                ));
            }
            if row.status_before.as_deref() != Some(row.status_after.as_str()) {
                changes.push(change(
                    &format!("{} status", delivery.locale),
                    row.status_before.as_deref(),
                    Some(&row.status_after),
                ));
            }
            events.push(string_event(ctx, by, project.id, *id, "delivered", changes));
        }
        store::put_translations(&mut tx, &writes, ctx.now_ms).await?;
        activity::append(&mut tx, &events).await?;
        if let Some(h) = handoff {
            let applied = i64::try_from(writes.len()).unwrap_or(i64::MAX);
            let found = store::handoffs(&mut tx, project.id)
                .await?
                .into_iter()
                .find(|x| x.id == h)
                .ok_or_else(|| AppError::not_found("hand-off", h.to_string()))?;
            if found.locale != delivery.locale {
                return Err(AppError::invalid(
                    "handoff",
                    &h.to_string(),
                    format!(
                        "hand-off {h} was for {}, but the file holds {}",
                        found.locale, delivery.locale
                    ),
                ));
            }
            store::deliver(&mut tx, project.id, h, ctx.now_ms, by, applied).await?;
            delivery.handoff = Some(h);
            delivery.days_late = days_late(found.due.as_deref(), utc_date(ctx.now_ms));
        }
        let settings = settings_of(&mut tx, project.id).await?;
        super::findings::check_whole(&mut tx, project.id, &settings).await?;
        commit(tx).await?;
        delivery.to_apply = writes.len();
        Ok(delivery)
    }
}

/// The per-string diff of a delivery, with (key → (string id, source hash)).
async fn diff(
    tx: &mut callsheet_store::Tx,
    project_id: i64,
    read_with: &callsheet_core::loc::Settings,
    file: &Table,
    locale_code: Option<&str>,
) -> Result<(Delivery, std::collections::HashMap<String, (i64, String)>)> {
    let settings = settings_of(tx, project_id).await?;
    unchanged_since_read(read_with, &settings)?;
    let code = match locale_code.filter(|l| !l.trim().is_empty()) {
        Some(l) => locale("locale", l)?,
        None => match file.locales.as_slice() {
            [one] => one.clone(),
            _ => {
                return Err(AppError::invalid(
                    "locale",
                    "",
                    "the file holds several locales (or none): say which one is delivered",
                ));
            }
        },
    };
    if !settings.locales.contains(&code.to_string()) {
        return Err(AppError::invalid(
            "locale",
            code.as_str(),
            "the project does not translate into this locale",
        ));
    }
    let stored: std::collections::HashMap<String, store::StringRow> =
        store::strings(tx, project_id)
            .await?
            .into_iter()
            .map(|s| (s.key.clone(), s))
            .collect();
    let current = current_translations(tx, project_id).await?;
    let mut rows = Vec::new();
    for e in &file.entries {
        let t = e.translations.get(&code);
        let after = t.map(|t| t.text.clone()).unwrap_or_default();
        let Some(s) = stored.get(&e.key) else {
            rows.push(DeliveryRow {
                key: e.key.clone(),
                change: "unknown",
                before: None,
                after,
                status_before: None,
                status_after: String::new(),
            });
            continue;
        };
        let before = current.get(&(s.id, code.to_string()));
        let outdated = e.source != s.source;
        let status_after = match t.map(|t| t.status) {
            _ if outdated => Status::Stale,
            Some(Status::New) | None => Status::Translated,
            Some(st) => st,
        };
        let change = if after.trim().is_empty() {
            "untranslated"
        } else if outdated {
            "outdated"
        } else {
            match before {
                None => "added",
                Some((text, st)) if *text == after && st == status_after.as_str() => "unchanged",
                Some((text, _)) if text.is_empty() => "added",
                Some(_) => "changed",
            }
        };
        rows.push(DeliveryRow {
            key: e.key.clone(),
            change,
            before: before.map(|(t, _)| t.clone()),
            after,
            status_before: before.map(|(_, s)| s.clone()),
            status_after: status_after.as_str().into(),
        });
    }
    let to_apply = rows
        .iter()
        .filter(|r| matches!(r.change, "added" | "changed" | "outdated"))
        .count();
    let ids = stored
        .into_iter()
        .map(|(k, s)| (k, (s.id, s.source_hash)))
        .collect();
    Ok((
        Delivery {
            locale: code.to_string(),
            rows,
            to_apply,
            handoff: None,
            days_late: None,
        },
        ids,
    ))
}
