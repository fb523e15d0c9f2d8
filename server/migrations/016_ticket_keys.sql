-- 016: leaving the queue from the phone needs the key only the ticket's QR link carries
-- (issue 12, point 10), not the printed code alone. The store keeps the key's SHA-256,
-- apart from the ticket row (which devices pull), for tickets whose kiosk sent one.
CREATE TABLE ticket_keys (
  office_id  text NOT NULL,
  ticket_id  uuid NOT NULL,
  key_hash   text NOT NULL,
  PRIMARY KEY (office_id, ticket_id)
);
