-- The resident's own actions from the phone (/t/<code>): leaving the queue, and the
-- one-question survey after service. A resident's change has no device: its history row
-- says where it came from instead.

ALTER TABLE ticket_events ALTER COLUMN device_id DROP NOT NULL;
ALTER TABLE ticket_events ALTER COLUMN device_seq DROP NOT NULL;
ALTER TABLE ticket_events ADD COLUMN source text NOT NULL DEFAULT 'device'
  CHECK (source IN ('device', 'resident'));
ALTER TABLE ticket_events ADD CONSTRAINT ticket_events_device_source
  CHECK ((source = 'device') = (device_id IS NOT NULL AND device_seq IS NOT NULL));

-- One answer per ticket, after service; feeds the pilot's satisfaction metrics.
CREATE TABLE ticket_surveys (
  office_id    text NOT NULL,
  ticket_id    uuid NOT NULL,
  service_day  date NOT NULL,
  score        int NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment      text CHECK (char_length(comment) <= 500),
  answered_at  timestamptz NOT NULL,
  PRIMARY KEY (office_id, ticket_id),
  FOREIGN KEY (office_id, ticket_id) REFERENCES tickets
);
CREATE INDEX ticket_surveys_day ON ticket_surveys (office_id, service_day);
CREATE TRIGGER ticket_surveys_append_only BEFORE UPDATE OR DELETE ON ticket_surveys
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
