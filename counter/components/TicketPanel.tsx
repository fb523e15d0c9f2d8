/**
 * The ticket at the counter, large enough to read from a step back. Its "pending" mark
 * follows the database live: it disappears once the server has confirmed the change.
 */
import type { DeviceDb, LocalTicket } from '../../shared/db/index.ts';
import type { QueueSettings } from '../../shared/domain/queue.ts';
import { useObserve } from '../../shared/ui/hooks.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { isServiceId } from '../../shared/domain/catalog.ts';
import { ticketById } from '../../shared/db/counterQueries.ts';
import { IdNumberReveal } from './IdNumberReveal.tsx';

export interface TicketPanelProps {
  readonly db: DeviceDb;
  readonly ticket: LocalTicket | null;
  readonly queue: QueueSettings;
  /** Tokens for the one server call the panel makes: the resident's number, on request. */
  readonly tokens: { readonly device: string; readonly session: string } | null;
}

export function TicketPanel({ db, ticket: fromMachine, queue, tokens }: TicketPanelProps) {
  const t = useT('counter');
  const services = useT('services');
  const { language } = useI18n();
  const id = fromMachine?.ticketId ?? null;
  const live = useObserve<LocalTicket | undefined>(async () => (id ? ticketById(db, id) : undefined), [db, id], undefined);
  // The live row, while it is still this counter's ticket; the machine's copy until it loads.
  const ticket = fromMachine && live?.ticketId === fromMachine.ticketId && live.status === fromMachine.status ? live : fromMachine;
  const time = (ms: number | null): string =>
    ms === null ? '' : new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(ms);

  return (
    <div class={`ticket-panel${ticket ? ` ticket-panel--${ticket.status}` : ''}`}>
      <h2 id="current-ticket-title" class="ticket-panel__title">
        {t('ticket.title')}
      </h2>
      <p class="ticket-panel__number ltr" data-testid="current-ticket" aria-live="polite">
        {ticket ? ticket.displayNumber : <span class="ticket-panel__none">{t('ticket.none')}</span>}
      </p>
      {ticket ? (
        <div class="ticket-panel__facts">
          <span class="ticket-panel__status">{ticket.status === 'serving' ? t('ticket.serving') : t('ticket.called')}</span>
          <span>{t(`groups.${ticket.serviceGroup}`)}</span>
          {ticket.service && isServiceId(ticket.service) && <span data-testid="ticket-service">{services(`catalog.${ticket.service}`)}</span>}
          {ticket.status === 'called' && ticket.callCount > 1 && <span>{t('ticket.calledTimes', { count: ticket.callCount })}</span>}
          {ticket.status === 'called' && (
            <span data-testid="recalls-left">
              {t('ticket.recallsLeft', { count: Math.max(0, queue.maxRecalls + 1 - ticket.callCount), seconds: queue.noShowAfterSeconds })}
            </span>
          )}
          {ticket.priority && (
            <span class="ticket-panel__priority" data-testid="ticket-priority">
              {t('ticket.priority', { reason: t(`ticket.reasons.${ticket.priority}`) })}
            </span>
          )}
          <span>
            {ticket.status === 'serving' ? t('ticket.startedAt', { time: time(ticket.startedAt) }) : t('ticket.calledAt', { time: time(ticket.calledAt) })}
          </span>
          {ticket.pending && (
            <span class="pending-mark" title={t('ticket.pendingHint')} data-testid="ticket-pending">
              {t('ticket.pending')}
            </span>
          )}
          {tokens && <IdNumberReveal deviceToken={tokens.device} sessionToken={tokens.session} ticketId={ticket.ticketId} />}
        </div>
      ) : (
        <p class="ticket-panel__hint">{t('ticket.noneHint')}</p>
      )}
    </div>
  );
}
