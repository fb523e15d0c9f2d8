/**
 * The two steps that need a word from the officer: calling a ticket out of turn (with a
 * reason, kept in its history) and transferring one (service, counter, reason). A modal
 * <dialog>: focus moves into it, Escape or Cancel closes it, Enter submits.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Counter } from '../../shared/domain/office.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import { useT } from '../../shared/ui/I18nProvider.tsx';

export type StepDialogRequest =
  | { readonly kind: 'callOut'; readonly ticketId: string; readonly number: string }
  | { readonly kind: 'transfer'; readonly number: string; readonly serviceGroup: ServiceGroup };

export interface StepDialogProps {
  readonly request: StepDialogRequest;
  readonly groups: readonly ServiceGroup[];
  /** Other counters of the section, for a transfer to one counter in particular. */
  readonly counters: readonly Counter[];
  readonly onCallOut: (ticketId: string, reason: string) => void;
  readonly onTransfer: (serviceGroup: ServiceGroup, targetCounterId: number | null, reason: string) => void;
  readonly onClose: () => void;
}

export function StepDialog({ request, groups, counters, onCallOut, onTransfer, onClose }: StepDialogProps) {
  const t = useT('counter');
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [group, setGroup] = useState<ServiceGroup>(request.kind === 'transfer' ? request.serviceGroup : 'enquiries');
  const [target, setTarget] = useState<string>('');
  const [tried, setTried] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const reasonNeeded = request.kind === 'callOut';
  const missing = reasonNeeded && reason.trim().length === 0;
  const submit = (event: Event): void => {
    event.preventDefault();
    setTried(true);
    if (missing) return;
    if (request.kind === 'callOut') onCallOut(request.ticketId, reason.trim());
    else onTransfer(group, target ? Number(target) : null, reason.trim());
  };

  return (
    <dialog ref={ref} class="step-dialog" aria-labelledby="step-dialog-title" onCancel={onClose} onClose={onClose}>
      <form method="dialog" onSubmit={submit}>
        <h2 id="step-dialog-title">{t(`${request.kind}.title`, { number: request.number })}</h2>
        <p>{t(`${request.kind}.intro`)}</p>
        {request.kind === 'transfer' && (
          <>
            <label class="field">
              <span>{t('transfer.service')}</span>
              <select value={group} onChange={(e) => setGroup((e.currentTarget as HTMLSelectElement).value as ServiceGroup)}>
                {groups.map((g) => (
                  <option key={g} value={g}>
                    {t(`groups.${g}`)}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{t('transfer.counter')}</span>
              <select value={target} onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('transfer.anyCounter')}</option>
                {counters.map((c) => (
                  <option key={c.id} value={String(c.id)}>
                    {c.id}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label class="field">
          <span>{t(request.kind === 'callOut' ? 'callOut.reason' : 'transfer.reason')}</span>
          <input
            type="text"
            value={reason}
            maxLength={200}
            required={reasonNeeded}
            aria-invalid={tried && missing}
            onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
            autoFocus
          />
        </label>
        <div class="step-dialog__buttons">
          <button type="button" class="button" onClick={onClose}>
            {t(`${request.kind}.cancel`)}
          </button>
          <button type="submit" class="button button--primary">
            {t(`${request.kind}.submit`, { number: request.number })}
          </button>
        </div>
      </form>
    </dialog>
  );
}
