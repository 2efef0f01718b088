-- 004: the history of every change (历史版本). Value edits stay in change_log (001); edit_log holds every other
-- change with what is needed to restore it (the row(s) before and after, as JSON); snapshots hold the whole
-- workspace (without image bytes) at open and export; asset_archive keeps the bytes of deleted images by sha256
-- so a restore can bring them back. Bounds and pruning: db/history.ts.

CREATE TABLE edit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('manual', 'restore', 'import', 'api')),
  kind TEXT NOT NULL CHECK (kind IN ('profile', 'framework', 'year', 'chapter', 'section', 'block', 'asset', 'workspace')),
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'reorder', 'move', 'restore')),
  target_id TEXT NOT NULL,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;
CREATE INDEX edit_log_by_target ON edit_log (kind, target_id, id);

CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('open', 'export', 'restore')),
  label TEXT NOT NULL DEFAULT '',
  -- sha256 of the JSON: an unchanged workspace is not snapshotted twice
  digest TEXT NOT NULL,
  -- gzip of the workspace JSON (core/history/model.ts SnapshotData); images by sha256
  data BLOB NOT NULL
) STRICT;

CREATE TABLE asset_archive (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  data BLOB NOT NULL,
  archived_at TEXT NOT NULL
) STRICT;
