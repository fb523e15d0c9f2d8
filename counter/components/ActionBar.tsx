/**
 * The ticket actions as large buttons, each enabled only when the machine accepts it,
 * each with its keyboard shortcut shown. After a step the next likely action gets the
 * focus (call → start → complete → call), so Enter alone can run the day. "Transfer…"
 * opens a dialog (`transfer.open`, the screen's own) instead of sending an event at once.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { CounterSnapshot } from '../../shared/machines/counterMachine.ts';
import type { availableSteps } from '../../shared/machines/counterSteps.ts';
import { useT } from '../../shared/ui/I18nProvider.tsx';

type Enabled = ReturnType<typeof availableSteps>;
type ActionKey = 'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'park' | 'transfer';
export type ActionEvent = 'ticket.callNext' | 'ticket.recall' | 'ticket.start' | 'ticket.complete' | 'ticket.noShow' | 'ticket.park' | 'transfer.open';

export const ACTIONS: readonly { key: ActionKey; event: ActionEvent; code: string; hint: string; tone: string }[] = [
  { key: 'callNext', event: 'ticket.callNext', code: 'KeyN', hint: 'N', tone: 'primary' },
  { key: 'start', event: 'ticket.start', code: 'KeyS', hint: 'S', tone: 'primary' },
  { key: 'recall', event: 'ticket.recall', code: 'KeyR', hint: 'R', tone: 'plain' },
  { key: 'noShow', event: 'ticket.noShow', code: 'KeyX', hint: 'X', tone: 'warn' },
  { key: 'complete', event: 'ticket.complete', code: 'KeyC', hint: 'C', tone: 'primary' },
  { key: 'park', event: 'ticket.park', code: 'KeyP', hint: 'P', tone: 'plain' },
  { key: 'transfer', event: 'transfer.open', code: 'KeyT', hint: 'T', tone: 'plain' },
];

/** The action the officer most likely wants next, per work state. */
function nextLikely(state: CounterSnapshot): ActionKey | null {
  if (state.matches({ signedIn: { work: 'ready' } })) return 'callNext';
  if (state.matches({ signedIn: { work: 'called' } })) return 'start';
  if (state.matches({ signedIn: { work: 'serving' } })) return 'complete';
  return null;
}

export interface ActionBarProps {
  readonly enabled: Enabled;
  readonly state: CounterSnapshot;
  readonly onAction: (event: ActionEvent) => void;
  /** Drawn after the actions in the same grid (the work screen's "Begin transaction"). */
  readonly children?: ComponentChildren;
}

export function ActionBar({ enabled, state, onAction, children }: ActionBarProps) {
  const t = useT('counter');
  const refs = useRef<Partial<Record<ActionKey, HTMLButtonElement | null>>>({});
  const likely = nextLikely(state);

  // Move focus only when it would otherwise be lost (on the page, or on a button that just got disabled).
  useEffect(() => {
    if (!likely) return;
    const active = document.activeElement as HTMLElement | null;
    const lost = !active || active === document.body || (active instanceof HTMLButtonElement && active.disabled);
    if (lost || active?.closest('.actions')) refs.current[likely]?.focus();
  }, [likely]);

  return (
    <div class="actions" role="group" aria-label={t('actions.label')}>
      {ACTIONS.map((a) => (
        <button
          key={a.key}
          ref={(el) => {
            refs.current[a.key] = el;
          }}
          type="button"
          class={`button actions__button actions__button--${a.key} actions__button--${a.tone}`}
          disabled={!enabled[a.key]}
          aria-keyshortcuts={a.hint}
          onClick={() => onAction(a.event)}
        >
          <span class="actions__label">{t(`actions.${a.key}`)}</span>
          <kbd class="actions__key" aria-hidden="true">
            {a.hint}
          </kbd>
        </button>
      ))}
      {children}
    </div>
  );
}
