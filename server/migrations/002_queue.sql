-- The queue engine (issue 3): what a ticket carries for ordering and for measuring the
-- quoted wait, the parked state, and the events and reasons that come with them.

ALTER TABLE tickets
  ADD COLUMN service           text,
  ADD COLUMN priority          text CHECK (priority IN ('elderly', 'disabled', 'pregnant')),
  ADD COLUMN appointment_at    bigint,
  ADD COLUMN target_counter_id int,
  ADD COLUMN quoted_wait_min   int,
  ADD COLUMN quoted_wait_max   int;

ALTER TABLE tickets DROP CONSTRAINT tickets_status_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_status_check
  CHECK (status IN ('waiting', 'called', 'serving', 'parked', 'done', 'noShow', 'cancelled'));

ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_type_check;
ALTER TABLE ticket_events ADD CONSTRAINT ticket_events_type_check
  CHECK (type IN ('issued', 'called', 'recalled', 'started', 'completed', 'noShow', 'transferred', 'parked', 'resumed', 'cancelled'));

-- Why: a ticket called out of order, a transfer, a cancellation (free text from staff,
-- never personal data).
ALTER TABLE ticket_events ADD COLUMN reason text;
