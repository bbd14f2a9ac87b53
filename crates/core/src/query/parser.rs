//! Reads tokens into a [`Query`]: `expr [ORDER BY field [ASC|DESC], ...]`.
//!
//! Precedence, loosest first: `OR`, `AND`, `NOT`, then a comparison or a parenthesised
//! expression. Keywords are case-insensitive.

use super::QueryError;
use super::ast::{CmpOp, Expr, FieldName, Literal, OrderTerm, Query, Span, Value};
use super::lexer::{Tok, Token, lex};

/// The longest query text accepted, in bytes. Saved views and links stay far below it.
pub const MAX_QUERY_BYTES: usize = 4_096;
/// How deeply parentheses and `NOT`s may nest.
pub const MAX_DEPTH: usize = 24;
/// How many comparisons one query may hold (its `AND`/`OR` chain and `IN` lists together).
pub const MAX_TERMS: usize = 128;
/// How many values one `IN (...)` list may hold.
pub const MAX_IN_VALUES: usize = 200;
/// How many `ORDER BY` keys a query may have.
pub const MAX_ORDER_KEYS: usize = 8;

/// Parses query text. An empty text is a query that matches everything.
///
/// The text's length, its nesting depth and its number of terms are bounded, so every
/// walker over the tree (the resolver, the SQL compiler, `Drop`) stays within a small stack
/// whatever a person types; past a bound the error names where it was crossed.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    if text.len() > MAX_QUERY_BYTES {
        let mut cut = MAX_QUERY_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        return Err(QueryError::at(
            text,
            cut,
            format!(
                "the query is too long: {} bytes, at most {MAX_QUERY_BYTES}",
                text.len()
            ),
        ));
    }
    let tokens = lex(text)?;
    let mut p = Parser {
        text,
        tokens,
        pos: 0,
        depth: 0,
        terms: 0,
    };
    let filter = if p.at_end() || p.peek_keyword("ORDER") {
        None
    } else {
        Some(p.or_expr()?)
    };
    let mut order = Vec::new();
    if p.eat_keyword("ORDER") {
        if !p.eat_keyword("BY") {
            return Err(p.error_here("expected BY after ORDER"));
        }
        loop {
            if order.len() == MAX_ORDER_KEYS {
                return Err(
                    p.error_here(format!("too many ORDER BY keys: at most {MAX_ORDER_KEYS}"))
                );
            }
            let field = p.field_name("expected a field to order by")?;
            let descending = if p.eat_keyword("DESC") {
                true
            } else {
                p.eat_keyword("ASC");
                false
            };
            order.push(OrderTerm { field, descending });
            if !p.eat(&Tok::Comma) {
                break;
            }
        }
    }
    if let Some(token) = p.peek() {
        let message = match &token.tok {
            Tok::RParen => "unexpected ')': there is no '(' to close".to_string(),
            Tok::Word(w) if filter.is_some() && order.is_empty() => {
                format!("expected AND, OR or ORDER BY before '{w}'")
            }
            other => format!("unexpected {} after the end of the query", other.describe()),
        };
        return Err(p.error_here(message));
    }
    Ok(Query { filter, order })
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// Open parentheses and `NOT`s around the current position.
    depth: usize,
    /// Comparisons read so far.
    terms: usize,
}

const KEYWORDS: &[&str] = &[
    "AND", "OR", "NOT", "IN", "IS", "EMPTY", "NULL", "ORDER", "BY", "ASC", "DESC",
];

fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Tok> {
        self.tokens.get(self.pos + ahead).map(|t| &t.tok)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn offset_here(&self) -> usize {
        self.peek().map_or(self.text.len(), |t| t.offset)
    }

    fn error_here(&self, message: impl Into<String>) -> QueryError {
        QueryError::at(self.text, self.offset_here(), message)
    }

    fn peek_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Word(w), .. }) if w.eq_ignore_ascii_case(keyword))
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.peek_keyword(keyword);
        if found {
            self.pos += 1;
        }
        found
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        let found = self.peek().is_some_and(|t| &t.tok == tok);
        if found {
            self.pos += 1;
        }
        found
    }

    fn or_expr(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.and_expr()?;
        while self.eat_keyword("OR") {
            let right = self.and_expr()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.unary()?;
        while self.eat_keyword("AND") {
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        if self.peek_keyword("NOT") {
            self.enter()?;
            self.pos += 1;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        if self.peek().is_some_and(|t| t.tok == Tok::LParen) {
            self.enter()?;
            self.pos += 1;
            let inner = self.or_expr()?;
            if !self.eat(&Tok::RParen) {
                return Err(self.error_here("expected ')' to close the '('"));
            }
            self.depth -= 1;
            return Ok(inner);
        }
        self.count_terms(1)?;
        self.predicate()
    }

    /// One level deeper (a `(` or a `NOT`), refused past [`MAX_DEPTH`] at that token.
    fn enter(&mut self) -> Result<(), QueryError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error_here(format!(
                "the query nests too deeply: at most {MAX_DEPTH} levels of parentheses and NOT"
            )));
        }
        self.depth += 1;
        Ok(())
    }

    /// Counts `n` more comparisons, refused past [`MAX_TERMS`] at the current token.
    fn count_terms(&mut self, n: usize) -> Result<(), QueryError> {
        self.terms += n;
        if self.terms > MAX_TERMS {
            return Err(self.error_here(format!(
                "the query has too many conditions: at most {MAX_TERMS}"
            )));
        }
        Ok(())
    }

    fn field_name(&mut self, expected: &str) -> Result<FieldName, QueryError> {
        let offset = self.offset_here();
        match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Word(w)) if !is_keyword(&w) => {
                self.pos += 1;
                Ok(FieldName { name: w, offset })
            }
            Some(Tok::Str(s)) => {
                self.pos += 1;
                Ok(FieldName { name: s, offset })
            }
            Some(other) => Err(self.error_here(format!("{expected}, found {}", other.describe()))),
            None => Err(self.error_here(format!("{expected}, found the end of the query"))),
        }
    }

    fn predicate(&mut self) -> Result<Expr, QueryError> {
        let field = self.field_name("expected a field name")?;
        // `linked(NJ-12)`: a function predicate.
        if self.peek_at(0) == Some(&Tok::LParen) {
            self.pos += 1;
            let argument = self.value(&format!("expected an argument to {}()", field.name))?;
            if !self.eat(&Tok::RParen) {
                return Err(self.error_here(format!(
                    "expected ')' after the argument to {}(",
                    field.name
                )));
            }
            return Ok(Expr::Function {
                name: field,
                argument,
            });
        }
        if self.eat_keyword("IS") {
            let negated = self.eat_keyword("NOT");
            if self.eat_keyword("EMPTY") || self.eat_keyword("NULL") {
                return Ok(Expr::Empty { field, negated });
            }
            return Err(self.error_here(format!(
                "expected EMPTY after IS{}",
                if negated { " NOT" } else { "" }
            )));
        }
        let negated_in = self.peek_keyword("NOT")
            && matches!(self.peek_at(1), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("IN"));
        if negated_in {
            self.pos += 1;
        }
        if self.eat_keyword("IN") {
            return self.in_list(field, negated_in);
        }
        let op_offset = self.offset_here();
        let op = match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Op(op)) => {
                self.pos += 1;
                op
            }
            // A bare word followed by nothing that continues it: a predicate like `blocked`.
            None | Some(Tok::RParen) => return Ok(Expr::Predicate(field)),
            Some(Tok::Word(w)) if is_keyword(&w) && !w.eq_ignore_ascii_case("NOT") => {
                return Ok(Expr::Predicate(field));
            }
            Some(other) => {
                return Err(self.error_here(format!(
                    "expected an operator (= != < <= > >= ~ !~ IN IS) after '{}', found {}",
                    field.name,
                    other.describe()
                )));
            }
        };
        if (op == CmpOp::Eq || op == CmpOp::Ne)
            && (self.peek_keyword("EMPTY") || self.peek_keyword("NULL"))
        {
            self.pos += 1;
            return Ok(Expr::Empty {
                field,
                negated: op == CmpOp::Ne,
            });
        }
        let value = self.value(&format!("expected a value after '{}'", op.symbol()))?;
        Ok(Expr::Compare {
            field,
            op,
            op_offset,
            value,
        })
    }

    fn in_list(&mut self, field: FieldName, negated: bool) -> Result<Expr, QueryError> {
        if !self.eat(&Tok::LParen) {
            return Err(self.error_here("expected '(' after IN"));
        }
        let mut values = vec![self.value("expected a value in the IN list")?];
        while self.eat(&Tok::Comma) {
            if values.len() == MAX_IN_VALUES {
                return Err(self.error_here(format!(
                    "the IN list is too long: at most {MAX_IN_VALUES} values"
                )));
            }
            values.push(self.value("expected a value after ','")?);
        }
        // A long list costs the database like a chain of comparisons.
        self.count_terms(values.len() / 8)?;
        if !self.eat(&Tok::RParen) {
            return Err(self.error_here("expected ',' or ')' in the IN list"));
        }
        Ok(Expr::In {
            field,
            values,
            negated,
        })
    }

    fn value(&mut self, expected: &str) -> Result<Value, QueryError> {
        let offset = self.offset_here();
        let Some(token) = self.peek().cloned() else {
            return Err(self.error_here(expected));
        };
        let literal = match token.tok {
            Tok::Str(s) => Literal::Text(s),
            Tok::Number(n) => Literal::Number(n),
            Tok::Date(d) => Literal::Date(d),
            Tok::Minus | Tok::Plus => {
                let sign = if token.tok == Tok::Minus { -1 } else { 1 };
                match self.peek_at(1).cloned() {
                    Some(Tok::Duration(span)) => {
                        self.pos += 1;
                        Literal::Duration(Span {
                            amount: sign * span.amount,
                            unit: span.unit,
                        })
                    }
                    Some(Tok::Number(n)) => {
                        self.pos += 1;
                        Literal::Number(sign as f64 * n)
                    }
                    _ => {
                        self.pos += 1;
                        return Err(self.error_here(
                            "expected a duration (like 7d) or a number after the sign",
                        ));
                    }
                }
            }
            Tok::Duration(span) => Literal::Duration(span),
            Tok::Word(w) if matches!(self.peek_at(1), Some(Tok::LParen)) => {
                return self.function_value(&w, offset);
            }
            Tok::Word(w) if is_keyword(&w) => {
                return Err(self.error_here(format!("{expected}, found '{w}'")));
            }
            Tok::Word(w) => Literal::Text(w),
            other => return Err(self.error_here(format!("{expected}, found {}", other.describe()))),
        };
        self.pos += 1;
        Ok(Value { literal, offset })
    }

    /// `now()`, `today()`, `me()`, with an optional `+ 3d` / `- 2w` after the time ones.
    fn function_value(&mut self, name: &str, value_offset: usize) -> Result<Value, QueryError> {
        let lower = name.to_ascii_lowercase();
        if !matches!(lower.as_str(), "now" | "today" | "me") {
            return Err(self.error_here(format!(
                "unknown function '{name}()': use now(), today() or me()"
            )));
        }
        self.pos += 2;
        if !self.eat(&Tok::RParen) {
            return Err(self.error_here(format!("expected ')' after '{name}('")));
        }
        if lower == "me" {
            return Ok(Value {
                literal: Literal::Me,
                offset: value_offset,
            });
        }
        let mut offset = None;
        let sign = if self.eat(&Tok::Plus) {
            Some(1)
        } else if self.eat(&Tok::Minus) {
            Some(-1)
        } else {
            None
        };
        if let Some(sign) = sign {
            match self.peek().map(|t| t.tok.clone()) {
                Some(Tok::Duration(span)) => {
                    self.pos += 1;
                    offset = Some(Span {
                        amount: sign * span.amount,
                        unit: span.unit,
                    });
                }
                _ => {
                    return Err(self.error_here(format!(
                        "expected a duration (like 3d) after '{name}() {}'",
                        if sign > 0 { "+" } else { "-" }
                    )));
                }
            }
        }
        Ok(Value {
            literal: Literal::Now(offset),
            offset: value_offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn precedence_is_or_then_and_then_not() {
        let q = parse("a = 1 OR b = 2 AND NOT c = 3").unwrap();
        let Some(Expr::Or(_, right)) = q.filter else {
            panic!("OR should be the root")
        };
        let Expr::And(_, not) = *right else {
            panic!("AND binds tighter than OR")
        };
        assert!(matches!(*not, Expr::Not(_)));
    }

    #[test]
    fn the_architecture_example_parses() {
        let q = parse("kind = bug AND status.category != done AND (priority >= high OR label = \"cert\") AND assignee = me() ORDER BY due ASC, priority desc").unwrap();
        assert!(q.filter.is_some());
        assert_eq!(q.order.len(), 2);
        assert!(q.order[1].descending);
    }

    #[test]
    fn relative_dates_and_lists() {
        let q = parse(
            "due < now() + 3d AND updated >= -7d AND kind NOT IN (bug, task) AND due IS NOT EMPTY",
        )
        .unwrap();
        let text = format!("{q:?}");
        assert!(
            text.contains("Now(Some(Span { amount: 3, unit: Day }))"),
            "{text}"
        );
        assert!(
            text.contains("Duration(Span { amount: -7, unit: Day })"),
            "{text}"
        );
        assert!(text.contains("negated: true"), "{text}");
    }

    #[test]
    fn bare_predicates_and_functions() {
        let q = parse("blocked AND NOT linked(NJ-12)").unwrap();
        let text = format!("{q:?}");
        assert!(text.contains("Predicate"), "{text}");
        assert!(text.contains("Function"), "{text}");
    }

    #[test]
    fn errors_say_what_was_expected_and_where() {
        assert_eq!(
            err("priority >= high AND due >="),
            "expected a value after '>=' at 1:28"
        );
        assert_eq!(err("(kind = bug"), "expected ')' to close the '(' at 1:12");
        assert_eq!(
            err("kind = bug ORDER due"),
            "expected BY after ORDER at 1:18"
        );
        assert_eq!(
            err("kind bug"),
            "expected an operator (= != < <= > >= ~ !~ IN IS) after 'kind', found 'bug' at 1:6"
        );
        assert_eq!(
            err("kind = bug status = done"),
            "expected AND, OR or ORDER BY before 'status' at 1:12"
        );
        assert_eq!(err("kind IN bug"), "expected '(' after IN at 1:9");
        assert_eq!(
            err("due < soon()"),
            "unknown function 'soon()': use now(), today() or me() at 1:7"
        );
        assert_eq!(err("AND"), "expected a field name, found 'AND' at 1:1");
    }

    #[test]
    fn empty_query_matches_everything() {
        assert_eq!(parse("  ").unwrap(), Query::default());
        assert!(parse("ORDER BY due").unwrap().filter.is_none());
    }

    #[test]
    fn hostile_shapes_are_refused_where_they_cross_a_bound() {
        let deep = format!("{}a = 1{}", "(".repeat(2_000), ")".repeat(2_000));
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nests too deeply"), "{e}");
        assert_eq!(e.offset, MAX_DEPTH);

        let nots = format!("{}a = 1", "NOT ".repeat(1_000));
        let e = parse(&nots).unwrap_err();
        assert!(e.message.contains("nests too deeply"), "{e}");
        assert_eq!(e.offset, MAX_DEPTH * 4);

        let flat = vec!["a=1"; 500].join(" OR ");
        let e = parse(&flat).unwrap_err();
        assert!(e.message.contains("too many conditions"), "{e}");
        assert_eq!(
            e.column,
            MAX_TERMS * 7 + 1,
            "at the first condition past the bound"
        );

        let long = vec!["a = 1"; 5_000].join(" OR ");
        let e = parse(&long).unwrap_err();
        assert!(e.message.contains("too long: 44996 bytes"), "{e}");
        assert_eq!(e.offset, MAX_QUERY_BYTES);

        let list = format!("a IN ({})", vec!["x"; 300].join(","));
        assert!(
            parse(&list)
                .unwrap_err()
                .message
                .contains("IN list is too long")
        );
        let order = format!("ORDER BY {}", ["due"; 9].join(","));
        assert!(parse(&order).unwrap_err().message.contains("ORDER BY keys"));
    }

    #[test]
    fn the_largest_accepted_query_parses_on_a_small_stack() {
        // Nesting to the bound, then a chain of comparisons to the bound.
        let mut text = "NOT (".repeat(MAX_DEPTH / 2);
        text.push_str(&vec!["a=1"; MAX_TERMS].join(" OR "));
        text.push_str(&")".repeat(MAX_DEPTH / 2));
        assert!(text.len() <= MAX_QUERY_BYTES);
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parse(&text).map(|q| q.filter.is_some()))
            .unwrap();
        assert_eq!(handle.join().unwrap(), Ok(true));
    }

    proptest! {
        #[test]
        fn any_text_parses_or_errors_without_panic(text in "\\PC{0,60}") {
            let _ = parse(&text);
        }

        #[test]
        fn query_like_text_never_panics(text in "[a-z() =<>!~,\"'0-9.+-]{0,40}( AND | OR | ORDER BY )?[a-z0-9 =<>()-]{0,20}") {
            if let Err(e) = parse(&text) {
                prop_assert!(e.offset <= text.len());
                prop_assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }
}
