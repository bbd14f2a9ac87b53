//! The QA checks on one translated string: each finding has a check id, a severity, the
//! key, the locale and a message that quotes the offending text. Checks never
//! double-report: an empty translation gets `missing` and nothing else, and a target that
//! does not parse as ICU gets `icu_syntax` and no placeholder or plural findings.

use super::icu;
use super::locale::Locale;
use super::placeholders::{differences, placeholders};
use super::plural;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every check id, errors first, as findings name them.
pub const CHECK_IDS: [&str; 20] = [
    "missing",
    "placeholders",
    "icu_syntax",
    "icu_args",
    "plural_categories",
    "max_length",
    "tags",
    "stale",
    "identical",
    "edge_whitespace",
    "newlines",
    "double_space",
    "end_punctuation",
    "brackets",
    "numbers",
    "urls",
    "repeated_word",
    "invisible",
    "glossary",
    "inconsistent",
];

/// One problem with one translation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub key: String,
    pub locale: String,
    pub check: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// How a length limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LengthUnit {
    #[default]
    CodePoints,
    /// What a reader sees as one character: `é` written as e + combining accent, or a
    /// flag emoji, counts once.
    Graphemes,
    Utf8,
    Utf16,
}

impl LengthUnit {
    pub const ALL: [LengthUnit; 4] = [
        LengthUnit::CodePoints,
        LengthUnit::Graphemes,
        LengthUnit::Utf8,
        LengthUnit::Utf16,
    ];

    /// The unit's name in files, flags and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            LengthUnit::CodePoints => "codepoints",
            LengthUnit::Graphemes => "graphemes",
            LengthUnit::Utf8 => "utf8",
            LengthUnit::Utf16 => "utf16",
        }
    }

    /// Reads a unit by its name (`codepoints`, `graphemes`, `utf8`, `utf16`).
    pub fn parse(name: &str) -> Option<LengthUnit> {
        let n = name.trim().to_ascii_lowercase().replace(['-', '_'], "");
        LengthUnit::ALL.into_iter().find(|u| u.as_str() == n)
    }

    pub fn measure(self, text: &str) -> usize {
        match self {
            LengthUnit::CodePoints => text.chars().count(),
            LengthUnit::Graphemes => {
                unicode_segmentation::UnicodeSegmentation::graphemes(text, true).count()
            }
            LengthUnit::Utf8 => text.len(),
            LengthUnit::Utf16 => text.encode_utf16().count(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            LengthUnit::CodePoints => "characters",
            LengthUnit::Graphemes => "graphemes",
            LengthUnit::Utf8 => "UTF-8 bytes",
            LengthUnit::Utf16 => "UTF-16 units",
        }
    }
}

/// One string to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit<'a> {
    pub key: &'a str,
    pub source: &'a str,
    pub target: Option<&'a str>,
    pub locale: &'a Locale,
    pub max_length: Option<(usize, LengthUnit)>,
    /// The translation was made for an older source text.
    pub stale: bool,
}

/// A short quote of a text for a message.
fn quote(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// Markup tags: `<b>`, `</b>`, `<br/>`, `<color=#ff0>`, `[b]`, `[/b]`, `[color=red]`, as
/// (first char, char length, name, kind) where kind is open, close or self-closing.
pub(super) fn markup(text: &str) -> Vec<(usize, usize, String, char)> {
    if !text.bytes().any(|b| b == b'<' || b == b'[') {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let close = match chars[i] {
            '<' => '>',
            '[' => ']',
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(len) = chars[i + 1..].iter().take(64).position(|c| *c == close) else {
            i += 1;
            continue;
        };
        let inner: String = chars[i + 1..i + 1 + len].iter().collect();
        let (kind, body) = if let Some(b) = inner.strip_prefix('/') {
            ('c', b)
        } else if let Some(b) = inner.strip_suffix('/') {
            ('s', b)
        } else {
            ('o', inner.as_str())
        };
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
            .to_ascii_lowercase();
        let rest = &body[name.len().min(body.len())..];
        let looks_like_tag = !name.is_empty()
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && (rest.is_empty() || rest.starts_with(['=', ' ']));
        if looks_like_tag {
            let kind = if kind == 'o' && name == "br" {
                's'
            } else {
                kind
            };
            let name = format!("{}{name}", if close == ']' { "[" } else { "<" });
            out.push((i, len + 2, name, kind));
            i += len + 2;
        } else {
            i += 1;
        }
    }
    out
}

fn tags(text: &str) -> Vec<(String, char)> {
    markup(text)
        .into_iter()
        .map(|(_, _, n, k)| (n, k))
        .collect()
}

/// Whether tags open and close in order.
fn well_formed(tags: &[(String, char)]) -> bool {
    let mut open: Vec<&str> = Vec::new();
    for (name, kind) in tags {
        match kind {
            'o' => open.push(name),
            'c' if open.pop() != Some(name.as_str()) => return false,
            _ => {}
        }
    }
    open.is_empty()
}

fn line_breaks(text: &str) -> usize {
    text.matches('\n').count()
}

fn edges(text: &str) -> (&str, &str) {
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    (lead, trail)
}

/// What the checks need of a source text, worked out once however many locales
/// translate it.
pub struct Source<'a> {
    style: super::style::SourceStyle<'a>,
    /// The ICU message, its arguments and its choices, when the source uses plural or
    /// select.
    icu: Option<SourceIcu>,
    /// The placeholders a translation must keep (with ICU, only printf ones: braces are
    /// the ICU checks' business).
    placeholders: Vec<String>,
    /// Markup tags as sorted `name` + kind.
    tags: Vec<String>,
}

struct SourceIcu {
    arguments: Vec<String>,
    choices: Vec<(String, String, Vec<String>)>,
}

/// Tag names with their kind, sorted, for comparing two texts' markup.
fn tag_names(t: &[(String, char)]) -> Vec<String> {
    let mut v: Vec<String> = t.iter().map(|(n, k)| format!("{n}{k}")).collect();
    v.sort_unstable();
    v
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Self {
        let icu = if text.contains('{') {
            icu::parse(text)
                .ok()
                .filter(|p| icu::has_choice(p))
                .map(|p| SourceIcu {
                    arguments: icu::arguments(&p),
                    choices: icu::choices(&p),
                })
        } else {
            None
        };
        let mut placeholders = placeholders(text);
        if icu.is_some() {
            placeholders.retain(|p| p.starts_with('%'));
        }
        Source {
            style: super::style::SourceStyle::new(text),
            icu,
            placeholders,
            tags: tag_names(&tags(text)),
        }
    }
}

/// Runs every check on one string.
pub fn check(u: &Unit) -> Vec<Finding> {
    check_against(&Source::new(u.source), u, true)
}

/// Runs every check on one string whose source has been looked at already
/// (`source` is `Source::new(u.source)`). Without `warnings`, only the error checks run.
pub fn check_against(source: &Source, u: &Unit, warnings: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut found = |check: &'static str, severity: Severity, message: String| {
        if severity == Severity::Warning && !warnings {
            return;
        }
        out.push(Finding {
            key: u.key.to_string(),
            locale: u.locale.to_string(),
            check,
            severity,
            message,
        });
    };
    let target = match u.target {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            found("missing", Severity::Error, "no translation".into());
            return out;
        }
    };
    if u.stale {
        found(
            "stale",
            Severity::Warning,
            format!(
                "translated from an older source; the source is now {}",
                quote(u.source)
            ),
        );
    }
    // ICU: only for sources that use plural or select (a bare {name} is a placeholder).
    let mut icu_failed = false;
    if let Some(src) = &source.icu {
        match icu::parse(target) {
            Err(e) => {
                icu_failed = true;
                found(
                    "icu_syntax",
                    Severity::Error,
                    format!("{} does not parse as ICU MessageFormat: {e}", quote(target)),
                );
            }
            Ok(tgt) => {
                let (sa, ta) = (&src.arguments, icu::arguments(&tgt));
                if *sa != ta {
                    found(
                        "icu_args",
                        Severity::Error,
                        format!(
                            "arguments {} differ from the source's {}",
                            ta.join(", "),
                            sa.join(", ")
                        ),
                    );
                }
                let (sc, tc) = (&src.choices, icu::choices(&tgt));
                for (name, kind, keys) in &tc {
                    if !keys.iter().any(|k| k == "other") {
                        found(
                            "icu_syntax",
                            Severity::Error,
                            format!("{kind} {name} has no other case in {}", quote(target)),
                        );
                    }
                    if kind == "select" {
                        let source_keys = sc
                            .iter()
                            .find(|(n, k, _)| n == name && k == kind)
                            .map(|(_, _, k)| k);
                        if let Some(sk) = source_keys {
                            let (mut a, mut b) = (sk.clone(), keys.clone());
                            a.sort();
                            b.sort();
                            if a != b {
                                found(
                                    "icu_args",
                                    Severity::Error,
                                    format!(
                                        "select {name} has cases {} but the source has {}",
                                        b.join(", "),
                                        a.join(", ")
                                    ),
                                );
                            }
                        }
                    }
                    if kind == "plural"
                        && let Some(cats) = plural::categories(u.locale.language())
                    {
                        let wrong: Vec<&String> = keys
                            .iter()
                            .filter(|k| !plural::is_explicit(k) && !cats.contains(&k.as_str()))
                            .collect();
                        if !wrong.is_empty() {
                            found(
                                "plural_categories",
                                Severity::Error,
                                format!(
                                    "plural {name} has {} which {} does not use (it has {})",
                                    wrong
                                        .iter()
                                        .map(|s| s.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                    u.locale,
                                    cats.join(", ")
                                ),
                            );
                        }
                        let missing: Vec<&&str> = cats
                            .iter()
                            .filter(|c| !keys.iter().any(|k| k == *c))
                            .collect();
                        if !missing.is_empty() {
                            found(
                                "plural_categories",
                                Severity::Warning,
                                format!(
                                    "plural {name} has no {} case for {}",
                                    missing.iter().map(|s| **s).collect::<Vec<_>>().join(", "),
                                    u.locale
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
    if !icu_failed {
        // With ICU choices, brace arguments are the ICU checks' business.
        let keep = |p: &String| source.icu.is_none() || p.starts_with('%');
        let tp: Vec<String> = placeholders(target).into_iter().filter(keep).collect();
        let (missing, extra) = differences(&source.placeholders, &tp);
        if !missing.is_empty() || !extra.is_empty() {
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("missing {}", missing.join(" ")));
            }
            if !extra.is_empty() {
                parts.push(format!("extra {}", extra.join(" ")));
            }
            found(
                "placeholders",
                Severity::Error,
                format!("{} in {}", parts.join(", "), quote(target)),
            );
        }
    }
    let tt = tags(target);
    if !well_formed(&tt) {
        found(
            "tags",
            Severity::Error,
            format!(
                "markup in {} does not open and close in order",
                quote(target)
            ),
        );
    } else if source.tags != tag_names(&tt) {
        found(
            "tags",
            Severity::Error,
            format!("markup differs from the source's in {}", quote(target)),
        );
    }
    if let Some((max, unit)) = u.max_length {
        let len = unit.measure(target);
        if len > max {
            found(
                "max_length",
                Severity::Error,
                format!(
                    "{len} {} where the limit is {max}: {}",
                    unit.name(),
                    quote(target)
                ),
            );
        }
    }
    if !warnings {
        return out;
    }
    if u.source.trim() == target.trim() && u.source.chars().any(char::is_alphabetic) {
        let letters = u.source.chars().filter(|c| c.is_alphabetic()).count();
        let in_placeholders: usize = source
            .placeholders
            .iter()
            .map(|p| p.chars().filter(|c| c.is_alphabetic()).count())
            .sum();
        if letters > in_placeholders {
            found(
                "identical",
                Severity::Warning,
                format!("the same as the source: {}", quote(target)),
            );
        }
    }
    if edges(u.source) != edges(target) {
        found(
            "edge_whitespace",
            Severity::Warning,
            format!(
                "leading or trailing whitespace differs from the source's in {}",
                quote(target)
            ),
        );
    }
    let (sn, tn) = (line_breaks(u.source), line_breaks(target));
    if sn != tn {
        found(
            "newlines",
            Severity::Warning,
            format!("{tn} line breaks where the source has {sn}"),
        );
    }
    if target.contains("  ") && !u.source.contains("  ") {
        found(
            "double_space",
            Severity::Warning,
            format!("a double space in {}", quote(target)),
        );
    }
    for (id, severity, message) in super::style::style(&source.style, target, u.locale.language()) {
        found(id, severity, format!("{message}: {}", quote(target)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str, target: Option<&str>, locale: &str) -> Vec<(&'static str, Severity)> {
        let l = Locale::parse(locale).unwrap();
        check(&Unit {
            key: "k",
            source,
            target,
            locale: &l,
            max_length: None,
            stale: false,
        })
        .into_iter()
        .map(|f| (f.check, f.severity))
        .collect()
    }

    #[test]
    fn length_units_count_what_they_say() {
        // "é" as e + combining acute, and a flag made of two regional indicators.
        let text = "Cafe\u{301} \u{1F1EB}\u{1F1F7}";
        assert_eq!(LengthUnit::Graphemes.measure(text), 6);
        assert_eq!(LengthUnit::CodePoints.measure(text), 8);
        assert_eq!(LengthUnit::Utf16.measure(text), 10);
        assert_eq!(LengthUnit::Utf8.measure(text), 15);
        assert_eq!(LengthUnit::parse("UTF-16"), Some(LengthUnit::Utf16));
        assert_eq!(
            LengthUnit::parse("code_points"),
            Some(LengthUnit::CodePoints)
        );
        assert_eq!(LengthUnit::parse("pixels"), None);
        for u in LengthUnit::ALL {
            assert_eq!(LengthUnit::parse(u.as_str()), Some(u));
        }
    }

    #[test]
    fn an_empty_cell_is_missing_and_nothing_else() {
        assert_eq!(
            run("Hello %s  ", Some("   "), "fr"),
            [("missing", Severity::Error)]
        );
        assert_eq!(run("Hello", None, "fr"), [("missing", Severity::Error)]);
    }

    #[test]
    fn clean_translations_have_no_errors() {
        for (s, t, l) in [
            (
                "Deal %d damage to {target}",
                "Inflige %d dégâts à {target}",
                "fr",
            ),
            ("{0:N0} gold", "{0:N0} Gold", "de"),
            (
                "{count, plural, one {# item} other {# items}}",
                "{count, plural, one {# objet} many {# d'objets} other {# objets}}",
                "fr",
            ),
            ("<b>Play</b> now", "<b>Jouer</b> maintenant", "fr"),
            (
                "[color=red]Danger[/color]",
                "[color=red]Gefahr[/color]",
                "de",
            ),
            (
                "{n, plural, other {# coins}}",
                "{n, plural, other {#枚}}",
                "ja",
            ),
        ] {
            let f = run(s, Some(t), l);
            assert!(
                f.iter().all(|(_, sev)| *sev != Severity::Error),
                "{s} -> {t}: {f:?}"
            );
        }
    }

    #[test]
    fn each_defect_is_named() {
        assert_eq!(
            run("Hit %d", Some("Coup"), "fr"),
            [("placeholders", Severity::Error)]
        );
        assert_eq!(
            run("Hi {name}", Some("Salut {nom}"), "fr"),
            [("placeholders", Severity::Error)]
        );
        let f = run(
            "{n, plural, one {# day} other {# days}}",
            Some("{n, plural, one {# jour} other {# jours}"),
            "fr",
        );
        assert_eq!(f, [("icu_syntax", Severity::Error)], "and nothing else");
        let f = run(
            "{n, plural, one {# day} other {# days}}",
            Some("{m, plural, one {# jour} many {# jours} other {# jours}}"),
            "fr",
        );
        assert!(f.contains(&("icu_args", Severity::Error)), "{f:?}");
        let f = run(
            "{n, plural, one {# day} other {# days}}",
            Some("{n, plural, one {# jour} few {# jours} other {# jours}}"),
            "fr",
        );
        assert!(
            f.contains(&("plural_categories", Severity::Error)),
            "few is not French: {f:?}"
        );
        let f = run(
            "{n, plural, one {# day} other {# days}}",
            Some("{n, plural, one {# dia} other {# dias}}"),
            "pt-BR",
        );
        assert_eq!(
            f,
            [("plural_categories", Severity::Warning)],
            "no many case: a warning"
        );
        let f = run(
            "{g, select, male {He} female {She} other {They}}",
            Some("{g, select, male {Il} other {Iel}}"),
            "fr",
        );
        assert!(f.contains(&("icu_args", Severity::Error)), "{f:?}");
        let f = run(
            "{n, plural, one {# day} other {# days}}",
            Some("{n, plural, one {# jour}}"),
            "fr",
        );
        assert!(
            f.contains(&("icu_syntax", Severity::Error)),
            "no other: {f:?}"
        );
        assert_eq!(
            run("<b>Go</b>", Some("<b>Allez"), "fr"),
            [("tags", Severity::Error)]
        );
        assert_eq!(
            run("<b>Go</b>", Some("<i>Allez</i>"), "fr"),
            [("tags", Severity::Error)]
        );
        assert_eq!(
            run("OK", Some("OK"), "fr"),
            [("identical", Severity::Warning)]
        );
        assert_eq!(
            run("%s", Some("%s"), "fr"),
            [],
            "only a placeholder: not identical"
        );
        assert_eq!(
            run("Go ", Some("Allez"), "fr"),
            [("edge_whitespace", Severity::Warning)]
        );
        assert_eq!(
            run("A\nB", Some("A B"), "fr"),
            [("newlines", Severity::Warning)]
        );
        assert_eq!(
            run("A B", Some("A  B"), "fr"),
            [("double_space", Severity::Warning)]
        );
        let l = Locale::parse("de").unwrap();
        let long = check(&Unit {
            key: "k",
            source: "Save",
            target: Some("Speichern"),
            locale: &l,
            max_length: Some((6, LengthUnit::CodePoints)),
            stale: true,
        });
        let ids: Vec<&str> = long.iter().map(|f| f.check).collect();
        assert_eq!(ids, ["stale", "max_length"]);
        assert_eq!(
            long[1].message,
            "9 characters where the limit is 6: \"Speichern\""
        );
    }

    proptest::proptest! {
        /// Checking never panics, and an identical copy of a source never has an error.
        #[test]
        fn checks_never_panic_and_a_copy_has_no_errors(text in "[%sd{}<>/b\\[\\]a-z #',0-9\\n]{0,40}") {
            let l = Locale::parse("fr").unwrap();
            let f = check(&Unit { key: "k", source: &text, target: Some(&text), locale: &l, max_length: None, stale: false });
            let icu_plural = icu::parse(&text).ok().filter(|p| icu::has_choice(p)).is_some();
            if !icu_plural && text.trim().len() == text.len() && !text.trim().is_empty() {
                let tags_ok = well_formed(&tags(&text));
                proptest::prop_assert!(f.iter().all(|x| x.severity != Severity::Error || (x.check == "tags" && !tags_ok)), "{:?}", f);
            }
        }
    }
}
