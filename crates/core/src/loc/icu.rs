//! ICU MessageFormat, as far as checking translations needs: arguments (`{name}`,
//! `{n, number}`), plurals and selects with their cases, `#` inside plurals, and ICU's
//! apostrophe quoting. A message parses into parts; a syntax error says where.

/// One piece of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// `{name}` or `{name, type}` or `{name, type, style}`.
    Arg {
        name: String,
        kind: Option<String>,
    },
    /// `{name, plural, ...}`, `{name, selectordinal, ...}` or `{name, select, ...}`.
    Choice {
        name: String,
        /// plural, selectordinal or select.
        kind: String,
        cases: Vec<(String, Vec<Part>)>,
    },
    /// `#` inside a plural case: the number.
    Hash,
}

/// Where a message stops making sense.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at character {at}: {message}")]
pub struct IcuError {
    /// Character offset in the message.
    pub at: usize,
    pub message: String,
}

struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    _text: &'a str,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, IcuError> {
        Err(IcuError {
            at: self.at,
            message: message.into(),
        })
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn word(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, '{' | '}' | ',' | '#' | '\'') {
                break;
            }
            out.push(c);
            self.at += 1;
        }
        out
    }

    /// Text and arguments until an unmatched `}` or the end.
    fn message(&mut self, in_plural: bool, depth: usize) -> Result<Vec<Part>, IcuError> {
        if depth > 20 {
            return self.fail("nested too deep");
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.peek() {
            match c {
                '}' => break,
                '{' => {
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(self.argument(depth)?);
                }
                '#' if in_plural => {
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Hash);
                    self.at += 1;
                }
                '\'' => {
                    self.at += 1;
                    match self.peek() {
                        Some('\'') => {
                            text.push('\'');
                            self.at += 1;
                        }
                        Some(q) if matches!(q, '{' | '}' | '|') || (q == '#' && in_plural) => {
                            // Quoted literal text until the next lone apostrophe.
                            while let Some(c) = self.peek() {
                                self.at += 1;
                                if c == '\'' {
                                    if self.peek() == Some('\'') {
                                        text.push('\'');
                                        self.at += 1;
                                        continue;
                                    }
                                    break;
                                }
                                text.push(c);
                            }
                        }
                        _ => text.push('\''),
                    }
                }
                _ => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(parts)
    }

    fn argument(&mut self, depth: usize) -> Result<Part, IcuError> {
        self.at += 1; // {
        self.skip_ws();
        let name = self.word();
        if name.is_empty() {
            return self.fail("an argument needs a name or a number: {name}");
        }
        self.skip_ws();
        match self.peek() {
            Some('}') => {
                self.at += 1;
                return Ok(Part::Arg { name, kind: None });
            }
            Some(',') => self.at += 1,
            None => return self.fail(format!("{{{name} is never closed")),
            Some(c) => return self.fail(format!("unexpected {c:?} after argument {name}")),
        }
        self.skip_ws();
        let kind = self.word();
        self.skip_ws();
        match kind.as_str() {
            "plural" | "selectordinal" | "select" => {
                if self.peek() != Some(',') {
                    return self.fail(format!("{kind} needs a comma and its cases"));
                }
                self.at += 1;
                let mut cases = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some('}') => {
                            self.at += 1;
                            break;
                        }
                        None => return self.fail(format!("the {kind} of {name} is never closed")),
                        _ => {}
                    }
                    let key = self.word();
                    if key.is_empty() {
                        return self.fail(format!("a {kind} case needs a key before its {{"));
                    }
                    if key.starts_with("offset:") {
                        continue;
                    }
                    self.skip_ws();
                    if self.peek() != Some('{') {
                        return self.fail(format!("case {key} of {name} needs {{text}}"));
                    }
                    self.at += 1;
                    let body = self.message(kind != "select", depth + 1)?;
                    if self.peek() != Some('}') {
                        return self.fail(format!("case {key} of {name} is never closed"));
                    }
                    self.at += 1;
                    cases.push((key, body));
                }
                if cases.is_empty() {
                    return self.fail(format!("{kind} {name} has no cases"));
                }
                Ok(Part::Choice { name, kind, cases })
            }
            "" => self.fail(format!("argument {name} has a comma but no type")),
            _ => {
                // A simple typed argument: skip its style up to the closing brace.
                let mut level = 0;
                while let Some(c) = self.peek() {
                    self.at += 1;
                    match c {
                        '{' => level += 1,
                        '}' if level == 0 => {
                            return Ok(Part::Arg {
                                name,
                                kind: Some(kind),
                            });
                        }
                        '}' => level -= 1,
                        _ => {}
                    }
                }
                self.fail(format!("argument {name} is never closed"))
            }
        }
    }
}

/// Parses a message. An unmatched `}` or an unclosed `{` is an error with its place.
pub fn parse(text: &str) -> Result<Vec<Part>, IcuError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        at: 0,
        _text: text,
    };
    let parts = p.message(false, 0)?;
    if p.at < p.chars.len() {
        return p.fail("this } closes nothing");
    }
    Ok(parts)
}

/// Whether a message uses plural, selectordinal or select anywhere.
pub fn has_choice(parts: &[Part]) -> bool {
    parts.iter().any(|p| matches!(p, Part::Choice { .. }))
}

/// Every argument name in a message, with the choices' names and case keys, sorted.
pub fn arguments(parts: &[Part]) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(parts: &[Part], out: &mut Vec<String>) {
        for p in parts {
            match p {
                Part::Arg { name, .. } => out.push(name.clone()),
                Part::Choice { name, cases, .. } => {
                    out.push(name.clone());
                    for (_, body) in cases {
                        walk(body, out);
                    }
                }
                Part::Text(_) | Part::Hash => {}
            }
        }
    }
    walk(parts, &mut out);
    out.sort();
    out.dedup();
    out
}

/// Each choice in a message: (argument name, kind, its case keys), outermost first.
pub fn choices(parts: &[Part]) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    fn walk(parts: &[Part], out: &mut Vec<(String, String, Vec<String>)>) {
        for p in parts {
            if let Part::Choice { name, kind, cases } = p {
                out.push((
                    name.clone(),
                    kind.clone(),
                    cases.iter().map(|(k, _)| k.clone()).collect(),
                ));
                for (_, body) in cases {
                    walk(body, out);
                }
            }
        }
    }
    walk(parts, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_selects_and_quotes_parse() {
        let m = parse("{count, plural, =0 {No items} one {# item} other {# items for {name}}}")
            .unwrap();
        assert!(has_choice(&m));
        assert_eq!(arguments(&m), ["count", "name"]);
        assert_eq!(
            choices(&m),
            vec![(
                "count".to_string(),
                "plural".to_string(),
                vec!["=0".to_string(), "one".to_string(), "other".to_string()]
            )]
        );
        let q = parse("It''s '{literal}' {n, number, integer}").unwrap();
        assert_eq!(q[0], Part::Text("It's {literal} ".into()));
        assert_eq!(arguments(&q), ["n"]);
        let s = parse("{gender, select, female {She} male {He} other {They}} left").unwrap();
        assert_eq!(choices(&s)[0].2, ["female", "male", "other"]);
    }

    #[test]
    fn broken_messages_say_where() {
        assert_eq!(
            parse("Hello {name").unwrap_err().message,
            "{name is never closed"
        );
        assert!(
            parse("Hello name}")
                .unwrap_err()
                .message
                .contains("closes nothing")
        );
        let e = parse("{n, plural, one {# item} other # items}").unwrap_err();
        assert!(e.message.contains("case other of n needs {text}"), "{e}");
        assert!(parse("{, plural, other {x}}").is_err());
        assert!(parse("{n, plural, }").is_err());
    }

    proptest::proptest! {
        /// Parsing never panics, whatever the text.
        #[test]
        fn any_text_parses_or_fails_cleanly(text in "[{}#',a-z =0-9]{0,40}") {
            let _ = parse(&text);
        }
    }
}
