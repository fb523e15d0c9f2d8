/**
 * The kiosk: a resident picks a language, a section and a service and gets a numbered
 * ticket with a QR code to follow their turn from the mall. It keeps issuing tickets
 * with no network (they are saved on the device and sent later) and never shows
 * personal data. The flow lives in kioskMachine.ts; this file wires it to the device.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { fromPromise } from 'xstate';
import { servicesOfGroup, catalogOf } from '../shared/domain/catalog.ts';
import { appointmentSettingsOf } from '../shared/domain/appointments.ts';
import { feesOf } from '../shared/domain/fees.ts';
import { findBooking, issueTicket, loadKioskDay, loadPlacing, requestTicketNotice, type LocalTicket } from '../shared/db/index.ts';
import { sealText } from '../shared/sync/sealing.ts';
import { DeviceShell, type Device } from '../shared/ui/DeviceShell.tsx';
import { outboxIsEmpty, saveLocally } from '../shared/device/bootstrap.ts';
import { useSyncStatus } from '../shared/ui/hooks.ts';
import { useMachine } from '../shared/ui/useMachine.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import type { ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { SyncBar } from '../shared/ui/SyncBar.tsx';
import { UpdatePrompt } from '../shared/ui/UpdatePrompt.tsx';
import { kioskMachine } from './kioskMachine.ts';
import type { BookingCheck, IssueInput, NoticeInput } from './kioskTypes.ts';
import type { NoticeScreenProps } from './NoticeScreen.tsx';
import type { BookingScreenProps } from './BookingScreen.tsx';
import { CatalogScreen } from './CatalogScreen.tsx';
import type { IdentifyScreenProps } from './IdentifyScreen.tsx';
import { useKioskDay } from './kioskDay.ts';
import { FailedScreen, IssuingScreen } from './IssuingScreens.tsx';
import { KioskHeader } from './KioskHeader.tsx';
import { LanguageScreen } from './LanguageScreen.tsx';
import { RESTING_LANGUAGE, applyDisplayChoices, saveRestingHeader, type EarlyChoices } from './resting.ts';
import { SectionScreen } from './SectionScreen.tsx';
import { ServiceScreen } from './ServiceScreen.tsx';
import { IdleWarning } from './IdleWarning.tsx';
import type { TicketScreenProps } from './TicketScreen.tsx';
import { useLazy } from '../shared/ui/useLazy.ts';
import { localizedName } from '../shared/i18n/index.ts';
import { useMountEffect } from '../shared/ui/useLatest.ts';

export interface KioskAppProps {
  readonly sw: ServiceWorkerHandle | null;
  /** Shown while the device database opens (the resting screen of KioskStart). */
  readonly resting?: ComponentChildren;
  /** Taps made before the app was there, replayed once when the flow starts. */
  readonly takeEarlyChoices?: () => EarlyChoices;
}

export function KioskApp({ sw, resting, takeEarlyChoices }: KioskAppProps) {
  // The flow starts from the office's sections (one section skips its screen): when a
  // pulled configuration changes them, the flow starts again with the new ones.
  return (
    <DeviceShell role="kiosk" opening={resting}>
      {(device) => (
        <KioskFlow key={device.identity.config.sections.map((s) => s.id).join(' ')} device={device} sw={sw} takeEarlyChoices={takeEarlyChoices} />
      )}
    </DeviceShell>
  );
}

interface KioskFlowProps {
  readonly device: Device;
  readonly sw: ServiceWorkerHandle | null;
  readonly takeEarlyChoices?: (() => EarlyChoices) | undefined;
}

function KioskFlow({ device, sw, takeEarlyChoices }: KioskFlowProps) {
  const { db, identity, sync } = device;
  const { i18n, language } = useI18n();
  const t = useT('kiosk');
  const status = useSyncStatus(sync);
  // The actor outlives a configuration pulled while it runs: it reads the newest one.
  const config = useRef(identity.config);
  config.current = identity.config;

  const machine = useMemo(
    () =>
      kioskMachine.provide({
        actors: {
          issueTicket: fromPromise<LocalTicket, IssueInput>(async ({ input }) => {
            // One id for every retry: a retried write can never make two tickets.
            const ticketId = crypto.randomUUID();
            // The number is sealed before it is stored: only the central store can read it. A
            // kiosk that never reached the server since enrollment has no key: the officer asks.
            const sealKey = input.idNumber ? (await loadKioskDay(db))?.sealKey : undefined;
            const sealedIdNumber = input.idNumber && sealKey ? await sealText(sealKey, input.idNumber) : null;
            const { idNumber: _plain, appointment, ...rest } = input;
            return saveLocally(db, () =>
              issueTicket(db, {
                ...rest,
                now: Date.now(),
                ticketId,
                sealedIdNumber,
                appointment: appointment ? { appointmentId: appointment.appointmentId, slotAt: appointment.slotAt } : null,
              }),
            );
          }),
          requestNotice: fromPromise<string, NoticeInput>(async ({ input }) => {
            // Sealed with the ticket's link key, so the store can text a link that works and
            // knows the kiosk that printed the ticket asked; no key yet (never synced): refused.
            const sealKey = (await loadKioskDay(db))?.sealKey;
            if (!sealKey) throw new Error('no office key yet');
            const { ticketKey } = await import('../shared/domain/ticketKey.ts'); // with the ticket screen's code, not the first download
            const key = await ticketKey(identity.token, input.ticketId);
            const sealedContact = await sealText(sealKey, `${input.mobile} ${key}`);
            await saveLocally(db, () => requestTicketNotice(db, { ticketId: input.ticketId, sealedContact, language: input.language, now: Date.now() }));
            return `…${input.mobile.slice(-4)}`;
          }),
          checkBooking: fromPromise<BookingCheck, { code: string }>(async ({ input }) => {
            const result = await findBooking(db, {
              code: input.code,
              now: Date.now(),
              timeZone: config.current.settings.timeZone,
              settings: appointmentSettingsOf(config.current.settings),
            });
            if (result.kind !== 'found') return result;
            const entry = catalogOf(config.current).find((e) => e.id === result.appointment.service);
            return { ...result, serviceGroup: entry?.group ?? 'enquiries' };
          }),
        },
        actions: {
          applyLanguage: (_, params) => void i18n.changeLanguage(params.language),
          resetLanguage: () => void i18n.changeLanguage(RESTING_LANGUAGE),
        },
      }),
    [db, i18n, identity.token],
  );
  useKioskDay(db, identity.token);
  const [snapshot, send] = useMachine(machine, { input: { sectionIds: identity.config.sections.map((s) => s.id) } });
  // What the resident tapped on the resting screen before this code had loaded, in the
  // order a person would have done it (after useMachine's effect, so the actor runs).
  useMountEffect(() => {
    void loadPlacing(); // the quote's code, ready before the first tap (shared/db/tickets.ts)
    const early = takeEarlyChoices?.();
    if (!early) return;
    if (early.largeText) send({ type: 'display.largeText' });
    if (early.highContrast) send({ type: 'display.highContrast' });
    if (early.language) send({ type: 'language.select', language: early.language });
  });
  const resting = useRef(true);
  resting.current = snapshot.matches('language');

  const canUpdate = async (): Promise<boolean> => resting.current && (await outboxIsEmpty(db));
  const { largeText, highContrast } = snapshot.context;

  // Every touch or key keeps the screen from resetting under the resident.
  useEffect(() => {
    const onActivity = (): void => send({ type: 'resident.touch' });
    window.addEventListener('pointerdown', onActivity, { capture: true });
    window.addEventListener('keydown', onActivity, { capture: true });
    return () => {
      window.removeEventListener('pointerdown', onActivity, { capture: true });
      window.removeEventListener('keydown', onActivity, { capture: true });
    };
  }, [send]);
  useEffect(() => applyDisplayChoices({ largeText, highContrast }), [largeText, highContrast]);
  const warning = (['section', 'service', 'catalog', 'identify', 'booking', 'failed'] as const).some((state) => snapshot.matches({ [state]: 'warning' }));
  const office = localizedName(identity.config.name, language);
  // The header at rest, for the next start's first screen (drawn before this code loads).
  const restingBrand = localizedName(identity.config.name, RESTING_LANGUAGE);
  const restingNumber = i18n.getFixedT(RESTING_LANGUAGE, 'kiosk')('kioskNumber', { number: identity.kioskNo });
  useEffect(() => saveRestingHeader({ brand: restingBrand, kioskNumber: restingNumber }), [restingBrand, restingNumber]);
  const staffProblem = status.problem === 'device_revoked' || status.problem === 'update_required';

  // The screens after the first choices load as their own chunks while the resident reads
  // the language screen (precached, so offline too); until one is here, the "issuing" line shows.
  const TicketScreen = useLazy<TicketScreenProps>(true, () => import('./TicketScreen.tsx').then((m) => m.TicketScreen));
  const BookingScreen = useLazy<BookingScreenProps>(true, () => import('./BookingScreen.tsx').then((m) => m.BookingScreen));
  const IdentifyScreen = useLazy<IdentifyScreenProps>(true, () => import('./IdentifyScreen.tsx').then((m) => m.IdentifyScreen));
  const NoticeScreen = useLazy<NoticeScreenProps>(true, () => import('./NoticeScreen.tsx').then((m) => m.NoticeScreen));

  let screen;
  if (snapshot.matches('language')) screen = <LanguageScreen onSelect={(lng) => send({ type: 'language.select', language: lng })} />;
  else if (snapshot.matches('section'))
    screen = (
      <SectionScreen
        sections={identity.config.sections}
        onSelect={(sectionId) => send({ type: 'section.select', sectionId })}
        onBack={() => send({ type: 'screen.back' })}
      />
    );
  else if (snapshot.matches('service'))
    screen = (
      <ServiceScreen
        groups={identity.config.serviceGroups}
        priority={snapshot.context.priority}
        onPriority={(priority) => send({ type: 'priority.select', priority })}
        onSelect={(serviceGroup) => send({ type: 'group.select', serviceGroup })}
        onAppointment={() => send({ type: 'appointment.start' })}
        onBack={() => send({ type: 'screen.back' })}
      />
    );
  else if (snapshot.matches('catalog') && snapshot.context.serviceGroup)
    screen = (
      <CatalogScreen
        entries={servicesOfGroup(identity.config, snapshot.context.serviceGroup)}
        fees={feesOf(identity.config)}
        groupName={t(`service.groups.${snapshot.context.serviceGroup}.name`)}
        onSelect={(service) => send({ type: 'service.select', service })}
        onBack={() => send({ type: 'screen.back' })}
      />
    );
  else if (snapshot.matches('identify'))
    screen = !IdentifyScreen ? <IssuingScreen /> : (
      <IdentifyScreen
        onSubmit={(idNumber) => send({ type: 'id.submit', idNumber })}
        onSkip={() => send({ type: 'id.skip' })}
        onBack={() => send({ type: 'screen.back' })}
      />
    );
  else if (snapshot.matches('booking') || snapshot.matches('checkingBooking'))
    screen = !BookingScreen ? <IssuingScreen /> : (
      <BookingScreen
        problem={snapshot.context.bookingProblem}
        checking={snapshot.matches('checkingBooking')}
        timeZone={identity.config.settings.timeZone}
        onSubmit={(code) => send({ type: 'booking.submit', code })}
        onOrdinary={() => send({ type: 'booking.ordinary' })}
        onBack={() => send({ type: 'screen.back' })}
      />
    );
  else if (snapshot.matches('issuing')) screen = <IssuingScreen />;
  else if (snapshot.matches('ticket') && snapshot.context.ticket)
    screen = !TicketScreen ? <IssuingScreen /> : (
      <TicketScreen
        db={db}
        identity={identity}
        ticket={snapshot.context.ticket}
        notice={{ to: snapshot.context.noticeTo, failed: snapshot.context.noticeFailed }}
        onNotice={() => send({ type: 'notice.start' })}
        onDone={() => send({ type: 'visit.finish' })}
      />
    );
  else if (snapshot.matches('notice') || snapshot.matches('noticeSaving'))
    screen = !NoticeScreen ? <IssuingScreen /> : (
      <NoticeScreen
        saving={snapshot.matches('noticeSaving')}
        onSubmit={(mobile) => send({ type: 'notice.submit', mobile })}
        onBack={() => send({ type: 'screen.back' })}
      />
    );
  else screen = <FailedScreen onRetry={() => send({ type: 'ticket.retry' })} onDone={() => send({ type: 'visit.finish' })} />;

  return (
    <div class="kiosk">
      <KioskHeader
        brand={office}
        kioskNumber={t('kioskNumber', { number: identity.kioskNo })}
        largeTextLabel={t('display.largeText')}
        contrastLabel={t('display.contrast')}
        largeText={largeText}
        highContrast={highContrast}
        onLargeText={() => send({ type: 'display.largeText' })}
        onHighContrast={() => send({ type: 'display.highContrast' })}
      />
      <div class="kiosk__main">{screen}</div>
      {warning && <IdleWarning onStillHere={() => send({ type: 'resident.touch' })} />}
      <footer class="kiosk__footer">
        {staffProblem ? (
          <SyncBar status={status} onEnrollAgain={device.enrollAgain} />
        ) : (
          <SyncBar status={status} publicNote={t('offlineNote')} />
        )}
        <UpdatePrompt sw={sw} canUpdate={canUpdate} autoApply />
      </footer>
    </div>
  );
}
