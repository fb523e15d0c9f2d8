/**
 * The offices of a run and their simulated devices: the pilot office (and more with ids
 * like jeddah-mall, each its own configuration from pilotConfig with its own name), seeded
 * as the server seeds them when missing; two kiosks, a terminal per counter and two boards
 * per office enrolled through the real enrollment route, labelled "Simulated …", each with
 * its clock a few seconds off (one of them minutes off); and the officers with their pace.
 */
import type { Hono } from 'hono';
import type { LocalizedText, OfficeConfig } from '../../shared/domain/office.ts';
import type { DeviceRole } from '../../shared/sync/mutations.ts';
import type { EnrollResponse } from '../../shared/sync/protocol.ts';
import type { AppEnv } from '../http/context.ts';
import { createEnrollment } from '../enrollment.ts';
import { PILOT_OFFICE_ID, pilotConfig, seedOffice } from '../seed.ts';
import type { Store } from '../store/index.ts';
import type { OfficeRun } from './day.ts';
import type { SimDevice } from './ops.ts';
import type { Officer } from './plan.ts';
import { Rng } from './rng.ts';

/** What simulated devices are called, so a run can tell they are there (and people can). */
export const SIMULATED_LABEL = 'Simulated';

const MORE_OFFICES: readonly { id: string; name: LocalizedText }[] = [
  { id: 'jeddah-mall', name: { en: 'Jeddah mall office', ar: 'مكتب جوازات مول جدة' } },
  { id: 'dammam-mall', name: { en: 'Dammam mall office', ar: 'مكتب جوازات مول الدمام' } },
  { id: 'khobar-mall', name: { en: 'Khobar mall office', ar: 'مكتب جوازات مول الخبر' } },
  { id: 'makkah-mall', name: { en: 'Makkah mall office', ar: 'مكتب جوازات مول مكة' } },
  { id: 'madinah-mall', name: { en: 'Madinah mall office', ar: 'مكتب جوازات مول المدينة' } },
  { id: 'qassim-mall', name: { en: 'Qassim mall office', ar: 'مكتب جوازات مول القصيم' } },
  { id: 'tabuk-mall', name: { en: 'Tabuk mall office', ar: 'مكتب جوازات مول تبوك' } },
  { id: 'abha-mall', name: { en: 'Abha mall office', ar: 'مكتب جوازات مول أبها' } },
];

/** The ids and configurations of a run's `count` offices: the pilot first. */
export function officeConfigs(count: number): OfficeConfig[] {
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return pilotConfig(PILOT_OFFICE_ID);
    const more = MORE_OFFICES[i - 1] ?? { id: `mall-office-${i + 1}`, name: { en: `Mall office ${i + 1}`, ar: `مكتب جوازات المول ${i + 1}` } };
    return { ...pilotConfig(more.id), name: more.name };
  });
}

export interface SetupContext {
  readonly store: Store;
  readonly app: Hono<AppEnv>;
  readonly clock: { now: number };
  readonly seed: number;
}

async function request<T>(ctx: SetupContext, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const r = await ctx.app.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text) as T;
}

async function enroll(ctx: SetupContext, officeId: string, role: DeviceRole, label: string, skewMs: number, counterId: number | null): Promise<SimDevice> {
  const now = ctx.clock.now;
  const { code } = await ctx.store.tx((q) => createEnrollment(q, { officeId, role, label, createdBy: 'simulator', now }));
  const r = await request<EnrollResponse>(ctx, 'POST', '/api/devices/enroll', { code, label });
  return {
    deviceId: r.deviceId, token: r.token, label, skewMs, counterId, seq: r.nextSeq - 1, outages: [], lastArrival: 0,
    auth: { deviceId: r.deviceId, officeId, role, kioskNo: role === 'kiosk' ? r.kioskNo : null, label, config: r.config },
  };
}

/** Refuses a run into offices that were simulated before: their history would be doubled. Checked before anything is written. */
export async function refuseSecondRun(store: Store, configs: readonly OfficeConfig[]): Promise<void> {
  const rows = await store.query<{ office_id: string }>(
    `SELECT DISTINCT office_id FROM devices WHERE office_id = ANY(string_to_array($1, ',')) AND label LIKE $2 ORDER BY office_id`,
    [configs.map((c) => c.officeId).join(','), `${SIMULATED_LABEL} %`],
  );
  if (rows.length > 0) {
    throw new Error(`${rows.map((r) => r.office_id).join(', ')} already ha${rows.length > 1 ? 've' : 's'} simulated history; simulate into a fresh store (a new DATA_DIR or database)`);
  }
}

/** Seeds the office if it is missing and enrolls its devices. */
export async function prepareOffice(ctx: SetupContext, config: OfficeConfig, index: number): Promise<OfficeRun> {
  const { store } = ctx;
  await seedOffice(store, { config, now: ctx.clock.now });
  const officeId = config.officeId;
  const stored = (await store.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [officeId]))[0]?.config ?? config;
  const rng = Rng.for(ctx.seed, 'devices', officeId);
  // A few seconds off, as real clocks are; the second kiosk's clock is set 7 minutes slow.
  const skew = (): number => Math.round(rng.normal() * 3000);
  const kiosks = [
    await enroll(ctx, officeId, 'kiosk', `${SIMULATED_LABEL} kiosk 1`, skew(), null),
    await enroll(ctx, officeId, 'kiosk', `${SIMULATED_LABEL} kiosk 2`, -7 * 60_000 + skew(), null),
  ];
  const terminals = new Map<number, SimDevice>();
  for (const c of [...stored.counters].sort((a, b) => a.id - b.id)) {
    terminals.set(c.id, await enroll(ctx, officeId, 'counter', `${SIMULATED_LABEL} counter ${c.id}`, skew(), c.id));
  }
  const boards = [
    await enroll(ctx, officeId, 'display', `${SIMULATED_LABEL} board, men`, skew(), null),
    await enroll(ctx, officeId, 'display', `${SIMULATED_LABEL} board, women`, skew(), null),
  ];
  const anyTerminal = terminals.values().next().value;
  if (!anyTerminal) throw new Error(`office ${officeId} has no counters`);
  const { sealKey } = await request<{ sealKey: string }>(ctx, 'GET', '/api/device/seal-key', undefined, { authorization: `Bearer ${anyTerminal.token}` });
  const badges = (await store.query<{ badge: string }>('SELECT badge FROM officers WHERE office_id = $1 ORDER BY badge', [officeId])).map((r) => r.badge);
  const counters = [...stored.counters].sort((a, b) => a.id - b.id);
  const perSection = new Map<string, number>();
  const officers: Officer[] = counters.flatMap((c, i) => {
    const badge = badges[i];
    if (!badge) return [];
    const k = perSection.get(c.sectionId) ?? 0;
    perSection.set(c.sectionId, k + 1);
    // Everyone has a pace of their own; days off fall on the quiet days (Sunday to Wednesday).
    const speed = Math.min(1.35, Math.max(0.75, rng.logNormal(1, 0.15)));
    return [{ badge, counterId: c.id, section: c.sectionId === 'women' ? 'women' : 'men', speed, dayOff: k % 4 }];
  });
  return { index, officeId, config: stored, kiosks, terminals, boards, officers, sealKey };
}
