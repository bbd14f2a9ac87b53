#!/usr/bin/env python3
"""Generates one random plan in two formats for comparing schedulers: Callsheet's JSON
plan file and a TaskJuggler 3 project (.tjp).

    gen_plan.py TASKS OUT_PREFIX [--seed N] [--links fs,ss] [--leads] [--people N]
                [--team even|skewed|departments]

Work packages of 5 to 25 tasks nest under summaries and run in parallel streams; each
task has about 1.5 predecessors in its package or the one before it in its stream (finish-to-start or start-to-start, lags of 0 to 3
working days); the calendar is Monday to Friday, 08:00-12:00 and 13:00-17:00, with
holidays. Only what both schedulers mean the same way is generated.

With --people N, every task with work is effort-driven, by one person from a pool of N,
for leveling. --team says how work falls to people: `even` (the default) draws anyone;
`skewed` gives person k a share proportional to 1/sqrt(k+1), so a few are the bottleneck;
`departments` gives each stream of packages its own few people, as departments work.
"""
import json
import random
import sys

HOLIDAYS = ["2027-04-02", "2027-04-05", "2027-05-31", "2027-07-05", "2027-08-30",
            "2027-12-24", "2027-12-27", "2027-12-31", "2028-01-03", "2028-04-14",
            "2028-04-17", "2028-05-29", "2028-07-04", "2028-09-04", "2028-12-25"]


def main():
    n = int(sys.argv[1])
    prefix = sys.argv[2]
    seed = 7
    people = 0
    team = "even"
    kinds = ["fs", "ss"]
    lags = [0, 0, 0, 1, 2, 3]
    args = sys.argv[3:]
    for i, a in enumerate(args):
        if a == "--seed":
            seed = int(args[i + 1])
        if a == "--links":
            kinds = args[i + 1].split(",")
        if a == "--leads":
            lags = [-2, -1, 0, 0, 0, 1, 2, 3]
        if a == "--people":
            people = int(args[i + 1])
        if a == "--team":
            team = args[i + 1]
    rng = random.Random(seed)

    # Work packages: consecutive runs of leaf tasks under one summary.
    tasks = []  # (id, name, parent_index or None, days or None for summary, milestone)
    packages = []
    made = 0
    while made < n:
        wp = len(tasks)
        packages.append(wp)
        tasks.append((f"wp{len(packages)}", f"Work package {len(packages)}", None, None, False))
        for _ in range(rng.randint(5, 25)):
            if made >= n:
                break
            made += 1
            k = len(tasks)
            milestone = rng.random() < 0.05
            days = 0 if milestone else rng.randint(1, 10)
            tasks.append((f"t{k}", f"Task {k}", wp, days, milestone))
    leaves = [i for i, t in enumerate(tasks) if t[3] is not None]
    # Packages run in parallel streams (as departments do): a task follows earlier tasks
    # of its own package, or of the previous package in its stream.
    streams = max(4, n // 500)
    package_of = {}
    members = {}
    for i in leaves:
        package_of[i] = tasks[i][2]
        members.setdefault(tasks[i][2], []).append(i)
    previous = {}
    for k, wp in enumerate(packages):
        if k >= streams:
            previous[wp] = packages[k - streams]
    links = []  # (from, to, kind, lag_days)
    for i in leaves:
        wp = package_of[i]
        own = members[wp][:members[wp].index(i)]
        before = members.get(previous.get(wp), [])
        count = max(0, int(rng.gauss(1.5, 1.0) + 0.5))
        chosen = set()
        for _ in range(count):
            pool = own if (own and (rng.random() < 0.7 or not before)) else before
            if pool:
                chosen.add(rng.choice(pool))
        for j in sorted(chosen):
            kind = rng.choice(kinds)
            # tj3 reports a dependency loop for some milestones that wait on a start
            # (`onstart`) inside containers, so milestones follow finishes only.
            if tasks[i][4]:
                kind = "fs"
            lag = rng.choice(lags)
            links.append((j, i, kind, lag))
    # Effort-driven assignments, drawn after the links so plans without people stay the same.
    assigned = {}
    position = {wp: k for k, wp in enumerate(packages)}
    if people:
        for i in leaves:
            if tasks[i][4]:
                continue
            # One person each: TaskJuggler books a shared effort to whichever of its
            # people is free, where we (and MS Project) hold each to their share.
            who = [pick(rng, people, team, position[package_of[i]] % streams, streams)]
            assigned[i] = who

    # Callsheet's plan file.
    plan = {
        "name": f"Generated plan of {n} tasks",
        "start": "2027-02-01",
        "calendar": {"hours": ["08:00-12:00", "13:00-17:00"], "holidays": HOLIDAYS},
        "tasks": [],
    }
    if people:
        plan["resources"] = [{"id": f"r{k}", "name": f"Person {k}"} for k in range(people)]
    preds = {}
    for (j, i, kind, lag) in links:
        preds.setdefault(i, []).append({"on": tasks[j][0], "type": kind, "lag": f"{lag}d"})
    for i, (tid, name, parent, days, milestone) in enumerate(tasks):
        t = {"id": tid, "name": name}
        if parent is not None:
            t["parent"] = tasks[parent][0]
        if milestone:
            t["milestone"] = True
        elif i in assigned:
            t["effort"] = f"{days * len(assigned[i])}d"
            t["assign"] = [f"r{k}" for k in assigned[i]]
        elif days is not None:
            t["duration"] = f"{days}d"
        if i in preds:
            t["depends"] = preds[i]
        plan["tasks"].append(t)
    with open(prefix + ".json", "w") as f:
        json.dump(plan, f, indent=1)

    # TaskJuggler 3.
    def full(i):
        t = tasks[i]
        return f"{tasks[t[2]][0]}.{t[0]}" if t[2] is not None else t[0]

    out = ['project gen "Generated" 2027-02-01 +8y {',
           '  timezone "UTC"',
           '  timeformat "%Y-%m-%dT%H:%M"',
           '  dailyworkinghours 8',
           '  workinghours mon - fri 8:00 - 12:00, 13:00 - 17:00',
           '  workinghours sat, sun off',
           '}']
    for h in HOLIDAYS:
        out.append(f'leaves holiday "Holiday" {h}')
    for k in range(people):
        out.append(f'resource r{k} "Person {k}"')
    into = {}
    for link in links:
        into.setdefault(link[1], []).append(link)
    for wp in packages:
        out.append(f'task {tasks[wp][0]} "{tasks[wp][1]}" {{')
        for i, t in enumerate(tasks):
            if t[2] != wp:
                continue
            out.append(f'  task {t[0]} "{t[1]}" {{')
            if t[4]:
                out.append('    milestone')
            elif i in assigned:
                out.append(f'    effort {t[3] * len(assigned[i])}d')
                out.append('    allocate ' + ', '.join(f'r{k}' for k in assigned[i]))
            else:
                out.append(f'    length {t[3]}d')
            for (j, k, kind, lag) in into.get(i, []):
                attrs = []
                if kind == "ss":
                    attrs.append("onstart")
                if lag:
                    attrs.append(f"gaplength {lag}d")
                body = " { " + " ".join(attrs) + " }" if attrs else ""
                out.append(f'    depends {full(j)}{body}')
            out.append('  }')
        out.append('}')
    out.append('taskreport "tj3" {')
    out.append('  formats csv')
    out.append('  columns id, start, end')
    out.append('  timeformat "%Y-%m-%dT%H:%M"')
    out.append('}')
    with open(prefix + ".tjp", "w") as f:
        f.write("\n".join(out) + "\n")

    # MS Project XML (MSPDI), for MPXJ. Task names carry our ids; UIDs are index + 1.
    mspdi_type = {"ff": 0, "fs": 1, "sf": 2, "ss": 3}
    x = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
         '<Project xmlns="http://schemas.microsoft.com/project">',
         '<Name>Generated</Name><StartDate>2027-02-01T08:00:00</StartDate>',
         '<ScheduleFromStart>1</ScheduleFromStart><CalendarUID>1</CalendarUID>',
         '<DefaultStartTime>08:00:00</DefaultStartTime><DefaultFinishTime>17:00:00</DefaultFinishTime>',
         '<MinutesPerDay>480</MinutesPerDay><MinutesPerWeek>2400</MinutesPerWeek><DaysPerMonth>20</DaysPerMonth>',
         '<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>']
    hours = ('<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>'
             '<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>')
    for day in range(1, 8):
        working = 2 <= day <= 6
        x.append(f'<WeekDay><DayType>{day}</DayType><DayWorking>{1 if working else 0}</DayWorking>'
                 + (hours if working else '') + '</WeekDay>')
    for h in HOLIDAYS:
        x.append(f'<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>'
                 f'<FromDate>{h}T00:00:00</FromDate><ToDate>{h}T23:59:00</ToDate></TimePeriod></WeekDay>')
    x.append('</WeekDays></Calendar></Calendars><Tasks>')
    for i, (tid, name, parent, days, milestone) in enumerate(tasks):
        summary = days is None
        level = 2 if parent is not None else 1
        t = [f'<Task><UID>{i + 1}</UID><ID>{i + 1}</ID><Name>{tid}</Name><Manual>0</Manual>',
             f'<OutlineLevel>{level}</OutlineLevel><Summary>{1 if summary else 0}</Summary>',
             f'<Milestone>{1 if milestone else 0}</Milestone><Start>2027-02-01T08:00:00</Start>']
        if i in assigned:
            w = f'PT{days * 8 * len(assigned[i])}H0M0S'
            t.append(f'<Type>2</Type><EffortDriven>1</EffortDriven><Work>{w}</Work>')
        if not summary:
            d = f'PT{(days or 0) * 8}H0M0S'
            t.append(f'<Duration>{d}</Duration><DurationFormat>7</DurationFormat>'
                     f'<ActualDuration>PT0H0M0S</ActualDuration><RemainingDuration>{d}</RemainingDuration>'
                     '<PercentComplete>0</PercentComplete>')
        for (j, k, kind, lag) in into.get(i, []):
            t.append(f'<PredecessorLink><PredecessorUID>{j + 1}</PredecessorUID><Type>{mspdi_type[kind]}</Type>'
                     f'<LinkLag>{lag * 4800}</LinkLag><LagFormat>7</LagFormat></PredecessorLink>')
        t.append('</Task>')
        x.append("".join(t))
    x.append('</Tasks>')
    if people:
        x.append('<Resources>')
        for k in range(people):
            x.append(f'<Resource><UID>{k + 1}</UID><ID>{k + 1}</ID><Name>Person {k}</Name><Type>1</Type>'
                     '<MaxUnits>1.00</MaxUnits></Resource>')
        x.append('</Resources><Assignments>')
        uid = 0
        for i, who in sorted(assigned.items()):
            for k in who:
                uid += 1
                x.append(f'<Assignment><UID>{uid}</UID><TaskUID>{i + 1}</TaskUID><ResourceUID>{k + 1}</ResourceUID>'
                         f'<Units>1</Units><Work>PT{tasks[i][3] * 8}H0M0S</Work><ActualWork>PT0H0M0S</ActualWork>'
                         f'<RemainingWork>PT{tasks[i][3] * 8}H0M0S</RemainingWork></Assignment>')
        x.append('</Assignments>')
    x.append('</Project>')
    with open(prefix + ".xml", "w") as f:
        f.write("\n".join(x) + "\n")


def pick(rng, people, team, stream, streams):
    """One person for a task of this stream, by the team's shape."""
    if team == "skewed":
        return rng.choices(range(people), weights=[1 / (k + 1) ** 0.5 for k in range(people)])[0]
    if team == "departments":
        # Each stream owns a contiguous share of the people (at least one).
        share = max(1, people // streams)
        first = (stream * share) % people
        return (first + rng.randrange(share)) % people
    return rng.randrange(people)


if __name__ == "__main__":
    main()
