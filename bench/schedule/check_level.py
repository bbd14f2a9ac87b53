#!/usr/bin/env python3
"""Checks a leveled schedule independently of the scheduler that made it, and compares
its finish with TaskJuggler's on the same plan.

    check_level.py PLAN.json CALLSHEET.csv [TJ3.csv] [--cpm UNLEVELED.csv] [--json]

From the plan file (tasks with `assign` of one person at 100%) and Callsheet's CSV it
checks, in working time on the plan's calendar, that no person works two tasks at once
and that every finish-to-start and start-to-start link with its lag holds. It prints one
line: the violations found, Callsheet's finish, TaskJuggler's, and the busiest person's own
work (no leveled finish can come before it), all in working days from the start. With
--cpm, the unleveled schedule's finish joins the lower bound (the larger of the two); with
--json, the line is one JSON object instead.
"""
import csv
import json
import sys

from compare import Clock


def finish_of(clock, path):
    return max(clock.position(r["finish"]) for r in csv.DictReader(open(path)))


def main():
    args = sys.argv[1:]
    as_json = "--json" in args
    cpm = None
    if "--cpm" in args:
        k = args.index("--cpm")
        cpm = args[k + 1]
        del args[k:k + 2]
    args = [a for a in args if a != "--json"]
    plan = json.load(open(args[0]))
    clock = Clock(plan)
    day = clock.per_day
    ours = {r["id"]: (clock.position(r["start"]), clock.position(r["finish"]))
            for r in csv.DictReader(open(args[1]))}
    problems = []
    booked = {}
    for t in plan["tasks"]:
        for who in t.get("assign", []):
            booked.setdefault(who, []).append(t["id"])
        for d in t.get("depends", []):
            lag = float(d.get("lag", "0d").rstrip("d")) * day
            a, b = ours[d["on"]], ours[t["id"]]
            kind = d.get("type", "fs")
            need = (a[1] if kind == "fs" else a[0]) + lag
            if kind in ("fs", "ss") and b[0] < need:
                problems.append(f"{d['on']} -> {t['id']} ({kind}) broken")
    busiest = 0
    for who, ids in booked.items():
        spans = sorted(ours[i] for i in ids if ours[i][1] > ours[i][0])
        busiest = max(busiest, sum(b - a for a, b in spans))
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 < b1:
                problems.append(f"{who} works two tasks at once at {a2 / day:.2f} days")
    finish = max(f for _, f in ours.values())
    bound = max(busiest, finish_of(clock, cpm) if cpm else 0)
    line = (f"{len(problems)} violations; leveled finish: callsheet {finish / day:.1f} d, "
            f"busiest person's own work {busiest / day:.1f} d")
    if cpm:
        line += f", lower bound {bound / day:.1f} d, callsheet/bound {finish / bound:.3f}"
    tj = None
    if len(args) > 2:
        rows = list(csv.reader(open(args[2]), delimiter=";"))[1:]
        tj = max(clock.position(r[2]) for r in rows)
        line += f", tj3 {tj / day:.1f} d, callsheet/tj3 {finish / tj:.3f}"
    if as_json:
        line = json.dumps({"violations": len(problems), "callsheet": finish / day,
                           "tj3": tj / day if tj else None, "bound": bound / day})
    print(line)
    for p in problems[:20]:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
