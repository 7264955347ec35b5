-- Schema 4: the decision criteria of gates (the risk-tier table) and business-hours
-- calendars. Gates and their requirements keep their JSON; the new fields default.

CREATE TABLE risk_tier (
  key  TEXT PRIMARY KEY,
  data TEXT NOT NULL CHECK (json_valid(data)),
  name TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  rank INTEGER GENERATED ALWAYS AS (json_extract(data, '$.rank')) VIRTUAL
);

CREATE TABLE calendar (
  key         TEXT PRIMARY KEY,
  data        TEXT NOT NULL CHECK (json_valid(data)),
  name        TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL,
  utc_offset_minutes INTEGER GENERATED ALWAYS AS (json_extract(data, '$.utc_offset_minutes')) VIRTUAL
);
