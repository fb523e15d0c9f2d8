/**
 * What every route module receives: the store, the clock (injected so tests control
 * time), the poke hub; and the typed per-request variables the auth middleware sets.
 */
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { DeviceRole } from '../../shared/sync/mutations.ts';
import type { Store } from '../store/index.ts';
import type { PokeHub } from '../sync/pokes.ts';

export interface AppDeps {
  readonly store: Store;
  /** Server time in epoch ms. */
  readonly clock: () => number;
  readonly pokes: PokeHub;
  /** Office a supervisor signs in to when the request does not name one. */
  readonly defaultOfficeId: string;
}

/** The device behind a valid device token. */
export interface AuthDevice {
  readonly deviceId: string;
  readonly officeId: string;
  readonly role: DeviceRole;
  readonly kioskNo: number | null;
  readonly label: string;
  readonly config: OfficeConfig;
}

/** The supervisor behind a valid supervisor session token. */
export interface AuthSupervisor {
  readonly sessionId: string;
  readonly officeId: string;
  readonly username: string;
  readonly expiresAt: number;
}

export interface AppEnv {
  Variables: {
    device: AuthDevice;
    supervisor: AuthSupervisor;
  };
}
