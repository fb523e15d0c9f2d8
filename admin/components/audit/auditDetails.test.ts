/** An audit entry's details as the console summarises them. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/api/adminTypes.ts';
import { auditDetails } from './auditDetails.ts';

/** A translator that knows every key: it answers with the key (and the count). */
const tc = (key: string, options?: Record<string, unknown>): string => (options && 'count' in options ? `${key}:${String(options.count)}` : key);

function entry(action: string, details: Record<string, unknown>): AuditEntry {
  return { auditId: 1, at: 0, actorKind: 'supervisor', actorId: 'supervisor', action, subject: null, details };
}

describe('audit details', () => {
  it('shows a configuration change as before → after, and how many more', () => {
    const changes = Array.from({ length: 8 }, (_, i) => ({ path: `counters[${i}].sectionId`, before: i === 0 ? null : 'men', after: 'women' }));
    const lines = auditDetails(entry('config.changed', { part: 'counters', changes, more: 2 }), tc);
    expect(lines[0]).toBe('counters[0].sectionId: — → women');
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toBe('audit.more:4');
  });

  it('names other details, counts lists and says yes or no', () => {
    expect(auditDetails(entry('officer.pinReset', { pinGenerated: true, sessionIds: ['a', 'b'], wasLocked: false, note: null }), tc)).toEqual([
      'audit.detail.pinGenerated: audit.yes',
      'audit.detail.sessionIds: 2',
      'audit.detail.wasLocked: audit.no',
    ]);
  });
});
