-- A project's items in the order of each built-in sort that had no index, for the
-- planner to walk when many items match.
CREATE INDEX items_sort_priority ON items (project_id, priority, id);
CREATE INDEX items_sort_severity ON items (project_id, severity, id);
CREATE INDEX items_sort_title ON items (project_id, title, id);
CREATE INDEX items_sort_status ON items (project_id, status_id, id);
CREATE INDEX items_sort_department ON items (project_id, department, id);
