-- Schema 7: named versions of the model ("v1.0 approved by the CAB"), each a snapshot of
-- the canonical model JSON with who named it and when, so any two can be compared.

CREATE TABLE version (
  name         TEXT PRIMARY KEY,
  approved_by  TEXT,
  note         TEXT NOT NULL DEFAULT '',
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  model_sha256 TEXT NOT NULL,
  model        TEXT NOT NULL CHECK (json_valid(model))
);
