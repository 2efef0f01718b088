-- 001: the core workspace tables. STRICT so a text in a number column is an error, not a silent coercion.

CREATE TABLE schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;

-- One row: the school and the framework the workspace is checked against.
CREATE TABLE profile (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL CHECK (level IN ('中职', '高职', '职业本科')),
  category TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT '',
  report_year INTEGER NOT NULL,
  framework_id TEXT NOT NULL,
  framework_version TEXT NOT NULL
) STRICT;

CREATE TABLE report_years (
  year INTEGER PRIMARY KEY,
  has_graduates INTEGER NOT NULL DEFAULT 1 CHECK (has_graduates IN (0, 1)),
  note TEXT NOT NULL DEFAULT ''
) STRICT;

-- value NULL = known to be missing (never shown as 0).
CREATE TABLE indicator_values (
  year INTEGER NOT NULL REFERENCES report_years (year),
  indicator_id TEXT NOT NULL,
  value REAL,
  note TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (year, indicator_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE change_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  year INTEGER NOT NULL,
  indicator_id TEXT NOT NULL,
  old_value REAL,
  new_value REAL,
  at TEXT NOT NULL,
  how TEXT NOT NULL
) STRICT;

CREATE TABLE chapters (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL REFERENCES report_years (year),
  key TEXT NOT NULL,
  title TEXT NOT NULL,
  ord INTEGER NOT NULL,
  intro TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sections (
  id TEXT PRIMARY KEY,
  chapter_id TEXT NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
  key TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  ord INTEGER NOT NULL
) STRICT;
CREATE INDEX sections_by_chapter ON sections (chapter_id, ord);

-- content: BlockContent (core/model.ts) as JSON, validated with zod on every read and write.
CREATE TABLE blocks (
  id TEXT PRIMARY KEY,
  section_id TEXT NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  content TEXT NOT NULL CHECK (json_valid(content)),
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX blocks_by_section ON blocks (section_id, ord);

CREATE TABLE assets (
  id TEXT PRIMARY KEY,
  mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  sha256 TEXT NOT NULL,
  caption TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  data BLOB NOT NULL
) STRICT;
