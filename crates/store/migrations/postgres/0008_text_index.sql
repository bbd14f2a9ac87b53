-- A text index for `~` on titles and descriptions: pg_trgm GIN indexes on the lowered
-- text, which serve the compiler's `LOWER(column) LIKE '%…%'` for patterns of three or
-- more characters. pg_trgm ships with PostgreSQL and is a trusted extension: the
-- database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX items_title_trgm ON items USING gin (LOWER(title) gin_trgm_ops);
CREATE INDEX items_description_trgm ON items USING gin (LOWER(description) gin_trgm_ops);
