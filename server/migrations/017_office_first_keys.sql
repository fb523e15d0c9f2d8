-- 017: every office-scoped table's primary key, unique constraints and foreign keys
-- between office tables start with office_id (issue 12, "Scale past one machine"), so an
-- operator can distribute the store by office with Citus: each office's rows live on one
-- worker and a push, a pull or a console question touches one worker only. The national
-- registry (residents, establishments, registry_meta) and offices stay reference tables.
-- Lookups that come without an office (a device's or a session's token, an enrolment code,
-- a receipt's code) keep a plain index: the values are random, so no two offices share one,
-- and the code that reads them refuses an answer naming two rows rather than take the first.

-- Devices first: the tables that name a device refer to it by (office_id, device_id).
ALTER TABLE enrollment_codes DROP CONSTRAINT enrollment_codes_used_by_device_fkey;
ALTER TABLE officer_sessions DROP CONSTRAINT officer_sessions_device_id_fkey;
ALTER TABLE applied_mutations DROP CONSTRAINT applied_mutations_device_id_fkey;
ALTER TABLE tickets DROP CONSTRAINT tickets_issued_by_device_fkey;
ALTER TABLE device_status DROP CONSTRAINT device_status_device_id_fkey;
ALTER TABLE device_presence DROP CONSTRAINT device_presence_device_id_fkey;
ALTER TABLE sync_gaps DROP CONSTRAINT sync_gaps_device_id_fkey;

ALTER TABLE devices DROP CONSTRAINT devices_pkey;
ALTER TABLE devices ADD PRIMARY KEY (office_id, device_id);
ALTER TABLE devices DROP CONSTRAINT devices_token_hash_key;
ALTER TABLE devices ADD CONSTRAINT devices_token_hash_key UNIQUE (office_id, token_hash);
CREATE INDEX devices_token ON devices (token_hash);

ALTER TABLE enrollment_codes ADD FOREIGN KEY (office_id, used_by_device) REFERENCES devices (office_id, device_id);
ALTER TABLE officer_sessions ADD FOREIGN KEY (office_id, device_id) REFERENCES devices (office_id, device_id);
ALTER TABLE applied_mutations ADD FOREIGN KEY (office_id, device_id) REFERENCES devices (office_id, device_id);
ALTER TABLE tickets ADD FOREIGN KEY (office_id, issued_by_device) REFERENCES devices (office_id, device_id);
ALTER TABLE device_status ADD FOREIGN KEY (office_id, device_id) REFERENCES devices (office_id, device_id);
ALTER TABLE device_presence ADD FOREIGN KEY (office_id, device_id) REFERENCES devices (office_id, device_id);
ALTER TABLE sync_gaps ADD FOREIGN KEY (office_id, device_id) REFERENCES devices (office_id, device_id);

-- The sync ledger: a device belongs to one office, so (device, seq) stays unique.
ALTER TABLE applied_mutations DROP CONSTRAINT applied_mutations_pkey;
ALTER TABLE applied_mutations ADD PRIMARY KEY (office_id, device_id, seq);

ALTER TABLE enrollment_codes DROP CONSTRAINT enrollment_codes_pkey;
ALTER TABLE enrollment_codes ADD PRIMARY KEY (office_id, code_hash);
CREATE INDEX enrollment_codes_code ON enrollment_codes (code_hash);

ALTER TABLE officer_sessions DROP CONSTRAINT officer_sessions_pkey;
ALTER TABLE officer_sessions ADD PRIMARY KEY (office_id, session_id);
ALTER TABLE officer_sessions DROP CONSTRAINT officer_sessions_token_hash_key;
ALTER TABLE officer_sessions ADD CONSTRAINT officer_sessions_token_hash_key UNIQUE (office_id, token_hash);
CREATE INDEX officer_sessions_token ON officer_sessions (token_hash);

ALTER TABLE supervisor_sessions DROP CONSTRAINT supervisor_sessions_pkey;
ALTER TABLE supervisor_sessions ADD PRIMARY KEY (office_id, session_id);
ALTER TABLE supervisor_sessions DROP CONSTRAINT supervisor_sessions_token_hash_key;
ALTER TABLE supervisor_sessions ADD CONSTRAINT supervisor_sessions_token_hash_key UNIQUE (office_id, token_hash);
CREATE INDEX supervisor_sessions_token ON supervisor_sessions (token_hash);

-- Append-only histories: their serial ids stay unique, now under the office.
ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_pkey;
ALTER TABLE ticket_events ADD PRIMARY KEY (office_id, event_id);
ALTER TABLE counter_events DROP CONSTRAINT counter_events_pkey;
ALTER TABLE counter_events ADD PRIMARY KEY (office_id, event_id);
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD PRIMARY KEY (office_id, audit_id);
ALTER TABLE resident_history DROP CONSTRAINT resident_history_pkey;
ALTER TABLE resident_history ADD PRIMARY KEY (office_id, history_id);
-- Acknowledgements had no key at all (a distributed table can do without one, but a
-- logical replica cannot): a serial under the office.
ALTER TABLE alert_acks ADD COLUMN ack_id bigserial;
ALTER TABLE alert_acks ADD PRIMARY KEY (office_id, ack_id);

ALTER TABLE outgoing_messages DROP CONSTRAINT outgoing_messages_pkey;
ALTER TABLE outgoing_messages ADD PRIMARY KEY (office_id, message_id);
ALTER TABLE security_codes DROP CONSTRAINT security_codes_pkey;
ALTER TABLE security_codes ADD PRIMARY KEY (office_id, code_id);

-- A receipt's code is random; the verification page reads it without an office.
DROP INDEX transactions_receipt;
CREATE UNIQUE INDEX transactions_receipt ON transactions (office_id, receipt_code) WHERE receipt_code IS NOT NULL;
CREATE INDEX transactions_receipt_code ON transactions (receipt_code) WHERE receipt_code IS NOT NULL;
