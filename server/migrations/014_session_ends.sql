-- 014: an officer session ends on the server, not only on the terminal (issue 12, points
-- 1 and 2). Signing out records the last change the terminal made under the session
-- (last_seq): a later change naming the session is refused. A locked terminal tells the
-- store in its heartbeat (locked_at): its lookups are refused until the PIN is given again
-- online; too many wrong PINs at the lock screen end the session ('locked').
ALTER TABLE officer_sessions ADD COLUMN last_seq int;
ALTER TABLE officer_sessions ADD COLUMN locked_at timestamptz;
ALTER TABLE officer_sessions DROP CONSTRAINT officer_sessions_end_reason_check;
ALTER TABLE officer_sessions ADD CONSTRAINT officer_sessions_end_reason_check
  CHECK (end_reason IN ('signedOut', 'replaced', 'revoked', 'deviceRevoked', 'locked', 'idle'));
-- One counter number, one live session: found by counter at sign-in.
CREATE INDEX officer_sessions_counter ON officer_sessions (office_id, counter_id) WHERE ended_at IS NULL;
-- Security codes sent in the last hour, per person and per counter terminal (issue 12, point 4).
CREATE INDEX security_codes_person ON security_codes (id_number, created_at);
CREATE INDEX security_codes_device ON security_codes (device_id, created_at);
