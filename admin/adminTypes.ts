/**
 * What the console shows, and the small normalizers that turn the server's answers into
 * it. The screens rely on these shapes only, so a renamed field on the wire is fixed
 * here once instead of in every table.
 */
import type { TicketStatus } from '../shared/domain/ticket.ts';
import type { DeviceRole } from '../shared/sync/mutations.ts';

export interface SupervisorSession {
  readonly token: string;
  readonly username: string;
  readonly expiresAt: number;
}

export interface Enrollment {
  readonly code: string;
  readonly role: DeviceRole;
  readonly expiresAt: number;
  readonly link: string;
}

export interface Count {
  readonly key: string;
  readonly count: number;
  /** A display name from the server (e.g. a section's localized name), if it sent one. */
  readonly name?: Readonly<Record<string, string>>;
}

export interface OpenCounter {
  readonly counterId: number;
  readonly sectionId: string | null;
  readonly officerBadge: string | null;
  readonly officerName: string | null;
  readonly since: number | null;
}

export interface TicketEventRow {
  readonly at: number;
  readonly type: string;
  readonly displayNumber: string;
  readonly counterId: number | null;
  readonly officerBadge: string | null;
}

export interface TodaySummary {
  readonly serviceDay: string;
  readonly byStatus: readonly Count[];
  readonly bySection: readonly Count[];
  readonly byServiceGroup: readonly Count[];
  readonly openCounters: readonly OpenCounter[];
  readonly latestEvents: readonly TicketEventRow[];
}

export interface AdminDevice {
  readonly deviceId: string;
  readonly role: DeviceRole;
  readonly label: string | null;
  readonly kioskNo: number | null;
  readonly lastSeenAt: number | null;
  readonly enrolledAt: number | null;
  readonly revoked: boolean;
}

export interface AdminOfficer {
  readonly badge: string;
  readonly name: string;
  readonly locked: boolean;
  readonly activeSessions: number;
}

export interface AdminRejection {
  readonly id: string;
  readonly at: number;
  readonly deviceId: string;
  readonly deviceLabel: string | null;
  readonly mutation: string;
  readonly code: string;
  readonly message: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export const TICKET_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'serving', 'done', 'noShow', 'cancelled'];

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);
/** Epoch ms from a number or an ISO string. */
const time = (v: unknown): number | null => (typeof v === 'string' && Number.isNaN(Number(v)) ? Date.parse(v) || null : num(v));
const pick = (o: Obj, ...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined && v !== null);

/** A list either bare or wrapped as `{ <key>: [...] }`. */
function listOf(body: unknown, key: string): Obj[] {
  const list = Array.isArray(body) ? body : isObj(body) ? body[key] : null;
  return Array.isArray(list) ? list.filter(isObj) : [];
}

/** Counts as `{ key: n }` or `[{ <id field>: key, count: n }]`. */
function counts(value: unknown, ...idKeys: string[]): Count[] {
  if (Array.isArray(value)) {
    return value.filter(isObj).map((o) => {
      const name = pick(o, 'name', 'label');
      return {
        key: str(pick(o, ...idKeys, 'key', 'id')) ?? '?',
        count: num(pick(o, 'count', 'n', 'total')) ?? 0,
        ...(isObj(name) ? { name: name as Record<string, string> } : {}),
      };
    });
  }
  if (isObj(value)) return Object.entries(value).map(([key, n]) => ({ key, count: num(n) ?? 0 }));
  return [];
}

export function normalizeToday(body: unknown): TodaySummary {
  const o = isObj(body) ? body : {};
  const byStatus = counts(pick(o, 'byStatus', 'statuses', 'status'), 'status');
  return {
    serviceDay: str(pick(o, 'serviceDay', 'day')) ?? '',
    // Every status always shows, in the ticket's life order.
    byStatus: TICKET_STATUSES.map((s) => ({ key: s, count: byStatus.find((c) => c.key === s)?.count ?? 0 })),
    bySection: counts(pick(o, 'bySection', 'sections'), 'sectionId', 'section'),
    byServiceGroup: counts(pick(o, 'byServiceGroup', 'serviceGroups', 'byGroup'), 'serviceGroup', 'group'),
    openCounters: listOf(pick(o, 'openCounters', 'counters'), 'counters').map((c) => ({
      counterId: num(pick(c, 'counterId', 'id')) ?? 0,
      sectionId: str(c.sectionId),
      officerBadge: str(pick(c, 'officerBadge', 'badge')),
      officerName: str(pick(c, 'officerName', 'name')),
      since: time(pick(c, 'since', 'openedAt', 'openSince')),
    })),
    latestEvents: listOf(pick(o, 'latestEvents', 'events'), 'events').map((e) => ({
      at: time(pick(e, 'at', 'receivedAt', 'serverTime', 'deviceTime', 'createdAt')) ?? 0,
      type: str(pick(e, 'type', 'event')) ?? '?',
      displayNumber: str(pick(e, 'displayNumber', 'number')) ?? '',
      counterId: num(e.counterId),
      officerBadge: str(pick(e, 'officerBadge', 'badge')),
    })),
  };
}

export function normalizeDevices(body: unknown): AdminDevice[] {
  return listOf(body, 'devices').map((d) => ({
    deviceId: str(pick(d, 'deviceId', 'id')) ?? '',
    role: (str(d.role) ?? 'kiosk') as DeviceRole,
    label: str(d.label),
    kioskNo: num(d.kioskNo) || null,
    lastSeenAt: time(pick(d, 'lastSeenAt', 'lastSeen')),
    enrolledAt: time(pick(d, 'enrolledAt', 'createdAt')),
    revoked: d.revoked === true || time(d.revokedAt) !== null,
  }));
}

export function normalizeOfficers(body: unknown): AdminOfficer[] {
  return listOf(body, 'officers').map((o) => {
    const sessions = pick(o, 'activeSessions', 'sessions');
    return {
      badge: str(o.badge) ?? '',
      name: str(o.name) ?? '',
      locked: o.locked === true || time(o.lockedAt) !== null,
      activeSessions: Array.isArray(sessions) ? sessions.length : (num(sessions) ?? 0),
    };
  });
}

export function normalizeRejections(body: unknown): AdminRejection[] {
  return listOf(body, 'rejections').map((r, index) => {
    const reason = isObj(r.reason) ? r.reason : r;
    const params = isObj(reason.params) ? (reason.params as Record<string, string | number>) : {};
    return {
      id: str(pick(r, 'id', 'seq')) ?? String(index),
      at: time(pick(r, 'at', 'rejectedAt', 'receivedAt', 'createdAt', 'deviceTime')) ?? 0,
      deviceId: str(r.deviceId) ?? '',
      deviceLabel: str(pick(r, 'deviceLabel', 'label')),
      mutation: str(pick(r, 'mutation', 'name')) ?? '',
      code: str(reason.code) ?? 'unexpected',
      message: str(reason.message) ?? '',
      params,
    };
  });
}
