-- 002: review comments (reply threads, targets as JSON) and an index for "history of one cell".

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES comments (id) ON DELETE CASCADE,
  target TEXT NOT NULL CHECK (json_valid(target)),
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  created_at TEXT NOT NULL,
  resolved_at TEXT
) STRICT;
CREATE INDEX comments_by_parent ON comments (parent_id);

CREATE INDEX change_log_by_cell ON change_log (year, indicator_id, id);
