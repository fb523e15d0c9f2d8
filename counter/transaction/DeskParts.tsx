/**
 * The desk's parts around a transaction's steps (TransactionDesk.tsx): the end of a
 * transaction (completed, the receipt, refused) with what may follow it (a parcel, the
 * representative's next employee), "cancel with a reason", and the service chooser.
 */
import { useState } from 'preact/hooks';
import type { ServiceId } from '../../shared/domain/catalog.ts';
import type { TransactionActorRef, TransactionSnapshot } from '../../shared/machines/transactionMachine.ts';
import { CANCEL_REASON } from '../../shared/sync/transactionArgs.ts';
import type { Device } from '../../shared/ui/DeviceShell.tsx';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import type { Translate } from '../../shared/ui/I18nProvider.tsx';
import { Receipt } from './Receipt.tsx';
import { Failures, Outcome, Problem } from './StepViews.tsx';

export function Completed({ snapshot, actor, t }: { snapshot: TransactionSnapshot; actor: TransactionActorRef; t: Translate }) {
  const c = snapshot.context;
  const primary = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="desk__form" data-testid="desk-completed">
      <h3 class="desk__done">{c.steps.query ? t('completed.queryTitle') : t('completed.title')}</h3>
      <Outcome outcome={c.result?.outcome ?? {}} t={t} />
      <div class="desk__buttons">
        {!c.steps.query && (
          <button ref={primary} type="button" class="button button--primary desk__primary" data-testid="desk-receipt" onClick={() => actor.send({ type: 'receipt.print' })}>
            {t('completed.receipt')}
          </button>
        )}
        <button ref={c.steps.query ? primary : undefined} type="button" class="button" data-testid="desk-finish" onClick={() => actor.send({ type: 'transaction.finish' })}>
          {t('completed.finish')}
        </button>
        <MoreButtons snapshot={snapshot} actor={actor} t={t} />
      </div>
    </div>
  );
}

export function ReceiptStep({
  snapshot,
  actor,
  t,
  serviceName,
  config,
}: {
  snapshot: TransactionSnapshot;
  actor: TransactionActorRef;
  t: Translate;
  serviceName: string;
  config: Device['identity']['config'];
}) {
  const c = snapshot.context;
  const finish = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="desk__form">
      <Receipt context={c} config={config} t={t} serviceName={serviceName} onReady={() => window.print()} />
      <div class="desk__buttons">
        <button ref={finish} type="button" class="button button--primary desk__primary" data-testid="desk-finish" onClick={() => actor.send({ type: 'transaction.finish' })}>
          {t('completed.finish')}
        </button>
        <button type="button" class="button" onClick={() => actor.send({ type: 'receipt.print' })}>
          {t('receipt.print')}
        </button>
        <MoreButtons snapshot={snapshot} actor={actor} t={t} />
      </div>
    </div>
  );
}

/** What can follow a decided transaction: the iqama into a parcel, or the representative's next employee. */
function MoreButtons({ snapshot, actor, t }: { snapshot: TransactionSnapshot; actor: TransactionActorRef; t: Translate }) {
  return (
    <>
      {snapshot.can({ type: 'parcel.start' }) && (
        <button type="button" class="button" data-testid="desk-parcel" onClick={() => actor.send({ type: 'parcel.start' })}>
          {t('completed.parcel')}
        </button>
      )}
      {snapshot.can({ type: 'batch.next' }) && (
        <button type="button" class="button" data-testid="desk-next" onClick={() => actor.send({ type: 'batch.next' })}>
          {t('completed.next')}
        </button>
      )}
    </>
  );
}

export function Rejected({ snapshot, actor, t }: { snapshot: TransactionSnapshot; actor: TransactionActorRef; t: Translate }) {
  const c = snapshot.context;
  const close = useFocusOnMount<HTMLButtonElement>();
  const changed = c.result?.recordChanged === true;
  return (
    <div class="desk__form" data-testid="desk-rejected">
      <h3 class="desk__refused">{t('rejected.title')}</h3>
      {c.result && <Failures failures={c.result.failures} t={t} />}
      {c.refusal && <Problem problem={{ code: c.refusal.code, text: c.refusal.message, params: c.refusal.params ?? {} }} t={t} />}
      {changed && <p data-testid="desk-record-changed">{t('rejected.changed')}</p>}
      <div class="desk__buttons">
        <button ref={close} type="button" class="button button--primary desk__primary" data-testid="desk-finish" onClick={() => actor.send({ type: 'transaction.finish' })}>
          {t('rejected.finish')}
        </button>
        <MoreButtons snapshot={snapshot} actor={actor} t={t} />
      </div>
    </div>
  );
}

export function CancelTransaction({ t, onCancel }: { t: Translate; onCancel: (reason: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <button type="button" class="button button--warn" data-testid="desk-cancel" onClick={() => setOpen(true)}>
        {t('cancel.open')}
      </button>
    );
  }
  return (
    <form
      class="desk__cancel"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim().length >= CANCEL_REASON.min) onCancel(reason.trim());
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <label class="field">
        <span class="field__label">{t('cancel.reason')}</span>
        <input class="input" autoFocus minLength={CANCEL_REASON.min} maxLength={CANCEL_REASON.max} required data-testid="desk-cancel-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button button--warn" data-testid="desk-cancel-confirm">
        {t('cancel.confirm')}
      </button>
      <button type="button" class="button" onClick={() => setOpen(false)}>
        {t('cancel.keep')}
      </button>
    </form>
  );
}

export function ServiceChooser({
  t,
  services,
  offered,
  onChoose,
  onClose,
}: {
  t: Translate;
  services: Translate;
  offered: readonly ServiceId[];
  onChoose: (s: ServiceId) => void;
  onClose: () => void;
}) {
  const first = useFocusOnMount<HTMLButtonElement>();
  return (
    <section class="desk" aria-labelledby="desk-choose" data-testid="desk" data-step="choose">
      <h2 id="desk-choose" class="desk__title">
        {t('chooseService')}
      </h2>
      <div class="desk__services">
        {offered.map((s, i) => (
          <button key={s} ref={i === 0 ? first : undefined} type="button" class="button desk__service" data-service={s} onClick={() => onChoose(s)}>
            {services(`catalog.${s}`)}
          </button>
        ))}
      </div>
      <button type="button" class="button" onClick={onClose}>
        {t('cancel.keep')}
      </button>
    </section>
  );
}
