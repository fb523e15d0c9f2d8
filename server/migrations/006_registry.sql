-- 006: the resident registry the counters work against (synthetic in the pilot; see
-- server/registry/). National, not per office: a resident is served in any mall office.
-- Records are stored whole as the shared ResidentRecord shape (shared/domain/resident.ts),
-- which the same rules read on the counter and here; `version` rises with every change
-- the store applies, so a decision made on an older copy can be detected.

CREATE TABLE establishments (
  establishment_id  text PRIMARY KEY,
  record            jsonb NOT NULL,
  version           bigint NOT NULL DEFAULT 1
);

CREATE TABLE residents (
  id_number   text PRIMARY KEY CHECK (id_number ~ '^[1-4][0-9]{9}$'),
  record      jsonb NOT NULL,
  -- Search keys of the Arabic and English names (shared/domain/names.ts), space-separated.
  name_keys   text NOT NULL,
  version     bigint NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX residents_sponsor ON residents ((record->'sponsor'->>'establishmentId'));

-- Which registry was generated (seed and day), so a restart never generates it again.
CREATE TABLE registry_meta (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);
