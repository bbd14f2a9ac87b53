-- Saved views: a named query and column set, kept by one person or shared with the project.
CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    owner_id BIGINT REFERENCES people(id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    columns TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX saved_views_project ON saved_views (project_id, name);

-- A board column's work-in-progress limit; empty means no limit.
ALTER TABLE statuses ADD COLUMN wip_limit BIGINT;

-- The vendor studio (or other company) a person works for: vendors see what is shared with it.
ALTER TABLE people ADD COLUMN organisation TEXT;
CREATE INDEX people_organisation ON people (organisation);

-- The one-time link `serve` prints on an empty database, to create the first admin.
CREATE TABLE setup_links (
    digest TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
