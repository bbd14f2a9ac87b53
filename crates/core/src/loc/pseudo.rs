//! Pseudo-localization: a fake locale made from the source so overflow and hard-coded
//! text show up in a build before any translation arrives. Letters get accents, the text
//! grows by a given percentage, and brackets mark where each string begins and ends.
//! Placeholders, ICU syntax (argument names, keywords, case keys) and markup are kept as
//! they are, so the pseudo strings pass the same checks as a real translation.

use super::placeholders::placeholders;

fn accent(c: char) -> char {
    match c {
        'a' => 'á',
        'b' => 'ƀ',
        'c' => 'ç',
        'd' => 'ď',
        'e' => 'é',
        'g' => 'ĝ',
        'h' => 'ĥ',
        'i' => 'í',
        'j' => 'ĵ',
        'k' => 'ķ',
        'l' => 'ĺ',
        'n' => 'ñ',
        'o' => 'ö',
        'r' => 'ŕ',
        's' => 'š',
        't' => 'ŧ',
        'u' => 'ü',
        'w' => 'ŵ',
        'y' => 'ý',
        'z' => 'ž',
        'A' => 'Á',
        'C' => 'Ç',
        'E' => 'É',
        'I' => 'Í',
        'N' => 'Ñ',
        'O' => 'Ö',
        'S' => 'Š',
        'U' => 'Ü',
        'Y' => 'Ý',
        'Z' => 'Ž',
        other => other,
    }
}

/// Spans of the text that must stay as they are: placeholders, markup, and in ICU
/// messages everything but the case texts.
fn protected(text: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![false; chars.len()];
    // Placeholders, found again in place.
    for p in placeholders(text) {
        let pc: Vec<char> = p.chars().collect();
        let mut i = 0;
        while i + pc.len() <= chars.len() {
            if chars[i..i + pc.len()] == pc[..] && !keep[i] {
                keep[i..i + pc.len()].iter_mut().for_each(|k| *k = true);
                break;
            }
            i += 1;
        }
    }
    // Markup: <b>, [color=red] and the like.
    for (start, len, _, _) in super::checks::markup(text) {
        keep[start..start + len].iter_mut().for_each(|k| *k = true);
    }
    // ICU: inside braces, only the text of a case (inside a nested pair) is prose.
    let mut depth = 0usize;
    let mut case_depths: Vec<usize> = Vec::new();
    for (k, c) in chars.iter().enumerate() {
        match c {
            '{' => {
                depth += 1;
                keep[k] = true;
                // A brace after a case key opens case text: prose again.
                let before: String = chars[..k]
                    .iter()
                    .rev()
                    .take_while(|c| **c != ',' && **c != '{' && **c != '}')
                    .collect();
                if depth >= 2 && !before.trim().is_empty() && !before.trim().contains(' ') {
                    case_depths.push(depth);
                }
            }
            '}' => {
                keep[k] = true;
                if case_depths.last() == Some(&depth) {
                    case_depths.pop();
                }
                depth = depth.saturating_sub(1);
            }
            '#' if depth > 0 => keep[k] = true,
            _ if depth > 0 && case_depths.last() != Some(&depth) => keep[k] = true,
            _ => {}
        }
    }
    keep
}

/// The pseudo version of a source string, about `grow_percent` longer, in ⟦ ⟧.
pub fn pseudo(text: &str, grow_percent: u32) -> String {
    let keep = protected(text);
    let mut out = String::from("⟦");
    for (c, k) in text.chars().zip(&keep) {
        out.push(if *k { c } else { accent(c) });
    }
    let pad = (text.chars().count() * grow_percent as usize).div_ceil(100);
    for i in 0..pad {
        out.push(if i % 2 == 0 { '~' } else { '·' });
    }
    out.push('⟧');
    out
}

/// Adds (or replaces) a pseudo locale made from every entry's source, so a test build
/// shows overflow and hard-coded text before any translation arrives.
pub fn add_locale(table: &mut super::table::Table, locale: &super::Locale, grow_percent: u32) {
    for e in &mut table.entries {
        let text = pseudo(&e.source, grow_percent);
        e.translations.insert(
            locale.clone(),
            super::table::Translation {
                text,
                status: super::table::Status::Translated,
            },
        );
    }
    if !table.locales.contains(locale) {
        table.locales.push(locale.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks::{Severity, Unit, check};
    use super::super::locale::Locale;
    use super::*;

    #[test]
    fn letters_change_and_everything_a_program_reads_stays() {
        assert_eq!(pseudo("Play %s", 30), "⟦Pĺáý %s~·~⟧");
        let p = pseudo("<b>Save</b> {name}", 0);
        assert_eq!(p, "⟦<b>Šávé</b> {name}⟧");
        let icu = "{count, plural, one {# item} other {# items}}";
        let p = pseudo(icu, 0);
        assert!(
            p.contains("{count, plural, one {# íŧém} other {# íŧémš}}"),
            "{p}"
        );
    }

    #[test]
    fn a_pseudo_string_passes_the_error_checks() {
        let l = Locale::parse("en-XA").unwrap();
        for s in [
            "Deal %d damage to {target}",
            "{count, plural, one {# item} other {# items}}",
            "<b>Play</b> [color=red]now[/color]",
            "{g, select, male {He} female {She} other {They}} won",
        ] {
            let p = pseudo(s, 40);
            let f = check(&Unit {
                key: "k",
                source: s,
                target: Some(&p),
                locale: &l,
                max_length: None,
                stale: false,
            });
            assert!(
                f.iter().all(|f| f.severity != Severity::Error),
                "{s} -> {p}: {f:?}"
            );
        }
    }
}
