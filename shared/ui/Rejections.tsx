/**
 * Changes the server refused (another counter called the ticket first, the officer's
 * session ended, ...) stay on the device until a person has read them. Each reason is
 * translated by its code, with the server's English message as the last resort.
 */
import { useRef } from 'preact/hooks';
import { markRejectionSeen, unseenRejections, type DeviceDb, type RejectionRow } from '../db/index.ts';
import { useObserve } from './hooks.ts';
import { useT } from './I18nProvider.tsx';
import { rejectionText } from './rejectionText.ts';

export function Rejections({ db }: { db: DeviceDb }) {
  const t = useT('common');
  const rows = useObserve<RejectionRow[]>(() => unseenRejections(db), [db], []);
  const listRef = useRef<HTMLUListElement>(null);

  if (rows.length === 0) return null;

  const dismiss = async (seq: number, index: number): Promise<void> => {
    await markRejectionSeen(db, seq);
    // Keep keyboard focus in the list: on the next item's button, or the heading.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      if (next) next.focus();
    });
  };

  return (
    <section class="rejections" aria-labelledby="rejections-title" role="alert">
      <h2 id="rejections-title" class="rejections__title">
        {t('rejections.title')}
      </h2>
      <ul class="rejections__list" ref={listRef}>
        {rows.map((row, index) => (
          <li key={row.seq} class="rejections__item">
            <span>{rejectionText(t, row.reason)}</span>
            <button type="button" class="button button--small" onClick={() => void dismiss(row.seq, index)}>
              {t('rejections.dismiss')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
