-- 005: editions. A framework from outside (a province's file) stored inside the workspace, so a reviewer checks
-- with exactly the file the school used; where the workspace came from (next year's workspace made from last
-- year's); last year's text kept beside this year's sections as read-only reference; earlier case titles to reuse.

CREATE TABLE stored_framework (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  framework_id TEXT NOT NULL,
  version TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  source_name TEXT NOT NULL DEFAULT '',
  stored_at TEXT NOT NULL,
  json TEXT NOT NULL CHECK (json_valid(json))
) STRICT;

CREATE TABLE workspace_origin (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  school TEXT NOT NULL,
  year INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- chapter_id / section_id: the part of this workspace the text belongs beside (NULL when there is none)
CREATE TABLE reference_texts (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  chapter_key TEXT NOT NULL DEFAULT '',
  chapter_title TEXT NOT NULL DEFAULT '',
  section_key TEXT NOT NULL DEFAULT '',
  section_title TEXT NOT NULL DEFAULT '',
  chapter_id TEXT,
  section_id TEXT,
  ord INTEGER NOT NULL,
  items TEXT NOT NULL CHECK (json_valid(items))
) STRICT;

CREATE TABLE case_library (
  year INTEGER NOT NULL,
  chapter_key TEXT NOT NULL DEFAULT '',
  section_key TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  PRIMARY KEY (year, title)
) STRICT;
