/**
 * The pilot office as data: sections, counters, officers, the supervisor and director
 * accounts and settings. Idempotent: an office that already exists is left alone (its
 * configuration belongs to its supervisors from then on), except that a database from
 * before directors existed gets the demo director (seedDirector). Tests seed extra
 * offices with other ids.
 */
import type { LocalizedText, OfficeConfig } from '../shared/domain/office.ts';
import { DEFAULT_SETTINGS } from '../shared/domain/office.ts';
import { DEFAULT_CATALOG } from '../shared/domain/catalog.ts';
import { DEFAULT_FEES } from '../shared/domain/fees.ts';
import { SERVICE_GROUPS } from '../shared/domain/services.ts';
import { audit } from './audit.ts';
import { hashSecret } from './security/secrets.ts';
import type { Queryable, Store } from './store/index.ts';
import { toJsonb } from './http/errors.ts';

export const PILOT_OFFICE_ID = 'riyadh-north';
export const DEMO_PIN = '1234';
export const DEMO_SUPERVISOR = { username: 'supervisor', password: 'pilot-2026' } as const;
/** Reads every office, changes nothing (the directorate following the pilot). */
export const DEMO_DIRECTOR = { username: 'director', password: 'pilot-2026' } as const;

export const PILOT_OFFICERS: readonly { badge: string; name: LocalizedText }[] = [
  { badge: '1001', name: { en: 'Abdullah Al-Harbi', ar: 'عبدالله الحربي' } },
  { badge: '1002', name: { en: 'Faisal Al-Qahtani', ar: 'فيصل القحطاني' } },
  { badge: '1003', name: { en: 'Khalid Al-Otaibi', ar: 'خالد العتيبي' } },
  { badge: '1004', name: { en: 'Saad Al-Dosari', ar: 'سعد الدوسري' } },
  { badge: '1005', name: { en: 'Nora Al-Shehri', ar: 'نورة الشهري' } },
  { badge: '1006', name: { en: 'Reem Al-Mutairi', ar: 'ريم المطيري' } },
  { badge: '1007', name: { en: 'Hessa Al-Ghamdi', ar: 'حصة الغامدي' } },
  { badge: '1008', name: { en: 'Lama Al-Zahrani', ar: 'لمى الزهراني' } },
];

/** The pilot office's configuration (or another office with the same layout, for tests). */
export function pilotConfig(officeId: string = PILOT_OFFICE_ID): OfficeConfig {
  return {
    officeId,
    name: { en: 'Riyadh North mall office — pilot', ar: 'مكتب جوازات مول شمال الرياض — تجريبي' },
    sections: [
      { id: 'men', letter: 'M', name: { en: "Men's section", ar: 'قسم الرجال' } },
      { id: 'women', letter: 'W', name: { en: "Women's section", ar: 'قسم النساء' } },
    ],
    counters: [1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({ id, sectionId: id <= 4 ? 'men' : 'women' })),
    serviceGroups: [...SERVICE_GROUPS],
    settings: DEFAULT_SETTINGS,
    catalog: DEFAULT_CATALOG,
    fees: DEFAULT_FEES,
  };
}

export interface SeedOptions {
  readonly config?: OfficeConfig;
  /**
   * Precomputed hashes (tests: hash once, seed many offices fast). By default every
   * account gets its own salted hash.
   */
  readonly hashes?: { readonly pin: string; readonly password: string };
  readonly now?: number;
}

/** Creates the office with its officers and supervisor unless it exists; returns whether it did. */
export async function seedOffice(store: Store, options: SeedOptions = {}): Promise<boolean> {
  const config = options.config ?? pilotConfig();
  const exists = await store.query('SELECT 1 FROM offices WHERE office_id = $1', [config.officeId]);
  if (exists.length > 0) return false;
  const pinHashes = options.hashes
    ? PILOT_OFFICERS.map(() => options.hashes?.pin ?? '')
    : await Promise.all(PILOT_OFFICERS.map(() => hashSecret(DEMO_PIN)));
  const passwordHash = options.hashes?.password ?? (await hashSecret(DEMO_SUPERVISOR.password));
  const directorHash = options.hashes?.password ?? (await hashSecret(DEMO_DIRECTOR.password));
  const now = new Date(options.now ?? Date.now());
  return store.tx(async (q) => {
    const inserted = await q.query(
      `INSERT INTO offices (office_id, name, config, version, created_at) VALUES ($1, $2::jsonb, $3::jsonb, 0, $4)
       ON CONFLICT (office_id) DO NOTHING RETURNING office_id`,
      [config.officeId, toJsonb(config.name), toJsonb(config), now],
    );
    if (inserted.length === 0) return false; // another process seeded it meanwhile
    for (const [i, officer] of PILOT_OFFICERS.entries()) {
      await q.query('INSERT INTO officers (office_id, badge, name, pin_hash, created_at) VALUES ($1, $2, $3::jsonb, $4, $5)', [
        config.officeId,
        officer.badge,
        toJsonb(officer.name),
        pinHashes[i] ?? '',
        now,
      ]);
    }
    await q.query('INSERT INTO supervisors (office_id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)', [
      config.officeId,
      DEMO_SUPERVISOR.username,
      passwordHash,
      now,
    ]);
    await insertDirector(q, config.officeId, directorHash, now);
    await audit(q, { officeId: config.officeId, at: now.getTime(), actorKind: 'system', actorId: 'seed', action: 'office.seeded' });
    return true;
  });
}

async function insertDirector(q: Queryable, officeId: string, passwordHash: string, now: Date): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO supervisors (office_id, username, password_hash, role, created_at) VALUES ($1, $2, $3, 'director', $4)
     ON CONFLICT (office_id, username) DO NOTHING RETURNING username`,
    [officeId, DEMO_DIRECTOR.username, passwordHash, now],
  );
  return rows.length > 0;
}

/**
 * Gives an existing office the demo director account unless it has an account of that
 * name already (a database seeded before directors existed); returns whether it did.
 */
export async function seedDirector(store: Store, officeId: string = PILOT_OFFICE_ID, options: Pick<SeedOptions, 'hashes' | 'now'> = {}): Promise<boolean> {
  const present = await store.query('SELECT 1 FROM supervisors WHERE office_id = $1 AND username = $2', [officeId, DEMO_DIRECTOR.username]);
  const office = await store.query('SELECT 1 FROM offices WHERE office_id = $1', [officeId]);
  if (present.length > 0 || office.length === 0) return false;
  // Hashed outside the transaction, like every slow hash here.
  const hash = options.hashes?.password ?? (await hashSecret(DEMO_DIRECTOR.password));
  const now = new Date(options.now ?? Date.now());
  return store.tx(async (q) => {
    if (!(await insertDirector(q, officeId, hash, now))) return false;
    await audit(q, { officeId, at: now.getTime(), actorKind: 'system', actorId: 'seed', action: 'director.seeded', subject: DEMO_DIRECTOR.username });
    return true;
  });
}
