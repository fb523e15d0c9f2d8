-- Kiosk numbers 1-99 (ticket numbers carry one or two digits: M7-042, M12-042). An office
-- that replaces kiosks over a six-month pilot uses fresh numbers for each replacement.
ALTER TABLE devices DROP CONSTRAINT devices_check;
ALTER TABLE devices ADD CONSTRAINT devices_kiosk_no_check
  CHECK ((role = 'kiosk') = (kiosk_no IS NOT NULL) AND (kiosk_no IS NULL OR kiosk_no BETWEEN 1 AND 99));
