-- 007: counter transactions as the store decided them, and each person's record history.
-- A transaction arrives as the `transaction.submit` mutation (exactly once per device
-- seq, like every mutation); the store decides it again with the shared rules on the
-- record as it is now, and either applies it (new record version + history) or refuses it
-- with every failing rule. Both outcomes are kept: they are the pilot's transaction metrics.

CREATE SEQUENCE visa_numbers START 6100000001;

CREATE TABLE transactions (
  office_id        text NOT NULL REFERENCES offices,
  transaction_id   uuid NOT NULL,
  device_id        uuid NOT NULL,
  device_seq       int NOT NULL,
  officer_badge    text NOT NULL,
  session_id       uuid NOT NULL,
  counter_id       int NOT NULL,
  ticket_id        uuid,
  id_number        text NOT NULL,
  service          text NOT NULL,
  request          jsonb NOT NULL,
  status           text NOT NULL CHECK (status IN ('completed', 'refused')),
  failures         jsonb NOT NULL DEFAULT '[]',
  fees             jsonb NOT NULL DEFAULT '[]',
  total            int NOT NULL,
  quoted_total     int NOT NULL,
  outcome          jsonb NOT NULL DEFAULT '{}',
  based_on_version bigint NOT NULL,
  record_version   bigint,
  version          bigint NOT NULL,
  device_time      bigint NOT NULL,
  decided_at       timestamptz NOT NULL,
  PRIMARY KEY (office_id, transaction_id)
);
CREATE INDEX transactions_day ON transactions (office_id, decided_at);
CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();

CREATE TABLE resident_history (
  history_id      bigserial PRIMARY KEY,
  id_number       text NOT NULL REFERENCES residents,
  office_id       text NOT NULL,
  transaction_id  uuid NOT NULL,
  version         bigint NOT NULL,
  changed         jsonb NOT NULL,
  before          jsonb NOT NULL,
  after           jsonb NOT NULL,
  at              timestamptz NOT NULL,
  FOREIGN KEY (office_id, transaction_id) REFERENCES transactions
);
CREATE INDEX resident_history_person ON resident_history (id_number, version);
CREATE TRIGGER resident_history_append_only BEFORE UPDATE OR DELETE ON resident_history
  FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
