/** The settings forms' plumbing: edits by field path, and a field's id for its problems. */
import { describe, expect, it } from 'vitest';
import { fieldId, getAt, setAt } from './useConfigForm.ts';

describe('settings form paths', () => {
  const body = { shifts: [{ id: 'morning', from: '09:00' }, { id: 'evening', from: '16:00' }], settings: { queue: { maxRecalls: 2 } } };

  it('replaces one leaf and copies only the way to it', () => {
    const next = setAt(body, 'shifts.1.from', '15:00');
    expect(next.shifts[1]).toEqual({ id: 'evening', from: '15:00' });
    expect(body.shifts[1]?.from).toBe('16:00');
    expect(next.shifts[0]).toBe(body.shifts[0]);
    expect(next.settings).toBe(body.settings);
    expect(Array.isArray(next.shifts)).toBe(true);
    expect(setAt(body, 'settings.queue.maxRecalls', '3').settings.queue.maxRecalls).toBe('3');
  });

  it('reads a leaf by path, undefined past the end', () => {
    expect(getAt(body, 'shifts.0.from')).toBe('09:00');
    expect(getAt(body, 'shifts.5.from')).toBeUndefined();
    expect(getAt(body, 'settings.queue')).toEqual({ maxRecalls: 2 });
  });

  it('gives each field an id its problem can find', () => {
    expect(fieldId('sections', 'sections.2.name.ar')).toBe('cfg-sections-sections-2-name-ar');
  });
});
