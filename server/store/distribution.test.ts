/**
 * The store can be distributed by office (issue 12, "Scale past one machine"): read from
 * the migrated catalogue, so a new table or key that would stop Citus is caught here, not
 * by an operator.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import type { TestStore } from '../testing/engines.ts';
import { citusStatements, distributionProblems, readTableKeys, type TableKeys } from './distribution.ts';

describeEngines('distribution by office', (engine) => {
  let t: TestStore;
  let tables: TableKeys[];
  beforeAll(async () => {
    t = await engine.open();
    tables = await readTableKeys(t.store);
  });
  afterAll(() => t?.close());

  it('finds every office table keyed by office first, and nothing in the way', () => {
    expect(tables.length).toBeGreaterThan(25);
    expect(distributionProblems(tables)).toEqual([]);
    // The keys migration 017 moved, as examples of what the check reads.
    const keyOf = (table: string) => tables.find((x) => x.table === table)?.unique.find((u) => u.name.endsWith('_pkey'))?.columns;
    expect(keyOf('applied_mutations')).toEqual(['office_id', 'device_id', 'seq']);
    expect(keyOf('ticket_events')).toEqual(['office_id', 'event_id']);
    expect(keyOf('devices')).toEqual(['office_id', 'device_id']);
  });

  it('names a key that would stop distribution', () => {
    const broken = tables.map((x) =>
      x.table === 'audit_log'
        ? { ...x, unique: [{ name: 'audit_log_pkey', columns: ['audit_id'] }] }
        : x.table === 'sync_gaps'
          ? { ...x, foreign: [{ name: 'sync_gaps_device_id_fkey', columns: ['device_id'], references: 'devices', referencedColumns: ['device_id'] }] }
          : x,
    );
    broken.push({ table: 'new_thing', hasOffice: false, unique: [], foreign: [] });
    expect(distributionProblems(broken)).toEqual([
      'audit_log: unique key audit_log_pkey (audit_id) does not start with office_id',
      'sync_gaps: foreign key sync_gaps_device_id_fkey to devices does not join office_id to office_id',
      'new_thing: has no office_id; add it, or list the table in REFERENCE_TABLES',
    ]);
    expect(() => citusStatements(broken)).toThrow(/cannot be distributed/);
  });

  it('writes the statements an operator runs: reference tables, then each table after those it refers to', () => {
    const sql = citusStatements(tables);
    expect(sql).toContain("SELECT create_reference_table('residents');");
    const position = (table: string) => sql.findIndex((s) => s.includes(`create_distributed_table('${table}'`));
    for (const x of tables.filter((y) => y.hasOffice && y.table !== 'offices')) expect(position(x.table), x.table).toBeGreaterThan(0);
    expect(position('devices')).toBeLessThan(position('applied_mutations'));
    expect(position('tickets')).toBeLessThan(position('ticket_events'));
    expect(position('transactions')).toBeLessThan(position('resident_history'));
  });
});
