#!/usr/bin/env python3
"""Copies store-bench's production (project BN) into a Redmine SQLite database, so both
servers answer over the same issues.

    redmine_load.py CALLSHEET_DB REDMINE_DB API_KEY

REDMINE_DB must already hold Redmine's schema and default data (trackers, statuses,
priorities, roles), as the Debian package's instance database does. It adds project
`bn`, people p00-p39 as Redmine users and members, every item of BN as an issue with the
same number as id, title, description, dates and estimate (kind -> tracker, status
category -> status, priority 1-5 -> Low..Immediate, assignee and reporter -> users),
turns the REST API on and mail notifications off, and gives the admin the API key.
"""
import sqlite3
import sys

TRACKER = {"bug": 1, "feature": 2}  # anything else: Support (3)
STATUS = {"backlog": 1, "todo": 1, "in_progress": 2, "review": 3, "done": 5, "cancelled": 6}
NOW = "2026-12-01 00:00:00"


def stamp(ms):
    import datetime
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def main():
    ours = sqlite3.connect(sys.argv[1])
    red = sqlite3.connect(sys.argv[2])
    key = sys.argv[3]
    (project,) = ours.execute("SELECT id FROM projects WHERE key = 'BN'").fetchone()
    red.execute("INSERT INTO projects (id, name, description, is_public, created_on, updated_on, "
                "identifier, status, lft, rgt, inherit_members) "
                "VALUES (1, 'Bench', '', 1, ?, ?, 'bn', 1, 1, 2, 0)", (NOW, NOW))
    for module in ["issue_tracking", "time_tracking", "wiki"]:
        red.execute("INSERT INTO enabled_modules (project_id, name) VALUES (1, ?)", (module,))
    for tracker in (1, 2, 3):
        red.execute("INSERT INTO projects_trackers (project_id, tracker_id) VALUES (1, ?)", (tracker,))
    # People: a Redmine user per person, each a Developer of the project.
    user_of = {}
    for pid, handle, name in ours.execute("SELECT id, handle, display_name FROM people"):
        cur = red.execute(
            "INSERT INTO users (login, hashed_password, firstname, lastname, admin, status, language, "
            "created_on, updated_on, type, mail_notification, must_change_passwd) "
            "VALUES (?, '', ?, ?, 0, 1, 'en', ?, ?, 'User', 'none', 0)",
            (handle, name.split(" ")[0] or handle, handle, NOW, NOW))
        user_of[pid] = cur.lastrowid
        member = red.execute("INSERT INTO members (user_id, project_id, created_on, mail_notification) "
                             "VALUES (?, 1, ?, 0)", (cur.lastrowid, NOW)).lastrowid
        red.execute("INSERT INTO member_roles (member_id, role_id) VALUES (?, 4)", (member,))
    red.execute("UPDATE users SET must_change_passwd = 0 WHERE id = 1")
    red.execute("INSERT INTO tokens (user_id, action, value, created_on, updated_on) VALUES (1, 'api', ?, ?, ?)",
                (key, NOW, NOW))
    red.execute("INSERT INTO settings (name, value, updated_on) VALUES ('rest_api_enabled', '1', ?)", (NOW,))
    # No notification mail: Callsheet sends none on these requests either.
    red.execute("INSERT INTO settings (name, value, updated_on) VALUES ('notified_events', '--- []\n', ?)", (NOW,))
    rows = ours.execute(
        "SELECT number, kind, title, description, category, priority, assignee_id, reporter_id, "
        "estimate_minutes, start_date, due_date, created_at, updated_at FROM items WHERE project_id = ? "
        "ORDER BY number", (project,))
    batch = []
    for (number, kind, title, description, category, priority, assignee, reporter, estimate,
         start, due, created, updated) in rows:
        status = STATUS[category]
        batch.append((number, TRACKER.get(kind, 3), title[:255], description, due, status,
                      user_of.get(assignee), priority, user_of.get(reporter, 1), stamp(created),
                      stamp(updated), start, estimate / 60 if estimate is not None else None,
                      number, stamp(updated) if status in (5, 6) else None))
    red.executemany(
        "INSERT INTO issues (id, tracker_id, project_id, subject, description, due_date, status_id, "
        "assigned_to_id, priority_id, author_id, lock_version, created_on, updated_on, start_date, "
        "done_ratio, estimated_hours, root_id, lft, rgt, is_private, closed_on) "
        "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, ?, 1, 2, 0, ?)", batch)
    red.commit()
    print(f"redmine: {len(batch)} issues, {len(user_of)} users")


if __name__ == "__main__":
    main()
