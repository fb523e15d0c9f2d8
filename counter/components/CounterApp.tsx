/**
 * The counter terminal: enrolment (DeviceShell), then whatever the counter machine says
 * the officer needs: the sign-in form, the work screen or the lock screen. Any touch or
 * key press counts as activity for the idle lock.
 */
import { useEffect } from 'preact/hooks';
import { outboxIsEmpty } from '../../shared/device/bootstrap.ts';
import { countDrafts } from '../../shared/db/vault.ts';
import { DeviceShell, type Device } from '../../shared/ui/DeviceShell.tsx';
import { useSyncStatus } from '../../shared/ui/hooks.ts';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import type { ServiceWorkerHandle } from '../../shared/ui/registerServiceWorker.ts';
import { SyncBar, useBrowserOnline } from '../../shared/ui/SyncBar.tsx';
import { UpdatePrompt } from '../../shared/ui/UpdatePrompt.tsx';
import type { CounterActorRef } from '../../shared/machines/counterMachine.ts';
import { SESSION_LOCKED_EVENT } from '../counterApi.ts';
import { useCounterMachine } from '../useCounterMachine.ts';
import type { LockScreenProps } from './LockScreen.tsx';
import { useLazy } from '../../shared/ui/useLazy.ts';
import { SignInScreen } from './SignInScreen.tsx';
import type { WorkScreenProps } from './WorkScreen.tsx';

/** Activity is reported at most this often: enough for a timer counted in minutes. */
const ACTIVITY_THROTTLE_MS = 5000;

export function CounterApp({ sw }: { sw: ServiceWorkerHandle | null }) {
  return <DeviceShell role="counter">{(device) => <CounterTerminal device={device} sw={sw} />}</DeviceShell>;
}

function useActivity(actor: CounterActorRef): void {
  useEffect(() => {
    let last = 0;
    const onActivity = (): void => {
      const now = Date.now();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      actor.send({ type: 'terminal.activity' });
    };
    // The store holds the session locked (idle past its limit, or locked while offline): lock here too.
    const onStoreLock = (): void => actor.send({ type: 'terminal.lock' });
    window.addEventListener('pointerdown', onActivity, { passive: true });
    window.addEventListener('keydown', onActivity);
    window.addEventListener(SESSION_LOCKED_EVENT, onStoreLock);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
      window.removeEventListener(SESSION_LOCKED_EVENT, onStoreLock);
    };
  }, [actor]);
}

function CounterTerminal({ device, sw }: { device: Device; sw: ServiceWorkerHandle | null }) {
  const t = useT('counter');
  const [snapshot, actor] = useCounterMachine(device);
  const status = useSyncStatus(device.sync);
  const online = useBrowserOnline() && status.online && status.problem !== 'offline';
  useActivity(actor);
  // The work screen (queue, ticket, actions) is its own chunk, fetched as the terminal starts
  // (precached, so offline too): the sign-in screen does not wait for it.
  const WorkScreen = useLazy<WorkScreenProps>(true, () => import('./WorkScreen.tsx').then((m) => m.WorkScreen));
  // Loaded as soon as someone is signed in, so locking shows the lock screen at once.
  const LockScreen = useLazy<LockScreenProps>(snapshot.matches('signedIn'), () => import('./LockScreen.tsx').then((m) => m.LockScreen));

  // Update only with nothing unsent, nobody at the counter and no transaction in progress
  // (a new version's machine might not resume an older one's saved step).
  const idle = snapshot.matches('signedOut') || snapshot.matches({ signedIn: { work: 'ready' } });
  const canUpdate = async (): Promise<boolean> => idle && (await outboxIsEmpty(device.db)) && (await countDrafts(device.db)) === 0;

  let body;
  if (snapshot.matches('restoring')) {
    body = <p class="screen screen--center">{t('loading')}</p>;
  } else if (snapshot.matches('signingOut')) {
    body = <p class="screen screen--center">{t('signingOut')}</p>;
  } else if (snapshot.matches('signedOut') || snapshot.matches('signingIn')) {
    body = (
      <SignInScreen
        config={device.identity.config}
        busy={snapshot.matches('signingIn')}
        message={snapshot.context.message}
        online={online}
        onSubmit={(form) => actor.send({ type: 'session.signIn', ...form })}
      />
    );
  } else if (snapshot.matches({ signedIn: { watch: 'locked' } })) {
    // Until its chunk is here (a moment, the first time), the lock hides the work behind the loading line.
    body = LockScreen ? (
      <LockScreen snapshot={snapshot} actor={actor} settings={device.identity.config.settings} online={online} />
    ) : (
      <p class="screen screen--center">{t('loading')}</p>
    );
  } else {
    body = WorkScreen ? <WorkScreen snapshot={snapshot} actor={actor} device={device} /> : <p class="screen screen--center">{t('loading')}</p>;
  }

  return (
    <div class="counter-app">
      <UpdatePrompt sw={sw} canUpdate={canUpdate} />
      <div class="counter-app__body">{body}</div>
      <SyncBar status={status} onEnrollAgain={device.enrollAgain} />
    </div>
  );
}
