//! Splits query text into tokens, each with its byte offset.

use super::QueryError;
use super::ast::{CmpOp, Span, Unit};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A bare word: field names, keywords, enum values, keys like `NJ-12`.
    Word(String),
    /// A quoted string, escapes applied.
    Str(String),
    Number(f64),
    /// A duration like `3d`; its meaning (calendar or working time) depends on the field.
    Duration(Span),
    Date(crate::Date),
    Op(CmpOp),
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
}

impl Tok {
    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("'{w}'"),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Number(n) => format!("'{n}'"),
            Tok::Duration(_) => "a duration".to_string(),
            Tok::Date(d) => format!("'{d}'"),
            Tok::Op(op) => format!("'{}'", op.symbol()),
            Tok::LParen => "'('".to_string(),
            Tok::RParen => "')'".to_string(),
            Tok::Comma => "','".to_string(),
            Tok::Plus => "'+'".to_string(),
            Tok::Minus => "'-'".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub offset: usize,
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Tokenises a query. Errors name the offending character and its place.
pub fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let simple = match c {
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            '+' => Some(Tok::Plus),
            '-' => Some(Tok::Minus),
            '=' => Some(Tok::Op(CmpOp::Eq)),
            '~' => Some(Tok::Op(CmpOp::Contains)),
            _ => None,
        };
        if let Some(tok) = simple {
            chars.next();
            tokens.push(Token { tok, offset: start });
            continue;
        }
        match c {
            '!' | '<' | '>' => {
                chars.next();
                let next = chars.peek().map(|&(_, n)| n);
                let (op, two) = match (c, next) {
                    ('!', Some('=')) => (CmpOp::Ne, true),
                    ('!', Some('~')) => (CmpOp::NotContains, true),
                    ('<', Some('=')) => (CmpOp::Le, true),
                    ('>', Some('=')) => (CmpOp::Ge, true),
                    ('<', Some('>')) => (CmpOp::Ne, true),
                    ('<', _) => (CmpOp::Lt, false),
                    ('>', _) => (CmpOp::Gt, false),
                    _ => {
                        return Err(QueryError::at(
                            text,
                            start,
                            "expected '!=' or '!~' after '!'",
                        ));
                    }
                };
                if two {
                    chars.next();
                }
                tokens.push(Token {
                    tok: Tok::Op(op),
                    offset: start,
                });
            }
            '"' | '\'' => {
                chars.next();
                let mut value = String::new();
                let mut closed = false;
                while let Some((_, ch)) = chars.next() {
                    match ch {
                        '\\' => match chars.next() {
                            Some((_, escaped)) => value.push(escaped),
                            None => break,
                        },
                        q if q == c => {
                            closed = true;
                            break;
                        }
                        other => value.push(other),
                    }
                }
                if !closed {
                    return Err(QueryError::at(
                        text,
                        start,
                        format!("expected a closing {c} for the text that starts here"),
                    ));
                }
                tokens.push(Token {
                    tok: Tok::Str(value),
                    offset: start,
                });
            }
            d if d.is_ascii_digit() => {
                let mut end = start;
                while let Some(&(i, ch)) = chars.peek() {
                    if ch.is_ascii_alphanumeric() || ch == '.' || ch == '-' {
                        end = i + ch.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let raw = text.get(start..end).unwrap_or_default();
                tokens.push(Token {
                    tok: number_like(text, start, raw)?,
                    offset: start,
                });
            }
            w if is_word_start(w) => {
                let mut end = start;
                while let Some(&(i, ch)) = chars.peek() {
                    if is_word_char(ch) {
                        end = i + ch.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let word = text.get(start..end).unwrap_or_default().to_string();
                tokens.push(Token {
                    tok: Tok::Word(word),
                    offset: start,
                });
            }
            other => {
                return Err(QueryError::at(
                    text,
                    start,
                    format!("unexpected character '{other}'"),
                ));
            }
        }
    }
    Ok(tokens)
}

/// Reads a token that starts with a digit: a number, a date, or a duration.
fn number_like(text: &str, offset: usize, raw: &str) -> Result<Tok, QueryError> {
    if let Ok(n) = raw.parse::<f64>()
        && n.is_finite()
    {
        return Ok(Tok::Number(n));
    }
    if raw.len() == 10 && raw.as_bytes().get(4) == Some(&b'-') {
        return raw.parse::<crate::Date>().map(Tok::Date).map_err(|_| {
            QueryError::at(
                text,
                offset,
                format!("'{raw}' is not a real date (write YYYY-MM-DD)"),
            )
        });
    }
    let split = raw
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(raw.len());
    let (amount, unit) = raw.split_at(split);
    let unit = match unit {
        "m" | "min" => Some(Unit::Minute),
        "h" => Some(Unit::Hour),
        "d" => Some(Unit::Day),
        "w" => Some(Unit::Week),
        _ => None,
    };
    match (amount.parse::<i64>(), unit) {
        (Ok(amount), Some(unit)) if amount < 1_000_000 => Ok(Tok::Duration(Span { amount, unit })),
        _ => Err(QueryError::at(
            text,
            offset,
            format!("'{raw}' is not a number, a date (YYYY-MM-DD) or a duration (like 3d, 2w, 4h)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        lex(text).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_keys_and_operators() {
        assert_eq!(
            toks("status.category!=done AND key = NJ-12"),
            vec![
                Tok::Word("status.category".into()),
                Tok::Op(CmpOp::Ne),
                Tok::Word("done".into()),
                Tok::Word("AND".into()),
                Tok::Word("key".into()),
                Tok::Op(CmpOp::Eq),
                Tok::Word("NJ-12".into()),
            ]
        );
    }

    #[test]
    fn numbers_dates_durations_and_strings() {
        assert_eq!(
            toks("due < 2027-03-01 updated >= -7d x ~ 'it\\'s' 3.5"),
            vec![
                Tok::Word("due".into()),
                Tok::Op(CmpOp::Lt),
                Tok::Date("2027-03-01".parse().unwrap()),
                Tok::Word("updated".into()),
                Tok::Op(CmpOp::Ge),
                Tok::Minus,
                Tok::Duration(Span {
                    amount: 7,
                    unit: Unit::Day
                }),
                Tok::Word("x".into()),
                Tok::Op(CmpOp::Contains),
                Tok::Str("it's".into()),
                Tok::Number(3.5),
            ]
        );
    }

    #[test]
    fn errors_point_at_the_character() {
        let err = lex("title = \"open").unwrap_err();
        assert_eq!((err.line, err.column), (1, 9));
        let err = lex("due < 2027-02-30").unwrap_err();
        assert!(err.message.contains("not a real date"), "{}", err.message);
        let err = lex("a = 1\nb ; 2").unwrap_err();
        assert_eq!(err.to_string(), "unexpected character ';' at 2:3");
    }
}
