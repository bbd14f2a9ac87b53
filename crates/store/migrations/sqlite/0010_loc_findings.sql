-- The QA findings of each string, kept current by every change to the strings, the
-- localization settings or the allow list (app/src/loc/findings.rs), so that the string
-- table shows them without checking the whole table on every view. `seq` keeps the
-- order the checks gave them in.
CREATE TABLE loc_findings (
    string_id BIGINT NOT NULL REFERENCES loc_strings(id),
    project_id BIGINT NOT NULL REFERENCES projects(id),
    seq BIGINT NOT NULL,
    locale TEXT NOT NULL,
    check_id TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    message TEXT NOT NULL,
    PRIMARY KEY (string_id, seq)
);
CREATE INDEX loc_findings_project ON loc_findings (project_id, check_id);

-- The strings of one source, which a change re-checks together (the consistency check
-- compares them): found by the source's hash, then compared in full.
CREATE INDEX loc_strings_source ON loc_strings (project_id, source_hash);

-- A project's string-table totals as of its stored findings: strings, per-locale
-- progress and failing strings, errors and warnings (JSON). A project without a row has
-- never been checked and is checked whole at its next view or change.
CREATE TABLE loc_tally (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id),
    tally TEXT NOT NULL
);
