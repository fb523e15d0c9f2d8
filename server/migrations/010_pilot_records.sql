-- 010: what the pilot's figures need that was not recorded yet (shared/domain/metrics/).
-- * The kiosk language of each ticket (not personal data: it tells which languages matter).
-- * When each event happened: the device's clock corrected by the offset the store measured
--   for that device, never later than the store received it. Device clocks are recorded as
--   they were (device_time) and the store's (server_time); `at` is what durations use, and
--   server_time − at is how late the event arrived (after an outage).
-- * A counter's breaks (with the reason) beside open and close.
-- * Device health reported by heartbeats, and presence periods: a device heard from at
--   least every PRESENCE_TIMEOUT is present; the gaps are its offline periods, and a
--   counter whose browser closed without signing out stops counting as open.
-- * Ticket facts: one row per ticket, rolled up from its events (server/metrics/rollup.ts)
--   for the evaluation; derived data, rebuilt from the events whenever they change.

ALTER TABLE tickets ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}$');

ALTER TABLE ticket_events ADD COLUMN at timestamptz;
ALTER TABLE counter_events ADD COLUMN at timestamptz;
ALTER TABLE transactions ADD COLUMN at timestamptz;
ALTER TABLE transaction_cancellations ADD COLUMN at timestamptz;

ALTER TABLE counter_events DROP CONSTRAINT counter_events_type_check;
ALTER TABLE counter_events ADD CONSTRAINT counter_events_type_check CHECK (type IN ('open', 'close', 'break', 'resume'));
ALTER TABLE counter_events ADD COLUMN reason text CHECK (char_length(reason) <= 200);

-- The roll-up reads events by version; the live floor reads a counter's latest state.
CREATE INDEX ticket_events_version ON ticket_events (office_id, version);
CREATE INDEX counter_events_version ON counter_events (office_id, version);

-- The latest heartbeat of each device (overwritten: history lives in device_presence).
CREATE TABLE device_status (
  office_id         text NOT NULL REFERENCES offices,
  device_id         uuid NOT NULL REFERENCES devices,
  reported_at       timestamptz NOT NULL,
  app_version       text NOT NULL,
  -- Changes waiting to be sent, and when the oldest of them was made (device clock, ms).
  outbox_depth      int NOT NULL CHECK (outbox_depth >= 0),
  oldest_unsent_at  bigint,
  -- server clock − device clock (ms), measured at the heartbeat.
  clock_offset_ms   bigint NOT NULL,
  session_id        uuid,
  counter_id        int,
  PRIMARY KEY (office_id, device_id)
);

-- Stretches of time in which a device kept reporting; a new one starts after a silence
-- longer than the presence timeout, or when a counter's officer session changes.
CREATE TABLE device_presence (
  office_id    text NOT NULL REFERENCES offices,
  device_id    uuid NOT NULL REFERENCES devices,
  started_at   timestamptz NOT NULL,
  last_at      timestamptz NOT NULL,
  session_id   uuid,
  counter_id   int,
  PRIMARY KEY (office_id, device_id, started_at),
  CHECK (last_at >= started_at)
);
CREATE INDEX device_presence_recent ON device_presence (office_id, last_at);

-- A supervisor acknowledged or snoozed a floor alert (audited too).
CREATE TABLE alert_acks (
  office_id   text NOT NULL REFERENCES offices,
  alert_key   text NOT NULL,
  -- The alert's start: an acknowledgement covers this occurrence, not the next one.
  since       bigint NOT NULL,
  action      text NOT NULL CHECK (action IN ('acknowledged', 'snoozed')),
  until       timestamptz,
  username    text NOT NULL,
  at          timestamptz NOT NULL,
  CHECK ((action = 'snoozed') = (until IS NOT NULL))
);
CREATE INDEX alert_acks_recent ON alert_acks (office_id, at DESC);
CREATE TRIGGER alert_acks_append_only BEFORE UPDATE OR DELETE ON alert_acks
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();

-- One row per ticket as the figures see it (shared/domain/metrics/types.ts TicketFact);
-- `segments` is "counter:badge:from:to" joined by ";" (badge may be empty).
CREATE SEQUENCE ticket_facts_seq;
CREATE TABLE ticket_facts (
  office_id        text NOT NULL,
  ticket_id        uuid NOT NULL,
  service_day      date NOT NULL,
  weekday          smallint NOT NULL,
  hour             smallint NOT NULL,
  minute_of_day    smallint NOT NULL,
  section_id       text NOT NULL,
  service_group    text NOT NULL,
  service          text,
  language         text,
  priority         boolean NOT NULL,
  appointment      boolean NOT NULL,
  status           text NOT NULL,
  issued_at        bigint NOT NULL,
  first_called_at  bigint,
  called_at        bigint,
  started_at       bigint,
  ended_at         bigint,
  closed_at        bigint,
  counter_id       int,
  officer_badge    text,
  segments         text NOT NULL DEFAULT '',
  recalls          int NOT NULL,
  transfers        int NOT NULL,
  quoted_wait_min  int,
  quoted_wait_max  int,
  survey_score     smallint,
  events           int NOT NULL,
  late_events      int NOT NULL,
  max_late_ms      bigint NOT NULL,
  -- The office version of the ticket change this row was computed from.
  version          bigint NOT NULL,
  -- Rises with every write of a row (a survey answer rewrites it without a new version):
  -- readers of the table catch up by it.
  seq              bigint NOT NULL DEFAULT nextval('ticket_facts_seq'),
  PRIMARY KEY (office_id, ticket_id)
);
CREATE INDEX ticket_facts_seq_idx ON ticket_facts (office_id, seq);
CREATE INDEX ticket_facts_day ON ticket_facts (office_id, service_day);

-- How far each office's roll-up has read (ticket versions ≤ this are in ticket_facts), and
-- the survey answers it has taken in.
CREATE TABLE metric_rollups (
  office_id       text PRIMARY KEY REFERENCES offices,
  version         bigint NOT NULL DEFAULT 0,
  surveys_through timestamptz
);
