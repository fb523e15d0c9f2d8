/**
 * The transaction desk: runs one transaction machine at a time for the ticket being
 * served, shows its step, and saves the machine's snapshot (encrypted, shared/db/vault.ts)
 * after every step, so a reload or a crash resumes the same step with the same data.
 * A finished or cancelled transaction deletes its draft; "add to parcel" chains a
 * parcel.add transaction for the same person. Loaded as its own chunk: the counter's
 * first download stays within its budget.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createActor, type Snapshot } from 'xstate';
import { getSession, type LocalTicket } from '../../shared/db/index.ts';
import { cancelTransaction } from '../../shared/db/transactions.ts';
import { CANCEL_REASON } from '../../shared/sync/transactionArgs.ts';
import { deleteDraft, loadDrafts, saveDraft } from '../../shared/db/vault.ts';
import { CounterError } from '../../shared/machines/counterTypes.ts';
import { saveLocally } from '../../shared/ui/bootstrap.ts';
import { isServiceId, servicesOfGroup, catalogOf, type ServiceId } from '../../shared/domain/catalog.ts';
import { feesOf } from '../../shared/domain/fees.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import {
  stepOf,
  transactionMachine,
  type TransactionActorRef,
  type TransactionContext,
  type TransactionInput,
  type TransactionSnapshot,
} from '../../shared/machines/transactionMachine.ts';
import type { Device } from '../../shared/ui/DeviceShell.tsx';
import { useFocusOnMount, useSyncStatus } from '../../shared/ui/hooks.ts';
import { useT, type Translate } from '../../shared/ui/I18nProvider.tsx';
import { createCounterApi } from '../counterApi.ts';
import { createTransactionApi } from './transactionApi.ts';
import { PersonCard } from './PersonCard.tsx';
import { Receipt } from './Receipt.tsx';
import {
  CodeStep,
  Failures,
  FormStep,
  IdentifyStep,
  IneligibleStep,
  NetworkWait,
  type GivenNumber,
  type NameSearch,
  Outcome,
  PaymentStep,
  Problem,
  QuoteStep,
  ReviewStep,
} from './StepViews.tsx';
import { transactionActors } from './transactionActors.ts';

/** A draft is the machine's persisted snapshot: its context holds everything, the input included. */
type DraftValue = Snapshot<unknown> & { readonly context: TransactionContext };

export interface TransactionDeskProps {
  readonly device: Device;
  /** The ticket being served (null: resuming a transaction whose ticket is finished). */
  readonly ticket: LocalTicket | null;
  readonly counterId: number;
  /** The desk has nothing left to show. */
  readonly onClose: () => void;
}

export default function TransactionDesk({ device, ticket, counterId, onClose }: TransactionDeskProps) {
  const t = useT('transaction');
  const services = useT('services');
  const { db, identity, sync } = device;
  const config = identity.config;
  const api = useMemo(() => createTransactionApi(identity.token), [identity.token]);
  const actors = useMemo(() => transactionActors({ db, api, sync }), [db, api, sync]);
  const machine = useMemo(() => transactionMachine.provide({ actors }), [actors]);
  const [actor, setActor] = useState<TransactionActorRef | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [resumed, setResumed] = useState(false);
  /** A representative's batch so far (this desk's view; the store keeps every transaction). */
  const [batch, setBatch] = useState({ establishmentId: '', done: 0, refused: 0 });
  const [snapshot, setSnapshot] = useState<TransactionSnapshot | null>(null);
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  /** The step before the last event, which is where a cancellation happened. */
  const lastStep = useRef('identify');
  const syncStatus = useSyncStatus(sync);

  const start = (input: TransactionInput, restored?: Snapshot<unknown>): void => {
    const next = createActor(machine, restored ? { input, snapshot: restored } : { input });
    setActor(next);
  };
  const inputFor = (service: ServiceId, person: TransactionInput['person'] = null): TransactionInput => ({
    transactionId: crypto.randomUUID(),
    service,
    ticketId: ticket?.ticketId ?? null,
    reason: ticket ? `ticket ${ticket.displayNumber}` : `counter ${counterId}`,
    counterId,
    today: serviceDayOf(Date.now(), config.settings.timeZone),
    fees: feesOf(config),
    person,
  });

  // Resume the newest draft of this session, or begin with the service chosen at the kiosk.
  useEffect(() => {
    let live = true;
    void loadDrafts<DraftValue>(db).then((drafts) => {
      if (!live) return;
      const draft = drafts[0];
      if (draft) {
        setResumed(true);
        start(inputOf(draft.value.context), draft.value);
      } else if (ticket?.service && isServiceId(ticket.service)) {
        start(inputFor(ticket.service));
      }
      setLoaded(true);
    });
    return () => {
      live = false;
    };
    // Until the desk machine (issue 14) takes this flow out of the component: once per device database.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db]);

  useEffect(() => {
    if (!actor) return;
    const subscription = actor.subscribe((next) => {
      setSnapshot(next);
      const { transactionId, ticketId } = next.context;
      if (next.status === 'done') {
        const output = next.output;
        if (output?.outcome === 'cancelled') {
          const { service, counterId: at, cancelReason } = next.context;
          const cancelled = { transactionId, ticketId, counterId: at, service, step: lastStep.current, reason: cancelReason ?? '' };
          saving.current = saving.current.then(() => saveLocally(db, () => cancelTransaction(db, cancelled, Date.now())));
        }
        saving.current = saving.current.then(() => deleteDraft(db, transactionId)).catch(() => undefined);
        const { representativeFor, service, result } = next.context;
        if (representativeFor) {
          setBatch((b) => ({ establishmentId: representativeFor, done: b.done + (result?.status === 'completed' ? 1 : 0), refused: b.refused + (result?.status === 'refused' ? 1 : 0) }));
        }
        if (output?.outcome === 'parcel' && output.person) {
          start(inputFor('parcel.add', output.person));
        } else if (output?.outcome === 'next' && representativeFor) {
          start({ ...inputFor(service), representativeFor });
        } else {
          void saving.current.then(onClose);
        }
        return;
      }
      lastStep.current = stepOf(next);
      // One write after another, in step order: a later step is never overwritten by an earlier one.
      const value = actor.getPersistedSnapshot() as DraftValue;
      saving.current = saving.current.then(() => saveDraft(db, { transactionId, ticketId, value }, Date.now())).catch((e) => console.error('draft not saved', e));
    });
    try {
      actor.start();
    } catch (error) {
      // A saved step this version cannot resume (it should not happen: updates wait for drafts to finish).
      console.error('transaction could not be resumed', error);
      subscription.unsubscribe();
      void deleteDraft(db, actor.getSnapshot().context.transactionId).then(onClose);
      return;
    }
    lastStep.current = stepOf(actor.getSnapshot());
    setSnapshot(actor.getSnapshot());
    return () => {
      subscription.unsubscribe();
      actor.stop();
    };
    // Until the desk machine (issue 14) takes this flow out of the component: once per transaction actor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actor]);

  if (!loaded) return null;
  if (!actor || !snapshot) {
    const group = ticket?.serviceGroup;
    const offered = group ? servicesOfGroup(config, group) : catalogOf(config);
    return <ServiceChooser t={t} services={services} offered={offered.map((e) => e.id)} onChoose={(s) => start(inputFor(s))} onClose={onClose} />;
  }

  const c = snapshot.context;
  const step = stepOf(snapshot);
  const serviceName = services(`catalog.${c.service}`);
  const canCancel = snapshot.hasTag('cancellable');
  return (
    <section class="desk" aria-labelledby="desk-title" data-testid="desk" data-step={step}>
      <header class="desk__header">
        <h2 id="desk-title" class="desk__title">
          {t('title', { service: serviceName })}
        </h2>
        {canCancel && <CancelTransaction t={t} onCancel={(reason) => actor.send({ type: 'CANCEL', reason })} />}
      </header>
      {resumed && <p class="desk__note" role="status">{t('resumed')}</p>}
      {c.representativeFor && (
        <p class="desk__note" data-testid="desk-batch">
          {t('batch', { establishment: c.representativeFor, done: batch.establishmentId === c.representativeFor ? batch.done : 0, refused: batch.establishmentId === c.representativeFor ? batch.refused : 0 })}
        </p>
      )}
      <Problem problem={c.problem} t={t} />
      {/* On a wide desk the person's record stands beside the step, so no step needs scrolling. */}
      <div class={`desk__body${c.person ? ' desk__body--with-person' : ''}`}>
        {c.person && <PersonCard person={c.person} service={c.service} t={t} full={c.steps.query} />}
        <StepView
          snapshot={snapshot}
          actor={actor}
          t={t}
          step={step}
          serviceName={serviceName}
          config={config}
          online={syncStatus.online}
          given={
            c.ticketId
              ? async () => {
                  const session = await getSession(db);
                  if (!session || !c.ticketId) throw new CounterError('session_invalid', 'No officer is signed in');
                  return (await createCounterApi(identity.token).idNumber(session.token, c.ticketId)).idNumber;
                }
              : null
          }
          search={async (name) => {
            const session = await getSession(db);
            if (!session) throw new CounterError('session_invalid', 'No officer is signed in');
            return api.search(session.token, name, c.reason);
          }}
        />
      </div>
    </section>
  );
}

/** The input a saved context was started with (an actor restored from a snapshot still needs one). */
function inputOf(c: TransactionContext): TransactionInput {
  return {
    transactionId: c.transactionId,
    service: c.service,
    ticketId: c.ticketId,
    reason: c.reason,
    counterId: c.counterId,
    today: c.today,
    fees: c.fees,
    representativeFor: c.representativeFor,
  };
}

function StepView({
  snapshot,
  actor,
  t,
  step,
  serviceName,
  config,
  online,
  search,
  given,
}: {
  search: NameSearch;
  given: GivenNumber;
  snapshot: TransactionSnapshot;
  actor: TransactionActorRef;
  t: Translate;
  step: string;
  serviceName: string;
  config: Device['identity']['config'];
  online: boolean;
}) {
  const props = { snapshot, actor, t };
  switch (step) {
    case 'identify':
      return <IdentifyStep {...props} search={search} given={given} />;
    case 'fetching':
      return <p role="status">{t('identify.fetching')}</p>;
    case 'fetchWait':
    case 'verify.sendWait':
    case 'verify.checkWait':
      return <NetworkWait actor={actor} t={t} />;
    case 'verify.sending':
      return <p role="status">{t('code.sending')}</p>;
    case 'verify.entering':
      return <CodeStep {...props} />;
    case 'verify.checking':
      return <p role="status">{t('code.checking')}</p>;
    case 'form':
      return <FormStep {...props} />;
    case 'ineligible':
      return <IneligibleStep {...props} />;
    case 'quote':
      return <QuoteStep {...props} />;
    case 'payment':
      return <PaymentStep {...props} />;
    case 'review':
      return <ReviewStep {...props} />;
    case 'submitting':
    case 'waiting':
      return (
        <div class="desk__wait" role="status" data-testid="desk-waiting">
          <p>{t('waiting.title')}</p>
          {!online && <p>{t('waiting.offline')}</p>}
        </div>
      );
    case 'completed':
      return <Completed {...props} />;
    case 'receipt':
      return <ReceiptStep {...props} serviceName={serviceName} config={config} />;
    case 'rejected':
      return <Rejected {...props} />;
    default:
      return null;
  }
}

function Completed({ snapshot, actor, t }: { snapshot: TransactionSnapshot; actor: TransactionActorRef; t: Translate }) {
  const c = snapshot.context;
  const primary = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="desk__form" data-testid="desk-completed">
      <h3 class="desk__done">{c.steps.query ? t('completed.queryTitle') : t('completed.title')}</h3>
      <Outcome outcome={c.result?.outcome ?? {}} t={t} />
      <div class="desk__buttons">
        {!c.steps.query && (
          <button ref={primary} type="button" class="button button--primary desk__primary" data-testid="desk-receipt" onClick={() => actor.send({ type: 'RECEIPT' })}>
            {t('completed.receipt')}
          </button>
        )}
        <button ref={c.steps.query ? primary : undefined} type="button" class="button" data-testid="desk-finish" onClick={() => actor.send({ type: 'FINISH' })}>
          {t('completed.finish')}
        </button>
        <MoreButtons snapshot={snapshot} actor={actor} t={t} />
      </div>
    </div>
  );
}

function ReceiptStep({
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
        <button ref={finish} type="button" class="button button--primary desk__primary" data-testid="desk-finish" onClick={() => actor.send({ type: 'FINISH' })}>
          {t('completed.finish')}
        </button>
        <button type="button" class="button" onClick={() => actor.send({ type: 'RECEIPT' })}>
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
      {snapshot.can({ type: 'PARCEL' }) && (
        <button type="button" class="button" data-testid="desk-parcel" onClick={() => actor.send({ type: 'PARCEL' })}>
          {t('completed.parcel')}
        </button>
      )}
      {snapshot.can({ type: 'NEXT' }) && (
        <button type="button" class="button" data-testid="desk-next" onClick={() => actor.send({ type: 'NEXT' })}>
          {t('completed.next')}
        </button>
      )}
    </>
  );
}

function Rejected({ snapshot, actor, t }: { snapshot: TransactionSnapshot; actor: TransactionActorRef; t: Translate }) {
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
        <button ref={close} type="button" class="button button--primary desk__primary" data-testid="desk-finish" onClick={() => actor.send({ type: 'FINISH' })}>
          {t('rejected.finish')}
        </button>
        <MoreButtons snapshot={snapshot} actor={actor} t={t} />
      </div>
    </div>
  );
}

function CancelTransaction({ t, onCancel }: { t: Translate; onCancel: (reason: string) => void }) {
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

function ServiceChooser({
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
