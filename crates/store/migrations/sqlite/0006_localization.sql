-- Localization: string tables with per-locale translations, QA allow lists, check runs
-- attached to builds, and vendor hand-offs. Strings join the activity log.

-- The activity log learns a new kind of entity. SQLite cannot change a CHECK, so the
-- table is rebuilt (DROP TABLE fires no triggers) with its indexes and triggers.
CREATE TABLE activity_new (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES people(id),
    project_id BIGINT REFERENCES projects(id),
    entity_type TEXT NOT NULL CHECK (entity_type IN ('person', 'project', 'item', 'string')),
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
INSERT INTO activity_new (id, at, actor_id, project_id, entity_type, entity_id, action, changes)
    SELECT id, at, actor_id, project_id, entity_type, entity_id, action, changes FROM activity;
DROP TABLE activity;
ALTER TABLE activity_new RENAME TO activity;
CREATE INDEX activity_entity ON activity (entity_type, entity_id, id);
CREATE INDEX activity_project ON activity (project_id, at);
CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;

-- A project's localization settings: the language its source strings are written in,
-- how length limits count, the target locales (space-separated BCP-47 codes) and terms
-- never translated (one per line).
CREATE TABLE loc_settings (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id),
    source_locale TEXT NOT NULL,
    length_unit TEXT NOT NULL CHECK (length_unit IN ('codepoints', 'graphemes', 'utf8', 'utf16')),
    locales TEXT NOT NULL,
    do_not_translate TEXT NOT NULL
);

-- The string table: one row per key, with the hash of its current source text.
CREATE TABLE loc_strings (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    string_key TEXT NOT NULL,
    source TEXT NOT NULL,
    context TEXT NOT NULL,
    notes TEXT NOT NULL,
    max_length BIGINT,
    tags TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (project_id, string_key)
);

-- One locale's translation of a string: its status, who set it and when, and the hash
-- of the source it was made from. A source edit turns every translation stale.
CREATE TABLE loc_translations (
    string_id BIGINT NOT NULL REFERENCES loc_strings(id),
    locale TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'translated', 'reviewed', 'final', 'stale')),
    source_hash TEXT NOT NULL,
    by_id BIGINT REFERENCES people(id),
    at BIGINT NOT NULL,
    PRIMARY KEY (string_id, locale)
);

-- Findings muted on purpose, for one key or (key NULL) the whole project, with a reason.
CREATE TABLE loc_allow (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    string_key TEXT,
    check_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    by_id BIGINT REFERENCES people(id),
    at BIGINT NOT NULL
);
CREATE INDEX loc_allow_project ON loc_allow (project_id);

-- A QA check run attached to a build label, with its findings as JSON.
CREATE TABLE loc_runs (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    build TEXT NOT NULL,
    at BIGINT NOT NULL,
    by_id BIGINT REFERENCES people(id),
    errors BIGINT NOT NULL,
    warnings BIGINT NOT NULL,
    findings TEXT NOT NULL
);
CREATE INDEX loc_runs_project ON loc_runs (project_id, id);

-- The one bug filed for a failing key, kept across runs so none is filed twice.
CREATE TABLE loc_bugs (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    string_key TEXT NOT NULL,
    item_id BIGINT NOT NULL REFERENCES items(id),
    PRIMARY KEY (project_id, string_key)
);

-- A vendor hand-off: what was sent for a locale, by when it is due, and when the
-- delivery came back.
CREATE TABLE loc_handoffs (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    locale TEXT NOT NULL,
    vendor TEXT NOT NULL,
    format TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('needed', 'all')),
    strings BIGINT NOT NULL,
    due TEXT,
    sent_at BIGINT NOT NULL,
    sent_by BIGINT REFERENCES people(id),
    delivered_at BIGINT,
    delivered_by BIGINT REFERENCES people(id),
    applied BIGINT
);
CREATE INDEX loc_handoffs_project ON loc_handoffs (project_id, id);
