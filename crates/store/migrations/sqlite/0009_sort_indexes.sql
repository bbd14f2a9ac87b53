-- A project's items in the order of each built-in sort that had no index, ending in the
-- row id (the tie-break): a list with many matches walks one of these in order and
-- stops at the page's end (see store/src/query/walk.rs). The nullable ones carry the
-- same `IS NULL` term the compiler sorts by, so empty values come last; severity's is
-- declared DESC, so walking it backwards serves `ORDER BY severity DESC`, empty last.
CREATE INDEX items_sort_priority ON items (project_id, priority);
CREATE INDEX items_sort_severity ON items (project_id, (severity IS NULL) DESC, severity);
CREATE INDEX items_sort_title ON items (project_id, title);
CREATE INDEX items_sort_status ON items (project_id, status_id);
CREATE INDEX items_sort_department ON items (project_id, (department IS NULL), department);
