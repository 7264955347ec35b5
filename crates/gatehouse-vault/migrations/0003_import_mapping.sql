-- Schema 3: responsibilities (RACI) and the spreadsheet mappings used by imports.

CREATE TABLE responsibility (
  key      TEXT PRIMARY KEY,
  data     TEXT NOT NULL CHECK (json_valid(data)),
  role     TEXT GENERATED ALWAYS AS (json_extract(data, '$.role')) VIRTUAL,
  activity TEXT GENERATED ALWAYS AS (json_extract(data, '$.activity')) VIRTUAL,
  letters  TEXT GENERATED ALWAYS AS (json_extract(data, '$.letters')) VIRTUAL
);

-- The mapping (TOML) last used to import a spreadsheet, keyed by the file's name without
-- folder, so that the next import of a newer version of the same sheet reuses it.
CREATE TABLE import_mapping (
  source      TEXT PRIMARY KEY,
  mapping     TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  at          TEXT NOT NULL
);
