/** SQL text helpers shared by the store's users; no driver here (see index.ts). */

/**
 * `INSERT INTO table (columns) VALUES (...), (...)` with $n parameters, `casts` applied
 * per column (e.g. '::date'): one statement for many rows.
 */
export function multiRowInsert(table: string, columns: readonly string[], casts: Readonly<Record<string, string>>, rowCount: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    tuples.push(`(${columns.map((c, i) => `$${r * columns.length + i + 1}${casts[c] ?? ''}`).join(', ')})`);
  }
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/**
 * The one row a lookup by a random credential (a token's or a code's hash) found, or
 * undefined. Those columns are unique only within an office (migration 017, so the store
 * can be distributed by office): should two offices ever hold one value, the lookup
 * answers neither rather than the first.
 */
export function soleRow<T>(rows: readonly T[]): T | undefined {
  return rows.length === 1 ? rows[0] : undefined;
}
