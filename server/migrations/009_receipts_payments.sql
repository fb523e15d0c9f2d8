-- 009: what a counter needs back from a transaction, and what the resident takes home.
-- * receipt_code: a random code printed as a QR on the receipt; the public verification
--   page (/v/<code>) confirms the document is genuine without showing personal data.
-- * payment: how the resident paid the quoted total (method and the terminal's reference).
-- * The result of a transaction reaches only the counter that submitted it, by pull
--   (server/sync/pull.ts): the index serves "this device's transactions after cursor".

ALTER TABLE transactions ADD COLUMN receipt_code text;
ALTER TABLE transactions ADD COLUMN payment jsonb;
-- The establishment whose representative the transaction was done for (a batch uses its Muqeem quota).
ALTER TABLE transactions ADD COLUMN representative_for text;
CREATE UNIQUE INDEX transactions_receipt ON transactions (receipt_code) WHERE receipt_code IS NOT NULL;
CREATE INDEX transactions_device ON transactions (office_id, device_id, version);

-- Transactions the officer cancelled before submitting: which service, at which step and
-- why (staff's words), for the pilot's figures on abandoned transactions. No personal data.
CREATE TABLE transaction_cancellations (
  office_id       text NOT NULL REFERENCES offices,
  transaction_id  uuid NOT NULL,
  device_id       uuid NOT NULL,
  device_seq      int NOT NULL,
  officer_badge   text NOT NULL,
  session_id      uuid NOT NULL,
  counter_id      int NOT NULL,
  ticket_id       uuid,
  service         text NOT NULL,
  step            text NOT NULL,
  reason          text NOT NULL,
  device_time     bigint NOT NULL,
  server_time     timestamptz NOT NULL,
  PRIMARY KEY (office_id, transaction_id)
);
CREATE TRIGGER transaction_cancellations_append_only BEFORE UPDATE OR DELETE ON transaction_cancellations
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
