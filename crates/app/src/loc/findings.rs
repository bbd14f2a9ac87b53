//! The string table's stored QA findings and totals, kept current by every change.
//!
//! Checking a whole table costs seconds at 100,000 keys, so the string table does not
//! check on every view: each string's findings are stored, with the project's totals
//! (per-locale progress, failing strings, errors, warnings). A change to some strings
//! re-checks only the strings that share a source with them (a consistency finding ties
//! those together, so their share is taken before the change and again after it) and
//! moves the totals by the difference; a change to the settings or the allow list, or an
//! import, re-checks the whole table. A project never checked is checked whole at its
//! first view.

use super::{Completeness, Loaded, Which, completeness, load_table, qa_of};
use crate::Result;
use callsheet_core::loc::Settings;
use callsheet_core::loc::checks::{CHECK_IDS, Finding, Severity};
use callsheet_core::loc::table::{Qa, check_table_with};
use callsheet_store::Tx;
use callsheet_store::loc::{self as store, FindingRow};
use std::collections::BTreeMap;

/// A project's string-table totals: the sum of every string's share.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Tally {
    pub strings: i64,
    pub errors: i64,
    pub warnings: i64,
    /// By locale: new, translated, reviewed, final, stale, failing.
    pub locales: BTreeMap<String, [i64; 6]>,
}

impl Tally {
    /// The share of these strings, with these findings.
    fn of(loaded: &Loaded, findings: &[Finding]) -> Tally {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let locales = completeness(&loaded.table, findings)
            .into_iter()
            .map(|c| {
                let counts = [
                    c.new,
                    c.translated,
                    c.reviewed,
                    c.final_,
                    c.stale,
                    c.failing,
                ];
                (c.locale, counts.map(|n| n as i64))
            })
            .collect();
        Tally {
            strings: loaded.table.entries.len() as i64,
            errors: errors as i64,
            warnings: (findings.len() - errors) as i64,
            locales,
        }
    }

    /// `self` with `before` taken out and `after` put in.
    fn moved(mut self, before: &Tally, after: &Tally) -> Tally {
        self.strings += after.strings - before.strings;
        self.errors += after.errors - before.errors;
        self.warnings += after.warnings - before.warnings;
        for (locale, counts) in &mut self.locales {
            let was = before.locales.get(locale).copied().unwrap_or_default();
            let now = after.locales.get(locale).copied().unwrap_or_default();
            for k in 0..counts.len() {
                counts[k] += now[k] - was[k];
            }
        }
        self
    }

    /// Per-locale progress, for the settings' locales in their order.
    pub fn completeness(&self, locales: &[String]) -> Vec<Completeness> {
        locales
            .iter()
            .map(|l| {
                let [new, translated, reviewed, final_, stale, failing] = self
                    .locales
                    .get(l)
                    .copied()
                    .unwrap_or([self.strings, 0, 0, 0, 0, 0]);
                let size = |n: i64| usize::try_from(n).unwrap_or(0);
                let total = size(self.strings);
                let done = size(translated + reviewed + final_);
                Completeness {
                    locale: l.clone(),
                    total,
                    new: size(new),
                    translated: size(translated),
                    reviewed: size(reviewed),
                    final_: size(final_),
                    stale: size(stale),
                    failing: size(failing),
                    percent_done: u32::try_from((done * 100).checked_div(total).unwrap_or(0))
                        .unwrap_or(100),
                }
            })
            .collect()
    }
}

/// What the strings a change touches counted before it, taken before it is made; `None`
/// when the project has no usable totals and is checked whole after the change.
pub(crate) struct Before(Option<Touched>);

struct Touched {
    /// The sources of the strings the change touches, before and after it.
    sources: Vec<String>,
    qa: Qa,
    /// The project's totals as stored, and these strings' share of them.
    stored: Tally,
    share: Tally,
}

/// Takes the share of the strings with these sources (the changed strings' old and new
/// ones); hand it to [`after`] once the change is written. PostgreSQL holds the totals'
/// row from here to the end of the transaction.
pub(crate) async fn before(
    tx: &mut Tx,
    project_id: i64,
    settings: &Settings,
    sources: Vec<String>,
) -> Result<Before> {
    let Some(stored) = stored_tally(tx, project_id, true).await? else {
        return Ok(Before(None));
    };
    let loaded = load_table(tx, project_id, settings, Which::Sources(&sources)).await?;
    let qa = qa_of(tx, project_id, settings).await?;
    let share = Tally::of(&loaded, &check_table_with(&loaded.table, &qa));
    Ok(Before(Some(Touched {
        sources,
        qa,
        stored,
        share,
    })))
}

/// Re-checks the strings a change touched, stores their findings and moves the totals.
pub(crate) async fn after(
    tx: &mut Tx,
    project_id: i64,
    settings: &Settings,
    before: Before,
) -> Result<Tally> {
    let Before(Some(touched)) = before else {
        return check_whole(tx, project_id, settings).await;
    };
    let which = Which::Sources(&touched.sources);
    let loaded = load_table(tx, project_id, settings, which).await?;
    let findings = check_table_with(&loaded.table, &touched.qa);
    store::replace_findings(tx, project_id, Some(&loaded.ids), &rows(&loaded, &findings)).await?;
    let share = Tally::of(&loaded, &findings);
    let tally = touched.stored.moved(&touched.share, &share);
    save(tx, project_id, &tally).await?;
    Ok(tally)
}

/// Checks a whole table and stores its findings and totals.
pub(crate) async fn check_whole(
    tx: &mut Tx,
    project_id: i64,
    settings: &Settings,
) -> Result<Tally> {
    let loaded = load_table(tx, project_id, settings, Which::All).await?;
    let qa = qa_of(tx, project_id, settings).await?;
    let findings = check_table_with(&loaded.table, &qa);
    store::replace_findings(tx, project_id, None, &rows(&loaded, &findings)).await?;
    let tally = Tally::of(&loaded, &findings);
    save(tx, project_id, &tally).await?;
    Ok(tally)
}

/// The project's totals, checking the whole table first if it never was.
pub(crate) async fn tally(tx: &mut Tx, project_id: i64, settings: &Settings) -> Result<Tally> {
    match stored_tally(tx, project_id, false).await? {
        Some(tally) => Ok(tally),
        None => check_whole(tx, project_id, settings).await,
    }
}

/// The stored totals; none when the project was never checked, or when what is stored
/// does not read (the whole table is then checked again, which rewrites them).
async fn stored_tally(tx: &mut Tx, project_id: i64, lock: bool) -> Result<Option<Tally>> {
    let json = store::tally(tx, project_id, lock).await?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

async fn save(tx: &mut Tx, project_id: i64, tally: &Tally) -> Result<()> {
    let json = serde_json::to_string(tally).unwrap_or_default();
    store::save_tally(tx, project_id, &json).await?;
    Ok(())
}

/// Findings as stored rows, by the string ids of the entries they name.
fn rows(loaded: &Loaded, findings: &[Finding]) -> Vec<FindingRow> {
    let id_of: std::collections::HashMap<&str, i64> = loaded
        .table
        .entries
        .iter()
        .zip(&loaded.ids)
        .map(|(e, id)| (e.key.as_str(), *id))
        .collect();
    findings
        .iter()
        .filter_map(|f| {
            Some(FindingRow {
                string_id: *id_of.get(f.key.as_str())?,
                locale: f.locale.clone(),
                check: f.check.to_string(),
                severity: severity_name(f.severity).to_string(),
                message: f.message.clone(),
            })
        })
        .collect()
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Stored findings back as findings, keyed by the entries of `loaded`; a check this
/// build does not know is passed over.
pub(crate) fn findings_of(loaded: &Loaded, rows: Vec<FindingRow>) -> Vec<Finding> {
    let key_of: std::collections::HashMap<i64, &str> = loaded
        .ids
        .iter()
        .zip(&loaded.table.entries)
        .map(|(id, e)| (*id, e.key.as_str()))
        .collect();
    rows.into_iter()
        .filter_map(|r| {
            Some(Finding {
                key: key_of.get(&r.string_id)?.to_string(),
                locale: r.locale,
                check: CHECK_IDS.iter().find(|c| **c == r.check)?,
                severity: if r.severity == "error" {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                message: r.message,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(strings: i64, fr: [i64; 6]) -> Tally {
        Tally {
            strings,
            errors: fr[5],
            warnings: 0,
            locales: [("fr".to_string(), fr)].into_iter().collect(),
        }
    }

    #[test]
    fn a_change_moves_the_totals_by_its_difference() {
        let stored = tally(100, [40, 50, 5, 5, 0, 3]);
        // One string went from new to translated, and its error went away.
        let before = tally(2, [1, 1, 0, 0, 0, 1]);
        let after = tally(2, [0, 2, 0, 0, 0, 0]);
        let moved = stored.moved(&before, &after);
        assert_eq!(moved, tally(100, [39, 51, 5, 5, 0, 2]));
        let c = moved.completeness(&["fr".into(), "de".into()]);
        assert_eq!((c[0].new, c[0].translated, c[0].percent_done), (39, 51, 61));
        assert_eq!((c[1].new, c[1].total, c[1].percent_done), (100, 100, 0));
    }
}
