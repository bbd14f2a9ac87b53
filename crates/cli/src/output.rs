//! Output: aligned tables and item cards for people, and `emit`, which prints JSON
//! instead under `--json`.

use anyhow::Result;
use callsheet_app::items::ItemDetail;
use callsheet_core::activity::Event;
use callsheet_core::effort::format_estimate;
use callsheet_core::item::ItemRow;
use callsheet_core::project::Member;
use serde::Serialize;
use std::fmt::Write;

/// Formats epoch milliseconds as `YYYY-MM-DD HH:MM` UTC.
pub fn when(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(
        |_| ms.to_string(),
        |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
    )
}

/// Lays out rows in columns; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        for (i, cell) in cells.into_iter().enumerate() {
            if i == last {
                out.push_str(&cell);
            } else {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.chars().count());
                let _ = write!(out, "{cell}{}  ", " ".repeat(pad));
            }
        }
        out.push('\n');
    };
    line(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        line(row.clone());
    }
    out
}

fn dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

pub fn member_table(members: &[Member]) -> String {
    let rows: Vec<Vec<String>> = members
        .iter()
        .map(|m| {
            vec![
                m.handle.clone(),
                m.role.to_string(),
                m.department.clone().unwrap_or_default(),
                m.display_name.clone(),
            ]
        })
        .collect();
    table(&["MEMBER", "ROLE", "DEPARTMENT", "NAME"], &rows)
}

pub fn item_table(items: &[ItemRow]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                i.key.clone(),
                i.kind.clone(),
                i.status.clone(),
                i.priority.to_string(),
                dash(i.assignee.as_ref()),
                dash(i.due),
                i.title.clone(),
            ]
        })
        .collect();
    table(
        &[
            "KEY", "KIND", "STATUS", "PRIORITY", "ASSIGNEE", "DUE", "TITLE",
        ],
        &rows,
    )
}

pub fn item_card(d: &ItemDetail) -> String {
    let i = &d.item;
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", i.key, i.title);
    let _ = writeln!(
        out,
        "{} · {} ({}) · priority {} · version {}",
        i.kind, i.status, i.category, i.priority, i.version
    );
    let mut fields: Vec<(&str, String)> = vec![
        ("severity", dash(i.severity)),
        ("assignee", dash(i.assignee.as_ref())),
        ("reporter", dash(i.reporter.as_ref())),
        ("department", dash(i.department.as_ref())),
        ("estimate", dash(i.estimate_minutes.map(format_estimate))),
        ("start", dash(i.start)),
        ("due", dash(i.due)),
        ("parent", dash(i.parent.as_ref())),
        ("milestone", dash(i.milestone.as_ref())),
        (
            "labels",
            if d.labels.is_empty() {
                "-".into()
            } else {
                d.labels.join(", ")
            },
        ),
        (
            "watchers",
            if d.watchers.is_empty() {
                "-".into()
            } else {
                d.watchers.join(", ")
            },
        ),
    ];
    for (name, value) in &d.fields {
        fields.push((name.as_str(), value.clone()));
    }
    fields.push(("created", when(i.created_at)));
    fields.push(("updated", when(i.updated_at)));
    let width = fields
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    for (name, value) in fields {
        let _ = writeln!(out, "  {name:<width$}  {value}");
    }
    if !i.description.is_empty() {
        let _ = writeln!(out, "\n{}", i.description.trim_end());
    }
    if !d.links.is_empty() {
        let _ = writeln!(out, "\nLinks:");
        for l in &d.links {
            let phrase = match (l.kind.as_str(), l.outward) {
                ("blocks", true) => "blocks",
                ("blocks", false) => "is blocked by",
                ("depends_on", true) => "depends on",
                ("depends_on", false) => "is needed by",
                ("duplicates", true) => "duplicates",
                ("duplicates", false) => "is duplicated by",
                _ => "relates to",
            };
            let dep = l
                .dep_type
                .map(|t| {
                    format!(
                        " [{}{}]",
                        t.as_str().to_uppercase(),
                        if l.lag_days != 0 {
                            format!(" {:+}d", l.lag_days)
                        } else {
                            String::new()
                        }
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(out, "  {phrase} {}{dep}  {}", l.other, l.other_title);
        }
    }
    if !d.children.is_empty() {
        let _ = writeln!(out, "\nChildren: {}", d.children.join(", "));
    }
    if !d.comments.is_empty() {
        let _ = writeln!(out, "\nComments:");
        for c in &d.comments {
            let _ = writeln!(out, "  {} {}:", when(c.created_at), dash(c.author.as_ref()));
            for line in c.body.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

pub fn history(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        let _ = writeln!(
            out,
            "{}  {}  {}",
            when(e.at),
            e.actor.as_deref().unwrap_or("system"),
            e.action
        );
        for c in &e.changes {
            let _ = writeln!(
                out,
                "    {}: {} -> {}",
                c.field,
                c.before.as_deref().unwrap_or("(empty)"),
                c.after.as_deref().unwrap_or("(empty)")
            );
        }
    }
    out
}

/// Prints a value as JSON with `--json`, or else the text people read.
pub(crate) fn emit(json: bool, value: &impl Serialize, text: String) -> Result<()> {
    if json {
        return print_json(value);
    }
    if text.ends_with('\n') {
        say_raw!("{text}");
    } else {
        say!("{text}");
    }
    Ok(())
}

pub(crate) fn print_json(value: &impl Serialize) -> Result<()> {
    say!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_columns() {
        let t = table(
            &["KEY", "TITLE"],
            &[
                vec!["NJ-1".into(), "Cape".into()],
                vec!["NJ-100".into(), "Boss".into()],
            ],
        );
        assert_eq!(t, "KEY     TITLE\nNJ-1    Cape\nNJ-100  Boss\n");
    }

    #[test]
    fn instants_print_in_utc() {
        assert_eq!(when(0), "1970-01-01 00:00");
    }
}
