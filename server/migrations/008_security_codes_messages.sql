-- 008: one-time security codes sent to a person's registered mobile before a transaction
-- that needs one, and the outgoing message queue they go through. The queue is where
-- Ishaar notifications (SMS / e-mail to sponsors and heads of family) will go too: a
-- sender process delivers queued rows and marks them sent or failed.

CREATE TABLE outgoing_messages (
  message_id    uuid PRIMARY KEY,
  office_id     text NOT NULL REFERENCES offices,
  channel       text NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient     text NOT NULL,
  template      text NOT NULL,
  params        jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  created_at    timestamptz NOT NULL,
  sent_at       timestamptz,
  failure       text
);
CREATE INDEX outgoing_messages_queue ON outgoing_messages (status, created_at) WHERE status = 'queued';

CREATE TABLE security_codes (
  code_id         uuid PRIMARY KEY,
  office_id       text NOT NULL REFERENCES offices,
  id_number       text NOT NULL,
  transaction_id  uuid NOT NULL,
  -- SHA-256 of code_id + code: the code itself is only in the message to the person.
  code_hash       text NOT NULL,
  device_id       uuid NOT NULL,
  officer_badge   text NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  failed_tries    int NOT NULL DEFAULT 0,
  verified_at     timestamptz,
  used_at         timestamptz
);
CREATE INDEX security_codes_transaction ON security_codes (office_id, transaction_id);
