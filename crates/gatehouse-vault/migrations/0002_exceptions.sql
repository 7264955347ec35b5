-- Schema 2: exceptions (documented, time-boxed waivers of one rule for one person).

CREATE TABLE exception (
  key        TEXT PRIMARY KEY,
  data       TEXT NOT NULL CHECK (json_valid(data)),
  person     TEXT GENERATED ALWAYS AS (json_extract(data, '$.person')) VIRTUAL,
  waives     TEXT GENERATED ALWAYS AS (json_extract(data, '$.waives.kind') || ':' || json_extract(data, '$.waives.id')) VIRTUAL,
  start_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.start')) VIRTUAL,
  end_date   TEXT GENERATED ALWAYS AS (json_extract(data, '$.end')) VIRTUAL
);
