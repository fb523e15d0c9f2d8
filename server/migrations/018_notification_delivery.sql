-- 018: the notification outbox delivers (issue 11). A message is written in the same
-- transaction as the change that causes it, names that change (event_kind, event_ref), and
-- is rendered from its template in the recipient's language when it is sent. A worker
-- claims due messages, hands each to a channel (the local inbox by default, an SMS gateway
-- or e-mail when configured) with the message id as the gateway's correlation id, and
-- retries network errors, 429 and 5xx with growing, jittered delays; after the last try a
-- message is dead, to be resent from the console. A claim is a lease: a worker killed
-- mid-send leaves the message to be claimed again when the lease runs out, and the gateway
-- answers the repeated id as already accepted, so nothing is lost or sent twice.
ALTER TABLE outgoing_messages DROP CONSTRAINT outgoing_messages_status_check;
UPDATE outgoing_messages SET status = 'dead' WHERE status = 'failed';
ALTER TABLE outgoing_messages ADD CONSTRAINT outgoing_messages_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'dead', 'dropped'));
ALTER TABLE outgoing_messages ADD COLUMN language text NOT NULL DEFAULT 'ar';
ALTER TABLE outgoing_messages ADD COLUMN event_kind text;
ALTER TABLE outgoing_messages ADD COLUMN event_ref text;
ALTER TABLE outgoing_messages ADD COLUMN attempts int NOT NULL DEFAULT 0;
-- When a queued message is due, or when a claimed one's lease runs out.
ALTER TABLE outgoing_messages ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE outgoing_messages ADD COLUMN delivered_at timestamptz;
-- After this a message is pointless (a turn already called, a code expired): dropped, not sent late.
ALTER TABLE outgoing_messages ADD COLUMN expires_at timestamptz;
ALTER TABLE outgoing_messages ADD COLUMN gateway_ref text;
UPDATE outgoing_messages SET next_attempt_at = created_at WHERE status = 'queued';
DROP INDEX outgoing_messages_queue;
CREATE INDEX outgoing_messages_due ON outgoing_messages (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX outgoing_messages_office ON outgoing_messages (office_id, created_at DESC);
-- One event never makes the same message to the same recipient twice (a scheduler run
-- twice on a day, a transaction pushed again).
CREATE UNIQUE INDEX outgoing_messages_event ON outgoing_messages (office_id, event_kind, event_ref, template, recipient)
  WHERE event_ref IS NOT NULL;
