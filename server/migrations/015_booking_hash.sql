-- 015: booking codes reach kiosks as a slow, salted hash (issue 12, point 11). A plain
-- SHA-256 of 8 code characters (2^40) can be reversed offline in hours; PBKDF2 with a salt
-- per office and day makes a stolen list of a day's hashes cost months to reverse, while a
-- kiosk checks one typed code offline in a fraction of a second. Bookings made before this
-- keep their SHA-256 (salted = false) until their day passes.
ALTER TABLE offices ADD COLUMN booking_salt text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text);
ALTER TABLE appointments ADD COLUMN salted boolean NOT NULL DEFAULT false;
