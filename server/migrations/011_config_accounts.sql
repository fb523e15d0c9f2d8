-- 011: the supervisor console's configuration and accounts.
-- * offices.config_version: the office version at which the configuration last changed.
--   A change takes the office row lock, bumps `version` by one and stamps it here, so pull
--   sends the configuration once to every device whose cursor is below it, in version order
--   with the tickets (server/sync/pull.ts).
-- * supervisors.role: a director reads every office and changes nothing.
-- * officers.deactivated_at: a deactivated officer cannot sign in; the row stays, since
--   history (ticket events, transactions, the audit log) names the badge.
-- * devices.label: only what a supervisor typed. The console shows the default name (role
--   and kiosk number) in the reader's language, so the store no longer writes English ones.

ALTER TABLE offices ADD COLUMN config_version bigint NOT NULL DEFAULT 0;

ALTER TABLE supervisors ADD COLUMN role text NOT NULL DEFAULT 'supervisor'
  CHECK (role IN ('supervisor', 'director'));

ALTER TABLE officers ADD COLUMN deactivated_at timestamptz;

ALTER TABLE devices ALTER COLUMN label DROP NOT NULL;
ALTER TABLE devices ADD CONSTRAINT devices_label_length CHECK (label IS NULL OR char_length(label) BETWEEN 1 AND 60);
-- The English defaults the store used to write are not labels anyone chose.
UPDATE devices SET label = NULL
 WHERE label = CASE role WHEN 'kiosk' THEN 'Kiosk ' || kiosk_no WHEN 'counter' THEN 'Counter terminal' ELSE 'Display board' END;

-- The console's audit log view: an office's entries newest first, paged by audit_id.
CREATE INDEX audit_log_office_id ON audit_log (office_id, audit_id DESC);
