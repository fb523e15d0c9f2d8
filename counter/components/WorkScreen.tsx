/**
 * The officer's working screen: the current ticket large, the five actions with their
 * keyboard shortcuts, who waits in the section, and any message (a lost race, a refused
 * change). Everything is usable from the keyboard alone.
 */
import { useEffect } from 'preact/hooks';
import { availableSteps, type CounterActorRef, type CounterSnapshot } from '../../shared/machines/counterMachine.ts';
import type { Device } from '../../shared/ui/DeviceShell.tsx';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import { Rejections } from '../../shared/ui/Rejections.tsx';
import { ActionBar, ACTIONS } from './ActionBar.tsx';
import { CounterHeader } from './CounterHeader.tsx';
import { MessageLine } from './MessageLine.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import { TicketPanel } from './TicketPanel.tsx';

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
  const counter = device.identity.config.counters.find((c) => c.id === session?.counterId);

  // Shortcuts by physical key (event.code), so they work with the Arabic layout too.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isShortcut(event)) return;
      if (event.code === 'Escape') return actor.send({ type: 'DISMISS' });
      if (event.code === 'KeyL') {
        event.preventDefault();
        return actor.send({ type: 'LOCK' });
      }
      const action = ACTIONS.find((a) => a.code === event.code);
      if (!action || !actor.getSnapshot().can({ type: action.event })) return;
      event.preventDefault();
      actor.send({ type: action.event });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actor]);

  if (!session) return null;
  const lostRace = message?.code === 'already_called' || message?.code === 'not_your_ticket';

  return (
    <div class="work">
      <CounterHeader
        config={device.identity.config}
        session={session}
        canSignOut={enabled.signOut}
        onLock={() => actor.send({ type: 'LOCK' })}
        onSignOut={() => actor.send({ type: 'SIGN_OUT' })}
      />
      <main class="work__main">
        <section class="work__desk" aria-labelledby="current-ticket-title">
          <TicketPanel db={device.db} ticket={ticket} />
          <ActionBar enabled={enabled} state={snapshot} onAction={(event) => actor.send({ type: event })} />
          <p class="work__shortcuts">{t('actions.shortcuts')}</p>
        </section>
        {/* Messages stand beside the desk, so the buttons never move under the officer's hand. */}
        <aside class="work__side">
          {message && (
            <MessageLine message={message} hint={lostRace ? t('messages.callNextHint') : undefined} onDismiss={() => actor.send({ type: 'DISMISS' })} />
          )}
          {counter && <QueuePanel db={device.db} config={device.identity.config} sectionId={counter.sectionId} />}
          <Rejections db={device.db} />
        </aside>
      </main>
    </div>
  );
}
