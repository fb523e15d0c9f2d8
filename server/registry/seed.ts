/**
 * Fills the registry on first start from the deterministic generator (generate.ts).
 * Idempotent: a registry that exists is left alone.
 */
import { nameKeys } from '../../shared/domain/names.ts';
import type { ResidentRecord } from '../../shared/domain/resident.ts';
import type { Store } from '../store/index.ts';
import { multiRowInsert } from '../store/sql.ts';
import { DEFAULT_REGISTRY, generateRegistry, type RegistryOptions } from './generate.ts';
import { toJsonb } from '../http/errors.ts';

const ROWS_PER_STATEMENT = 500;

/** The search keys stored with a record: its Arabic and English names' words. */
export function searchKeys(r: ResidentRecord): string {
  return [...nameKeys(r.name.ar), ...nameKeys(r.name.en)].join(' ');
}

/** Generates and stores the registry unless one exists; returns the number of people stored (0 when it existed). */
export async function seedRegistry(store: Store, options: Partial<RegistryOptions> & { today: string; now: number }): Promise<number> {
  const settings: RegistryOptions = { ...DEFAULT_REGISTRY, ...options };
  return store.tx(async (q) => {
    const existing = await q.query<{ value: unknown }>(`SELECT value FROM registry_meta WHERE key = 'generated' FOR UPDATE`);
    if (existing.length > 0) return 0;
    const { residents, establishments } = generateRegistry(settings);
    for (let i = 0; i < establishments.length; i += ROWS_PER_STATEMENT) {
      const rows = establishments.slice(i, i + ROWS_PER_STATEMENT);
      await q.query(
        multiRowInsert('establishments', ['establishment_id', 'record'], { record: '::jsonb' }, rows.length),
        rows.flatMap((e) => [e.establishmentId, toJsonb(e)]),
      );
    }
    for (let i = 0; i < residents.length; i += ROWS_PER_STATEMENT) {
      const rows = residents.slice(i, i + ROWS_PER_STATEMENT);
      await q.query(
        multiRowInsert('residents', ['id_number', 'record', 'name_keys', 'updated_at'], { record: '::jsonb' }, rows.length),
        rows.flatMap((r) => [r.idNumber, toJsonb(r), searchKeys(r), new Date(options.now)]),
      );
    }
    await q.query(`INSERT INTO registry_meta (key, value) VALUES ('generated', $1::jsonb)`, [
      toJsonb({ seed: settings.seed, today: settings.today, residents: residents.length, establishments: establishments.length }),
    ]);
    return residents.length;
  });
}
