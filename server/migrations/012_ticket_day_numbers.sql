-- 012: no two tickets of one office day share a number. A ticket is filed under the day it
-- was taken (server/sync/applyMutation.ts); a number already used that day is renumbered
-- from 5001 by the store. Tickets an older store filed under the day they arrived could
-- repeat a number within a day: the later of each pair gets a number from 5001 here, so
-- the rule can be a constraint.
WITH repeated AS (
  SELECT office_id, ticket_id, service_day, split_part(display_number, '-', 1) AS prefix,
         row_number() OVER (PARTITION BY office_id, service_day, display_number ORDER BY issued_version, ticket_id) AS nth
    FROM tickets
),
renumbered AS (
  SELECT office_id, ticket_id, prefix,
         5000 + row_number() OVER (PARTITION BY office_id, service_day, prefix ORDER BY ticket_id) AS n
    FROM repeated WHERE nth > 1
)
UPDATE tickets t SET display_number = r.prefix || '-' || r.n
  FROM renumbered r WHERE t.office_id = r.office_id AND t.ticket_id = r.ticket_id;

CREATE UNIQUE INDEX tickets_day_number ON tickets (office_id, service_day, display_number);
