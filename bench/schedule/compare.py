#!/usr/bin/env python3
"""Compares Callsheet's schedule (CSV from `callsheet schedule --format csv`) with
TaskJuggler's (its `taskreport` CSV) or MPXJ's (`mpxj_schedule.py`, which adds total float
and critical flags) task by task, in working time: both sides' start
and finish become working minutes since the project start on the plan's calendar, so
"Friday 17:00" and "Monday 08:00" (the same point in working time) compare equal.

    compare.py PLAN.json CALLSHEET.csv TJ3_OR_MPXJ.csv

Prints the number of tasks compared and every mismatch; exits 1 if any.
"""
import csv
import datetime as dt
import json
import sys


def calendar(plan):
    cal = plan.get("calendar", {})
    hours = cal.get("hours", ["08:00-12:00", "13:00-17:00"])
    shifts = []
    for h in hours:
        a, b = h.split("-")
        ah, am = map(int, a.split(":"))
        bh, bm = map(int, b.split(":"))
        shifts.append((ah * 60 + am, bh * 60 + bm))
    holidays = {dt.date.fromisoformat(d) for d in cal.get("holidays", [])}
    return shifts, holidays


class Clock:
    def __init__(self, plan):
        self.shifts, self.holidays = calendar(plan)
        self.start = dt.date.fromisoformat(plan["start"])
        self.per_day = sum(b - a for a, b in self.shifts)
        self.cache = {}

    def worked(self, day):
        return day.weekday() < 5 and day not in self.holidays

    def before(self, day):
        """Working minutes from the project start to the start of `day`."""
        if day in self.cache:
            return self.cache[day]
        if day < self.start:
            # Before the start (MS Project lets leads pull work there): negative.
            n, d = 0, day
            while d < self.start:
                if self.worked(d):
                    n -= self.per_day
                d += dt.timedelta(days=1)
            self.cache[day] = n
            return n
        n = 0
        d = self.start
        # Walk a week at a time from the nearest cached day, for speed.
        known = [k for k in self.cache if self.start <= k <= day]
        if known:
            d = max(known)
            n = self.cache[d]
        while d < day:
            if self.worked(d):
                n += self.per_day
            d += dt.timedelta(days=1)
        self.cache[day] = n
        return n

    def position(self, text):
        moment = dt.datetime.strptime(text[:16], "%Y-%m-%dT%H:%M")
        day = moment.date()
        n = self.before(day)
        if self.worked(day):
            minute = moment.hour * 60 + moment.minute
            for a, b in self.shifts:
                n += max(0, min(minute, b) - a)
        return n


def main():
    plan = json.load(open(sys.argv[1]))
    clock = Clock(plan)
    ours = {}
    with open(sys.argv[2]) as f:
        for row in csv.DictReader(f):
            ours[row["id"]] = (row["start"], row["finish"])
    theirs = {}
    floats = {}
    with open(sys.argv[3]) as f:
        head = f.readline()
        f.seek(0)
        if head.startswith("id,"):
            # MPXJ's schedule (mpxj_schedule.py): float and critical flags are compared too.
            for row in csv.DictReader(f):
                theirs[row["id"]] = (row["start"], row["finish"])
                floats[row["id"]] = (float(row["total_float_days"]), row["critical"])
        else:
            for row in csv.reader(f, delimiter=";"):
                if row[0] == "Id":
                    continue
                theirs[row[0].split(".")[-1]] = (row[1], row[2])
    our_floats = {}
    with open(sys.argv[2]) as f:
        for row in csv.DictReader(f):
            our_floats[row["id"]] = (float(row["total_float_days"]), row["critical"])
    compared = 0
    bad = []
    for tid, (start, finish) in theirs.items():
        if tid not in ours:
            bad.append(f"{tid}: not in Callsheet's schedule")
            continue
        compared += 1
        o = tuple(clock.position(x) for x in ours[tid])
        t = (clock.position(start), clock.position(finish))
        if o != t:
            bad.append(f"{tid}: callsheet {ours[tid]} vs theirs {(start, finish)}")
        elif tid in floats and floats[tid] != our_floats[tid]:
            bad.append(f"{tid}: float/critical callsheet {our_floats[tid]} vs theirs {floats[tid]}")
    print(f"compared {compared} tasks: {len(bad)} differ")
    for b in bad[:20]:
        print("  " + b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
