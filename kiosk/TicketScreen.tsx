/**
 * The printed ticket and its on-screen twin: the number in big type, the service, the
 * people ahead (live from the kiosk's copy of the queue), and a QR code to follow the
 * turn from a phone while shopping. It prints itself once (80 mm receipt; see
 * kiosk.css @media print) and goes back to the language screen after 20 s or "Done".
 */
import { useEffect, useState } from 'preact/hooks';
import { loadKioskDay, type DeviceDb, type DeviceIdentity, type LocalTicket } from '../shared/db/index.ts';
import { isServiceId } from '../shared/domain/catalog.ts';
import { dateFormat, formatHijri, formatTime, intlLocale, localizedName, numberFormat } from '../shared/i18n/index.ts';
import { useFocusOnMount, useNow, useObserve } from '../shared/ui/hooks.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import { QrCode } from '../shared/ui/QrCode.tsx';
import { TICKET_SCREEN_MS } from './kioskTypes.ts';
import { peopleAhead } from './queue.ts';
import { sectionName } from './SectionScreen.tsx';
import { ticketKey } from '../shared/domain/ticketKey.ts';

export interface TicketScreenProps {
  readonly db: DeviceDb;
  readonly identity: DeviceIdentity;
  readonly ticket: LocalTicket;
  /** Ticket notices: the last four digits of the mobile left, or that it could not be taken. */
  readonly notice: { readonly to: string | null; readonly failed: boolean };
  readonly onNotice: () => void;
  readonly onDone: () => void;
}

/** Tickets already printed: coming back from the mobile screen must not print the ticket again. */
const printed = new Set<string>();

export function TicketScreen({ db, identity, ticket, notice, onNotice, onDone }: TicketScreenProps) {
  const t = useT('kiosk');
  const services = useT('services');
  const { language } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const ahead = useObserve<number | null>(() => peopleAhead(db, identity, ticket), [db, identity, ticket], null);
  const [shownAt] = useState(Date.now);
  const now = useNow(1000);
  // The QR link carries the ticket's key after '#', which leaving the queue from the phone
  // needs; the printed text shows the code alone (shared/domain/ticketKey.ts).
  const [key, setKey] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void ticketKey(identity.token, ticket.ticketId).then((k) => live && setKey(k));
    return () => {
      live = false;
    };
  }, [identity.token, ticket.ticketId]);
  // Phones reach the server at PUBLIC_URL where one is set (a kiosk may run on an address phones cannot reach).
  const origin = useObserve<string>(async () => (await loadKioskDay(db))?.publicUrl ?? window.location.origin, [db], window.location.origin);
  const url = `${origin}/t/${ticket.publicCode}${key ? `#${key}` : ''}`;
  const section = identity.config.sections.find((s) => s.id === ticket.sectionId);
  const office = localizedName(identity.config.name, language);
  const seconds = Math.max(0, Math.ceil((TICKET_SCREEN_MS - (now - shownAt)) / 1000));
  const number = numberFormat(intlLocale(language));
  // The Hijri date (Umm al-Qura, the Saudi civil calendar) beside the Gregorian one.
  const hijri = formatHijri(language, ticket.issuedAt, identity.config.settings.timeZone, (date) => t('ticket.hijri', { date }));
  // The date and the time apart: a time of day in words (formatTime) cannot share a format with dateStyle.
  const issued = `${dateFormat(intlLocale(language, 'gregory'), {
    dateStyle: 'medium',
    timeZone: identity.config.settings.timeZone,
  }).format(ticket.issuedAt)} ${formatTime(language, ticket.issuedAt, identity.config.settings.timeZone)}`;

  // Print once, after the QR code is on the page (its encoder may still be loading).
  const [qrReady, setQrReady] = useState(false);
  useEffect(() => {
    if (!qrReady || printed.has(ticket.ticketId)) return;
    const id = window.setTimeout(() => {
      printed.add(ticket.ticketId);
      window.print();
    }, 300);
    return () => window.clearTimeout(id);
  }, [ticket.ticketId, qrReady]);

  return (
    <main class="kiosk-screen ticket-screen">
      <article class="ticket" aria-labelledby="ticket-number-label" data-testid="ticket">
        <p class="ticket__office">{office}</p>
        <h1 class="ticket__label" id="ticket-number-label" ref={heading} tabIndex={-1}>
          {t('ticket.yourNumber')}
        </h1>
        <p class="ticket__number ltr" data-testid="ticket-number" dir="ltr">
          {ticket.displayNumber}
        </p>
        <p class="ticket__service">
          {ticket.service && isServiceId(ticket.service) ? services(`catalog.${ticket.service}`) : t(`service.groups.${ticket.serviceGroup}.name`)}
          {section && identity.config.sections.length > 1 ? ` · ${sectionName(section, language, t)}` : ''}
        </p>
        {ticket.appointmentAt !== null && (
          <p class="ticket__appointment" data-testid="ticket-appointment">
            {t('ticket.appointment', {
              time: formatTime(language, ticket.appointmentAt, identity.config.settings.timeZone),
            })}
          </p>
        )}
        {ticket.priority && (
          <p class="ticket__priority" data-testid="ticket-priority">
            {t(`priority.${ticket.priority}`)}
          </p>
        )}
        <p class="ticket__ahead" data-testid="people-ahead">
          {ahead === null ? '\u00a0' : ahead === 0 ? t('ticket.aheadNone') : t('ticket.ahead', { count: ahead })}
        </p>
        {ticket.quotedWaitMin !== null && ticket.quotedWaitMax !== null && (
          <p class="ticket__estimate" data-testid="estimate">
            {t('ticket.estimate', { min: number.format(ticket.quotedWaitMin), max: number.format(ticket.quotedWaitMax), count: ticket.quotedWaitMax })}
          </p>
        )}
        <div class="ticket__qr-row">
          {key !== null && <QrCode class="ticket__qr" value={url} label={t('ticket.qrLabel')} onReady={() => setQrReady(true)} />}
          <div class="ticket__follow">
            <p class="ticket__shop">{t('ticket.shop')}</p>
            {/* The short link, for phones that cannot scan: typed as printed. */}
            <p class="ticket__link ltr" dir="ltr" data-testid="ticket-link">
              {`${new URL(origin).host}/t/${ticket.publicCode}`}
            </p>
          </div>
        </div>
        <p class="ticket__issued">
          {issued}
          <br />
          <span data-testid="hijri-date">{hijri}</span>
        </p>
      </article>
      <div class="ticket-screen__notice" aria-live="polite">
        {notice.to !== null ? (
          <p class="notice notice--ok" data-testid="notice-saved">
            {t('notice.saved', { mobile: `\u2066${notice.to}\u2069` })}
          </p>
        ) : (
          <>
            {notice.failed && (
              <p class="notice" role="alert">
                {t('notice.failed')}
              </p>
            )}
            {ticket.status === 'waiting' && (
              <button type="button" class="button button--large ticket-screen__notify" data-testid="notify-me" onClick={onNotice}>
                <span aria-hidden="true">✉ </span>
                {t('notice.button')}
              </button>
            )}
          </>
        )}
      </div>
      <div class="kiosk-actions ticket-screen__actions">
        <button type="button" class="button button--large" onClick={() => window.print()}>
          {t('ticket.printAgain')}
        </button>
        <button type="button" class="button button--primary button--large" onClick={onDone}>
          {t('done')}
        </button>
      </div>
      <p class="ticket-screen__countdown" aria-live="off">
        {t('ticket.closesIn', { count: seconds })}
      </p>
    </main>
  );
}
