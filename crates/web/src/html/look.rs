//! How values look on a page: avatars, status-category pills, priorities, due dates that
//! say "overdue", times like "3 h ago". One shape per item ([`ItemCard`]) serves the
//! list, the board, My work and the overview, so an item reads the same everywhere.

use callsheet_core::Date;
use callsheet_core::item::ItemRow;
use callsheet_core::item::{Priority, StatusCategory};

/// Initials on a colour derived from the name.
#[derive(Debug, Clone)]
pub(crate) struct Avatar {
    pub handle: String,
    pub name: String,
    pub initials: String,
    pub hue: u8,
}

impl Avatar {
    pub fn of(handle: &str, name: &str) -> Self {
        let initials: String = name
            .split_whitespace()
            .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
            .take(2)
            .flat_map(char::to_uppercase)
            .collect();
        let hue = handle
            .bytes()
            .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
            % 8;
        Avatar {
            handle: handle.to_string(),
            name: name.to_string(),
            initials: if initials.is_empty() {
                handle.chars().take(2).collect::<String>().to_uppercase()
            } else {
                initials
            },
            hue: hue as u8,
        }
    }

    /// An avatar for a handle alone (rows carry handles, not names).
    pub fn handle(handle: &str) -> Self {
        Avatar::of(handle, handle)
    }
}

/// A status category as people say it.
pub(crate) fn category_label(category: StatusCategory) -> &'static str {
    match category {
        StatusCategory::Backlog => "Backlog",
        StatusCategory::Todo => "To do",
        StatusCategory::InProgress => "In progress",
        StatusCategory::Review => "Review",
        StatusCategory::Done => "Done",
        StatusCategory::Cancelled => "Cancelled",
    }
}

/// An arrow for a priority, so it does not rest on colour alone.
fn priority_mark(priority: Priority) -> &'static str {
    match priority {
        Priority::Highest => "⇈",
        Priority::High => "↑",
        Priority::Medium => "=",
        Priority::Low => "↓",
        Priority::Lowest => "⇊",
    }
}

/// How long ago, in the words a person uses: "just now", "5 min ago", "3 d ago", then a date.
pub(crate) fn ago(now_ms: i64, then_ms: i64) -> String {
    let s = (now_ms - then_ms).max(0) / 1000;
    match s {
        0..60 => "just now".to_string(),
        60..3600 => format!("{} min ago", s / 60),
        3600..86_400 => format!("{} h ago", s / 3600),
        86_400..2_592_000 => format!("{} d ago", s / 86_400),
        _ => callsheet_core::utc_date(then_ms).to_string(),
    }
}

/// An item as a row or a card shows it.
#[derive(Debug, Clone)]
pub(crate) struct ItemCard {
    pub key: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub category: &'static str,
    pub category_label: &'static str,
    pub priority: &'static str,
    pub priority_mark: &'static str,
    pub severity: String,
    pub assignee: Option<Avatar>,
    pub reporter: String,
    pub department: String,
    pub estimate: String,
    pub start: String,
    pub due: String,
    pub overdue: bool,
    pub milestone: String,
    pub parent: String,
    pub updated: String,
    pub version: i64,
}

impl ItemCard {
    pub fn of(row: &ItemRow, today: Date, now_ms: i64) -> Self {
        let open = !matches!(
            row.category,
            StatusCategory::Done | StatusCategory::Cancelled
        );
        ItemCard {
            key: row.key.clone(),
            title: row.title.clone(),
            kind: row.kind.clone(),
            status: row.status.clone(),
            category: row.category.as_str(),
            category_label: category_label(row.category),
            priority: row.priority.as_str(),
            priority_mark: priority_mark(row.priority),
            severity: row.severity.map(|s| s.to_string()).unwrap_or_default(),
            assignee: row.assignee.as_deref().map(Avatar::handle),
            reporter: row.reporter.clone().unwrap_or_default(),
            department: row.department.clone().unwrap_or_default(),
            estimate: row
                .estimate_minutes
                .map(callsheet_core::effort::format_estimate)
                .unwrap_or_default(),
            start: row.start.map(|d| d.to_string()).unwrap_or_default(),
            due: row.due.map(|d| d.to_string()).unwrap_or_default(),
            overdue: open && row.due.is_some_and(|d| d < today),
            milestone: row.milestone.clone().unwrap_or_default(),
            parent: row.parent.clone().unwrap_or_default(),
            updated: ago(now_ms, row.updated_at),
            version: row.version,
        }
    }

    pub fn many(rows: &[ItemRow], now_ms: i64) -> Vec<Self> {
        let today = callsheet_core::utc_date(now_ms);
        rows.iter()
            .map(|r| ItemCard::of(r, today, now_ms))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avatars_take_initials_and_a_stable_colour() {
        let a = Avatar::of("ines", "Inês Carvalho");
        assert_eq!(a.initials, "IC");
        assert_eq!(a.hue, Avatar::of("ines", "other").hue);
        assert!(a.hue < 8);
        assert_eq!(Avatar::of("x", "  ").initials, "X");
    }

    #[test]
    fn ages_read_like_speech() {
        let now = 1_800_000_000_000;
        assert_eq!(ago(now, now - 5_000), "just now");
        assert_eq!(ago(now, now - 300_000), "5 min ago");
        assert_eq!(ago(now, now - 3 * 86_400_000), "3 d ago");
        assert_eq!(ago(now, now - 90 * 86_400_000), "2026-10-17");
    }
}
