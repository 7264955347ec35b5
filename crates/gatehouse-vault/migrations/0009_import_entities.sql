-- Schema 9: what each imported file made (the keys of its grants, RACI entries,
-- assignments and SoD rules, as a JSON object of kind → sorted keys), so that importing a
-- newer version of the file can say what it no longer has. Files imported before hold an
-- empty object: their next import reports nothing gone, and records what it holds.

ALTER TABLE import_mapping
  ADD COLUMN entities TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(entities));
