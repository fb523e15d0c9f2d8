/**
 * The supervisor's API as tests use it: sign in, mint enrollment codes for devices, and
 * read what the server holds (a ticket's public status, today's numbers), so a spec can
 * check the server itself rather than only what a screen shows.
 */
import type { APIRequestContext } from '@playwright/test';
import type { AdminMessage } from '../../../shared/api/adminTypes.ts';

// The wire shapes as a client sees them, written out here on purpose: the browser tests
// are a separate TypeScript project and check the server from the outside.
export type DeviceRole = 'kiosk' | 'counter' | 'display';

/** GET /api/public/tickets/:code (see PublicTicketStatus in shared/sync/protocol.ts). */
export interface PublicTicketStatus {
  readonly displayNumber: string;
  readonly status: 'waiting' | 'called' | 'serving' | 'done' | 'noShow' | 'cancelled';
  readonly counterId: number | null;
  readonly ahead: number;
}

export const SUPERVISOR = { username: 'supervisor', password: 'pilot-2026' } as const;

export interface Booking {
  readonly appointmentId: string;
  readonly code: string;
  readonly slotAt: number;
}

export interface BookingRow {
  readonly appointmentId: string;
  readonly status: 'booked' | 'checkedIn' | 'cancelled';
  readonly ticketNumber: string | null;
}

/** One row of GET /api/admin/messages: the recipient masked, the text with codes and link keys hidden. */
export type OutgoingMessage = AdminMessage;

export interface Enrollment {
  readonly code: string;
  readonly link: string;
}

export class AdminApi {
  private token: string | null = null;

  constructor(
    private readonly request: APIRequestContext,
    private readonly baseUrl: string,
  ) {}

  private async bearer(): Promise<string> {
    if (this.token) return this.token;
    const response = await this.request.post(`${this.baseUrl}/api/admin/sign-in`, { data: SUPERVISOR });
    if (!response.ok()) throw new Error(`supervisor sign-in failed: ${response.status()} ${await response.text()}`);
    const body = (await response.json()) as { token?: string };
    if (!body.token) throw new Error('supervisor sign-in returned no token');
    this.token = body.token;
    return this.token;
  }

  /** A single-use code (and link) that enrolls one device in `role`. */
  async createEnrollment(role: DeviceRole): Promise<Enrollment> {
    const response = await this.request.post(`${this.baseUrl}/api/admin/enrollments`, {
      data: { role },
      headers: { authorization: `Bearer ${await this.bearer()}` },
    });
    if (!response.ok()) throw new Error(`creating a ${role} enrollment failed: ${response.status()} ${await response.text()}`);
    const body = (await response.json()) as Partial<Enrollment>;
    if (!body.code) throw new Error(`enrollment response has no code: ${JSON.stringify(body)}`);
    return { code: body.code, link: body.link ?? '' };
  }

  /** Books an appointment (POST /api/admin/appointments); the code is only returned here. */
  async bookAppointment(body: { sectionId: string; service: string; slotAt: number; idNumber?: string }): Promise<Booking> {
    const response = await this.request.post(`${this.baseUrl}/api/admin/appointments`, {
      data: body,
      headers: { authorization: `Bearer ${await this.bearer()}` },
    });
    if (!response.ok()) throw new Error(`booking failed: ${response.status()} ${await response.text()}`);
    return (await response.json()) as Booking;
  }

  /** Today's bookings as the supervisor sees them (no codes, no numbers). */
  async appointments(): Promise<BookingRow[]> {
    const response = await this.request.get(`${this.baseUrl}/api/admin/appointments`, {
      headers: { authorization: `Bearer ${await this.bearer()}` },
    });
    if (!response.ok()) throw new Error(`listing bookings failed: ${response.status()} ${await response.text()}`);
    return ((await response.json()) as { appointments: BookingRow[] }).appointments;
  }

  /** The newest messages of the office's outbox, as the console's Messages view lists them. */
  async messages(limit = 200): Promise<OutgoingMessage[]> {
    const response = await this.request.get(`${this.baseUrl}/api/admin/messages?limit=${limit}`, {
      headers: { authorization: `Bearer ${await this.bearer()}` },
    });
    if (!response.ok()) throw new Error(`listing messages failed: ${response.status()} ${await response.text()}`);
    return ((await response.json()) as { messages: OutgoingMessage[] }).messages;
  }

  /** What a resident's phone would read for a ticket; null when the server does not know it. */
  async publicTicket(publicCode: string): Promise<PublicTicketStatus | null> {
    const response = await this.request.get(`${this.baseUrl}/api/public/tickets/${publicCode}`);
    if (response.status() === 404) return null;
    if (!response.ok()) throw new Error(`public ticket status failed: ${response.status()} ${await response.text()}`);
    return (await response.json()) as PublicTicketStatus;
  }
}
