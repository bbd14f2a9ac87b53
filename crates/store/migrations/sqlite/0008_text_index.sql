-- A text index for `~` on titles and descriptions: FTS5 with the trigram tokenizer
-- (case-insensitive), kept from the items table by triggers. The query compiler asks it
-- for candidates when the pattern has three or more characters, then applies the same
-- LIKE as before, so answers do not change; shorter patterns scan.
CREATE VIRTUAL TABLE items_text USING fts5(
    title, description, content = 'items', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER items_text_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_text (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER items_text_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_text (items_text, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
END;
CREATE TRIGGER items_text_update AFTER UPDATE OF title, description ON items
WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
    INSERT INTO items_text (items_text, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO items_text (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
INSERT INTO items_text (items_text) VALUES ('rebuild');
