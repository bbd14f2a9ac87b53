#!/usr/bin/env python3
"""Scores findings against the seeded ground truth.

    compare.py truth.csv ours.json [--locale fr]      Callsheet's JSON findings
    compare.py truth.csv pofilter.po --pofilter --locale fr
    compare.py truth.csv ours.json --locale fr --skip max_length

Prints the seeded defects found (a finding of the seeded check on that key and locale;
for pofilter, any finding on the cell, since its test names differ), the recall, and the
clean cells that got an error (pofilter has no severities: every finding counts).
"""
import csv
import json
import re
import sys

truth_path, found_path = sys.argv[1], sys.argv[2]
pofilter = "--pofilter" in sys.argv
locale = sys.argv[sys.argv.index("--locale") + 1] if "--locale" in sys.argv else None
# A check the file under test cannot carry (translate-toolkit's CSV has no length limits).
skip = sys.argv[sys.argv.index("--skip") + 1] if "--skip" in sys.argv else None
truth = {(r["key"], r["locale"], r["check"]) for r in csv.DictReader(open(truth_path, encoding="utf-8"))
         if (locale is None or r["locale"] == locale) and r["check"] != skip}
cells_seeded = {(k, l) for k, l, _ in truth}
total_keys = sum(1 for _ in open(truth_path.replace("truth.csv", "table.csv"), encoding="utf-8")) - 1
if pofilter:
    flagged = set()
    for line in open(found_path, encoding="utf-8"):
        m = re.match(r"#: (\S+)", line)
        if m:
            flagged.add((m.group(1), locale))
    hit = len({(k, l) for k, l, _ in truth} & flagged)
    clean_flagged = len(flagged - cells_seeded)
else:
    findings = json.load(open(found_path, encoding="utf-8"))["findings"]
    errors = {(f["key"], f["locale"], f["check"]) for f in findings
              if f["severity"] == "error" and (locale is None or f["locale"] == locale)}
    hit = len(truth & errors)
    clean_flagged = len({(k, l) for k, l, _ in errors} - cells_seeded)
cells = total_keys * (1 if locale else 5)
clean = cells - len(cells_seeded)
print(f"seeded {len(truth)}, found {hit}, recall {100.0 * hit / max(len(truth), 1):.2f} %, "
      f"clean cells with an error {clean_flagged} of {clean} ({100.0 * clean_flagged / max(clean, 1):.2f} %)")
