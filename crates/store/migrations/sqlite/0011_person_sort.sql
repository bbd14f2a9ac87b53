-- A project's items by assignee and by reporter, ending in the row id: a list sorted by
-- a person walks the people in handle order and each one's items through these (see
-- store/src/query/walk.rs), instead of sorting every match by a looked-up handle.
CREATE INDEX items_sort_assignee ON items (project_id, assignee_id);
CREATE INDEX items_sort_reporter ON items (project_id, reporter_id);
