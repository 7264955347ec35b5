-- Schema 10: the entity tables hold only each entity's key and JSON, and the readable
-- columns are views. Before, every table had a `CHECK (json_valid(data))` and JSON-extracting
-- generated columns; SQLite computed both for every inserted row (the generated columns
-- too, although VIRTUAL), about half of the time of writing a large import. Gatehouse writes
-- the JSON from typed entities (valid by construction) and parses every row when it opens
-- a vault, so the check is done in Rust. Each view has the old table's name and columns, so
-- `sqlite3` reads a vault as before (`SELECT name FROM person`, `permission_matrix`); the
-- data is in `<kind>_data`, one B-tree per kind (WITHOUT ROWID, in key order).

CREATE TABLE person_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO person_data (key, data) SELECT key, data FROM person;
DROP TABLE person;
CREATE VIEW person AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.email') AS email,
       json_extract(data, '$.department') AS department,
       json_extract(data, '$.kind') AS kind
FROM person_data;

CREATE TABLE role_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO role_data (key, data) SELECT key, data FROM role;
DROP TABLE role;
CREATE VIEW role AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.kind') AS kind,
       json_extract(data, '$.description') AS description
FROM role_data;

CREATE TABLE capability_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO capability_data (key, data) SELECT key, data FROM capability;
DROP TABLE capability;
CREATE VIEW capability AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.action') AS action,
       json_extract(data, '$.classification') AS classification
FROM capability_data;

CREATE TABLE environment_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO environment_data (key, data) SELECT key, data FROM environment;
DROP TABLE environment;
CREATE VIEW environment AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.kind') AS kind,
       json_extract(data, '$.order') AS position
FROM environment_data;

CREATE TABLE grant_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO grant_data (key, data) SELECT key, data FROM "grant";
DROP TABLE "grant";
CREATE VIEW "grant" AS
SELECT key,
       data,
       json_extract(data, '$.role') AS role,
       json_extract(data, '$.capability') AS capability,
       json_extract(data, '$.environment') AS environment,
       json_extract(data, '$.effect') AS effect
FROM grant_data;

CREATE TABLE assignment_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO assignment_data (key, data) SELECT key, data FROM assignment;
DROP TABLE assignment;
CREATE VIEW assignment AS
SELECT key,
       data,
       json_extract(data, '$.person') AS person,
       json_extract(data, '$.role') AS role,
       json_extract(data, '$.environment') AS environment,
       json_extract(data, '$.valid_from') AS valid_from,
       json_extract(data, '$.valid_until') AS valid_until
FROM assignment_data;

CREATE TABLE asset_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO asset_data (key, data) SELECT key, data FROM asset;
DROP TABLE asset;
CREATE VIEW asset AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.kind') AS kind,
       json_extract(data, '$.classification') AS classification,
       json_extract(data, '$.criticality') AS criticality
FROM asset_data;

CREATE TABLE ownership_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO ownership_data (key, data) SELECT key, data FROM ownership;
DROP TABLE ownership;
CREATE VIEW ownership AS
SELECT key,
       data,
       json_extract(data, '$.asset') AS asset,
       json_extract(data, '$.person') AS person,
       json_extract(data, '$.kind') AS kind
FROM ownership_data;

CREATE TABLE sod_rule_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO sod_rule_data (key, data) SELECT key, data FROM sod_rule;
DROP TABLE sod_rule;
CREATE VIEW sod_rule AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.severity') AS severity
FROM sod_rule_data;

CREATE TABLE gate_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO gate_data (key, data) SELECT key, data FROM gate;
DROP TABLE gate;
CREATE VIEW gate AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.from') AS from_env,
       json_extract(data, '$.to') AS to_env
FROM gate_data;

CREATE TABLE change_request_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO change_request_data (key, data) SELECT key, data FROM change_request;
DROP TABLE change_request;
CREATE VIEW change_request AS
SELECT key,
       data,
       json_extract(data, '$.title') AS title,
       json_extract(data, '$.asset') AS asset,
       json_extract(data, '$.requester') AS requester,
       json_extract(data, '$.status') AS status
FROM change_request_data;

CREATE TABLE escalation_path_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO escalation_path_data (key, data) SELECT key, data FROM escalation_path;
DROP TABLE escalation_path;
CREATE VIEW escalation_path AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.kind') AS kind
FROM escalation_path_data;

CREATE TABLE access_review_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO access_review_data (key, data) SELECT key, data FROM access_review;
DROP TABLE access_review;
CREATE VIEW access_review AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.reviewer') AS reviewer,
       json_extract(data, '$.due') AS due
FROM access_review_data;

CREATE TABLE exception_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO exception_data (key, data) SELECT key, data FROM exception;
DROP TABLE exception;
CREATE VIEW exception AS
SELECT key,
       data,
       json_extract(data, '$.person') AS person,
       json_extract(data, '$.waives.kind') || ':' || json_extract(data, '$.waives.id') AS waives,
       json_extract(data, '$.start') AS start_date,
       json_extract(data, '$.end') AS end_date
FROM exception_data;

CREATE TABLE responsibility_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO responsibility_data (key, data) SELECT key, data FROM responsibility;
DROP TABLE responsibility;
CREATE VIEW responsibility AS
SELECT key,
       data,
       json_extract(data, '$.role') AS role,
       json_extract(data, '$.activity') AS activity,
       json_extract(data, '$.letters') AS letters
FROM responsibility_data;

CREATE TABLE risk_tier_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO risk_tier_data (key, data) SELECT key, data FROM risk_tier;
DROP TABLE risk_tier;
CREATE VIEW risk_tier AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.rank') AS rank
FROM risk_tier_data;

CREATE TABLE calendar_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO calendar_data (key, data) SELECT key, data FROM calendar;
DROP TABLE calendar;
CREATE VIEW calendar AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.utc_offset_minutes') AS utc_offset_minutes
FROM calendar_data;

CREATE TABLE pinned_simulation_data (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO pinned_simulation_data (key, data) SELECT key, data FROM pinned_simulation;
DROP TABLE pinned_simulation;
CREATE VIEW pinned_simulation AS
SELECT key,
       data,
       json_extract(data, '$.name') AS name,
       json_extract(data, '$.kind') AS kind,
       json_extract(data, '$.fingerprint') AS fingerprint,
       json_extract(data, '$.pinned_at') AS pinned_at
FROM pinned_simulation_data;
