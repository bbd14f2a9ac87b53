-- When work on an item really started and finished, kept as its status moves: the
-- scheduler keeps these dates and schedules only what is left.
CREATE TABLE item_progress (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    started_on TEXT,
    finished_on TEXT
);

-- Each item's computed schedule, rewritten (only where it changed) whenever something
-- that moves dates changes. Moments are local date-times like 2027-02-01T08:00; float and
-- slip are working minutes.
CREATE TABLE item_schedule (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    project_id BIGINT NOT NULL REFERENCES projects(id),
    early_start TEXT NOT NULL,
    early_finish TEXT NOT NULL,
    late_start TEXT NOT NULL,
    late_finish TEXT NOT NULL,
    total_float BIGINT NOT NULL,
    free_float BIGINT NOT NULL,
    critical SMALLINT NOT NULL CHECK (critical IN (0, 1)),
    finish_slip BIGINT
);
CREATE INDEX item_schedule_project ON item_schedule (project_id, critical);
CREATE INDEX item_schedule_float ON item_schedule (project_id, total_float);

-- The project's computed finish and what the schedule could not honour; `digests` holds
-- `item:hash` of every stored item_schedule row, so a recompute rewrites only the rows
-- that changed without reading them all back.
CREATE TABLE project_schedule (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id),
    start_on TEXT NOT NULL,
    finish TEXT NOT NULL,
    warnings TEXT NOT NULL,
    digests TEXT NOT NULL,
    computed_at BIGINT NOT NULL
);

-- Baselines: a named snapshot of every item's dates; one is the project's current one.
CREATE TABLE baselines (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    taken_at BIGINT NOT NULL,
    taken_by BIGINT REFERENCES people(id),
    is_current SMALLINT NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    UNIQUE (project_id, name)
);
CREATE TABLE baseline_items (
    baseline_id BIGINT NOT NULL REFERENCES baselines(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    start_at TEXT NOT NULL,
    finish_at TEXT NOT NULL,
    PRIMARY KEY (baseline_id, item_id)
);
