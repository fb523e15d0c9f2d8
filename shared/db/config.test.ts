/** A configuration a supervisor changed reaches the device by pull and replaces the one enrollment gave. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { OfficeConfig } from '../domain/office.ts';
import type { PullResponse } from '../sync/protocol.ts';
import { applyPullPage, getCursor, getIdentity, issueTicket, observe } from './index.ts';
import { enrolledDb, TEST_CONFIG } from './testing.ts';

const NOW = Date.UTC(2026, 10, 22, 8, 0);

function withLetter(letter: string): OfficeConfig {
  return { ...TEST_CONFIG, sections: TEST_CONFIG.sections.map((s) => (s.id === 'men' ? { ...s, letter } : s)) };
}

function page(changes: PullResponse['changes'], cursor: number, extra: Partial<PullResponse> = {}): PullResponse {
  return { changes, cursor, more: false, reset: false, version: cursor, ...extra };
}

describe('office configuration on the device', () => {
  it('takes the newest configuration of a page and moves the cursor past it', async () => {
    const db = await enrolledDb('kiosk', 4);
    await applyPullPage(db, page([{ entity: 'config', version: 3, data: withLetter('A') }, { entity: 'config', version: 5, data: withLetter('B') }], 5));
    expect((await getIdentity(db))?.config.sections[0]?.letter).toBe('B');
    expect(await getCursor(db)).toBe(5);
    // New tickets are numbered with the new letter at once.
    expect((await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW })).displayNumber).toBe('B4-001');
  });

  it('ignores a configuration at or below its cursor (a page answered twice)', async () => {
    const db = await enrolledDb('counter');
    await applyPullPage(db, page([{ entity: 'config', version: 7, data: withLetter('C') }], 7));
    await applyPullPage(db, page([{ entity: 'config', version: 7, data: withLetter('D') }], 7));
    await applyPullPage(db, page([{ entity: 'config', version: 4, data: withLetter('E') }], 4));
    expect((await getIdentity(db))?.config.sections[0]?.letter).toBe('C');
  });

  it('takes the configuration again after a reset, from the pages that follow it', async () => {
    const db = await enrolledDb('display');
    await applyPullPage(db, page([{ entity: 'config', version: 9, data: withLetter('F') }], 9));
    await applyPullPage(db, page([], 0, { reset: true, more: true, version: 2 }));
    await applyPullPage(db, page([{ entity: 'config', version: 2, data: withLetter('G') }], 2));
    expect((await getIdentity(db))?.config.sections[0]?.letter).toBe('G');
  });

  it('tells an observer of the identity row (what DeviceShell watches)', async () => {
    const db = await enrolledDb('kiosk');
    const seen: string[] = [];
    const stop = observe(
      () => getIdentity(db),
      (identity) => seen.push(identity?.config.sections[0]?.letter ?? '?'),
    );
    try {
      await expect.poll(() => seen.length).toBe(1);
      await applyPullPage(db, page([{ entity: 'config', version: 2, data: withLetter('H') }], 2));
      await expect.poll(() => seen.at(-1)).toBe('H');
      expect(seen[0]).toBe('M');
    } finally {
      stop();
    }
  });
});
