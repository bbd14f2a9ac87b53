//! The warning checks on a translation's style: end punctuation per locale, brackets and
//! quotes, numbers and URLs, repeated words, and invisible characters. None of them is
//! an error: each can be right (a translator may drop a full stop on purpose).

use super::checks::Severity;

/// (check id, message) for each style problem of a translation.
pub(super) fn style(
    source: &str,
    target: &str,
    language: &str,
) -> Vec<(&'static str, Severity, String)> {
    let mut out = Vec::new();
    let mut warn = |id: &'static str, message: String| out.push((id, Severity::Warning, message));

    // End punctuation, in the target language's script.
    let end = |t: &str| t.trim_end().chars().last();
    let kind = |c: Option<char>| match c {
        Some('.' | '。' | '։' | '۔') => Some('.'),
        Some('!' | '！' | '¡') => Some('!'),
        Some('?' | '？' | '؟' | '¿') => Some('?'),
        Some(':' | '：') => Some(':'),
        _ => None,
    };
    let (s_end, t_end) = (kind(end(source)), kind(end(target)));
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
    // Braces are placeholders and ICU, checked (as errors) elsewhere.
    for (open, close) in [('(', ')'), ('[', ']'), ('«', '»'), ('“', '”')] {
        let count = |t: &str, c: char| t.chars().filter(|x| *x == c).count();
        if count(target, open) != count(target, close)
            && count(source, open) == count(source, close)
        {
            warn("brackets", format!("{open} and {close} do not pair up"));
        }
    }

    // Numbers and URLs the source has must be there.
    let numbers = |t: &str| {
        let mut v: Vec<String> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        v.sort();
        v
    };
    let (sn, tn) = (numbers(source), numbers(target));
    if sn != tn {
        let missing: Vec<&String> = sn.iter().filter(|n| !tn.contains(n)).collect();
        if !missing.is_empty() {
            warn(
                "numbers",
                format!(
                    "{} from the source is not in the translation",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    for url in source
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
    {
        let url = url.trim_end_matches(['.', ',', ')', '!', '?']);
        if !target.contains(url) {
            warn("urls", format!("{url} is not in the translation"));
        }
    }

    // A word twice in a row ("the the").
    let words: Vec<String> = target
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    if let Some(w) = words
        .windows(2)
        .find(|p| !p[0].is_empty() && p[0] == p[1] && p[0].chars().any(char::is_alphabetic))
    {
        let source_has = source.to_lowercase().contains(&format!("{0} {0}", w[0]));
        if !source_has {
            warn("repeated_word", format!("{:?} twice in a row", w[0]));
        }
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
        style(source, target, lang)
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
