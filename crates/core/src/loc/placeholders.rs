//! Placeholders a translation must keep: printf (`%s`, `%d`, `%1$s`, `%.2f`), brace
//! (`{0}`, `{name}`) and C#-style (`{0:N0}`, `{1,8}`). `%%` and `{{ }}` are literal.

/// The placeholders in a text, in order, as written.
pub fn placeholders(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '%' => {
                if chars.get(i + 1) == Some(&'%') {
                    i += 2;
                    continue;
                }
                if let Some(end) = printf_end(&chars, i + 1) {
                    out.push(chars[i..end].iter().collect());
                    i = end;
                    continue;
                }
            }
            '{' => {
                if chars.get(i + 1) == Some(&'{') {
                    i += 2;
                    continue;
                }
                if let Some(end) = brace_end(&chars, i + 1) {
                    out.push(chars[i..end].iter().collect());
                    i = end;
                    continue;
                }
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
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
fn printf_end(c: &[char], mut i: usize) -> Option<usize> {
    let digits = |i: &mut usize| {
        let start = *i;
        while c.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    // Position: `1$`.
    let save = i;
    if digits(&mut i) && c.get(i) == Some(&'$') {
        i += 1;
    } else {
        i = save;
    }
    // No space flag: "100% sure" is prose, not a conversion.
    while c.get(i).is_some_and(|x| matches!(x, '-' | '+' | '#' | '0')) {
        i += 1;
    }
    if c.get(i) == Some(&'*') {
        i += 1;
    } else {
        digits(&mut i);
    }
    if c.get(i) == Some(&'.') {
        i += 1;
        if c.get(i) == Some(&'*') {
            i += 1;
        } else {
            digits(&mut i);
        }
    }
    for len in ["hh", "ll", "h", "l", "L", "z", "j", "t", "q"] {
        let l: Vec<char> = len.chars().collect();
        if c.get(i..i + l.len()) == Some(&l[..]) {
            i += l.len();
            break;
        }
    }
    match c.get(i) {
        Some(x) if "diouxXeEfFgGaAcspn@".contains(*x) => Some(i + 1),
        _ => None,
    }
}

/// The end of `{0}`, `{name}`, `{0:N0}` or `{1,8}` starting after its `{`.
fn brace_end(c: &[char], mut i: usize) -> Option<usize> {
    let start = i;
    while c
        .get(i)
        .is_some_and(|x| x.is_alphanumeric() || *x == '_' || *x == '.' || *x == '-')
    {
        i += 1;
    }
    if i == start {
        return None;
    }
    match c.get(i) {
        Some('}') => Some(i + 1),
        Some(':') | Some(',') => {
            // A C# format or alignment: up to the closing brace, on the same token.
            while let Some(x) = c.get(i) {
                if *x == '}' {
                    return Some(i + 1);
                }
                if *x == '{' {
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
