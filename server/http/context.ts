/**
 * What every route module receives: the store, the clock (injected so tests control
 * time), the poke hub; and the typed per-request variables the auth middleware sets.
 */
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { DeviceRole } from '../../shared/sync/mutations.ts';
import type { Limit } from './rateLimit.ts';
import type { Store } from '../store/index.ts';
import type { PokeHub } from '../sync/pokes.ts';

export interface AppDeps {
  readonly store: Store;
  /** Server time in epoch ms. */
  readonly clock: () => number;
  readonly pokes: PokeHub;
  /** Office a supervisor signs in to when the request does not name one. */
  readonly defaultOfficeId: string;
  /** Limits of the token-less phone endpoints (see http/rateLimit.ts). */
  readonly publicLimits: PublicLimits;
  /** The address phones reach the server at (PUBLIC_URL), or null: links use the kiosk's own address. */
  readonly publicUrl: string | null;
  /** The notification outbox's delivery: told when a message was queued, so it goes at once. */
  readonly messages: { kick(): void };
  /** Ticket notices (server/notifications/ticketNotices.ts): told when an office's queue changed. */
  readonly turnNotices: { changed(officeId: string): void };
}

export interface PublicLimits {
  /** Reads of one ticket code (a phone polls its own). */
  readonly perCode: Limit;
  /** Resident actions on one code (leave, survey). */
  readonly writesPerCode: Limit;
  /** Unknown or malformed codes from one client address (someone guessing). */
  readonly missesPerClient: Limit;
}

export const DEFAULT_PUBLIC_LIMITS: PublicLimits = {
  perCode: { burst: 60, perMinute: 120 },
  writesPerCode: { burst: 5, perMinute: 5 },
  missesPerClient: { burst: 20, perMinute: 20 },
};

/** The device behind a valid device token. */
export interface AuthDevice {
  readonly deviceId: string;
  readonly officeId: string;
  readonly role: DeviceRole;
  readonly kioskNo: number | null;
  /** What a supervisor named it; null: the console names it by role and kiosk number. */
  readonly label: string | null;
  readonly config: OfficeConfig;
}

/** A supervisor runs one office; a director reads every office and changes nothing. */
export type SupervisorRole = 'supervisor' | 'director';

/** The supervisor behind a valid supervisor session token. */
export interface AuthSupervisor {
  readonly sessionId: string;
  /** The office the account belongs to. */
  readonly officeId: string;
  readonly username: string;
  readonly role: SupervisorRole;
  readonly expiresAt: number;
}

export interface AppEnv {
  Variables: {
    device: AuthDevice;
    supervisor: AuthSupervisor;
    /** The office a console request reads (see officeOf in auth.ts). */
    office: string;
    /** The key behind an establishment API call (establishments/apiKeys.ts). */
    establishmentKey: { readonly keyId: string; readonly officeId: string; readonly establishmentId: string };
  };
}
