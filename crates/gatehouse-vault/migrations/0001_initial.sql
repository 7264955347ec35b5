-- Gatehouse vault schema 1.
--
-- One table per kind of entity: the entity's key and its canonical JSON (`data`), plus
-- generated columns so that the file is readable with the standard sqlite3 tool.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE person (
  key        TEXT PRIMARY KEY,
  data       TEXT NOT NULL CHECK (json_valid(data)),
  name       TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  email      TEXT GENERATED ALWAYS AS (json_extract(data, '$.email')) VIRTUAL,
  department TEXT GENERATED ALWAYS AS (json_extract(data, '$.department')) VIRTUAL,
  kind       TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL
);

CREATE TABLE role (
  key         TEXT PRIMARY KEY,
  data        TEXT NOT NULL CHECK (json_valid(data)),
  name        TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  kind        TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL,
  description TEXT GENERATED ALWAYS AS (json_extract(data, '$.description')) VIRTUAL
);

CREATE TABLE capability (
  key            TEXT PRIMARY KEY,
  data           TEXT NOT NULL CHECK (json_valid(data)),
  name           TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  action         TEXT GENERATED ALWAYS AS (json_extract(data, '$.action')) VIRTUAL,
  classification TEXT GENERATED ALWAYS AS (json_extract(data, '$.classification')) VIRTUAL
);

CREATE TABLE environment (
  key      TEXT PRIMARY KEY,
  data     TEXT NOT NULL CHECK (json_valid(data)),
  name     TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  kind     TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL,
  position INTEGER GENERATED ALWAYS AS (json_extract(data, '$.order')) VIRTUAL
);

CREATE TABLE "grant" (
  key         TEXT PRIMARY KEY,
  data        TEXT NOT NULL CHECK (json_valid(data)),
  role        TEXT GENERATED ALWAYS AS (json_extract(data, '$.role')) VIRTUAL,
  capability  TEXT GENERATED ALWAYS AS (json_extract(data, '$.capability')) VIRTUAL,
  environment TEXT GENERATED ALWAYS AS (json_extract(data, '$.environment')) VIRTUAL,
  effect      TEXT GENERATED ALWAYS AS (json_extract(data, '$.effect')) VIRTUAL
);

CREATE TABLE assignment (
  key         TEXT PRIMARY KEY,
  data        TEXT NOT NULL CHECK (json_valid(data)),
  person      TEXT GENERATED ALWAYS AS (json_extract(data, '$.person')) VIRTUAL,
  role        TEXT GENERATED ALWAYS AS (json_extract(data, '$.role')) VIRTUAL,
  environment TEXT GENERATED ALWAYS AS (json_extract(data, '$.environment')) VIRTUAL,
  valid_from  TEXT GENERATED ALWAYS AS (json_extract(data, '$.valid_from')) VIRTUAL,
  valid_until TEXT GENERATED ALWAYS AS (json_extract(data, '$.valid_until')) VIRTUAL
);

CREATE TABLE asset (
  key            TEXT PRIMARY KEY,
  data           TEXT NOT NULL CHECK (json_valid(data)),
  name           TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  kind           TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL,
  classification TEXT GENERATED ALWAYS AS (json_extract(data, '$.classification')) VIRTUAL,
  criticality    TEXT GENERATED ALWAYS AS (json_extract(data, '$.criticality')) VIRTUAL
);

CREATE TABLE ownership (
  key    TEXT PRIMARY KEY,
  data   TEXT NOT NULL CHECK (json_valid(data)),
  asset  TEXT GENERATED ALWAYS AS (json_extract(data, '$.asset')) VIRTUAL,
  person TEXT GENERATED ALWAYS AS (json_extract(data, '$.person')) VIRTUAL,
  kind   TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL
);

CREATE TABLE sod_rule (
  key      TEXT PRIMARY KEY,
  data     TEXT NOT NULL CHECK (json_valid(data)),
  name     TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  severity TEXT GENERATED ALWAYS AS (json_extract(data, '$.severity')) VIRTUAL
);

CREATE TABLE gate (
  key      TEXT PRIMARY KEY,
  data     TEXT NOT NULL CHECK (json_valid(data)),
  name     TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  from_env TEXT GENERATED ALWAYS AS (json_extract(data, '$.from')) VIRTUAL,
  to_env   TEXT GENERATED ALWAYS AS (json_extract(data, '$.to')) VIRTUAL
);

CREATE TABLE change_request (
  key       TEXT PRIMARY KEY,
  data      TEXT NOT NULL CHECK (json_valid(data)),
  title     TEXT GENERATED ALWAYS AS (json_extract(data, '$.title')) VIRTUAL,
  asset     TEXT GENERATED ALWAYS AS (json_extract(data, '$.asset')) VIRTUAL,
  requester TEXT GENERATED ALWAYS AS (json_extract(data, '$.requester')) VIRTUAL,
  status    TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL
);

CREATE TABLE escalation_path (
  key  TEXT PRIMARY KEY,
  data TEXT NOT NULL CHECK (json_valid(data)),
  name TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  kind TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL
);

CREATE TABLE access_review (
  key      TEXT PRIMARY KEY,
  data     TEXT NOT NULL CHECK (json_valid(data)),
  name     TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  reviewer TEXT GENERATED ALWAYS AS (json_extract(data, '$.reviewer')) VIRTUAL,
  due      TEXT GENERATED ALWAYS AS (json_extract(data, '$.due')) VIRTUAL
);

-- The audit chain: hash = SHA-256 over the canonical event (which includes prev_hash).
CREATE TABLE audit_event (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  summary   TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json  TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

-- The permission matrix by name, for people reading the file with sqlite3.
CREATE VIEW permission_matrix AS
SELECT r.name AS role, c.name AS capability, coalesce(e.name, 'all environments') AS environment,
       g.effect AS effect
FROM "grant" g
JOIN role r ON r.key = g.role
JOIN capability c ON c.key = g.capability
LEFT JOIN environment e ON e.key = g.environment
ORDER BY r.name, c.name, environment;
