/**
 * GET /api/sync/pull, the read path of sync: ticket rows (and the office configuration,
 * and this counter's transaction results) changed after the device's cursor, in version
 * order, paged. Reading the office version V first and bounding the page by it is what
 * makes the cursor safe: pushes commit in version order under the office lock, so every
 * row stamped ≤ V is already visible, and a row changed again meanwhile simply comes
 * back in a later page with its newer version.
 */
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import type { Change, PullResponse, TransactionResult } from '../../shared/sync/protocol.ts';
import type { Queryable } from '../store/index.ts';
import { rowToTicket, TICKET_COLUMNS } from './ticketRows.ts';
import type { TicketRow } from './ticketRows.ts';

export interface PullParams {
  readonly officeId: string;
  /** A counter pulling: it alone gets the results of the transactions it submitted (null: no other device submits any). */
  readonly deviceId: string | null;
  /**
   * The device pulling: a ticket's public code (what opens its phone page) goes only to the
   * kiosk that printed it, for a reprint; boards, counters and other kiosks get '' (issue 12, point 10).
   */
  readonly reader?: string | null;
  readonly cursor: number;
  readonly limit: number;
  /** Server time (ms): decides which service days are still worth sending. */
  readonly now: number;
  /** The store epoch the device holds ('' or null: none yet); undefined: a device that does not know epochs. */
  readonly epoch?: string | null;
}

export async function pullChanges(q: Queryable, p: PullParams): Promise<PullResponse> {
  const offices = await q.query<{ version: number; config: OfficeConfig; config_version: number; epoch: string | null }>(
    'SELECT version, config, config_version, epoch FROM offices WHERE office_id = $1',
    [p.officeId],
  );
  const office = offices[0];
  if (!office) throw new Error(`office ${p.officeId} vanished`);
  const version = office.version;
  const epoch = office.epoch;
  // The store was restored from a backup since this device last pulled: everything again.
  const otherEpoch = p.epoch !== undefined && epoch !== null && (p.epoch || null) !== epoch;
  if (p.cursor > version || (otherEpoch && p.cursor > 0)) {
    // A cursor from the future: the server was restored or the device talks to another
    // store. The device drops its synced copy (keeping its outbox) and pulls from 0.
    return { changes: [], cursor: 0, more: true, reset: true, version, epoch };
  }
  // Yesterday and today only: devices need the live queue, not the archive.
  const today = serviceDayOf(p.now, office.config.settings.timeZone);
  const [rows, transactions] = await Promise.all([
    q.query<TicketRow & { issued_by_device: string | null }>(
      `SELECT ${TICKET_COLUMNS}, issued_by_device FROM tickets
        WHERE office_id = $1 AND version > $2 AND version <= $3 AND service_day >= ($4::date - 1)
        ORDER BY version
        LIMIT $5`,
      [p.officeId, p.cursor, version, today, p.limit + 1],
    ),
    p.deviceId === null
      ? []
      : q.query<TransactionRow>(
          `SELECT ${TRANSACTION_COLUMNS} FROM transactions
            WHERE office_id = $1 AND device_id = $2 AND version > $3 AND version <= $4
            ORDER BY version
            LIMIT $5`,
          [p.officeId, p.deviceId, p.cursor, version, p.limit + 1],
        ),
  ]);
  // The configuration has a version of its own (nothing else is stamped with it), so it
  // takes its place in the order like a row: a device below it gets it once.
  const configVersion = Number(office.config_version);
  const config: Change[] = configVersion > p.cursor && configVersion <= version ? [{ entity: 'config', version: configVersion, data: office.config }] : [];
  // Every list is in version order and each row has its own version: merge, then page.
  const changes: Change[] = [
    ...rows.map((r) => {
      const ticket = rowToTicket(r);
      const data = r.issued_by_device !== null && r.issued_by_device === p.reader ? ticket : { ...ticket, publicCode: '' };
      return { entity: 'ticket' as const, version: r.version, data };
    }),
    ...transactions.map((r) => ({ entity: 'transaction' as const, version: Number(r.version), data: rowToResult(r) })),
    ...config,
  ].sort((a, b) => a.version - b.version);
  const more = changes.length > p.limit;
  const page = more ? changes.slice(0, p.limit) : changes;
  const last = page[page.length - 1];
  return { changes: page, cursor: more && last ? last.version : version, more, reset: false, version, epoch };
}

interface TransactionRow {
  transaction_id: string;
  service: string;
  status: 'completed' | 'refused';
  failures: TransactionResult['failures'];
  fees: TransactionResult['fees'];
  total: number;
  outcome: TransactionResult['outcome'];
  receipt_code: string | null;
  based_on_version: string | number;
  record_version: string | number | null;
  decided_at: Date;
  version: string | number;
}

const TRANSACTION_COLUMNS = 'transaction_id, service, status, failures, fees, total, outcome, receipt_code, based_on_version, record_version, decided_at, version';

function rowToResult(r: TransactionRow): TransactionResult {
  return {
    transactionId: r.transaction_id,
    service: r.service,
    status: r.status,
    failures: r.failures,
    fees: r.fees,
    total: r.total,
    outcome: r.outcome,
    receiptCode: r.receipt_code,
    recordChanged: r.status === 'refused' && r.record_version !== null && Number(r.record_version) !== Number(r.based_on_version),
    decidedAt: new Date(r.decided_at).getTime(),
    version: Number(r.version),
  };
}
