-- 013: a store restored from a backup. Devices that synced after the backup know more
-- than the store: changes it confirmed to them (their seq), rows they pulled (their
-- cursor). When a device's heartbeat shows it, the store notes the restore with a new
-- epoch; every device whose pull names another epoch pulls everything again (its own
-- unconfirmed changes stay), and a device sends again the changes it still holds. Changes
-- a device no longer holds are skipped on the record (sync_gaps), never silently.
ALTER TABLE offices ADD COLUMN epoch uuid;

CREATE TABLE sync_gaps (
  office_id   text NOT NULL REFERENCES offices,
  device_id   uuid NOT NULL REFERENCES devices,
  from_seq    int NOT NULL,
  to_seq      int NOT NULL CHECK (to_seq >= from_seq),
  at          timestamptz NOT NULL,
  PRIMARY KEY (office_id, device_id, from_seq)
);
CREATE TRIGGER sync_gaps_append_only BEFORE UPDATE OR DELETE ON sync_gaps
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
