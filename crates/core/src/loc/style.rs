//! The warning checks on a translation's style: end punctuation per locale, brackets and
//! quotes, numbers and URLs, repeated words, and invisible characters. None of them is
//! an error: each can be right (a translator may drop a full stop on purpose).

use super::checks::Severity;

/// What the style checks need of a source, worked out once for all its locales.
pub(super) struct SourceStyle<'a> {
    text: &'a str,
    end: Option<char>,
    balance: [i64; 4],
    numbers: Vec<&'a str>,
    urls: Vec<&'a str>,
}

impl<'a> SourceStyle<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        SourceStyle {
            text,
            end: end_kind(text),
            balance: balance(text),
            numbers: numbers(text),
            urls: text
                .split_whitespace()
                .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
                .map(|u| u.trim_end_matches(['.', ',', ')', '!', '?']))
                .collect(),
        }
    }
}

/// The kind of sentence-ending punctuation a text ends with, in any script.
fn end_kind(t: &str) -> Option<char> {
    match t.trim_end().chars().last() {
        Some('.' | '。' | '։' | '۔') => Some('.'),
        Some('!' | '！' | '¡') => Some('!'),
        Some('?' | '？' | '؟' | '¿') => Some('?'),
        Some(':' | '：') => Some(':'),
        _ => None,
    }
}

// Braces are placeholders and ICU, checked (as errors) elsewhere.
const PAIRS: [(char, char); 4] = [('(', ')'), ('[', ']'), ('«', '»'), ('“', '”')];

/// Opened minus closed, for each pair of brackets and quotes.
fn balance(t: &str) -> [i64; 4] {
    let mut b = [0i64; 4];
    for c in t.chars() {
        for (k, (open, close)) in PAIRS.iter().enumerate() {
            if c == *open {
                b[k] += 1;
            } else if c == *close {
                b[k] -= 1;
            }
        }
    }
    b
}

/// The runs of digits in a text, sorted.
fn numbers(t: &str) -> Vec<&str> {
    let mut v: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    v.sort_unstable();
    v
}

/// (check id, message) for each style problem of a translation.
pub(super) fn style<'a>(
    src: &SourceStyle<'a>,
    target: &'a str,
    language: &str,
) -> Vec<(&'static str, Severity, String)> {
    let source = src.text;
    let mut out = Vec::new();
    let mut warn = |id: &'static str, message: String| out.push((id, Severity::Warning, message));

    // End punctuation, in the target language's script.
    let end = |t: &str| t.trim_end().chars().last();
    let (s_end, t_end) = (src.end, end_kind(target));
    if s_end != t_end && !(s_end == Some('.') && t_end.is_none() && language == "th") {
        warn(
            "end_punctuation",
            format!(
                "ends with {} where the source ends with {}",
                t_end.map_or("no punctuation".to_string(), |c| format!("{c:?}")),
                s_end.map_or("no punctuation".to_string(), |c| format!("{c:?}"))
            ),
        );
    } else if let Some(last) = end(target) {
        let wide = matches!(language, "ja" | "zh");
        if wide && matches!(last, '.' | '!' | '?') && target.chars().any(|c| c as u32 > 0x2e80) {
            warn(
                "end_punctuation",
                format!("{language} ends sentences with 。！？, not {last:?}"),
            );
        }
        if language == "ar" && last == '?' {
            warn("end_punctuation", "Arabic asks with ؟, not ?".into());
        }
        if language == "fr" && matches!(last, '!' | '?' | ':' | ';') {
            let before = target.trim_end().chars().rev().nth(1);
            if !matches!(before, Some(' ' | '\u{a0}' | '\u{202f}')) {
                warn(
                    "end_punctuation",
                    format!("French puts a (narrow) no-break space before {last:?}"),
                );
            }
        }
    }

    // Brackets and quotes that open and close.
    let tb = balance(target);
    for (k, (open, close)) in PAIRS.iter().enumerate() {
        if tb[k] != 0 && src.balance[k] == 0 {
            warn("brackets", format!("{open} and {close} do not pair up"));
        }
    }

    // Numbers and URLs the source has must be there.
    let tn = numbers(target);
    if src.numbers != tn {
        let missing: Vec<&str> = src
            .numbers
            .iter()
            .filter(|n| !tn.contains(n))
            .copied()
            .collect();
        if !missing.is_empty() {
            warn(
                "numbers",
                format!(
                    "{} from the source is not in the translation",
                    missing.join(", ")
                ),
            );
        }
    }
    for url in &src.urls {
        if !target.contains(url) {
            warn("urls", format!("{url} is not in the translation"));
        }
    }

    // A word twice in a row ("the the").
    let trim = |w: &'a str| w.trim_matches(|c: char| !c.is_alphanumeric());
    let mut previous: Option<&str> = None;
    for w in target.split_whitespace().map(trim) {
        let twice = previous.is_some_and(|p| {
            !w.is_empty()
                && p.len() == w.len()
                && w.chars().any(char::is_alphabetic)
                && p.chars()
                    .flat_map(char::to_lowercase)
                    .eq(w.chars().flat_map(char::to_lowercase))
        });
        if twice {
            let w = w.to_lowercase();
            if !source.to_lowercase().contains(&format!("{w} {w}")) {
                warn("repeated_word", format!("{w:?} twice in a row"));
            }
            break;
        }
        previous = Some(w);
    }

    // Characters nobody sees: zero-width and stray bidirectional marks.
    let invisible = |c: char| matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let hidden: Vec<String> = target
        .chars()
        .filter(|c| invisible(*c) && !source.contains(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    // Right-to-left languages may need the left-to-right and right-to-left marks.
    let rtl = matches!(language, "ar" | "he" | "fa" | "ur");
    let allowed =
        hidden.is_empty() || (rtl && hidden.iter().all(|h| h == "U+200F" || h == "U+200E"));
    if !allowed {
        warn(
            "invisible",
            format!("invisible characters {}", hidden.join(" ")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(source: &str, target: &str, lang: &str) -> Vec<&'static str> {
        style(&SourceStyle::new(source), target, lang)
            .into_iter()
            .map(|(id, _, _)| id)
            .collect()
    }

    #[test]
    fn each_style_problem_is_a_warning() {
        assert_eq!(ids("Saved.", "Gespeichert", "de"), ["end_punctuation"]);
        assert_eq!(ids("Saved.", "保存しました.", "ja"), ["end_punctuation"]);
        assert_eq!(ids("Saved.", "保存しました。", "ja"), Vec::<&str>::new());
        assert_eq!(ids("Ready?", "Prêt?", "fr"), ["end_punctuation"]);
        assert_eq!(ids("Ready?", "Prêt\u{202f}?", "fr"), Vec::<&str>::new());
        assert_eq!(ids("Ready?", "جاهز?", "ar"), ["end_punctuation"]);
        assert_eq!(ids("Ready?", "جاهز؟", "ar"), Vec::<&str>::new());
        assert_eq!(ids("Level (boss)", "Niveau (boss", "fr"), ["brackets"]);
        assert_eq!(ids("Lose 30 HP", "Verliere 3 LP", "de"), ["numbers"]);
        assert_eq!(
            ids("See https://nj.example/help", "Siehe Hilfe", "de"),
            ["urls"]
        );
        assert_eq!(
            ids("Open the door", "Öffne die die Tür", "de"),
            ["repeated_word"]
        );
        assert_eq!(ids("Play", "Jou\u{200b}er", "fr"), ["invisible"]);
        assert_eq!(ids("Play", "Jouer", "fr"), Vec::<&str>::new());
    }
}
