-- Failed sign-ins, so every app server sees the same count and throttles alike.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_handle ON login_failures (handle, at);
