//! Compiles a resolved query ([`ResolvedQuery`]) into SQL with bind parameters.
//!
//! The SQL text is built only from this module's fixed fragments and `$n`
//! placeholders: every value a person typed (text, names, dates, keys, custom field
//! names) is bound as a parameter. A property test checks that the SQL text does not
//! change when the values do.

use crate::items::{SELECT_ROW, item_row, shared_with};
use crate::{Backend, Conn, Result, codec};
use callsheet_core::item::ItemRow;
use callsheet_core::item::StatusCategory;
use callsheet_core::page::Page;
use callsheet_core::query::ast::{BuiltinField, CmpOp};
use callsheet_core::query::resolve::{
    CustomKind, Filter, Operand, Order, ResolvedQuery, Sort, Target,
};
use std::fmt::Write;

mod names;
mod walk;
pub use names::{Names, look_up as look_up_names};
use walk::choose as choose_walk;
pub use walk::{PersonSort, Walk, person_sort, sort_index};

/// How a list is found: the walk to its first page, and the ids of the people and
/// statuses it names (see [`names`] and [`walk`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub walk: Walk,
    pub names: Names,
    /// How many items a walk reads at most ([`walk::WALK_BUDGET`]).
    pub budget: i64,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            walk: Walk::Planner,
            names: Names::default(),
            budget: walk::WALK_BUDGET,
        }
    }
}

/// Looks up what a list names, then chooses its walk.
pub async fn plan(conn: &mut Conn, query: &ResolvedQuery, scope: &Scope) -> Result<Plan> {
    let names = look_up_names(conn, query).await?;
    let walk = choose_walk(query, scope, Backend::of_conn(conn));
    Ok(Plan {
        walk,
        names,
        ..Plan::default()
    })
}

/// A parameter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Text(String),
    Int(i64),
    Float(f64),
}

/// SQL text and its parameters, in `$1..$n` order.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub binds: Vec<Bind>,
}

/// Which items a query may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// One project, or every project.
    pub project_id: Option<i64>,
    pub visibility: Visibility,
}

/// Which of the scope's items the asker may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Visibility {
    /// Everything: the system, or a non-vendor member of the one project (checked before).
    #[default]
    All,
    /// Across projects: every item of `full` (where the person is not a vendor), and of
    /// `shared` (where they are) only items shared with them. Listing the projects up front,
    /// rather than joining memberships per row, lets the database use its project indexes.
    Projects {
        person: i64,
        full: Vec<i64>,
        shared: Vec<i64>,
    },
    /// Only items shared with this person: assignee, reporter or watcher.
    SharedWith(i64),
}

const OPEN: &str = "NOT IN ('done', 'cancelled')";

struct Compiler {
    backend: Backend,
    sql: String,
    binds: Vec<Bind>,
    walk: Walk,
    names: Names,
    budget: i64,
    /// The list is one project's (sorts may use what holds within a project).
    one_project: bool,
}

impl Compiler {
    fn new(backend: Backend, sql: &str) -> Self {
        Compiler {
            backend,
            sql: sql.to_string(),
            binds: Vec::new(),
            walk: Walk::Planner,
            names: Names::default(),
            budget: walk::WALK_BUDGET,
            one_project: false,
        }
    }

    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn bind_operand(&mut self, operand: &Operand) -> String {
        let value = match operand {
            Operand::Text(t) => Bind::Text(t.clone()),
            Operand::Int(n) | Operand::Instant(n) => Bind::Int(*n),
            Operand::Float(f) => Bind::Float(*f),
            Operand::Date(d) => Bind::Text(d.to_string()),
            Operand::Project(p) => Bind::Text(p.to_string()),
            Operand::Key(k) => Bind::Text(k.to_string()),
        };
        self.bind(value)
    }

    /// `(SELECT x.id FROM items x ... WHERE key matches)` for an item key operand.
    fn item_id_of(&mut self, operand: &Operand) -> String {
        match operand {
            Operand::Key(key) => {
                let project = self.bind(Bind::Text(key.project.to_string()));
                let number = self.bind(Bind::Int(key.number));
                format!(
                    "(SELECT x.id FROM items x JOIN projects xp ON xp.id = x.project_id WHERE xp.key = {project} AND x.number = {number})"
                )
            }
            // Resolution only gives keys for key-shaped fields; anything else matches nothing.
            _ => "(SELECT NULL)".to_string(),
        }
    }

    fn filter(&mut self, filter: &Filter) {
        match filter {
            Filter::And(parts) | Filter::Or(parts) => {
                let joiner = if matches!(filter, Filter::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                self.sql.push('(');
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        self.sql.push_str(joiner);
                    }
                    self.filter(part);
                }
                self.sql.push(')');
            }
            Filter::Not(inner) => {
                self.sql.push_str("NOT ");
                self.filter(inner);
            }
            Filter::Blocked => {
                // Open items only: a done item is not waiting on anything. An open
                // `blocks` blocker always blocks; an open `depends_on` predecessor blocks
                // work already under way (work that has not started is waiting its turn
                // in the schedule, not blocked).
                // One EXISTS with the correlation inside an OR: PostgreSQL then probes
                // the link indexes per candidate row (cheap under a LIMIT) instead of
                // hashing every open blocker in the studio.
                let _ = write!(
                    self.sql,
                    "(i.category {OPEN} AND EXISTS (SELECT 1 FROM item_links bl JOIN items bi ON bi.id = CASE WHEN bl.kind = 'blocks' THEN bl.src_id ELSE bl.dst_id END \
                     WHERE ((bl.dst_id = i.id AND bl.kind = 'blocks') OR (bl.src_id = i.id AND bl.kind = 'depends_on' AND i.category IN ('in_progress', 'review'))) AND bi.category {OPEN}))"
                );
            }
            Filter::Linked(key) => {
                let other = self.item_id_of(&Operand::Key(key.clone()));
                let _ = write!(
                    self.sql,
                    "EXISTS (SELECT 1 FROM item_links ll WHERE (ll.src_id = i.id AND ll.dst_id = {other}) OR (ll.dst_id = i.id AND ll.src_id = {other}))"
                );
            }
            Filter::Empty { target, negated } => {
                let cond = self.empty(target);
                if *negated {
                    let _ = write!(self.sql, "NOT {cond}");
                } else {
                    self.sql.push_str(&cond);
                }
            }
            Filter::Compare { target, op, value } => {
                let cond = self.compare(target, *op, value);
                self.sql.push_str(&cond);
            }
            Filter::In {
                target,
                values,
                negated,
            } => {
                let parts: Vec<String> = values
                    .iter()
                    .map(|v| self.compare(target, CmpOp::Eq, v))
                    .collect();
                let any = format!("({})", parts.join(" OR "));
                if *negated {
                    // NOT IN keeps SQL's rule: an empty value matches neither IN nor NOT IN.
                    let present = self.empty(target);
                    let _ = write!(self.sql, "(NOT {any} AND NOT {present})");
                } else {
                    self.sql.push_str(&any);
                }
            }
        }
    }

    fn empty(&mut self, target: &Target) -> String {
        match target {
            Target::Builtin(field) => match field {
                BuiltinField::Label => {
                    "NOT EXISTS (SELECT 1 FROM item_labels el WHERE el.item_id = i.id)".into()
                }
                BuiltinField::Watcher => {
                    "NOT EXISTS (SELECT 1 FROM watchers ew WHERE ew.item_id = i.id)".into()
                }
                BuiltinField::Description => "i.description = ''".into(),
                other => format!("{} IS NULL", column(*other)),
            },
            Target::Custom { name, .. } => {
                let name = self.bind(Bind::Text(name.clone()));
                format!(
                    "NOT EXISTS (SELECT 1 FROM item_field_values ev JOIN custom_fields ef ON ef.id = ev.field_id WHERE ev.item_id = i.id AND ef.name = {name})"
                )
            }
        }
    }

    fn compare(&mut self, target: &Target, op: CmpOp, value: &Operand) -> String {
        let negate_set = matches!(op, CmpOp::Ne | CmpOp::NotContains);
        match target {
            Target::Builtin(BuiltinField::Key) => {
                let Operand::Key(key) = value else {
                    return "1 = 0".into();
                };
                let project = self.bind(Bind::Text(key.project.to_string()));
                let number = self.bind(Bind::Int(key.number));
                let cond = format!("(p.key = {project} AND i.number = {number})");
                if negate_set {
                    format!("NOT {cond}")
                } else {
                    cond
                }
            }
            Target::Builtin(field @ (BuiltinField::Parent | BuiltinField::Milestone)) => {
                let id = self.item_id_of(value);
                format!(
                    "{} {} {id}",
                    column(*field),
                    if negate_set { "<>" } else { "=" }
                )
            }
            Target::Builtin(field @ (BuiltinField::Assignee | BuiltinField::Reporter)) => {
                let set = if negate_set { "NOT IN" } else { "IN" };
                let col = column(*field);
                if let Some(ids) = self.known(value, false) {
                    return self.in_ids(col, set, &ids);
                }
                let handle = self.bind_operand(value);
                format!("{col} {set} (SELECT pe.id FROM people pe WHERE pe.handle = {handle})")
            }
            Target::Builtin(BuiltinField::Status) => {
                let set = if negate_set { "NOT IN" } else { "IN" };
                if let Some(ids) = self.known(value, true) {
                    return self.in_ids("i.status_id", set, &ids);
                }
                let name = self.bind_operand(value);
                format!(
                    "i.status_id {set} (SELECT st.id FROM statuses st WHERE LOWER(st.name) = LOWER({name}))"
                )
            }
            Target::Builtin(BuiltinField::Label) => {
                let cond = match op {
                    CmpOp::Contains | CmpOp::NotContains => {
                        let pattern = self.like(value);
                        format!("ll.name LIKE {pattern} ESCAPE '\\'")
                    }
                    _ => {
                        let name = self.bind(Bind::Text(operand_text(value).to_lowercase()));
                        format!("ll.name = {name}")
                    }
                };
                // The labelled items as a set: the database can start from the label's
                // index instead of probing every item's labels.
                let exists = format!(
                    "i.id IN (SELECT il.item_id FROM item_labels il JOIN labels ll ON ll.id = il.label_id WHERE {cond})"
                );
                self.negated_set(target, exists, negate_set)
            }
            Target::Builtin(BuiltinField::Watcher) => {
                let handle = self.bind_operand(value);
                let exists = format!(
                    "EXISTS (SELECT 1 FROM watchers w JOIN people wp ON wp.id = w.person_id WHERE w.item_id = i.id AND wp.handle = {handle})"
                );
                self.negated_set(target, exists, negate_set)
            }
            Target::Builtin(BuiltinField::Text) => {
                if negate_set {
                    let pattern = self.like(value);
                    return format!(
                        "NOT (LOWER(i.title) LIKE {pattern} ESCAPE '\\' OR LOWER(i.description) LIKE {pattern} ESCAPE '\\')"
                    );
                }
                let candidates = self.text_candidates("", value);
                let pattern = self.like(value);
                format!(
                    "({candidates}(LOWER(i.title) LIKE {pattern} ESCAPE '\\' OR LOWER(i.description) LIKE {pattern} ESCAPE '\\'))"
                )
            }
            Target::Builtin(field @ (BuiltinField::Title | BuiltinField::Description))
                if op == CmpOp::Contains =>
            {
                let columns = if *field == BuiltinField::Title {
                    "title : "
                } else {
                    "description : "
                };
                let candidates = self.text_candidates(columns, value);
                let cond = self.scalar(column(*field), op, value);
                format!("({candidates}{cond})")
            }
            Target::Builtin(field) => self.scalar(column(*field), op, value),
            Target::Custom { name, kind } => {
                let name = self.bind(Bind::Text(name.clone()));
                let col = match kind {
                    CustomKind::Number => "cv.number_value",
                    _ => "cv.text_value",
                };
                let cond = if *kind == CustomKind::Enum && matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    let v = self.bind_operand(value);
                    format!(
                        "LOWER({col}) {} LOWER({v})",
                        if op == CmpOp::Eq { "=" } else { "<>" }
                    )
                } else {
                    self.scalar(col, op, value)
                };
                format!(
                    "EXISTS (SELECT 1 FROM item_field_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.item_id = i.id AND cf.name = {name} AND {cond})"
                )
            }
        }
    }

    /// The ids looked up for a handle (or a status name), when they were.
    fn known(&self, value: &Operand, status: bool) -> Option<Vec<i64>> {
        let Operand::Text(text) = value else {
            return None;
        };
        let map = if status {
            &self.names.statuses
        } else {
            &self.names.people
        };
        map.get(text).cloned()
    }

    /// `col IN (ids)` or `col NOT IN (ids)`, as a sub-select with the same answer would
    /// be: nothing is in an empty set, and everything is outside it.
    fn in_ids(&mut self, col: &str, set: &str, ids: &[i64]) -> String {
        if ids.is_empty() {
            return if set == "IN" { "1 = 0" } else { "1 = 1" }.to_string();
        }
        let marks: Vec<String> = ids.iter().map(|id| self.bind(Bind::Int(*id))).collect();
        format!("{col} {set} ({})", marks.join(", "))
    }

    /// A many-valued field's condition, negated or not. Negated, it still needs the
    /// field to hold something: `label != cert` means "labelled, but not cert",
    /// as `!=` never matches an empty field.
    fn negated_set(&mut self, target: &Target, exists: String, negated: bool) -> String {
        if negated {
            let empty = self.empty(target);
            format!("(NOT {exists} AND NOT {empty})")
        } else {
            exists
        }
    }

    /// On SQLite, `i.id IN (<the trigram index's candidates>) AND ` for a `~` of three
    /// or more characters on `columns` (FTS5 column filter; empty for both). The LIKE
    /// after it decides, so answers are the same with or without the index. Shorter
    /// patterns (the index has no trigram for them) and PostgreSQL (whose pg_trgm
    /// indexes serve the LIKE itself) get nothing.
    fn text_candidates(&mut self, columns: &str, value: &Operand) -> String {
        let text = operand_text(value).to_lowercase();
        // Walking a sort's index, the LIKE on each row passed is cheaper than listing
        // every candidate first.
        let walking = self.walk.in_order();
        if self.backend != Backend::Sqlite || text.chars().count() < 3 || walking {
            return String::new();
        }
        let phrase = self.bind(Bind::Text(format!(
            "{columns}\"{}\"",
            text.replace('"', "\"\"")
        )));
        format!("i.id IN (SELECT rowid FROM items_text WHERE items_text MATCH {phrase}) AND ")
    }

    fn like(&mut self, value: &Operand) -> String {
        self.bind(Bind::Text(codec::like_contains(&operand_text(value))))
    }

    /// A plain comparison of one column with one value.
    fn scalar(&mut self, col: &str, op: CmpOp, value: &Operand) -> String {
        match op {
            CmpOp::Contains | CmpOp::NotContains => {
                let pattern = self.like(value);
                let not = if op == CmpOp::NotContains { "NOT " } else { "" };
                format!("LOWER({col}) {not}LIKE {pattern} ESCAPE '\\'")
            }
            _ => {
                let v = self.bind_operand(value);
                let sym = match op {
                    CmpOp::Ne => "<>",
                    other => other.symbol(),
                };
                format!("{col} {sym} {v}")
            }
        }
    }

    /// ` ORDER BY …`. With `unindexed`, each term is written `+term`, which SQLite cannot
    /// serve from an index: it then finds the matches by the filter and sorts them.
    fn sort(&mut self, sorts: &[Sort], unindexed: bool) {
        let plus = if unindexed { "+" } else { "" };
        let mut terms: Vec<String> = Vec::new();
        if sorts.is_empty() {
            terms.push(format!("{plus}i.updated_at DESC"));
            terms.push(format!("{plus}i.id DESC"));
        }
        for sort in sorts {
            let (expr, nullable) = self.sort_expr(&sort.target);
            let dir = if sort.order == Order::Desc {
                " DESC"
            } else {
                ""
            };
            // Empty values sort last in both directions, as in a spreadsheet. PostgreSQL
            // does that by itself ascending; SQLite is told (its index has the same term).
            if nullable && !(self.backend == Backend::Postgres && sort.order == Order::Asc) {
                terms.push(format!("{plus}({expr} IS NULL)"));
            }
            for part in expr.split(", ") {
                terms.push(format!("{plus}{part}{dir}"));
            }
        }
        if !sorts.is_empty() {
            // Ties break by id in the direction of the last key, so an index on
            // (..., key) can be walked backwards for DESC (its entries end in the row id).
            let last_desc = sorts.last().is_some_and(|s| s.order == Order::Desc);
            terms.push(format!(
                "{plus}i.id{}",
                if last_desc { " DESC" } else { "" }
            ));
        }
        let _ = write!(self.sql, " ORDER BY {}", terms.join(", "));
    }

    /// A sort key's expression, and whether it can be empty.
    fn sort_expr(&mut self, target: &Target) -> (String, bool) {
        match target {
            Target::Builtin(BuiltinField::Key) => ("p.key, i.number".to_string(), false),
            // In one project a status's position is its rank by id (statuses are only
            // ever added at the end: store::workflow::add_status), so the id sorts the
            // same and has an index; across projects positions interleave.
            Target::Builtin(BuiltinField::Status) if self.one_project => {
                ("i.status_id".to_string(), false)
            }
            Target::Builtin(BuiltinField::Status) => (
                "(SELECT so.position FROM statuses so WHERE so.id = i.status_id)".to_string(),
                false,
            ),
            Target::Builtin(BuiltinField::StatusCategory) => (
                "CASE i.category WHEN 'backlog' THEN 1 WHEN 'todo' THEN 2 WHEN 'in_progress' THEN 3 WHEN 'review' THEN 4 WHEN 'done' THEN 5 ELSE 6 END".to_string(),
                false,
            ),
            Target::Builtin(BuiltinField::Assignee) => (
                "(SELECT ao.handle FROM people ao WHERE ao.id = i.assignee_id)".to_string(),
                true,
            ),
            Target::Builtin(BuiltinField::Reporter) => (
                "(SELECT ro.handle FROM people ro WHERE ro.id = i.reporter_id)".to_string(),
                true,
            ),
            Target::Builtin(field) => {
                let nullable = !matches!(
                    field,
                    BuiltinField::Project
                        | BuiltinField::Kind
                        | BuiltinField::Title
                        | BuiltinField::Priority
                        | BuiltinField::Created
                        | BuiltinField::Updated
                );
                (column(*field).to_string(), nullable)
            }
            Target::Custom { name, kind } => {
                let name = self.bind(Bind::Text(name.clone()));
                let col = if *kind == CustomKind::Number {
                    "sv.number_value"
                } else {
                    "sv.text_value"
                };
                (format!("(SELECT {col} FROM item_field_values sv JOIN custom_fields sf ON sf.id = sv.field_id WHERE sv.item_id = i.id AND sf.name = {name})"), true)
            }
        }
    }
}

fn operand_text(value: &Operand) -> String {
    match value {
        Operand::Text(t) => t.clone(),
        Operand::Int(n) | Operand::Instant(n) => n.to_string(),
        Operand::Float(f) => f.to_string(),
        Operand::Date(d) => d.to_string(),
        Operand::Key(k) => k.to_string(),
        Operand::Project(p) => p.to_string(),
    }
}

/// The column a single-valued built-in field is stored in.
fn column(field: BuiltinField) -> &'static str {
    match field {
        BuiltinField::Key => "i.number",
        BuiltinField::Project => "p.key",
        BuiltinField::Kind => "i.kind",
        BuiltinField::Title => "i.title",
        BuiltinField::Description | BuiltinField::Text => "i.description",
        BuiltinField::Status => "i.status_id",
        BuiltinField::StatusCategory => "i.category",
        BuiltinField::Priority => "i.priority",
        BuiltinField::Severity => "i.severity",
        BuiltinField::Assignee => "i.assignee_id",
        BuiltinField::Reporter => "i.reporter_id",
        BuiltinField::Department => "i.department",
        BuiltinField::Label | BuiltinField::Watcher => "i.id",
        BuiltinField::Estimate => "i.estimate_minutes",
        BuiltinField::Start => "i.start_date",
        BuiltinField::Due => "i.due_date",
        BuiltinField::Created => "i.created_at",
        BuiltinField::Updated => "i.updated_at",
        BuiltinField::Parent => "i.parent_id",
        BuiltinField::Milestone => "i.milestone_id",
        // The scheduler's output, stored per item (none for cancelled items).
        BuiltinField::Float => "(SELECT s.total_float FROM item_schedule s WHERE s.item_id = i.id)",
        BuiltinField::Slipped => {
            "(SELECT s.finish_slip FROM item_schedule s WHERE s.item_id = i.id)"
        }
        BuiltinField::Critical => "(SELECT s.critical FROM item_schedule s WHERE s.item_id = i.id)",
    }
}

/// Writes `FROM items i JOIN projects p ... WHERE <scope> AND <filter>`.
fn from_where(c: &mut Compiler, query: &ResolvedQuery, scope: Scope) {
    match c.walk {
        Walk::SortIndex(index) => {
            // The project's first WALK_BUDGET items in the sort's order, in that order
            // (CROSS JOIN keeps them the outer loop); the filter keeps the matches.
            let project = c.bind(Bind::Int(scope.project_id.unwrap_or_default()));
            let _ = write!(
                c.sql,
                " FROM (SELECT i.id AS wid FROM items i INDEXED BY {index} WHERE i.project_id = {project}"
            );
            c.sort(&query.sort, false);
            let budget = c.bind(Bind::Int(c.budget));
            let _ = write!(
                c.sql,
                " LIMIT {budget}) AS w CROSS JOIN items i JOIN projects p ON p.id = i.project_id WHERE i.id = w.wid AND "
            );
        }
        Walk::People(person) => {
            // People in handle order, each one's items in id order, then the items with
            // nobody: the list's order, as the person sort gives it (empty last).
            let project = c.bind(Bind::Int(scope.project_id.unwrap_or_default()));
            let budget = c.bind(Bind::Int(c.budget));
            let PersonSort {
                column,
                index,
                descending,
            } = person;
            let dir = if descending { " DESC" } else { "" };
            let _ = write!(
                c.sql,
                " FROM (SELECT wid FROM (SELECT i.id AS wid FROM people ao CROSS JOIN items i INDEXED BY {index} \
                 WHERE i.project_id = {project} AND i.{column} = ao.id ORDER BY ao.handle{dir}, i.id{dir} LIMIT {budget}) \
                 UNION ALL SELECT wid FROM (SELECT i.id AS wid FROM items i INDEXED BY {index} \
                 WHERE i.project_id = {project} AND i.{column} IS NULL ORDER BY i.id{dir} LIMIT {budget}) \
                 LIMIT {budget}) AS w CROSS JOIN items i JOIN projects p ON p.id = i.project_id WHERE i.id = w.wid AND "
            );
        }
        _ => c
            .sql
            .push_str(" FROM items i JOIN projects p ON p.id = i.project_id WHERE "),
    }
    if let Some(project_id) = scope.project_id {
        let p = c.bind(Bind::Int(project_id));
        let _ = write!(c.sql, "i.project_id = {p}");
    } else {
        c.sql.push_str("1 = 1");
    }
    c.visibility(scope.visibility);
    if let Some(filter) = &query.filter {
        c.sql.push_str(" AND ");
        c.filter(filter);
    }
}

impl Compiler {
    /// ` AND <who may see the item>` for `i`.
    fn visibility(&mut self, visibility: Visibility) {
        match visibility {
            Visibility::All => {}
            Visibility::Projects {
                person,
                full,
                shared,
            } => {
                let mut parts = Vec::new();
                if !full.is_empty() {
                    let ids: Vec<String> = full
                        .into_iter()
                        .map(|id| self.bind(Bind::Int(id)))
                        .collect();
                    parts.push(format!("i.project_id IN ({})", ids.join(", ")));
                }
                if !shared.is_empty() {
                    let ids: Vec<String> = shared
                        .into_iter()
                        .map(|id| self.bind(Bind::Int(id)))
                        .collect();
                    let me = self.bind(Bind::Int(person));
                    parts.push(format!(
                        "(i.project_id IN ({}) AND {})",
                        ids.join(", "),
                        shared_with(&me)
                    ));
                }
                if parts.is_empty() {
                    self.sql.push_str(" AND 1 = 0");
                } else {
                    let _ = write!(self.sql, " AND ({})", parts.join(" OR "));
                }
            }
            Visibility::SharedWith(person) => {
                let me = self.bind(Bind::Int(person));
                let _ = write!(self.sql, " AND {}", shared_with(&me));
            }
        }
    }
}

/// Which of these items a person may see, by [`Visibility`]: the one check every
/// reference (parent, milestone, link, child) passes before its key or title is shown
/// or set. Items that do not exist are simply absent from the answer.
pub async fn visible_among(
    conn: &mut Conn,
    ids: &[i64],
    visibility: &Visibility,
) -> Result<std::collections::HashSet<i64>> {
    let mut seen = std::collections::HashSet::new();
    if *visibility == Visibility::All {
        seen.extend(ids.iter().copied());
        return Ok(seen);
    }
    for chunk in ids.chunks(500) {
        let mut c = Compiler::new(
            Backend::of_conn(conn),
            "SELECT i.id AS id FROM items i WHERE i.id IN (",
        );
        let marks: Vec<String> = chunk.iter().map(|id| c.bind(Bind::Int(*id))).collect();
        c.sql.push_str(&marks.join(", "));
        c.sql.push(')');
        c.visibility(visibility.clone());
        let rows = bound(c.sql, c.binds).fetch_all(&mut *conn).await?;
        for row in &rows {
            seen.insert(sqlx::Row::try_get::<i64, _>(row, "id")?);
        }
    }
    Ok(seen)
}

/// Builds the item-list SQL for a query within a scope, as the planner chooses.
pub fn compile(query: &ResolvedQuery, scope: Scope, backend: Backend, page: Page) -> Compiled {
    compile_planned(query, scope, backend, page, &Plan::default())
}

/// Builds the item-list SQL for a query within a scope, as `plan` says.
pub fn compile_planned(
    query: &ResolvedQuery,
    scope: Scope,
    backend: Backend,
    page: Page,
    plan: &Plan,
) -> Compiled {
    let walk = plan.walk;
    // Two steps in one statement: the inner SELECT finds the page's ids (filter, order,
    // limit), and only those rows get their display columns. When no index serves the
    // order, the database then sorts bare ids, not thousands of fully built rows.
    let mut c = Compiler::new(backend, &format!("{SELECT_ROW} WHERE i.id IN (SELECT i.id"));
    c.walk = walk;
    c.names = plan.names.clone();
    c.budget = plan.budget;
    c.one_project = scope.project_id.is_some();
    from_where(&mut c, query, scope);
    // A walk is already in order: sorting its matches would read the whole budget.
    if !walk.in_order() {
        c.sort(&query.sort, walk == Walk::FilterFirst);
    }
    let limit = c.bind(Bind::Int(page.limit.clamp(1, 1000)));
    let offset = c.bind(Bind::Int(page.offset.max(0)));
    let _ = write!(c.sql, " LIMIT {limit} OFFSET {offset})");
    // The page's rows, in the same order.
    c.walk = Walk::Planner;
    c.sort(&query.sort, false);
    Compiled {
        sql: c.sql,
        binds: c.binds,
    }
}

/// Builds the SQL that counts a query's items per status category (ignoring its order).
pub fn compile_counts(query: &ResolvedQuery, scope: Scope, backend: Backend) -> Compiled {
    let mut c = Compiler::new(backend, "SELECT i.category AS category, COUNT(*) AS n");
    from_where(&mut c, query, scope);
    c.sql.push_str(" GROUP BY i.category");
    Compiled {
        sql: c.sql,
        binds: c.binds,
    }
}

fn bound(
    sql: String,
    binds: Vec<Bind>,
) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for bind in binds {
        q = match bind {
            Bind::Text(t) => q.bind(t),
            Bind::Int(n) => q.bind(n),
            Bind::Float(f) => q.bind(f),
        };
    }
    q
}

/// Runs a query and loads one page of items.
pub async fn list(
    conn: &mut Conn,
    query: &ResolvedQuery,
    scope: Scope,
    page: Page,
) -> Result<Vec<ItemRow>> {
    let plan = plan(conn, query, &scope).await?;
    list_planned(conn, query, scope, page, &plan).await
}

/// Loads one page of items, found as `plan` says (every plan gives the same page).
pub async fn list_planned(
    conn: &mut Conn,
    query: &ResolvedQuery,
    scope: Scope,
    page: Page,
    plan: &Plan,
) -> Result<Vec<ItemRow>> {
    let compiled = compile_planned(query, scope.clone(), Backend::of_conn(conn), page, plan);
    let rows = bound(compiled.sql, compiled.binds)
        .fetch_all(&mut *conn)
        .await?;
    let short = (rows.len() as i64) < page.limit.clamp(1, 1000);
    if plan.walk.in_order() && short {
        // The budget ran out before the page filled: the matches are few, so find them
        // through the filter and sort them.
        let few = Plan {
            walk: Walk::FilterFirst,
            ..plan.clone()
        };
        return Box::pin(list_planned(conn, query, scope, page, &few)).await;
    }
    rows.iter().map(item_row).collect()
}

/// How many of a query's items sit in each status category; categories with none are absent.
pub async fn counts(
    conn: &mut Conn,
    query: &ResolvedQuery,
    scope: Scope,
) -> Result<Vec<(StatusCategory, i64)>> {
    let compiled = compile_counts(query, scope, Backend::of_conn(conn));
    let rows = bound(compiled.sql, compiled.binds)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = sqlx::Row::try_get(r, "n")?;
            Ok((codec::enum_of(r, "category", StatusCategory::parse)?, n))
        })
        .collect()
}

/// The database's plan for a query, one line per step: for tuning indexes.
pub async fn explain(
    conn: &mut Conn,
    query: &ResolvedQuery,
    scope: Scope,
    page: Page,
) -> Result<Vec<String>> {
    let backend = Backend::of_conn(conn);
    let plan = plan(conn, query, &scope).await?;
    let compiled = compile_planned(query, scope, backend, page, &plan);
    let (prefix, column) = match backend {
        Backend::Sqlite => ("EXPLAIN QUERY PLAN ", "detail"),
        Backend::Postgres => ("EXPLAIN (ANALYZE, COSTS OFF) ", "QUERY PLAN"),
    };
    let rows = bound(format!("{prefix}{}", compiled.sql), compiled.binds)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok(sqlx::Row::try_get::<String, _>(r, column)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use callsheet_core::Date;
    use callsheet_core::field::{FieldDef, FieldType};
    use callsheet_core::query::{Context, compile as resolve_text};
    use proptest::prelude::*;

    fn ctx() -> Context {
        Context {
            now_ms: 1_800_000_000_000,
            today: Date::constant(2027, 1, 15),
            me: Some("ada".into()),
        }
    }

    fn fields() -> Vec<FieldDef> {
        vec![FieldDef {
            name: "Region".into(),
            field_type: FieldType::Text,
        }]
    }

    const OUR_SOURCE: [&str; 3] = [
        include_str!("mod.rs"),
        include_str!("walk.rs"),
        include_str!("../items.rs"),
    ];

    fn sql_of(text: &str) -> Compiled {
        let q = resolve_text(text, &fields(), &ctx()).unwrap();
        compile(
            &q,
            Scope {
                project_id: Some(1),
                visibility: Visibility::All,
            },
            Backend::Sqlite,
            Page::default(),
        )
    }

    #[test]
    fn values_are_bound_not_written() {
        let c = sql_of("title ~ \"'; DROP TABLE items; --\" AND Region = \"x' OR 1=1\"");
        assert!(!c.sql.contains("DROP"));
        assert!(!c.sql.contains("1=1"));
        assert!(
            c.binds
                .contains(&Bind::Text("%'; drop table items; --%".into()))
        );
        assert!(c.binds.contains(&Bind::Text("Region".into())));
    }

    #[test]
    fn empty_values_sort_last_on_sqlite_as_on_postgres() {
        let q = resolve_text("ORDER BY due", &[], &ctx()).unwrap();
        let lite = compile(
            &q,
            Scope {
                project_id: Some(1),
                visibility: Visibility::All,
            },
            Backend::Sqlite,
            Page::default(),
        );
        assert!(
            lite.sql
                .contains("ORDER BY (i.due_date IS NULL), i.due_date, i.id"),
            "{}",
            lite.sql
        );
        let pg = compile(
            &q,
            Scope {
                project_id: Some(1),
                visibility: Visibility::All,
            },
            Backend::Postgres,
            Page::default(),
        );
        assert!(pg.sql.ends_with("ORDER BY i.due_date, i.id"), "{}", pg.sql);
    }

    fn structure(values: &[String]) -> String {
        format!(
            "title ~ \"{}\" AND (label = \"{}\" OR Region != \"{}\") AND assignee IN (\"{}\", bob) AND status = \"{}\" ORDER BY Region DESC",
            values[0], values[1], values[2], values[3], values[4]
        )
    }

    proptest! {
        /// The SQL text depends only on the query's shape, never on the values typed.
        #[test]
        fn sql_text_never_carries_typed_values(values in proptest::collection::vec("[a-z0-9 '%_;()-]{3,12}", 5)) {
            let handles: Vec<String> = values.iter().map(|v| v.replace(|c: char| !c.is_ascii_alphanumeric(), "x")).collect();
            let mut mixed = values.clone();
            mixed[3] = handles[3].clone();
            // Patterns of three or more characters (shorter ones skip the text index).
            let baseline = vec!["aaa".to_string(), "bbb".into(), "ccc".into(), "ddd".into(), "eee".into()];
            let with_values = sql_of(&structure(&mixed));
            let plain = sql_of(&structure(&baseline));
            prop_assert_eq!(with_values.sql, plain.sql);
        }

        /// Whatever is typed, every word of the SQL comes from this crate's own source:
        /// typed values only ever travel as bind parameters.
        #[test]
        fn sql_words_come_only_from_our_source(
            field in proptest::sample::select(vec!["title", "text", "label", "status", "assignee", "kind", "department", "Region", "project", "parent", "due", "estimate", "priority", "key"]),
            op in proptest::sample::select(vec!["=", "!=", "~", "!~", "<", ">=", "IN"]),
            value in "\\PC{0,24}",
        ) {
            let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
            let text = if op == "IN" { format!("{field} IN ({quoted}, {quoted})") } else { format!("{field} {op} {quoted} ORDER BY {field}") };
            if let Ok(q) = resolve_text(&text, &fields(), &ctx()) {
                for backend in [Backend::Sqlite, Backend::Postgres] {
                    let c = compile(&q, Scope { project_id: Some(1), visibility: Visibility::Projects { person: 7, full: vec![1, 2], shared: vec![3] } }, backend, Page::default());
                    for word in c.sql.split(|ch: char| !ch.is_alphanumeric() && ch != '_').filter(|w| !w.is_empty()) {
                        prop_assert!(
                            OUR_SOURCE.iter().any(|src| src.contains(word)),
                            "{word:?} in the SQL for {text:?} is not ours: {}", c.sql
                        );
                    }
                }
            }
        }

        /// Arbitrary text never panics anywhere from parsing to SQL.
        #[test]
        fn any_text_compiles_or_errors_cleanly(text in "\\PC{0,80}") {
            if let Ok(q) = resolve_text(&text, &fields(), &ctx()) {
                let c = compile(&q, Scope::default(), Backend::Postgres, Page::default());
                prop_assert!(c.sql.starts_with("SELECT "));
            }
        }
    }
}
