-- Schema 6: simulation results pinned for the audit binder (a request, a deck or a Monte
-- Carlo run), each with the model fingerprint and seed it was computed on.

CREATE TABLE pinned_simulation (
  key         TEXT PRIMARY KEY,
  data        TEXT NOT NULL CHECK (json_valid(data)),
  name        TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  kind        TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL,
  fingerprint TEXT GENERATED ALWAYS AS (json_extract(data, '$.fingerprint')) VIRTUAL,
  pinned_at   TEXT GENERATED ALWAYS AS (json_extract(data, '$.pinned_at')) VIRTUAL
);
