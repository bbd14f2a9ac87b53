-- Studio roles: who may create projects and manage people, above any one project.
ALTER TABLE people ADD COLUMN studio_role TEXT NOT NULL DEFAULT 'member'
    CHECK (studio_role IN ('admin', 'producer', 'member'));
-- Existing studios keep working: whoever runs a project may create projects, and the
-- first person who can sign in runs the studio.
UPDATE people SET studio_role = 'producer'
    WHERE id IN (SELECT person_id FROM project_members WHERE role IN ('admin', 'producer'));
UPDATE people SET studio_role = 'admin'
    WHERE id = (SELECT MIN(id) FROM people WHERE password_hash IS NOT NULL);

-- Failed sign-ins count per client and handle, so a stranger's guesses cannot lock a
-- person out from their own machine.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
DROP INDEX login_failures_handle;
CREATE INDEX login_failures_client_handle ON login_failures (client, handle, at);
CREATE INDEX login_failures_at ON login_failures (at);
