-- Foundation: people, projects, workflows, work items, links, comments, custom fields
-- and the append-only activity log. Column types follow ARCHITECTURE.md section 4.

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE departments (
    name TEXT PRIMARY KEY
);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    next_number BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE project_members (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'producer', 'member', 'vendor', 'viewer')),
    department TEXT REFERENCES departments(name),
    PRIMARY KEY (project_id, person_id)
);
CREATE INDEX project_members_person ON project_members (person_id);

CREATE TABLE item_kinds (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    PRIMARY KEY (project_id, name)
);

CREATE TABLE statuses (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('backlog', 'todo', 'in_progress', 'review', 'done', 'cancelled')),
    position BIGINT NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE transitions (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    from_status_id BIGINT REFERENCES statuses(id),
    to_status_id BIGINT NOT NULL REFERENCES statuses(id)
);
CREATE INDEX transitions_project ON transitions (project_id);

CREATE TABLE custom_fields (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    field_type TEXT NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'enum', 'person')),
    options TEXT,
    UNIQUE (project_id, name)
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    number BIGINT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status_id BIGINT NOT NULL REFERENCES statuses(id),
    category TEXT NOT NULL CHECK (category IN ('backlog', 'todo', 'in_progress', 'review', 'done', 'cancelled')),
    priority BIGINT NOT NULL CHECK (priority BETWEEN 1 AND 5),
    severity BIGINT CHECK (severity BETWEEN 1 AND 5),
    assignee_id BIGINT REFERENCES people(id),
    reporter_id BIGINT REFERENCES people(id),
    department TEXT REFERENCES departments(name),
    estimate_minutes BIGINT CHECK (estimate_minutes >= 0),
    start_date TEXT,
    due_date TEXT,
    parent_id BIGINT REFERENCES items(id),
    milestone_id BIGINT REFERENCES items(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (project_id, number),
    FOREIGN KEY (project_id, kind) REFERENCES item_kinds(project_id, name)
);
CREATE INDEX items_updated ON items (project_id, updated_at);
CREATE INDEX items_created ON items (project_id, created_at);
CREATE INDEX items_kind_priority ON items (project_id, kind, priority);
CREATE INDEX items_department_priority ON items (project_id, department, priority);
CREATE INDEX items_category_priority ON items (project_id, category, priority);
CREATE INDEX items_assignee ON items (assignee_id, category);
CREATE INDEX items_reporter ON items (reporter_id);
CREATE INDEX items_status ON items (status_id);
CREATE INDEX items_parent ON items (parent_id);
CREATE INDEX items_milestone_due ON items (milestone_id, (due_date IS NULL), due_date);
-- Empty dates sort last ascending; SQLite needs the IS NULL term in the index to use it.
CREATE INDEX items_due ON items (project_id, (due_date IS NULL), due_date);
CREATE INDEX items_start ON items (project_id, (start_date IS NULL), start_date);

CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE item_labels (
    item_id BIGINT NOT NULL REFERENCES items(id),
    label_id BIGINT NOT NULL REFERENCES labels(id),
    PRIMARY KEY (item_id, label_id)
);
CREATE INDEX item_labels_label ON item_labels (label_id, item_id);

CREATE TABLE item_links (
    id INTEGER PRIMARY KEY,
    src_id BIGINT NOT NULL REFERENCES items(id),
    dst_id BIGINT NOT NULL REFERENCES items(id),
    kind TEXT NOT NULL CHECK (kind IN ('blocks', 'relates', 'duplicates', 'depends_on')),
    dep_type TEXT CHECK (dep_type IN ('fs', 'ss', 'ff', 'sf')),
    lag_days BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    CHECK (src_id <> dst_id),
    UNIQUE (src_id, dst_id, kind)
);
CREATE INDEX item_links_dst ON item_links (dst_id, kind);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    author_id BIGINT REFERENCES people(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX comments_item ON comments (item_id, id);

CREATE TABLE watchers (
    item_id BIGINT NOT NULL REFERENCES items(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (item_id, person_id)
);
CREATE INDEX watchers_person ON watchers (person_id);

CREATE TABLE item_field_values (
    item_id BIGINT NOT NULL REFERENCES items(id),
    field_id BIGINT NOT NULL REFERENCES custom_fields(id),
    text_value TEXT,
    number_value DOUBLE PRECISION,
    PRIMARY KEY (item_id, field_id)
);
CREATE INDEX item_field_values_text ON item_field_values (field_id, text_value);
CREATE INDEX item_field_values_number ON item_field_values (field_id, number_value);

CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES people(id),
    project_id BIGINT REFERENCES projects(id),
    entity_type TEXT NOT NULL CHECK (entity_type IN ('person', 'project', 'item')),
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX activity_entity ON activity (entity_type, entity_id, id);
CREATE INDEX activity_project ON activity (project_id, at);

-- The activity log is append-only: the database itself refuses edits.
CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
