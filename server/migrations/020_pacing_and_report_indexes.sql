-- 020: two indexes (issue 11). Per-recipient pacing of notifications
-- (server/notifications/pacing.ts).
-- Before a notice or reminder is sent, the worker counts what the same recipient was sent
-- in the last hour and what is being sent to them now; this index answers that per
-- recipient instead of reading the whole outbox. (Quiet hours need no schema: a held
-- reminder is queued with next_attempt_at at the end of the quiet hours.)
CREATE INDEX outgoing_messages_recipient ON outgoing_messages (recipient, sent_at);
-- An establishment's report (server/establishments/report.ts) counts the Muqeem operations
-- its representatives used at our counters; this index finds them without reading every
-- office's transactions.
CREATE INDEX transactions_representative ON transactions (representative_for, decided_at) WHERE representative_for IS NOT NULL;
