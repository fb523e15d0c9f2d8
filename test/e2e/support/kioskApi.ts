/**
 * A kiosk driven through the API (no screen): enrolled with a code, it issues tickets
 * the way a kiosk's sync does, so a spec can fill a queue quickly. Wire shapes are
 * written out here on purpose (see adminApi.ts).
 */
import type { APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { ticketKey, ticketKeyHash } from '../../../shared/domain/ticketKey.ts';
import { sealText } from '../../../shared/sync/sealing.ts';
import type { AdminApi } from './adminApi.ts';

export interface IssuedTicket {
  readonly ticketId: string;
  readonly displayNumber: string;
  readonly publicCode: string;
}

const CODE = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export class KioskApi {
  private seq = 1;
  private constructor(
    private readonly request: APIRequestContext,
    private readonly baseUrl: string,
    private readonly device: { deviceId: string; token: string; kioskNo: number },
  ) {}

  static async enroll(request: APIRequestContext, baseUrl: string, admin: AdminApi): Promise<KioskApi> {
    const { code } = await admin.createEnrollment('kiosk');
    const response = await request.post(`${baseUrl}/api/devices/enroll`, { data: { code } });
    if (!response.ok()) throw new Error(`kiosk enrollment failed: ${response.status()} ${await response.text()}`);
    return new KioskApi(request, baseUrl, (await response.json()) as { deviceId: string; token: string; kioskNo: number });
  }

  /** Issues tickets in `section` ('men' → M…, 'women' → W…), each accepted by the server. */
  async issue(count: number, section: 'men' | 'women', extra: Record<string, unknown> = {}): Promise<IssuedTicket[]> {
    const tickets = Array.from({ length: count }, () => this.newTicket(section));
    await this.push(tickets.map(({ seq, ticket }) => ({ seq, name: 'ticket.issue', args: { ...ticket, sectionId: section, serviceGroup: 'residence', ...extra } })));
    return tickets.map((t) => t.ticket);
  }

  /**
   * Issues one ticket whose resident leaves `mobile` for ticket notices, as a kiosk does:
   * the ticket carries the hash of its link key, and the mobile goes with that key, sealed
   * with the office's public key (GET /api/kiosk/day) so only the store can read it.
   */
  async issueWithNotice(section: 'men' | 'women', mobile: string, extra: Record<string, unknown> = {}): Promise<IssuedTicket & { readonly key: string }> {
    const { seq, ticket } = this.newTicket(section);
    const key = await ticketKey(this.device.token, ticket.ticketId);
    const args = { ...ticket, sectionId: section, serviceGroup: 'residence', leaveKeyHash: await ticketKeyHash(key), ...extra };
    await this.push([{ seq, name: 'ticket.issue', args }]);
    const day = await this.request.get(`${this.baseUrl}/api/kiosk/day`, { headers: { authorization: `Bearer ${this.device.token}` } });
    if (!day.ok()) throw new Error(`kiosk day failed: ${day.status()} ${await day.text()}`);
    const { sealKey } = (await day.json()) as { sealKey: string };
    const sealedContact = await sealText(sealKey, `${mobile} ${key}`);
    await this.push([{ seq: this.seq++, name: 'ticket.notify', args: { ticketId: ticket.ticketId, sealedContact, language: 'en' } }]);
    return { ...ticket, key };
  }

  private newTicket(section: 'men' | 'women'): { seq: number; ticket: IssuedTicket } {
    const n = this.seq++;
    return {
      seq: n,
      ticket: {
        ticketId: randomUUID(),
        displayNumber: `${section === 'men' ? 'M' : 'W'}${this.device.kioskNo}-${String(n).padStart(3, '0')}`,
        publicCode: Array.from({ length: 10 }, () => CODE[Math.floor(Math.random() * CODE.length)]).join(''),
      },
    };
  }

  /** Pushes changes as the kiosk's sync does; every one must be applied. */
  private async push(mutations: readonly { seq: number; name: string; args: Record<string, unknown> }[]): Promise<void> {
    const response = await this.request.post(`${this.baseUrl}/api/sync/push`, {
      headers: { authorization: `Bearer ${this.device.token}` },
      data: {
        deviceId: this.device.deviceId,
        mutations: mutations.map((m) => ({ ...m, deviceTime: Date.now(), schemaVersion: 1, sessionId: null })),
      },
    });
    const body = (await response.json()) as { results?: Array<{ status: string }> };
    const name = mutations[0]?.name === 'ticket.notify' ? 'asking for notices' : 'issuing';
    if (!response.ok() || body.results?.some((r) => r.status !== 'applied')) throw new Error(`${name} failed: ${JSON.stringify(body)}`);
  }

  /** Everything this kiosk pulls from the server (GET /api/sync/pull from the start, every page), as raw bodies. */
  async pullAll(): Promise<string> {
    const bodies: string[] = [];
    for (let cursor = 0, page = 0; page < 50; page++) {
      const response = await this.request.get(`${this.baseUrl}/api/sync/pull?cursor=${cursor}`, {
        headers: { authorization: `Bearer ${this.device.token}` },
      });
      if (!response.ok()) throw new Error(`pull failed: ${response.status()} ${await response.text()}`);
      const body = await response.text();
      bodies.push(body);
      const parsed = JSON.parse(body) as { cursor: number; more: boolean };
      if (!parsed.more) break;
      cursor = parsed.cursor;
    }
    return bodies.join('\n');
  }
}
