/**
 * "A new version is ready — Update". The new version is only activated when the device
 * says it is safe (`canUpdate`: outbox empty, no customer in progress); otherwise the
 * prompt says why and tries again by itself, so an update never strands unsent changes
 * or interrupts a transaction.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ServiceWorkerHandle } from './registerServiceWorker.ts';
import { useT } from './I18nProvider.tsx';

type Phase = 'hidden' | 'ready' | 'blocked' | 'updating';

const RETRY_MS = 15_000;

export interface UpdatePromptProps {
  readonly sw: ServiceWorkerHandle | null;
  /** Resolves true when nothing is unsent and no transaction is open. */
  readonly canUpdate: () => Promise<boolean>;
  /** Unattended screens (board, kiosk): update as soon as it is safe, without a tap. */
  readonly autoApply?: boolean;
}

export function UpdatePrompt({ sw, canUpdate, autoApply = false }: UpdatePromptProps) {
  const t = useT('common');
  const [phase, setPhase] = useState<Phase>('hidden');
  const [attempts, setAttempts] = useState(0);
  const wanted = useRef(false);
  const canUpdateRef = useRef(canUpdate);
  canUpdateRef.current = canUpdate;

  useEffect(() => {
    if (!sw) return;
    return sw.subscribe((waiting) => {
      if (!waiting) return setPhase('hidden');
      setPhase((p) => (p === 'hidden' ? 'ready' : p));
      if (autoApply) wanted.current = true;
    });
  }, [sw, autoApply]);

  // While an update is wanted, try now and then every RETRY_MS until it is safe.
  useEffect(() => {
    if (!sw || phase === 'hidden' || phase === 'updating') return;
    let cancelled = false;
    const attempt = async (): Promise<void> => {
      if (!wanted.current || cancelled) return;
      const safe = await canUpdateRef.current().catch(() => false);
      if (cancelled) return;
      if (safe) {
        setPhase('updating');
        sw.applyUpdate();
      } else if (phase !== 'blocked') {
        setPhase('blocked');
      }
    };
    void attempt();
    const id = setInterval(() => void attempt(), RETRY_MS);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [sw, phase, attempts]);

  if (phase === 'hidden') return null;

  const accept = (): void => {
    wanted.current = true;
    setAttempts((n) => n + 1); // re-runs the attempt effect now
  };

  return (
    <div class="update-prompt" role="status" aria-live="polite">
      {phase === 'ready' && (
        <>
          <span>{t('update.ready')}</span>
          <button type="button" class="button button--primary" onClick={accept}>
            {t('update.apply')}
          </button>
        </>
      )}
      {phase === 'blocked' && <span>{t('update.blocked')}</span>}
      {phase === 'updating' && <span>{t('update.updating')}</span>}
    </div>
  );
}
