-- 001_init: the central store of the mall passport office.
-- Every table carries office_id and every query filters by it, so one database serves
-- many offices and can later be distributed by office_id.
-- Times: *_time / *_at of the server are timestamptz; device clocks are bigint epoch ms
-- (shown, never trusted for ordering). The per-office `version` orders everything.

CREATE TABLE offices (
  office_id   text PRIMARY KEY CHECK (office_id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name        jsonb NOT NULL,
  config      jsonb NOT NULL,
  version     bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE officers (
  office_id        text NOT NULL REFERENCES offices,
  badge            text NOT NULL,
  name             jsonb NOT NULL,
  pin_hash         text NOT NULL,
  failed_attempts  int NOT NULL DEFAULT 0,
  locked_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, badge)
);

CREATE TABLE supervisors (
  office_id        text NOT NULL REFERENCES offices,
  username         text NOT NULL,
  password_hash    text NOT NULL,
  failed_attempts  int NOT NULL DEFAULT 0,
  locked_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, username)
);

CREATE TABLE devices (
  device_id     uuid PRIMARY KEY,
  office_id     text NOT NULL REFERENCES offices,
  role          text NOT NULL CHECK (role IN ('kiosk', 'counter', 'display')),
  label         text NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  kiosk_no      int CHECK ((role = 'kiosk') = (kiosk_no IS NOT NULL) AND (kiosk_no IS NULL OR kiosk_no BETWEEN 1 AND 9)),
  next_seq      int NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX devices_office ON devices (office_id, created_at);
-- A kiosk number goes into every ticket number, so two live kiosks may never share one.
CREATE UNIQUE INDEX devices_kiosk_no ON devices (office_id, kiosk_no) WHERE kiosk_no IS NOT NULL AND revoked_at IS NULL;

CREATE TABLE enrollment_codes (
  code_hash       text PRIMARY KEY,
  office_id       text NOT NULL REFERENCES offices,
  role            text NOT NULL CHECK (role IN ('kiosk', 'counter', 'display')),
  label           text,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  used_by_device  uuid REFERENCES devices
);
CREATE INDEX enrollment_codes_office ON enrollment_codes (office_id, created_at);

CREATE TABLE officer_sessions (
  session_id      uuid PRIMARY KEY,
  office_id       text NOT NULL,
  token_hash      text NOT NULL UNIQUE,
  badge           text NOT NULL,
  device_id       uuid NOT NULL REFERENCES devices,
  counter_id      int NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  last_active_at  timestamptz NOT NULL,
  ended_at        timestamptz,
  -- revoked: ended by a supervisor; the only end that also refuses the session's late writes.
  end_reason      text CHECK (end_reason IN ('signedOut', 'replaced', 'revoked', 'deviceRevoked')),
  FOREIGN KEY (office_id, badge) REFERENCES officers
);
CREATE INDEX officer_sessions_badge ON officer_sessions (office_id, badge) WHERE ended_at IS NULL;
CREATE INDEX officer_sessions_device ON officer_sessions (device_id) WHERE ended_at IS NULL;

CREATE TABLE supervisor_sessions (
  session_id      uuid PRIMARY KEY,
  office_id       text NOT NULL,
  token_hash      text NOT NULL UNIQUE,
  username        text NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  last_active_at  timestamptz NOT NULL,
  ended_at        timestamptz,
  end_reason      text CHECK (end_reason IN ('signedOut', 'revoked')),
  FOREIGN KEY (office_id, username) REFERENCES supervisors
);

-- The exactly-once ledger (device_id, seq) and the audit of every write a device sent.
CREATE TABLE applied_mutations (
  office_id      text NOT NULL,
  device_id      uuid NOT NULL REFERENCES devices,
  seq            int NOT NULL,
  name           text NOT NULL,
  status         text NOT NULL CHECK (status IN ('applied', 'rejected')),
  reason         jsonb,
  args           jsonb,
  officer_badge  text,
  session_id     uuid,
  version        bigint NOT NULL,
  device_time    bigint,
  server_time    timestamptz NOT NULL,
  PRIMARY KEY (device_id, seq),
  CHECK ((status = 'rejected') = (reason IS NOT NULL))
);
CREATE INDEX applied_mutations_rejected ON applied_mutations (office_id, server_time DESC) WHERE status = 'rejected';

CREATE TABLE tickets (
  office_id         text NOT NULL REFERENCES offices,
  ticket_id         uuid NOT NULL,
  section_id        text NOT NULL,
  service_group     text NOT NULL,
  display_number    text NOT NULL,
  public_code       text NOT NULL,
  kiosk_no          int NOT NULL,
  service_day       date NOT NULL,
  status            text NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'noShow', 'cancelled')),
  issued_at         bigint NOT NULL,
  issued_version    bigint NOT NULL,
  issued_by_device  uuid NOT NULL REFERENCES devices,
  counter_id        int,
  officer_badge     text,
  called_at         bigint,
  call_count        int NOT NULL DEFAULT 0,
  started_at        bigint,
  ended_at          bigint,
  version           bigint NOT NULL,
  PRIMARY KEY (office_id, ticket_id),
  UNIQUE (office_id, public_code)
);
CREATE INDEX tickets_version ON tickets (office_id, version);
CREATE INDEX tickets_queue ON tickets (office_id, service_day, section_id, status, issued_version);
-- The resident's phone knows only the code (not the office): the one lookup across offices.
CREATE INDEX tickets_public_code ON tickets (public_code);

-- Append-only ticket history; the pilot's metrics are computed from it.
CREATE TABLE ticket_events (
  event_id       bigserial PRIMARY KEY,
  office_id      text NOT NULL,
  ticket_id      uuid NOT NULL,
  type           text NOT NULL CHECK (type IN ('issued', 'called', 'recalled', 'started', 'completed', 'noShow', 'transferred', 'cancelled')),
  service_day    date NOT NULL,
  device_id      uuid NOT NULL,
  device_seq     int NOT NULL,
  device_time    bigint NOT NULL,
  server_time    timestamptz NOT NULL,
  counter_id     int,
  officer_badge  text,
  session_id     uuid,
  version        bigint NOT NULL,
  FOREIGN KEY (office_id, ticket_id) REFERENCES tickets
);
CREATE INDEX ticket_events_day ON ticket_events (office_id, service_day, version);
CREATE INDEX ticket_events_ticket ON ticket_events (office_id, ticket_id, version);

CREATE TABLE counter_events (
  event_id       bigserial PRIMARY KEY,
  office_id      text NOT NULL,
  counter_id     int NOT NULL,
  type           text NOT NULL CHECK (type IN ('open', 'close')),
  service_day    date NOT NULL,
  officer_badge  text,
  session_id     uuid,
  device_id      uuid NOT NULL,
  device_seq     int NOT NULL,
  device_time    bigint NOT NULL,
  server_time    timestamptz NOT NULL,
  version        bigint NOT NULL
);
CREATE INDEX counter_events_day ON counter_events (office_id, service_day, counter_id, version);

CREATE TABLE audit_log (
  audit_id    bigserial PRIMARY KEY,
  office_id   text NOT NULL,
  at          timestamptz NOT NULL,
  actor_kind  text NOT NULL CHECK (actor_kind IN ('supervisor', 'officer', 'device', 'system')),
  actor_id    text NOT NULL,
  action      text NOT NULL,
  subject     text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_office ON audit_log (office_id, at DESC);

-- History is evidence: refuse UPDATE and DELETE on the append-only tables.
CREATE FUNCTION forbid_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER counter_events_append_only BEFORE UPDATE OR DELETE ON counter_events
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER applied_mutations_append_only BEFORE UPDATE OR DELETE ON applied_mutations
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
