//! The query's syntax tree: field names and literals as written, with their positions.

use crate::Date;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `~`: contains (text) or has one matching (labels).
    Contains,
    /// `!~`: does not contain.
    NotContains,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Contains => "~",
            CmpOp::NotContains => "!~",
        }
    }

    pub fn is_ordering(self) -> bool {
        matches!(self, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge)
    }
}

/// A field name as written, with where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldName {
    pub name: String,
    pub offset: usize,
}

/// A unit of a written duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Week,
}

/// A signed duration as written: `-7d`, `3w`, `4h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub amount: i64,
    pub unit: Unit,
}

impl Span {
    /// In calendar minutes (a day is 24 hours): for moving dates and instants.
    pub fn calendar_minutes(self) -> i64 {
        let per = match self.unit {
            Unit::Minute => 1,
            Unit::Hour => 60,
            Unit::Day => 24 * 60,
            Unit::Week => 7 * 24 * 60,
        };
        self.amount * per
    }

    /// In working minutes (a day is 8 hours, a week 5 days): for estimates.
    pub fn working_minutes(self) -> i64 {
        use crate::effort::{MINUTES_PER_DAY, MINUTES_PER_HOUR, MINUTES_PER_WEEK};
        let per = match self.unit {
            Unit::Minute => 1,
            Unit::Hour => MINUTES_PER_HOUR,
            Unit::Day => MINUTES_PER_DAY,
            Unit::Week => MINUTES_PER_WEEK,
        };
        self.amount * per
    }
}

/// A literal as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A bare word or a quoted string.
    Text(String),
    Number(f64),
    Date(Date),
    /// A signed duration on its own: `-7d` is seven days ago for a date, 7 days for an estimate.
    Duration(Span),
    /// `now()` or `today()`, optionally with `+ 3d` / `- 2w`.
    Now(Option<Span>),
    /// `me()`: the person running the query.
    Me,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub literal: Literal,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Compare {
        field: FieldName,
        op: CmpOp,
        op_offset: usize,
        value: Value,
    },
    In {
        field: FieldName,
        values: Vec<Value>,
        negated: bool,
    },
    Empty {
        field: FieldName,
        negated: bool,
    },
    /// A bare predicate word, like `blocked`.
    Predicate(FieldName),
    /// A function predicate with an argument, like `linked(NJ-12)`.
    Function {
        name: FieldName,
        argument: Value,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderTerm {
    pub field: FieldName,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub filter: Option<Expr>,
    pub order: Vec<OrderTerm>,
}

pub use crate::field::BuiltinField;
