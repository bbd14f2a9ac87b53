-- A project's items by assignee and by reporter, with the id: the same indexes as on
-- SQLite, where a list sorted by a person walks them (see store/src/query/walk.rs).
CREATE INDEX items_sort_assignee ON items (project_id, assignee_id, id);
CREATE INDEX items_sort_reporter ON items (project_id, reporter_id, id);
