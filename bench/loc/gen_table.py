#!/usr/bin/env python3
"""A game string table with seeded defects and their ground truth.

    gen_table.py KEYS OUT_DIR [--seed N] [--defects 0.03]

Writes, in OUT_DIR:
  table.csv          key, en, max_length, then one column per target locale
  truth.csv          key, locale, check: one row per seeded defect (the error check it
                     must raise)
  LOCALE.tt.csv      location, source, target for translate-toolkit's csv2po

Sources mix plain UI text, printf and brace placeholders, C#-style formats, ICU plurals
and selects, markup (<b>, <color=#ff0>, [b]) and length limits. Clean translations keep
every placeholder, tag and ICU argument, and use exactly the target locale's CLDR plural
categories, so a clean cell must raise no error. About `--defects` of the cells get one
seeded defect each.
"""
import argparse
import csv
import os
import random

LOCALES = ["fr", "de", "ja", "pt-BR", "ar"]
PLURALS = {
    "fr": ["one", "many", "other"],
    "de": ["one", "other"],
    "ja": ["other"],
    "pt-BR": ["one", "many", "other"],
    "ar": ["zero", "one", "two", "few", "many", "other"],
}
WORDS = ("sword shield potion quest dragon castle forest river merchant armor "
         "guild spell arrow tower village knight battle treasure map stone").split()
# Word stems per locale, so a translation differs from its source.
STEM = {"fr": "é", "de": "ü", "ja": "の", "pt-BR": "ã", "ar": "ب"}


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def tr(text, loc):
    """A fake translation of plain words: each word gets a locale mark."""
    return " ".join(w + STEM[loc] if w.isalpha() else w for w in text.split(" "))


def source_kind(rng, i):
    k = i % 10
    if k == 0:
        return ("plural", None)
    if k == 1:
        return ("select", None)
    if k in (2, 3):
        return ("printf", None)
    if k == 4:
        return ("brace", None)
    if k == 5:
        return ("markup", None)
    if k == 6:
        return ("csharp", None)
    return ("plain", None)


def make(rng, i):
    """(source, {locale: clean translation}, max_length or None)."""
    kind, _ = source_kind(rng, i)
    w = words(rng, rng.randint(1, 4))
    out = {}
    limit = None
    if kind == "plural":
        src = "{count, plural, one {# " + w + "} other {# " + w + "s}}"
        for loc in LOCALES:
            cases = " ".join(c + " {# " + tr(w, loc) + "}" for c in PLURALS[loc])
            out[loc] = "{count, plural, " + cases + "}"
    elif kind == "select":
        src = "{gender, select, female {She found " + w + "} male {He found " + w + "} other {They found " + w + "}}"
        for loc in LOCALES:
            t = tr(w, loc)
            out[loc] = ("{gender, select, female {" + t + " F} male {" + t + " M} other {" + t + " X}}")
    elif kind == "printf":
        src = "Found %d " + w + " in %s"
        for loc in LOCALES:
            out[loc] = "%s: " + tr(w, loc) + " %d"
    elif kind == "brace":
        src = "{player} has {0} " + w
        for loc in LOCALES:
            out[loc] = "{0} " + tr(w, loc) + " {player}"
    elif kind == "csharp":
        src = "Gold: {0:N0} " + w
        for loc in LOCALES:
            out[loc] = tr(w, loc) + " {0:N0}"
    elif kind == "markup":
        src = "Press <b>" + w + "</b> for <color=#ff0>[b]" + w + "[/b]</color>"
        for loc in LOCALES:
            t = tr(w, loc)
            out[loc] = "<b>" + t + "</b> <color=#ff0>[b]" + t + "[/b]</color>"
    else:
        src = w.capitalize()
        for loc in LOCALES:
            out[loc] = tr(w, loc).capitalize()
        if i % 3 == 0:
            limit = max(len(out[loc]) for loc in LOCALES) + rng.randint(0, 5)
    return src, out, limit


def defect(rng, src, text, loc, limit):
    """A broken copy of a clean translation and the error check it must raise, or None
    when this kind of defect does not apply to this string."""
    options = []
    if "%d" in text:
        options.append(("placeholders", lambda t: t.replace("%d", "", 1)))
        options.append(("placeholders", lambda t: t + " %s"))
    if "{player}" in text:
        options.append(("placeholders", lambda t: t.replace("{player}", "{name}")))
    if "{0:N0}" in text:
        options.append(("placeholders", lambda t: t.replace("{0:N0}", "")))
    if ", plural," in text:
        options.append(("icu_syntax", lambda t: t[:-1]))
        options.append(("icu_syntax", lambda t: t.replace(" other {", " autre {")))
        bad = {"ja": "one", "de": "few", "fr": "two", "pt-BR": "few", "ar": "three"}[loc]
        if bad != "three":
            options.append(("plural_categories", lambda t, b=bad: t.replace("{count, plural, ", "{count, plural, " + b + " {# x} ")))
        options.append(("icu_args", lambda t: t.replace("{count,", "{total,")))
    if ", select," in text:
        options.append(("icu_args", lambda t: t.replace(" male {", " man {")))
        options.append(("icu_syntax", lambda t: t.replace("}}", "}")))
    if "<b>" in text:
        options.append(("tags", lambda t: t.replace("</b>", "")))
        options.append(("tags", lambda t: t.replace("[/b]", "[/i]")))
    if limit is not None:
        options.append(("max_length", lambda t, n=limit: (t + " ") * (n // max(len(t), 1) + 2)))
    options.append(("missing", lambda t: ""))
    check, f = rng.choice(options)
    return check, f(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("keys", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--defects", type=float, default=0.03)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    table = open(os.path.join(a.out, "table.csv"), "w", newline="", encoding="utf-8")
    truth = open(os.path.join(a.out, "truth.csv"), "w", newline="", encoding="utf-8")
    tt = {loc: open(os.path.join(a.out, f"{loc}.tt.csv"), "w", newline="", encoding="utf-8") for loc in LOCALES}
    tw = csv.writer(table)
    tw.writerow(["key", "en", "max_length"] + LOCALES)
    gw = csv.writer(truth)
    gw.writerow(["key", "locale", "check"])
    ttw = {loc: csv.writer(f) for loc, f in tt.items()}
    for w in ttw.values():
        w.writerow(["location", "source", "target"])
    seeded = 0
    for i in range(a.keys):
        key = f"str.{i // 1000:03d}.{i:06d}"
        src, clean, limit = make(rng, i)
        row = [key, src, "" if limit is None else str(limit)]
        for loc in LOCALES:
            text = clean[loc]
            if rng.random() < a.defects:
                check, text = defect(rng, src, text, loc, limit)
                gw.writerow([key, loc, check])
                seeded += 1
            row.append(text)
            ttw[loc].writerow([key, src, text])
        tw.writerow(row)
    for f in [table, truth, *tt.values()]:
        f.close()
    print(f"{a.keys} keys x {len(LOCALES)} locales, {seeded} seeded defects")


if __name__ == "__main__":
    main()
