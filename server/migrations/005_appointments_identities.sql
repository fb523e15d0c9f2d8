-- 005: appointments checked in at the kiosk, and the identity number a resident may type
-- at the kiosk so the counter has the record ready. Both hold personal data and live only
-- here: devices never receive them (a kiosk holds hashes of booking codes; the number
-- travels sealed with the office's public key, see server/security/sealing.ts).

-- The office's key pair for numbers sealed on kiosks (RSA-OAEP, SHA-256).
CREATE TABLE office_keys (
  office_id    text PRIMARY KEY REFERENCES offices,
  public_key   text NOT NULL,   -- SPKI, base64 DER; sent to kiosks
  private_key  text NOT NULL,   -- PKCS#8 PEM; never leaves the server
  created_at   timestamptz NOT NULL
);

CREATE TABLE appointments (
  office_id       text NOT NULL REFERENCES offices,
  appointment_id  uuid NOT NULL,
  -- SHA-256 of the booking code; the code itself is only told to the resident.
  code_hash       text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  service_day     date NOT NULL,
  slot_at         timestamptz NOT NULL,
  section_id      text NOT NULL,
  service         text NOT NULL,
  id_number       text CHECK (id_number ~ '^[1-4][0-9]{9}$'),
  status          text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checkedIn', 'cancelled')),
  ticket_id       uuid,
  booked_by       text NOT NULL,
  created_at      timestamptz NOT NULL,
  checked_in_at   timestamptz,
  PRIMARY KEY (office_id, appointment_id),
  UNIQUE (office_id, code_hash),
  CHECK ((status = 'checkedIn') = (ticket_id IS NOT NULL))
);
CREATE INDEX appointments_day ON appointments (office_id, service_day, slot_at);

-- One number per ticket, typed at the kiosk or copied from the appointment.
CREATE TABLE ticket_identities (
  office_id    text NOT NULL,
  ticket_id    uuid NOT NULL,
  id_number    text NOT NULL CHECK (id_number ~ '^[1-4][0-9]{9}$'),
  source       text NOT NULL CHECK (source IN ('kiosk', 'appointment')),
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (office_id, ticket_id),
  FOREIGN KEY (office_id, ticket_id) REFERENCES tickets
);
