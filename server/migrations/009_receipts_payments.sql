-- 009: what a counter needs back from a transaction, and what the resident takes home.
-- * receipt_code: a random code printed as a QR on the receipt; the public verification
--   page (/v/<code>) confirms the document is genuine without showing personal data.
-- * payment: how the resident paid the quoted total (method and the terminal's reference).
-- * The result of a transaction reaches only the counter that submitted it, by pull
--   (server/sync/pull.ts): the index serves "this device's transactions after cursor".

ALTER TABLE transactions ADD COLUMN receipt_code text;
ALTER TABLE transactions ADD COLUMN payment jsonb;
CREATE UNIQUE INDEX transactions_receipt ON transactions (receipt_code) WHERE receipt_code IS NOT NULL;
CREATE INDEX transactions_device ON transactions (office_id, device_id, version);
