/**
 * Who waits in the counter's section, live from the device database: per service the
 * count and the longest wait, then the next tickets in the order the queue engine would
 * call them (priority and appointments marked), each with a button to call it out of
 * turn, and the tickets this counter set aside (parked) with a button to resume them.
 * Tickets the server has not confirmed yet are marked "pending".
 */
import type { DeviceDb } from '../../shared/db/index.ts';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { useNow, useObserve } from '../../shared/ui/hooks.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { sectionQueue, type SectionQueue } from '../../shared/db/counterQueries.ts';

export interface QueuePanelProps {
  readonly db: DeviceDb;
  readonly config: OfficeConfig;
  readonly sectionId: string;
  readonly counterId: number;
  /** Calling out of turn / resuming is possible now (the counter is free). */
  readonly canCall: boolean;
  readonly onCallOut: (ticketId: string, number: string) => void;
  readonly onResume: (ticketId: string) => void;
}

const EMPTY: SectionQueue = { count: 0, next: [], summary: [], parked: [] };

export function QueuePanel({ db, config, sectionId, counterId, canCall, onCallOut, onResume }: QueuePanelProps) {
  const t = useT('counter');
  const { language } = useI18n();
  const now = useNow(30_000);
  const queue = useObserve<SectionQueue>(() => sectionQueue(db, sectionId, config, now, counterId), [db, sectionId, config, now, counterId], EMPTY);
  const name = config.sections.find((s) => s.id === sectionId)?.name;
  const minutes = (ms: number): string => t('queue.minutes', { count: Math.floor(ms / 60_000) });

  return (
    <section class="queue-panel" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title', { section: name ? (name[language] ?? name.en) : sectionId })}</h2>
      <p class="queue-panel__count" data-testid="waiting-count" data-count={queue.count}>
        {t('queue.count', { count: queue.count })}
      </p>
      {queue.count > 0 && (
        <table class="queue-panel__summary">
          <caption class="visually-hidden">{t('queue.byService')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.service')}</th>
              <th scope="col">{t('queue.waiting')}</th>
              <th scope="col">{t('queue.longest')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.summary
              .filter((row) => row.count > 0)
              .map((row) => (
                <tr key={row.serviceGroup} data-testid={`summary-${row.serviceGroup}`}>
                  <th scope="row">{t(`groups.${row.serviceGroup}`)}</th>
                  <td>
                    {row.count}
                    {row.priority > 0 && <span class="queue-panel__tag"> · {row.priority} {t('queue.priority')}</span>}
                  </td>
                  <td>{minutes(row.longestWaitMs)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      {queue.next.length > 0 && (
        <>
          <h3 class="queue-panel__next-title">{t('queue.next')}</h3>
          <ol class="queue-panel__list">
            {queue.next.map((ticket) => (
              <li key={ticket.ticketId}>
                <span class="ltr queue-panel__number">{ticket.displayNumber}</span>
                <span class="queue-panel__group">{t(`groups.${ticket.serviceGroup}`)}</span>
                {ticket.priority && <span class="queue-panel__tag">{t('queue.priority')}</span>}
                {ticket.appointmentAt !== null && <span class="queue-panel__tag">{t('queue.appointment')}</span>}
                {ticket.pending && <span class="pending-mark">{t('ticket.pending')}</span>}
                <button
                  type="button"
                  class="button button--small queue-panel__call"
                  disabled={!canCall}
                  onClick={() => onCallOut(ticket.ticketId, ticket.displayNumber)}
                >
                  {t('queue.callThis', { number: ticket.displayNumber })}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
      {queue.parked.length > 0 && (
        <>
          <h3 class="queue-panel__next-title">{t('queue.parked')}</h3>
          <ul class="queue-panel__list" data-testid="parked">
            {queue.parked.map((ticket) => (
              <li key={ticket.ticketId}>
                <span class="ltr queue-panel__number">{ticket.displayNumber}</span>
                <span class="queue-panel__group">{t(`groups.${ticket.serviceGroup}`)}</span>
                <button type="button" class="button button--small" disabled={!canCall} onClick={() => onResume(ticket.ticketId)}>
                  {t('queue.resume', { number: ticket.displayNumber })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
