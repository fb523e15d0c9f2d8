/**
 * Who waits in the counter's section: the count and the next few numbers, live from the
 * device database. Tickets the server has not confirmed yet are marked "pending" (their
 * place in the queue is settled when they reach it).
 */
import type { DeviceDb } from '../../shared/db/index.ts';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { useObserve } from '../../shared/ui/hooks.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { sectionQueue, type SectionQueue } from '../counterQueries.ts';

export interface QueuePanelProps {
  readonly db: DeviceDb;
  readonly config: OfficeConfig;
  readonly sectionId: string;
}

export function QueuePanel({ db, config, sectionId }: QueuePanelProps) {
  const t = useT('counter');
  const { language } = useI18n();
  const queue = useObserve<SectionQueue>(
    () => sectionQueue(db, sectionId, config, Date.now()),
    [db, sectionId, config.settings.timeZone],
    { count: 0, next: [] },
  );
  const name = config.sections.find((s) => s.id === sectionId)?.name;

  return (
    <section class="queue-panel" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title', { section: name ? (name[language] ?? name.en) : sectionId })}</h2>
      <p class="queue-panel__count" data-testid="waiting-count" data-count={queue.count}>
        {t('queue.count', { count: queue.count })}
      </p>
      {queue.next.length > 0 && (
        <>
          <h3 class="queue-panel__next-title">{t('queue.next')}</h3>
          <ol class="queue-panel__list">
            {queue.next.map((ticket) => (
              <li key={ticket.ticketId}>
                <span class="ltr queue-panel__number">{ticket.displayNumber}</span>
                <span class="queue-panel__group">{t(`groups.${ticket.serviceGroup}`)}</span>
                {ticket.pending && <span class="pending-mark">{t('ticket.pending')}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
