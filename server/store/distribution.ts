/**
 * How the store spreads over several PostgreSQL machines (issue 12, "Scale past one
 * machine"): every table that carries office_id is distributed by it with Citus, so each
 * office's rows sit together on one worker; the national registry and the office list are
 * reference tables, copied to every worker. This module reads the live catalogue, checks
 * that each distributed table's keys allow it (Citus refuses a primary key, unique
 * constraint or foreign key between distributed tables that does not include the
 * distribution column), and writes the statements an operator runs once on the coordinator.
 */
import type { Queryable } from './types.ts';

/**
 * Tables without an office: the registry and the offices themselves, copied to every worker;
 * and what hangs from the registry nationally (issue 11): establishments' subscriptions and
 * contacts, and the border feed's events.
 */
export const REFERENCE_TABLES = [
  'offices', 'residents', 'establishments', 'registry_meta',
  'establishment_notice_settings', 'establishment_subscriptions', 'border_events',
] as const;
/** Kept on the coordinator only: the migration ledger. */
export const LOCAL_TABLES = ['schema_migrations'] as const;
export const DISTRIBUTION_COLUMN = 'office_id';

export interface TableKeys {
  readonly table: string;
  readonly hasOffice: boolean;
  /** Primary key, unique constraints and unique indexes: name and columns in order. */
  readonly unique: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** Foreign keys: columns here and the referenced table's columns. */
  readonly foreign: readonly { readonly name: string; readonly columns: readonly string[]; readonly references: string; readonly referencedColumns: readonly string[] }[];
}

/** Every public table with its unique keys and foreign keys, from the catalogue. */
export async function readTableKeys(q: Queryable): Promise<TableKeys[]> {
  const tables = await q.query<{ table: string; has_office: boolean }>(
    `SELECT c.relname AS table,
            EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = $1 AND NOT a.attisdropped) AS has_office
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    [DISTRIBUTION_COLUMN],
  );
  // Column names of an index or constraint, in key order.
  const unique = await q.query<{ table: string; name: string; columns: string }>(
    `SELECT t.relname AS table, ic.relname AS name,
            (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND i.indisunique ORDER BY 1, 2`,
  );
  const foreign = await q.query<{ table: string; name: string; columns: string; references: string; referenced_columns: string }>(
    `SELECT t.relname AS table, con.conname AS name, r.relname AS references,
            (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns
       FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND con.contype = 'f' ORDER BY 1, 2`,
  );
  return tables.map(({ table, has_office }) => ({
    table,
    hasOffice: has_office,
    unique: unique.filter((u) => u.table === table).map((u) => ({ name: u.name, columns: u.columns.split(',') })),
    foreign: foreign
      .filter((f) => f.table === table)
      .map((f) => ({ name: f.name, columns: f.columns.split(','), references: f.references, referencedColumns: f.referenced_columns.split(',') })),
  }));
}

const isReference = (table: string): boolean => (REFERENCE_TABLES as readonly string[]).includes(table);
const isLocal = (table: string): boolean => (LOCAL_TABLES as readonly string[]).includes(table);

/**
 * What stops the tables from being distributed by office, in words; empty when nothing
 * does. A table is either a reference table, a local one, or distributed (it has
 * office_id); a distributed table's unique keys start with office_id, and its foreign keys
 * to another distributed table go from office_id to office_id.
 */
export function distributionProblems(tables: readonly TableKeys[]): string[] {
  const problems: string[] = [];
  for (const t of tables) {
    if (isReference(t.table) || isLocal(t.table)) {
      // The offices table is keyed by office_id itself; any other listed table with it is a mistake.
      if (t.hasOffice && t.table !== 'offices') problems.push(`${t.table}: listed as a reference or local table but has ${DISTRIBUTION_COLUMN}`);
      continue;
    }
    if (!t.hasOffice) {
      problems.push(`${t.table}: has no ${DISTRIBUTION_COLUMN}; add it, or list the table in REFERENCE_TABLES`);
      continue;
    }
    if (!t.unique.some((u) => u.name.endsWith('_pkey'))) problems.push(`${t.table}: has no primary key`);
    for (const u of t.unique) {
      if (u.columns[0] !== DISTRIBUTION_COLUMN) problems.push(`${t.table}: unique key ${u.name} (${u.columns.join(', ')}) does not start with ${DISTRIBUTION_COLUMN}`);
    }
    for (const f of t.foreign) {
      if (isReference(f.references)) continue;
      const i = f.columns.indexOf(DISTRIBUTION_COLUMN);
      if (i < 0 || f.referencedColumns[i] !== DISTRIBUTION_COLUMN) {
        problems.push(`${t.table}: foreign key ${f.name} to ${f.references} does not join ${DISTRIBUTION_COLUMN} to ${DISTRIBUTION_COLUMN}`);
      }
    }
  }
  for (const name of [...REFERENCE_TABLES, ...LOCAL_TABLES]) {
    if (!tables.some((t) => t.table === name)) problems.push(`${name}: listed but not in the store`);
  }
  return problems;
}

/**
 * The statements that distribute a migrated store with Citus, run once on the coordinator
 * (reference tables first, then every office table colocated with offices' distribution).
 */
export function citusStatements(tables: readonly TableKeys[]): string[] {
  const problems = distributionProblems(tables);
  if (problems.length) throw new Error(`the store cannot be distributed by office yet:\n${problems.join('\n')}`);
  const distributed = tables.filter((t) => !isReference(t.table) && !isLocal(t.table)).map((t) => t.table);
  // A table must be distributed before one whose foreign key points at it.
  const order: string[] = [];
  const visit = (name: string, seen: Set<string>): void => {
    if (order.includes(name) || seen.has(name)) return;
    seen.add(name);
    for (const f of tables.find((t) => t.table === name)?.foreign ?? []) if (distributed.includes(f.references)) visit(f.references, seen);
    order.push(name);
  };
  // The devices table anchors the colocation group: every office table sits with it.
  for (const name of ['devices', ...distributed]) if (distributed.includes(name)) visit(name, new Set());
  const [first] = order;
  return [
    'CREATE EXTENSION IF NOT EXISTS citus;',
    ...REFERENCE_TABLES.map((t) => `SELECT create_reference_table('${t}');`),
    ...order.map((t) =>
      t === first
        ? `SELECT create_distributed_table('${t}', '${DISTRIBUTION_COLUMN}');`
        : `SELECT create_distributed_table('${t}', '${DISTRIBUTION_COLUMN}', colocate_with => '${first}');`,
    ),
  ];
}
