-- 021: ticket notices (issue 11). A resident may leave a mobile at the kiosk, sealed for the
-- store like a typed identity number (it never reaches another device): they get their
-- ticket's status link at once, and "your turn is near" once, when their place or the
-- estimate reaches the office's setting. From the phone they may answer "on my way" or
-- "I need 10 more minutes", which moves the ticket back a configured number of places, once.
-- The mobile and the link key are erased when the ticket ends or its day is over.
CREATE TABLE ticket_notices (
  office_id    text NOT NULL,
  ticket_id    uuid NOT NULL,
  service_day  date NOT NULL,
  -- Left at the kiosk (false: a row made only by an answer from the phone).
  notified     boolean NOT NULL,
  mobile       text CHECK (mobile ~ '^05[0-9]{8}$'),
  -- The key of the ticket's QR link, which the texted link must carry to be of use.
  link_key     text CHECK (link_key ~ '^[2-9A-HJ-NP-Z]{16}$'),
  language     text NOT NULL,
  created_at   timestamptz NOT NULL,
  -- When "your turn is near" was queued (at most once).
  near_at      timestamptz,
  answer       text CHECK (answer IN ('onMyWay', 'moreTime')),
  answered_at  timestamptz,
  PRIMARY KEY (office_id, ticket_id),
  FOREIGN KEY (office_id, ticket_id) REFERENCES tickets
);
CREATE INDEX ticket_notices_open ON ticket_notices (office_id, service_day) WHERE near_at IS NULL AND mobile IS NOT NULL;

-- Its new place in arrival order when the resident asked for more time (shared/domain/queue.ts).
ALTER TABLE tickets ADD COLUMN queue_order double precision;

ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_type_check;
ALTER TABLE ticket_events ADD CONSTRAINT ticket_events_type_check
  CHECK (type IN ('issued', 'called', 'recalled', 'started', 'completed', 'noShow', 'transferred', 'parked', 'resumed', 'cancelled',
                  'deferred'));
