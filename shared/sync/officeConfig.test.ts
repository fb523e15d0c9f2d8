/** The configuration parts' rules, as the console and the store both apply them. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../domain/catalog.ts';
import { DEFAULT_FEES } from '../domain/fees.ts';
import { DEFAULT_SETTINGS, type OfficeConfig } from '../domain/office.ts';
import { SERVICE_GROUPS } from '../domain/services.ts';
import { applyConfigPart, checkConfigPart, configPartOf } from './officeConfigCheck.ts';
import { CONFIG_PARTS, isDay, problemText, type ConfigPart } from './officeConfigSchema.ts';

const CONFIG: OfficeConfig = {
  officeId: 'test',
  name: { en: 'Test', ar: 'اختبار' },
  sections: [
    { id: 'men', letter: 'M', name: { en: 'Men', ar: 'رجال' } },
    { id: 'women', letter: 'W', name: { en: 'Women', ar: 'نساء' } },
  ],
  counters: [
    { id: 1, sectionId: 'men' },
    { id: 5, sectionId: 'women', skills: ['residence', 'enquiries'] },
  ],
  serviceGroups: [...SERVICE_GROUPS],
  settings: DEFAULT_SETTINGS,
};

function problems(part: ConfigPart, body: unknown, current: OfficeConfig = CONFIG) {
  const r = checkConfigPart(part, body, current);
  return r.ok ? [] : r.problems.map((p) => [p.path, p.code, p.params ?? {}]);
}

describe('office configuration parts', () => {
  it('starts every form from a part that passes its own check and changes nothing when saved', () => {
    for (const part of CONFIG_PARTS) {
      const body = configPartOf(CONFIG, part);
      const checked = checkConfigPart(part, body, CONFIG);
      expect(checked.ok, part).toBe(true);
      if (!checked.ok) continue;
      const next = applyConfigPart(CONFIG, part, checked.value);
      expect(configPartOf(next, part), part).toEqual(body);
    }
  });

  it('names the field and the reason of a wrong section', () => {
    const sections = configPartOf(CONFIG, 'sections').sections;
    expect(problems('sections', { sections: [...sections, { id: 'x', letter: 'm', name: { ar: 'س', en: 'X' } }] })).toEqual([['sections.2.letter', 'letter', {}]]);
    expect(problems('sections', { sections: [...sections, { id: 'family', letter: 'M', name: { ar: 'عائلات', en: ' ' } }] })).toEqual([
      ['sections.2.name.en', 'required', {}],
    ]);
    expect(problems('sections', { sections: [...sections, { id: 'family', letter: 'M', name: { ar: 'عائلات', en: 'Families' } }] })).toEqual([
      ['sections.2.letter', 'duplicate', {}],
    ]);
    expect(problems('sections', { sections: [sections[0]] })).toEqual([['sections', 'sectionInUse', { section: 'women', counter: 5 }]]);
    expect(problems('sections', { sections: [] })).toEqual([['sections', 'minItems', { min: 1 }]]);
    expect(problems('sections', { sections, extra: 1 })).toEqual([['extra', 'unknownField', {}]]);
  });

  it('checks counters against the sections and service groups the office has', () => {
    expect(problems('counters', { counters: [{ id: 1, sectionId: 'men' }, { id: 1, sectionId: 'women' }] })).toEqual([['counters.1.id', 'duplicate', {}]]);
    expect(problems('counters', { counters: [{ id: 1000, sectionId: 'men' }] })).toEqual([['counters.0.id', 'max', { max: 999 }]]);
    expect(problems('counters', { counters: [{ id: 2.5, sectionId: 'men' }] })).toEqual([['counters.0.id', 'integer', {}]]);
    expect(problems('counters', { counters: [{ id: 2, sectionId: 'family' }] })).toEqual([['counters.0.sectionId', 'unknownSection', { section: 'family' }]]);
    const fewerGroups = { ...CONFIG, serviceGroups: ['residence' as const] };
    expect(problems('counters', { counters: [{ id: 2, sectionId: 'men', skills: ['enquiries'] }] }, fewerGroups)).toEqual([
      ['counters.0.skills', 'unknownGroup', { group: 'enquiries' }],
    ]);
    expect(problems('counters', { counters: [{ id: 2, sectionId: 'men', skills: ['parking'] }] })).toEqual([['counters.0.skills.0', 'choice', {}]]);
  });

  it('derives the groups from the services offered and keeps a counter from losing its skill', () => {
    const services = configPartOf(CONFIG, 'services');
    const noEnquiries = services.offered.filter((id) => !id.startsWith('query.'));
    expect(problems('services', { ...services, offered: noEnquiries })).toEqual([['offered', 'groupInUse', { group: 'enquiries', counter: 5 }]]);
    const plain = { ...CONFIG, counters: [{ id: 1, sectionId: 'men' }] };
    const checked = checkConfigPart('services', { ...services, offered: noEnquiries }, plain);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const next = applyConfigPart(plain, 'services', checked.value);
    expect(next.serviceGroups).not.toContain('enquiries');
    expect(next.catalog?.map((e) => e.id)).toEqual(DEFAULT_CATALOG.filter((e) => e.group !== 'enquiries').map((e) => e.id));
  });

  it('keeps fees whole, within bounds, and visas consistent', () => {
    const services = configPartOf(CONFIG, 'services');
    const fees = (patch: object) => ({ ...services, fees: { ...DEFAULT_FEES, ...patch } });
    expect(problems('services', fees({ professionChange: -1 }))).toEqual([['fees.professionChange', 'min', { min: 0 }]]);
    expect(problems('services', fees({ professionChange: 10.5 }))).toEqual([['fees.professionChange', 'integer', {}]]);
    expect(problems('services', fees({ parcelDelivery: 1e9 }))).toEqual([['fees.parcelDelivery', 'max', { max: 100_000 }]]);
    expect(problems('services', fees({ professionChange: '1000' }))).toEqual([['fees.professionChange', 'number', {}]]);
    const single = { ...DEFAULT_FEES.exitReentry.single, baseMonths: 13 };
    expect(problems('services', fees({ exitReentry: { ...DEFAULT_FEES.exitReentry, single } }))).toEqual([
      ['fees.exitReentry.single.baseMonths', 'atMost', { limit: 12 }],
    ]);
  });

  it('wants shifts that start before they end and do not overlap', () => {
    const shift = (id: string, from: string, to: string) => ({ id, from, to });
    expect(problems('hours', { timeZone: 'Asia/Riyadh', shifts: [shift('morning', '09:00', '24:00')] })).toEqual([['shifts.0.to', 'clock', {}]]);
    expect(problems('hours', { timeZone: 'Asia/Riyadh', shifts: [shift('morning', '12:00', '09:00')] })).toEqual([['shifts.0.to', 'order', {}]]);
    expect(problems('hours', { timeZone: 'Asia/Riyadh', shifts: [shift('evening', '11:00', '15:00'), shift('morning', '09:00', '12:00')] })).toEqual([
      ['shifts.0.from', 'overlap', {}],
    ]);
    expect(problems('hours', { timeZone: 'Asia/Riyadh', shifts: [shift('morning', '09:00', '12:00'), shift('morning', '16:00', '22:00')] })).toEqual([
      ['shifts.1.id', 'duplicate', {}],
    ]);
    expect(problems('hours', { timeZone: 'Mars/Olympus', shifts: [shift('morning', '09:00', '12:00')] })).toEqual([['timeZone', 'timeZone', {}]]);
  });

  it('checks the pilot: real dates, shares between 0 and 1, an unknown baseline may be empty', () => {
    const targets = configPartOf(CONFIG, 'targets');
    const pilot = (patch: object) => ({ ...targets, pilot: { ...targets.pilot, ...patch } });
    expect(problems('targets', pilot({ startDate: '2026-02-30' }))).toEqual([['pilot.startDate', 'date', {}]]);
    expect(problems('targets', pilot({ months: 25 }))).toEqual([['pilot.months', 'max', { max: 24 }]]);
    expect(problems('targets', pilot({ targets: { ...targets.pilot.targets, serviceLevelShare: 85 } }))).toEqual([
      ['pilot.targets.serviceLevelShare', 'max', { max: 1 }],
    ]);
    const unknown = { ...targets.pilot.baseline, medianWaitMinutes: null, satisfaction: null };
    expect(problems('targets', pilot({ baseline: unknown }))).toEqual([]);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
  });

  it('says a problem in English for the store', () => {
    expect(problemText({ path: 'counters.0.id', code: 'max', params: { max: 999 } })).toBe('counters.0.id: must be at most 999');
    expect(problemText({ path: 'sections', code: 'sectionInUse', params: { section: 'women', counter: 5 } })).toBe(
      'sections: section "women" cannot go: counter 5 belongs to it',
    );
  });
});
