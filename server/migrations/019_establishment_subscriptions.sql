-- 019: establishment subscriptions (Ishaar, issue 11). An establishment chooses, per
-- resident iqama (2…) or visitor border number (3…, 4…) it sponsors, which events it
-- hears of: entry, exit, passportExpiring, passportRenewed, iqamaExpiring, visaIssued,
-- visaStatusChanged, violation. Contacts are per establishment (one mobile and/or one
-- e-mail, one language), so "change the mobile" is one change, not one per worker.
--
-- Subscriptions and contacts are national, like the registry they hang from: the same set
-- is managed from the establishment's own systems (API keys) and, later, at any office's
-- counter by a representative. They are reference tables (store/distribution.ts), and the
-- messages they cause are filed under `notices_office_id`: the office that first took the
-- establishment's subscriptions (the issuing office of its key, or the counter's office).
-- Border events are national too, kept so a feed repeated or replayed applies nothing twice.

CREATE TABLE establishment_notice_settings (
  establishment_id   text PRIMARY KEY REFERENCES establishments,
  -- 05xxxxxxxx, the form the registry and the SMS channel use (+9665… is accepted and normalised).
  mobile             text CHECK (mobile ~ '^05[0-9]{8}$'),
  email              text CHECK (email IS NULL OR length(email) <= 254),
  language           text NOT NULL DEFAULT 'ar' CHECK (language IN ('ar', 'en')),
  notices_office_id  text NOT NULL REFERENCES offices,
  updated_at         timestamptz NOT NULL
);

CREATE TABLE establishment_subscriptions (
  establishment_id  text NOT NULL REFERENCES establishment_notice_settings,
  id_number         text NOT NULL CHECK (id_number ~ '^[234][0-9]{9}$'),
  events            text[] NOT NULL CHECK (
    cardinality(events) > 0 AND events <@ ARRAY['entry', 'exit', 'passportExpiring', 'passportRenewed', 'iqamaExpiring',
      'visaIssued', 'visaStatusChanged', 'violation']::text[]),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (establishment_id, id_number)
);
-- An event about a person finds its subscribers by the person's number.
CREATE INDEX establishment_subscriptions_person ON establishment_subscriptions (id_number);

-- Keys an establishment's systems call the API with, issued by a supervisor of an office;
-- stored only as SHA-256 (256 random bits: a slow hash would add nothing), shown once.
CREATE TABLE establishment_api_keys (
  office_id         text NOT NULL REFERENCES offices,
  key_id            uuid NOT NULL,
  establishment_id  text NOT NULL REFERENCES establishments,
  key_hash          text NOT NULL,
  label             text,
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL,
  revoked_at        timestamptz,
  last_used_at      timestamptz,
  PRIMARY KEY (office_id, key_id),
  UNIQUE (office_id, key_hash)
);
-- A key arrives without an office; its value is random, so no two offices hold one.
CREATE INDEX establishment_api_keys_hash ON establishment_api_keys (key_hash);

-- Entry and exit events from the border feed, by the feed's event id: applied once.
CREATE TABLE border_events (
  event_id     text PRIMARY KEY,
  id_number    text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('entry', 'exit')),
  at           timestamptz NOT NULL,
  port         text,
  received_at  timestamptz NOT NULL,
  -- False when the record already said so (an exit for someone already abroad) or the number is unknown.
  applied      boolean NOT NULL
);
CREATE INDEX border_events_person ON border_events (id_number, at);

-- An establishment's key is a new kind of actor in the audit log.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check
  CHECK (actor_kind IN ('supervisor', 'officer', 'device', 'system', 'establishment'));
