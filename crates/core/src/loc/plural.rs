//! CLDR's cardinal plural categories per language (CLDR 46), for checking that an ICU
//! plural in a translation has the cases its language uses and no others.

/// The categories a language's cardinal plurals use, `other` always last; None for a
/// language this table does not know (the check is then skipped, not guessed).
pub fn categories(language: &str) -> Option<&'static [&'static str]> {
    const OTHER: &[&str] = &["other"];
    const ONE: &[&str] = &["one", "other"];
    const ONE_MANY: &[&str] = &["one", "many", "other"];
    const ONE_FEW_MANY: &[&str] = &["one", "few", "many", "other"];
    const ONE_TWO: &[&str] = &["one", "two", "other"];
    const ALL_SIX: &[&str] = &["zero", "one", "two", "few", "many", "other"];
    Some(match language {
        "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" | "lo" | "my" | "km" => OTHER,
        "en" | "de" | "nl" | "sv" | "da" | "nb" | "no" | "nn" | "fi" | "et" | "el" | "hu"
        | "tr" | "bg" | "az" | "ka" | "kk" | "sq" | "ur" | "sw" | "eu" | "gl" | "af" | "hi"
        | "bn" | "fa" | "ta" | "te" | "mr" | "gu" | "kn" | "ml" | "is" | "mn" | "hy" => ONE,
        "fr" | "es" | "it" | "pt" | "ca" => ONE_MANY,
        "ru" | "uk" | "pl" | "cs" | "sk" | "lt" | "be" => ONE_FEW_MANY,
        "he" => ONE_TWO,
        "ro" | "mo" => &["one", "few", "other"],
        "hr" | "sr" | "bs" => &["one", "few", "other"],
        "sl" => &["one", "two", "few", "other"],
        "lv" => &["zero", "one", "other"],
        "ga" => &["one", "two", "few", "many", "other"],
        "ar" | "cy" => ALL_SIX,
        _ => return None,
    })
}

/// Whether a plural case key is allowed at all: a category of the language or an
/// explicit value like `=0`.
pub fn is_explicit(key: &str) -> bool {
    key.strip_prefix('=')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_languages_the_issue_names() {
        assert_eq!(categories("fr"), Some(&["one", "many", "other"][..]));
        assert_eq!(categories("pt"), Some(&["one", "many", "other"][..]));
        assert_eq!(categories("ar").map(|c| c.len()), Some(6));
        assert_eq!(categories("ja"), Some(&["other"][..]));
        assert_eq!(categories("xx"), None);
        assert!(is_explicit("=0") && !is_explicit("=") && !is_explicit("one"));
    }
}
