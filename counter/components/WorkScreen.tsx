/**
 * The officer's working screen: the current ticket large, the five actions with their
 * keyboard shortcuts, who waits in the section, and any message (a lost race, a refused
 * change). Everything is usable from the keyboard alone.
 */
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { countDrafts } from '../../shared/db/vault.ts';
import { useObserve } from '../../shared/ui/hooks.ts';
import type { TransactionDeskProps } from '../transaction/TransactionDesk.tsx';
import type { NoticesPanelProps } from '../notices/NoticesPanel.tsx';
import { useLazy } from '../../shared/ui/useLazy.ts';
import { queueSettingsOf } from '../../shared/domain/queue.ts';
import type { CounterActorRef, CounterSnapshot } from '../../shared/machines/counterMachine.ts';
import { availableSteps } from '../../shared/machines/counterSteps.ts';
import type { Device } from '../../shared/ui/DeviceShell.tsx';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import { Rejections } from '../../shared/ui/Rejections.tsx';
import { ActionBar, ACTIONS, type ActionEvent } from './ActionBar.tsx';
import { CounterHeader } from './CounterHeader.tsx';
import { MessageLine } from './MessageLine.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import type { BreakDialogProps } from './BreakDialog.tsx';
import type { StepDialogProps, StepDialogRequest } from './StepDialog.tsx';
import { TicketPanel } from './TicketPanel.tsx';
import { useLatest } from '../../shared/ui/useLatest.ts';

export interface WorkScreenProps {
  readonly snapshot: CounterSnapshot;
  readonly actor: CounterActorRef;
  readonly device: Device;
}

/** Typing in a field (or holding a modifier) is never a shortcut. */
function isShortcut(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return false;
  const target = event.target as HTMLElement | null;
  return !target?.closest('input, textarea, select, [contenteditable="true"]');
}

export function WorkScreen({ snapshot, actor, device }: WorkScreenProps) {
  const t = useT('counter');
  const { session, ticket, message } = snapshot.context;
  const enabled = availableSteps(snapshot);
  const config = device.identity.config;
  const counter = config.counters.find((c) => c.id === session?.counterId);
  const [dialog, setDialog] = useState<StepDialogRequest | null>(null);
  const dialogOpen = useRef(false);
  dialogOpen.current = dialog !== null;
  const desk = useDesk(device);
  // An establishment's notices (Ishaar) for its representative: a service of its own, loaded on first use.
  const [noticesAsked, setNoticesAsked] = useState(false);
  const Notices = useLazy<NoticesPanelProps>(noticesAsked, () => import('../notices/NoticesPanel.tsx').then((m) => m.default));
  // The call-out and transfer dialog loads when first opened (the counter's first download has a budget).
  const StepDialog = useLazy<StepDialogProps>(dialog !== null, () => import('./StepDialog.tsx').then((m) => m.StepDialog));
  const [breakAsked, setBreakAsked] = useState(false);
  const BreakDialog = useLazy<BreakDialogProps>(breakAsked, () => import('./BreakDialog.tsx').then((m) => m.BreakDialog));
  const onBreak = snapshot.matches({ signedIn: { work: 'onBreak' } });
  const canTransact = ticket?.status === 'serving' || desk.drafts > 0;
  const deskRef = useRef({ canTransact, open: desk.open || noticesAsked, onBreak });
  deskRef.current = { canTransact, open: desk.open || noticesAsked, onBreak };

  /** A button or shortcut: most send their event; "Transfer…" asks where to first. */
  const run = (event: ActionEvent): void => {
    const current = actor.getSnapshot().context.ticket;
    if (event === 'transfer.open') {
      if (current && enabledNow('transfer')) setDialog({ kind: 'transfer', number: current.displayNumber, serviceGroup: current.serviceGroup });
      return;
    }
    actor.send({ type: event });
  };
  const enabledNow = (key: keyof ReturnType<typeof availableSteps>): boolean => availableSteps(actor.getSnapshot())[key];

  const runNow = useLatest(run);
  const showDesk = useLatest(desk.show);
  // Shortcuts by physical key (event.code), so they work with the Arabic layout too.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isShortcut(event) || dialogOpen.current) return;
      if (event.code === 'Escape') return actor.send({ type: 'message.dismiss' });
      if (event.code === 'KeyL') {
        event.preventDefault();
        return actor.send({ type: 'terminal.lock' });
      }
      if (event.code === 'KeyI') {
        if (deskRef.current.open || deskRef.current.onBreak) return;
        event.preventDefault();
        return setNoticesAsked(true);
      }
      if (event.code === 'KeyB') {
        if (!deskRef.current.canTransact || deskRef.current.open) return;
        event.preventDefault();
        return showDesk.current();
      }
      const action = ACTIONS.find((a) => a.code === event.code);
      if (!action) return;
      if (action.event !== 'transfer.open' && !actor.getSnapshot().can({ type: action.event })) return;
      event.preventDefault();
      runNow.current(action.event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actor, runNow, showDesk]); // run reads the actor's snapshot when the key is pressed

  if (!session) return null;
  const lostRace = message?.code === 'already_called' || message?.code === 'not_your_ticket';
  const noticesOpen = noticesAsked && !desk.open && Notices !== null;
  const deskOpen = (desk.open && desk.Component !== null) || noticesOpen;
  const side = (
    <>
      {message && (
        <MessageLine message={message} hint={lostRace ? t('messages.callNextHint') : undefined} onDismiss={() => actor.send({ type: 'message.dismiss' })} />
      )}
      {counter && (
        <QueuePanel
          db={device.db}
          config={config}
          sectionId={counter.sectionId}
          counterId={counter.id}
          canCall={enabled.callTicket}
          onCallOut={(ticketId, number) => setDialog({ kind: 'callOut', ticketId, number })}
          onResume={(ticketId) => actor.send({ type: 'ticket.resume', ticketId })}
        />
      )}
      <Rejections db={device.db} />
    </>
  );

  // An establishment's notices (I): a service of its own, beside the queue (the action grid has no room at 1366×768).
  const noticesButton = (
    <button
      type="button"
      class="button actions__button actions__button--notices"
      data-testid="open-notices"
      aria-keyshortcuts="I"
      onClick={() => setNoticesAsked(true)}
    >
      <span class="actions__label">{t('desk.notices')}</span>
      <kbd class="actions__key" aria-hidden="true">
        I
      </kbd>
    </button>
  );

  return (
    <div class="work">
      <CounterHeader
        config={device.identity.config}
        session={session}
        canSignOut={enabled.signOut}
        drafts={desk.drafts}
        onLock={() => actor.send({ type: 'terminal.lock' })}
        onSignOut={() => actor.send({ type: 'session.signOut' })}
        canBreak={enabled.break}
        onBreak={() => setBreakAsked(true)}
      />
      <main class={`work__main${deskOpen ? ' work__main--desk' : ''}`}>
        {/* While a transaction is open the desk takes the screen; ticket, actions and queue shrink to a strip beside it. */}
        <section class="work__desk" aria-labelledby="current-ticket-title">
          <TicketPanel
            db={device.db}
            ticket={ticket}
            queue={queueSettingsOf(config.settings)}
            tokens={{ device: device.identity.token, session: session.token }}
          />
          {onBreak ? (
            <BreakPanel reason={snapshot.context.breakReason ?? ''} canEnd={enabled.endBreak} onEnd={() => actor.send({ type: 'break.end' })} />
          ) : (
            <ActionBar enabled={enabled} state={snapshot} onAction={run}>
              {!deskOpen && (
                <button
                  type="button"
                  class="button actions__button actions__button--begin"
                  data-testid="begin-transaction"
                  disabled={!canTransact}
                  aria-keyshortcuts="B"
                  onClick={desk.show}
                >
                  <span class="actions__label">{desk.drafts > 0 ? t('desk.resume', { count: desk.drafts }) : t('desk.begin')}</span>
                  <kbd class="actions__key" aria-hidden="true">
                    B
                  </kbd>
                </button>
              )}
            </ActionBar>
          )}
          {deskOpen && side}
          {!deskOpen && <p class="work__shortcuts">{t('actions.shortcuts')}</p>}
        </section>
        {noticesOpen && Notices ? (
          <section class="work__transaction">
            <Notices device={device} onClose={() => setNoticesAsked(false)} />
          </section>
        ) : deskOpen && desk.Component ? (
          <section class="work__transaction">
            <desk.Component device={device} ticket={ticket} counterId={session.counterId} onClose={desk.hide} />
          </section>
        ) : (
          // Messages stand beside the desk, so the buttons never move under the officer's hand.
          <aside class="work__side">
            {side}
            {noticesButton}
          </aside>
        )}
      </main>
      {breakAsked && BreakDialog && (
        <BreakDialog
          onClose={() => setBreakAsked(false)}
          onBreak={(reason) => {
            setBreakAsked(false);
            actor.send({ type: 'break.start', reason });
          }}
        />
      )}
      {dialog && counter && StepDialog && (
        <StepDialog
          request={dialog}
          groups={config.serviceGroups}
          counters={config.counters.filter((c) => c.sectionId === counter.sectionId && c.id !== counter.id)}
          onClose={() => setDialog(null)}
          onCallOut={(ticketId, reason) => {
            setDialog(null);
            actor.send({ type: 'ticket.call', ticketId, reason });
          }}
          onTransfer={(serviceGroup, targetCounterId, reason) => {
            setDialog(null);
            actor.send({ type: 'ticket.transfer', serviceGroup, targetCounterId, reason });
          }}
        />
      )}
    </div>
  );
}

/** While the officer is away: why, and the one way back (focused, so Enter resumes work). */
function BreakPanel({ reason, canEnd, onEnd }: { reason: string; canEnd: boolean; onEnd: () => void }) {
  const t = useT('counter');
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const known = ['prayer', 'meal', 'rest', 'meeting'].includes(reason);
  return (
    <div class="break-panel" role="status" data-testid="on-break">
      <p class="break-panel__title">{t('break.on', { reason: known ? t(`break.reasons.${reason}`) : reason })}</p>
      <p>{t('break.onHint')}</p>
      <button ref={ref} type="button" class="button button--primary" disabled={!canEnd} onClick={onEnd}>
        {t('break.end')}
      </button>
    </div>
  );
}

/**
 * The transaction desk, loaded on first use (its own chunk), and opened by itself after a
 * reload when a transaction was in progress, so the officer continues where they were.
 */
function useDesk(device: Device): { open: boolean; drafts: number; Component: ComponentType<TransactionDeskProps> | null; show: () => void; hide: () => void } {
  const drafts = useObserve(() => countDrafts(device.db), [device.db], 0);
  const [open, setOpen] = useState(false);
  const Component = useLazy<TransactionDeskProps>(open, () => import('../transaction/TransactionDesk.tsx').then((m) => m.default));
  const resumedOnce = useRef(false);
  const show = (): void => setOpen(true);
  useEffect(() => {
    if (drafts > 0 && !resumedOnce.current) {
      resumedOnce.current = true;
      show();
    }
  }, [drafts]);
  return { open, drafts, Component, show, hide: () => setOpen(false) };
}

