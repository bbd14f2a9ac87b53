#!/usr/bin/env python3
"""Schedules an MSPDI file with MPXJ's CPM scheduler (org.mpxj.cpm.MicrosoftScheduler,
MS Project's rules) and prints `id,start,finish,total_float_days,critical` per task,
where id is the task's name (the generator writes our ids there), or its UID with --uid.

    mpxj_schedule.py PLAN.xml START [--uid] [--rewrite OUT.xml]

START is like 2027-02-01T08:00. --rewrite first writes the project as MPXJ read it with
MPXJ's own MSPDI writer: a file written by MPXJ, for testing that Callsheet reads one.
"""
import sys
import time

import jpype
import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

jpype.startJVM()
from java.time import LocalDateTime  # noqa: E402
from org.mpxj import TimeUnit  # noqa: E402
from org.mpxj.cpm import MicrosoftScheduler  # noqa: E402
from org.mpxj.mspdi import MSPDIWriter  # noqa: E402
from org.mpxj.reader import UniversalProjectReader  # noqa: E402

args = sys.argv[3:]
by_uid = "--uid" in args
began = time.time()
project = UniversalProjectReader().read(sys.argv[1])
if "--rewrite" in args:
    MSPDIWriter().write(project, args[args.index("--rewrite") + 1])
MicrosoftScheduler().schedule(project, LocalDateTime.parse(sys.argv[2]))
print("id,start,finish,total_float_days,critical")
for task in project.getTasks():
    if task.getUniqueID() is None or int(task.getUniqueID()) == 0 or task.getName() is None:
        continue
    slack = task.getTotalSlack()
    days = 0.0
    if slack is not None:
        days = float(slack.convertUnits(TimeUnit.DAYS, project.getProjectProperties()).getDuration())
    start = str(task.getStart())[:16]
    finish = str(task.getFinish())[:16]
    key = int(task.getUniqueID()) if by_uid else task.getName()
    print(f"{key},{start},{finish},{round(days, 2)},{'true' if task.getCritical() else 'false'}")
print(f"# mpxj {time.time() - began:.3f} s", file=sys.stderr)
