//! Checks a parsed query against the fields a project has, and turns every literal
//! into a typed operand: enum words into ranks, `now() + 3d` into a real date,
//! `me()` into a handle. The result is what the store compiles to SQL.

use super::QueryError;
use super::ast::{BuiltinField, CmpOp, Expr, FieldName, Literal, Query, Value};
use crate::Date;
use crate::field::{FieldDef, FieldType};
use crate::ids::{ItemKey, ProjectKey, parse_handle, parse_slug};
use crate::item::{Priority, Severity, StatusCategory};

/// What a query is resolved against: the moment, the date, and who is asking.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// Now, in epoch milliseconds.
    pub now_ms: i64,
    /// Today's date where the person is.
    pub today: Date,
    /// The handle of the person running the query, for `me()`.
    pub me: Option<String>,
}

/// The type of a custom field, as far as a query cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomKind {
    Text,
    Number,
    Date,
    Enum,
    Person,
}

/// A field a condition or a sort is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Builtin(BuiltinField),
    Custom { name: String, kind: CustomKind },
}

/// A typed value to compare with; the store binds each one as a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Text(String),
    Int(i64),
    Float(f64),
    Date(Date),
    /// Epoch milliseconds.
    Instant(i64),
    Key(ItemKey),
    Project(ProjectKey),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Compare {
        target: Target,
        op: CmpOp,
        value: Operand,
    },
    In {
        target: Target,
        values: Vec<Operand>,
        negated: bool,
    },
    Empty {
        target: Target,
        negated: bool,
    },
    /// Has an open item that blocks it (a `blocks` link, or a `depends_on` it waits for).
    Blocked,
    /// Has any link to or from the item.
    Linked(ItemKey),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub target: Target,
    pub order: Order,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResolvedQuery {
    pub filter: Option<Filter>,
    pub sort: Vec<Sort>,
}

/// How values of a field are read, and which operators it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Key,
    Project,
    Slug,
    FreeText,
    Name,
    Category,
    Priority,
    Severity,
    Person,
    Estimate,
    /// Signed working time: float and slip (`float < 2d`, `slipped > -1d`).
    WorkingTime,
    /// true or false.
    Flag,
    CivilDate,
    Instant,
    Number,
    EnumOption,
}

fn shape_of(target: &Target) -> Shape {
    match target {
        Target::Builtin(field) => match field {
            BuiltinField::Key | BuiltinField::Parent | BuiltinField::Milestone => Shape::Key,
            BuiltinField::Project => Shape::Project,
            BuiltinField::Kind | BuiltinField::Department => Shape::Slug,
            BuiltinField::Title | BuiltinField::Description | BuiltinField::Text => Shape::FreeText,
            BuiltinField::Status | BuiltinField::Label => Shape::Name,
            BuiltinField::StatusCategory => Shape::Category,
            BuiltinField::Priority => Shape::Priority,
            BuiltinField::Severity => Shape::Severity,
            BuiltinField::Assignee | BuiltinField::Reporter | BuiltinField::Watcher => {
                Shape::Person
            }
            BuiltinField::Estimate => Shape::Estimate,
            BuiltinField::Float | BuiltinField::Slipped => Shape::WorkingTime,
            BuiltinField::Critical => Shape::Flag,
            BuiltinField::Start | BuiltinField::Due => Shape::CivilDate,
            BuiltinField::Created | BuiltinField::Updated => Shape::Instant,
        },
        Target::Custom { kind, .. } => match kind {
            CustomKind::Text => Shape::FreeText,
            CustomKind::Number => Shape::Number,
            CustomKind::Date => Shape::CivilDate,
            CustomKind::Enum => Shape::EnumOption,
            CustomKind::Person => Shape::Person,
        },
    }
}

fn allows(shape: Shape, target: &Target, op: CmpOp) -> bool {
    let ordered = matches!(
        shape,
        Shape::Priority
            | Shape::Severity
            | Shape::Estimate
            | Shape::WorkingTime
            | Shape::CivilDate
            | Shape::Instant
            | Shape::Number
    );
    let contains =
        matches!(shape, Shape::FreeText) || *target == Target::Builtin(BuiltinField::Label);
    match op {
        CmpOp::Eq | CmpOp::Ne => *target != Target::Builtin(BuiltinField::Text),
        CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => ordered,
        CmpOp::Contains | CmpOp::NotContains => contains,
    }
}

/// Resolves a parsed query. `text` is the query as typed, for error positions.
pub fn resolve(
    text: &str,
    query: &Query,
    fields: &[FieldDef],
    ctx: &Context,
) -> Result<ResolvedQuery, QueryError> {
    let r = Resolver { text, fields, ctx };
    let filter = query.filter.as_ref().map(|e| r.expr(e)).transpose()?;
    let mut sort = Vec::new();
    for term in &query.order {
        let target = r.target(&term.field)?;
        let sortable = !matches!(
            target,
            Target::Builtin(
                BuiltinField::Description
                    | BuiltinField::Text
                    | BuiltinField::Label
                    | BuiltinField::Watcher
            )
        );
        if !sortable {
            return Err(QueryError::at(
                text,
                term.field.offset,
                format!(
                    "cannot order by '{}': it can hold many values or long text",
                    term.field.name
                ),
            ));
        }
        sort.push(Sort {
            target,
            order: if term.descending {
                Order::Desc
            } else {
                Order::Asc
            },
        });
    }
    Ok(ResolvedQuery { filter, sort })
}

struct Resolver<'a> {
    text: &'a str,
    fields: &'a [FieldDef],
    ctx: &'a Context,
}

impl Resolver<'_> {
    fn err(&self, offset: usize, message: impl Into<String>) -> QueryError {
        QueryError::at(self.text, offset, message)
    }

    fn target(&self, field: &FieldName) -> Result<Target, QueryError> {
        if let Some(custom) = self
            .fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(&field.name))
        {
            let kind = match custom.field_type {
                FieldType::Text => CustomKind::Text,
                FieldType::Number => CustomKind::Number,
                FieldType::Date => CustomKind::Date,
                FieldType::Enum(_) => CustomKind::Enum,
                FieldType::Person => CustomKind::Person,
            };
            return Ok(Target::Custom {
                name: custom.name.clone(),
                kind,
            });
        }
        if let Some(builtin) = BuiltinField::parse(&field.name) {
            return Ok(Target::Builtin(builtin));
        }
        let names = BuiltinField::NAMES
            .iter()
            .map(|(n, _)| *n)
            .chain(self.fields.iter().map(|f| f.name.as_str()));
        let hint = closest(&field.name, names)
            .map(|n| format!("; did you mean '{n}'?"))
            .unwrap_or_default();
        Err(self.err(
            field.offset,
            format!("unknown field '{}'{hint}", field.name),
        ))
    }

    fn expr(&self, expr: &Expr) -> Result<Filter, QueryError> {
        Ok(match expr {
            Expr::And(a, b) => Filter::And(vec![self.expr(a)?, self.expr(b)?]),
            Expr::Or(a, b) => Filter::Or(vec![self.expr(a)?, self.expr(b)?]),
            Expr::Not(inner) => Filter::Not(Box::new(self.expr(inner)?)),
            Expr::Predicate(name) => {
                if name.name.eq_ignore_ascii_case("blocked") {
                    Filter::Blocked
                } else {
                    let known = self.target(name).is_ok();
                    let message = if known {
                        format!(
                            "'{}' is a field, not a condition: write {} = value",
                            name.name, name.name
                        )
                    } else {
                        format!(
                            "unknown condition '{}': conditions on their own are blocked and linked(KEY)",
                            name.name
                        )
                    };
                    return Err(self.err(name.offset, message));
                }
            }
            Expr::Function { name, argument } => {
                if !name.name.eq_ignore_ascii_case("linked") {
                    return Err(self.err(
                        name.offset,
                        format!("unknown function '{}()': use linked(KEY)", name.name),
                    ));
                }
                match self.operand(Shape::Key, &Target::Builtin(BuiltinField::Key), argument)? {
                    Operand::Key(key) => Filter::Linked(key),
                    _ => return Err(self.err(argument.offset, "expected an item key like NJ-12")),
                }
            }
            Expr::Empty { field, negated } => {
                let target = self.target(field)?;
                if matches!(
                    target,
                    Target::Builtin(
                        BuiltinField::Key
                            | BuiltinField::Project
                            | BuiltinField::Kind
                            | BuiltinField::Title
                            | BuiltinField::Text
                            | BuiltinField::Status
                            | BuiltinField::StatusCategory
                            | BuiltinField::Priority
                            | BuiltinField::Created
                            | BuiltinField::Updated
                    )
                ) {
                    return Err(self.err(field.offset, format!("'{}' is never empty", field.name)));
                }
                Filter::Empty {
                    target,
                    negated: *negated,
                }
            }
            Expr::In {
                field,
                values,
                negated,
            } => {
                let target = self.target(field)?;
                let shape = shape_of(&target);
                if !allows(shape, &target, CmpOp::Eq) {
                    return Err(
                        self.err(field.offset, format!("'{}' does not take IN", field.name))
                    );
                }
                let values = values
                    .iter()
                    .map(|v| self.operand(shape, &target, v))
                    .collect::<Result<Vec<_>, _>>()?;
                Filter::In {
                    target,
                    values,
                    negated: *negated,
                }
            }
            Expr::Compare {
                field,
                op,
                op_offset,
                value,
            } => {
                let target = self.target(field)?;
                let shape = shape_of(&target);
                if !allows(shape, &target, *op) {
                    return Err(self.err(
                        *op_offset,
                        format!(
                            "'{}' does not take '{}'{}",
                            field.name,
                            op.symbol(),
                            op_hint(shape)
                        ),
                    ));
                }
                let operand = self.operand(shape, &target, value)?;
                // `created = 2026-11-01` means during that day.
                if let (Shape::Instant, Literal::Date(day), CmpOp::Eq | CmpOp::Ne) =
                    (shape, &value.literal, op)
                {
                    let start = day_start_ms(*day);
                    let end = start + 86_400_000;
                    let during = Filter::And(vec![
                        Filter::Compare {
                            target: target.clone(),
                            op: CmpOp::Ge,
                            value: Operand::Instant(start),
                        },
                        Filter::Compare {
                            target,
                            op: CmpOp::Lt,
                            value: Operand::Instant(end),
                        },
                    ]);
                    return Ok(if *op == CmpOp::Eq {
                        during
                    } else {
                        Filter::Not(Box::new(during))
                    });
                }
                Filter::Compare {
                    target,
                    op: *op,
                    value: operand,
                }
            }
        })
    }

    fn operand(&self, shape: Shape, target: &Target, value: &Value) -> Result<Operand, QueryError> {
        let at = value.offset;
        let text = match &value.literal {
            Literal::Text(t) => Some(t.clone()),
            Literal::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let wrong = |what: &str| self.err(at, format!("expected {what} here"));
        match shape {
            Shape::Key => text
                .and_then(|t| t.parse::<ItemKey>().ok())
                .map(Operand::Key)
                .ok_or_else(|| wrong("an item key like NJ-12")),
            Shape::Project => text
                .and_then(|t| t.parse::<ProjectKey>().ok())
                .map(Operand::Project)
                .ok_or_else(|| wrong("a project key like NJ")),
            Shape::Slug => {
                let t = text.ok_or_else(|| wrong("a name"))?;
                parse_slug("value", &t)
                    .map(Operand::Text)
                    .map_err(|_| wrong("a lower-case name like art or bug"))
            }
            Shape::FreeText | Shape::Name => {
                text.map(Operand::Text).ok_or_else(|| wrong("some text"))
            }
            Shape::Category => {
                let t = text.ok_or_else(|| wrong("a status category"))?;
                StatusCategory::parse(&t)
                    .map(|c| Operand::Text(c.as_str().to_string()))
                    .map_err(|_| wrong(&format!("a status category ({})", StatusCategory::words())))
            }
            Shape::Priority => {
                let t = text.ok_or_else(|| wrong("a priority"))?;
                Priority::parse(&t)
                    .map(|p| Operand::Int(p.rank()))
                    .map_err(|_| wrong(&format!("a priority ({})", Priority::words())))
            }
            Shape::Severity => {
                let t = text.ok_or_else(|| wrong("a severity"))?;
                Severity::parse(&t)
                    .map(|p| Operand::Int(p.rank()))
                    .map_err(|_| wrong(&format!("a severity ({})", Severity::words())))
            }
            Shape::Person => match &value.literal {
                Literal::Me => self
                    .ctx
                    .me
                    .clone()
                    .map(Operand::Text)
                    .ok_or_else(|| self.err(at, "me() needs a signed-in person")),
                _ => text
                    .and_then(|t| parse_handle(&t).ok())
                    .map(Operand::Text)
                    .ok_or_else(|| wrong("a person's handle or me()")),
            },
            Shape::Estimate => match &value.literal {
                Literal::Duration(span) if span.amount >= 0 => {
                    Ok(Operand::Int(span.working_minutes()))
                }
                Literal::Number(hours) if *hours >= 0.0 => {
                    Ok(Operand::Int((hours * 60.0).round() as i64))
                }
                _ => Err(wrong("an estimate like 4h, 3d or 2w")),
            },
            Shape::WorkingTime => match &value.literal {
                Literal::Duration(span) => Ok(Operand::Int(span.working_minutes())),
                Literal::Number(days) => Ok(Operand::Int((days * 480.0).round() as i64)),
                _ => Err(wrong("working time like 2d, -1d or 4h")),
            },
            Shape::Flag => match text.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("true" | "yes") => Ok(Operand::Int(1)),
                Some("false" | "no") => Ok(Operand::Int(0)),
                _ => Err(wrong("true or false")),
            },
            Shape::Number => match &value.literal {
                Literal::Number(n) => Ok(Operand::Float(*n)),
                _ => Err(wrong(&format!("a number for '{}'", target_name(target)))),
            },
            Shape::EnumOption => {
                let t = text.ok_or_else(|| wrong("an option"))?;
                Ok(Operand::Text(t))
            }
            Shape::CivilDate => {
                let day = match &value.literal {
                    Literal::Date(d) => *d,
                    Literal::Now(span) => {
                        shift_date(self.ctx.today, span.map_or(0, |s| s.calendar_minutes()))
                    }
                    Literal::Duration(span) => shift_date(self.ctx.today, span.calendar_minutes()),
                    _ => return Err(wrong("a date (YYYY-MM-DD), now() + 3d or -7d")),
                };
                Ok(Operand::Date(day))
            }
            Shape::Instant => {
                let ms = match &value.literal {
                    Literal::Date(d) => day_start_ms(*d),
                    Literal::Now(span) => {
                        self.ctx.now_ms + span.map_or(0, |s| s.calendar_minutes()) * 60_000
                    }
                    Literal::Duration(span) => self.ctx.now_ms + span.calendar_minutes() * 60_000,
                    _ => return Err(wrong("a date (YYYY-MM-DD), now() - 3d or -7d")),
                };
                Ok(Operand::Instant(ms))
            }
        }
    }
}

fn target_name(target: &Target) -> &str {
    match target {
        Target::Builtin(b) => b.name(),
        Target::Custom { name, .. } => name,
    }
}

fn op_hint(shape: Shape) -> &'static str {
    match shape {
        Shape::FreeText => ": use ~ to search text",
        Shape::Key
        | Shape::Project
        | Shape::Slug
        | Shape::Name
        | Shape::Category
        | Shape::Person
        | Shape::EnumOption => ": use =, != or IN",
        _ => "",
    }
}

/// Moves a date by whole days (calendar minutes rounded toward the past).
fn shift_date(day: Date, minutes: i64) -> Date {
    let days = minutes.div_euclid(24 * 60);
    day.checked_add(jiff::Span::new().days(days)).unwrap_or(day)
}

/// Midnight UTC at the start of a date, in epoch milliseconds.
pub fn day_start_ms(day: Date) -> i64 {
    let days = day
        .since(Date::constant(1970, 1, 1))
        .map_or(0, |s| i64::from(s.get_days()));
    days * 86_400_000
}

/// The known name nearest to a mistyped one, if any is close.
fn closest<'a>(typed: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.to_ascii_lowercase();
    names
        .map(|n| {
            let lower = n.to_ascii_lowercase();
            let distance = if typed.len() >= 3 && lower.starts_with(&typed) {
                1
            } else {
                edit_distance(&typed, &lower)
            };
            (distance, n)
        })
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::compile;

    fn ctx() -> Context {
        Context {
            now_ms: day_start_ms(Date::constant(2026, 11, 28)) + 12 * 3_600_000,
            today: Date::constant(2026, 11, 28),
            me: Some("ada".into()),
        }
    }

    fn fields() -> Vec<FieldDef> {
        vec![
            FieldDef {
                name: "Ship Region".into(),
                field_type: FieldType::Enum(vec!["EU".into(), "NA".into()]),
            },
            FieldDef {
                name: "Poly Budget".into(),
                field_type: FieldType::Number,
            },
        ]
    }

    fn ok(text: &str) -> ResolvedQuery {
        compile(text, &fields(), &ctx()).unwrap()
    }

    fn err(text: &str) -> String {
        compile(text, &fields(), &ctx()).unwrap_err().to_string()
    }

    #[test]
    fn enum_words_become_ranks_and_relative_dates_become_dates() {
        let q = ok("priority >= high AND due < now() + 3d AND updated >= -7d AND assignee = me()");
        let text = format!("{:?}", q.filter);
        assert!(text.contains("Int(4)"), "{text}");
        assert!(text.contains("Date(2026-12-01)"), "{text}");
        let week_ago = ctx().now_ms - 7 * 86_400_000;
        assert!(text.contains(&format!("Instant({week_ago})")), "{text}");
        assert!(text.contains("Text(\"ada\")"), "{text}");
    }

    #[test]
    fn custom_fields_resolve_by_name() {
        let q =
            ok("\"ship region\" = EU AND \"Poly Budget\" > 20000 ORDER BY \"Poly Budget\" DESC");
        assert_eq!(
            q.sort[0].target,
            Target::Custom {
                name: "Poly Budget".into(),
                kind: CustomKind::Number
            }
        );
        assert!(format!("{:?}", q.filter).contains("Float(20000.0)"));
    }

    #[test]
    fn estimates_use_working_days() {
        let q = ok("estimate > 2d");
        assert_eq!(
            q.filter,
            Some(Filter::Compare {
                target: Target::Builtin(BuiltinField::Estimate),
                op: CmpOp::Gt,
                value: Operand::Int(960)
            })
        );
    }

    #[test]
    fn schedule_fields_read_working_time_and_flags() {
        let q = ok("float < -1d");
        assert_eq!(
            q.filter,
            Some(Filter::Compare {
                target: Target::Builtin(BuiltinField::Float),
                op: CmpOp::Lt,
                value: Operand::Int(-480)
            })
        );
        let q = ok("critical = true");
        assert_eq!(
            q.filter,
            Some(Filter::Compare {
                target: Target::Builtin(BuiltinField::Critical),
                op: CmpOp::Eq,
                value: Operand::Int(1)
            })
        );
        assert!(ok("slipped >= 2d").filter.is_some());
        assert!(
            err("critical = maybe").contains("true or false"),
            "{}",
            err("critical = maybe")
        );
        assert!(err("critical > true").contains("critical"));
    }

    #[test]
    fn a_date_on_an_instant_means_that_whole_day() {
        let q = ok("created = 2026-11-01");
        assert!(matches!(q.filter, Some(Filter::And(ref parts)) if parts.len() == 2));
    }

    #[test]
    fn mistakes_name_the_field_and_place() {
        assert_eq!(
            err("prio = high"),
            "unknown field 'prio'; did you mean 'priority'? at 1:1"
        );
        assert_eq!(
            err("kind = bug AND priority >= asap"),
            "expected a priority (lowest, low, medium, high, highest) here at 1:28"
        );
        assert_eq!(
            err("title < 3"),
            "'title' does not take '<': use ~ to search text at 1:7"
        );
        assert_eq!(
            err("\"Poly Budget\" > lots"),
            "expected a number for 'Poly Budget' here at 1:17"
        );
        assert_eq!(
            err("due"),
            "'due' is a field, not a condition: write due = value at 1:1"
        );
        assert_eq!(
            err("ORDER BY label"),
            "cannot order by 'label': it can hold many values or long text at 1:10"
        );
        assert_eq!(
            err("parent = banana"),
            "expected an item key like NJ-12 here at 1:10"
        );
        assert_eq!(err("title IS EMPTY"), "'title' is never empty at 1:1");
    }

    #[test]
    fn me_needs_a_person() {
        let anonymous = Context { me: None, ..ctx() };
        let e = compile("assignee = me()", &[], &anonymous).unwrap_err();
        assert_eq!(e.to_string(), "me() needs a signed-in person at 1:12");
    }

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(day_start_ms(Date::constant(1970, 1, 2)), 86_400_000);
        assert_eq!(day_start_ms(Date::constant(1969, 12, 31)), -86_400_000);
    }
}
