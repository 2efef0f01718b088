-- 003: a marker per value for 「不适用」 — the school states the
-- indicator does not apply this year (with the reason in `note`), so a completeness flag can be cleared honestly.
-- A value and the marker exclude each other: a marked cell has no value (value NULL).

ALTER TABLE indicator_values ADD COLUMN not_applicable INTEGER NOT NULL DEFAULT 0
  CHECK (not_applicable IN (0, 1) AND (not_applicable = 0 OR value IS NULL));
