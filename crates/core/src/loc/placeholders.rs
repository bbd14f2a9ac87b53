//! Placeholders a translation must keep: printf (`%s`, `%d`, `%1$s`, `%.2f`), brace
//! (`{0}`, `{name}`) and C#-style (`{0:N0}`, `{1,8}`). `%%` and `{{ }}` are literal.

/// The placeholders in a text, in order, as written. The syntax is all ASCII, so the
/// scan is over bytes; a byte of a non-ASCII letter counts as a name character.
pub fn placeholders(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    if !b.iter().any(|c| *c == b'%' || *c == b'{') {
        return out;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if b.get(i + 1) == Some(&b'%') {
                    i += 2;
                    continue;
                }
                if let Some(end) = printf_end(b, i + 1) {
                    out.push(text[i..end].to_string());
                    i = end;
                    continue;
                }
            }
            b'{' => {
                if b.get(i + 1) == Some(&b'{') {
                    i += 2;
                    continue;
                }
                if let Some(end) = brace_end(b, i + 1) {
                    out.push(text[i..end].to_string());
                    i = end;
                    continue;
                }
            }
            b'}' if b.get(i + 1) == Some(&b'}') => {
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The end of a printf conversion starting after its `%`.
fn printf_end(c: &[u8], mut i: usize) -> Option<usize> {
    let digits = |i: &mut usize| {
        let start = *i;
        while c.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    // Position: `1$`.
    let save = i;
    if digits(&mut i) && c.get(i) == Some(&b'$') {
        i += 1;
    } else {
        i = save;
    }
    // No space flag: "100% sure" is prose, not a conversion.
    while c
        .get(i)
        .is_some_and(|x| matches!(x, b'-' | b'+' | b'#' | b'0'))
    {
        i += 1;
    }
    if c.get(i) == Some(&b'*') {
        i += 1;
    } else {
        digits(&mut i);
    }
    if c.get(i) == Some(&b'.') {
        i += 1;
        if c.get(i) == Some(&b'*') {
            i += 1;
        } else {
            digits(&mut i);
        }
    }
    for len in [&b"hh"[..], b"ll", b"h", b"l", b"L", b"z", b"j", b"t", b"q"] {
        if c.get(i..i + len.len()) == Some(len) {
            i += len.len();
            break;
        }
    }
    match c.get(i) {
        Some(x) if b"diouxXeEfFgGaAcspn@".contains(x) => Some(i + 1),
        _ => None,
    }
}

/// The end of `{0}`, `{name}`, `{0:N0}` or `{1,8}` starting after its `{`.
fn brace_end(c: &[u8], mut i: usize) -> Option<usize> {
    let start = i;
    while c
        .get(i)
        .is_some_and(|x| x.is_ascii_alphanumeric() || *x >= 0x80 || matches!(x, b'_' | b'.' | b'-'))
    {
        i += 1;
    }
    if i == start {
        return None;
    }
    match c.get(i) {
        Some(b'}') => Some(i + 1),
        Some(b':') | Some(b',') => {
            // A C# format or alignment: up to the closing brace, on the same token.
            while let Some(x) = c.get(i) {
                if *x == b'}' {
                    return Some(i + 1);
                }
                if *x == b'{' {
                    return None;
                }
                i += 1;
            }
            None
        }
        _ => None,
    }
}

/// What differs between the placeholders of a source and a translation, order aside:
/// (missing from the translation, extra in it).
pub fn differences(source: &[String], target: &[String]) -> (Vec<String>, Vec<String>) {
    let mut left: Vec<&String> = target.iter().collect();
    let mut missing = Vec::new();
    for s in source {
        match left.iter().position(|t| *t == s) {
            Some(k) => {
                left.remove(k);
            }
            None => missing.push(s.clone()),
        }
    }
    (missing, left.into_iter().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_is_found_and_literals_are_not() {
        assert_eq!(
            placeholders("%s has %d new %1$s at %.2f%% off, {0} {name} {0:N0} {1,8} {{x}}"),
            [
                "%s", "%d", "%1$s", "%.2f", "{0}", "{name}", "{0:N0}", "{1,8}"
            ]
        );
        assert_eq!(placeholders("100% sure"), Vec::<String>::new());
        assert_eq!(placeholders("{ not one }"), Vec::<String>::new());
    }

    #[test]
    fn order_is_free_but_counts_are_not() {
        let s = placeholders("%1$s gave %2$s a {item}");
        let t = placeholders("{item}: %2$s from %1$s");
        assert_eq!(differences(&s, &t), (vec![], vec![]));
        let t = placeholders("%1$s gave %1$s");
        assert_eq!(
            differences(&s, &t),
            (
                vec!["%2$s".to_string(), "{item}".to_string()],
                vec!["%1$s".to_string()]
            )
        );
    }
}
