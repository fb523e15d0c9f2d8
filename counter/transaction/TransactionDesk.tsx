/**
 * The transaction desk: draws the desk machine (shared/machines/deskMachine.ts), which
 * runs one transaction machine at a time for the ticket being served, resumes a draft,
 * saves every step, records a cancellation and chains a parcel or a representative's next
 * employee. This file only shows the transaction's step and sends the officer's events.
 * Loaded as its own chunk: the counter's first download stays within its budget.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { getSession, type LocalTicket } from '../../shared/db/index.ts';
import { catalogOf, servicesOfGroup } from '../../shared/domain/catalog.ts';
import { feesOf } from '../../shared/domain/fees.ts';
import { CounterError } from '../../shared/machines/counterTypes.ts';
import { batchOf } from '../../shared/machines/deskContext.ts';
import { deskMachine, type DeskEvent, type DeskSnapshot } from '../../shared/machines/deskMachine.ts';
import { stepOf, type TransactionActorRef, type TransactionSnapshot } from '../../shared/machines/transactionMachine.ts';
import type { TransactionStep } from '../../shared/machines/transactionTypes.ts';
import type { Device } from '../../shared/ui/DeviceShell.tsx';
import { useSyncStatus } from '../../shared/ui/hooks.ts';
import { useT, type Translate } from '../../shared/ui/I18nProvider.tsx';
import { useMachine } from '../../shared/ui/useMachine.ts';
import { createCounterApi } from '../counterApi.ts';
import { deskActors } from './deskActors.ts';
import { CancelTransaction, Completed, ReceiptStep, Rejected, ServiceChooser } from './DeskParts.tsx';
import { PersonCard } from './PersonCard.tsx';
import {
  CodeStep,
  FormStep,
  IdentifyStep,
  IneligibleStep,
  NetworkWait,
  type GivenNumber,
  type NameSearch,
  PaymentStep,
  Problem,
  QuoteStep,
  ReviewStep,
} from './StepViews.tsx';
import { createTransactionApi, type TransactionApi } from './transactionApi.ts';

export interface TransactionDeskProps {
  readonly device: Device;
  /** The ticket being served (null: resuming a transaction whose ticket is finished). */
  readonly ticket: LocalTicket | null;
  readonly counterId: number;
  /** The desk has nothing left to show. */
  readonly onClose: () => void;
}

/** The desk machine for this desk's life, with the counter's actors (counter/transaction/deskActors.ts). */
function useDesk(device: Device, api: TransactionApi, ticket: LocalTicket | null, counterId: number): [DeskSnapshot, (event: DeskEvent) => void] {
  const { db, sync, identity } = device;
  const machine = useMemo(() => deskMachine.provide({ actors: deskActors({ db, api, sync }) }), [db, api, sync]);
  const { config } = identity;
  return useMachine(machine, { input: { ticket, counterId, fees: feesOf(config), timeZone: config.settings.timeZone } });
}

export default function TransactionDesk({ device, ticket, counterId, onClose }: TransactionDeskProps) {
  const t = useT('transaction');
  const services = useT('services');
  const { db, identity, sync } = device;
  const config = identity.config;
  const api = useMemo(() => createTransactionApi(identity.token), [identity.token]);
  const [desk, send] = useDesk(device, api, ticket, counterId);
  const syncStatus = useSyncStatus(sync);
  const closed = desk.status === 'done';
  useEffect(() => {
    if (closed) onClose();
  }, [closed, onClose]);

  if (closed || desk.matches({ flow: 'loading' })) return null;
  if (desk.matches({ flow: 'choosing' })) {
    const group = ticket?.serviceGroup;
    const offered = group ? servicesOfGroup(config, group) : catalogOf(config);
    return (
      <ServiceChooser
        t={t}
        services={services}
        offered={offered.map((e) => e.id)}
        onChoose={(service) => send({ type: 'desk.choose', service })}
        onClose={() => send({ type: 'desk.close' })}
      />
    );
  }

  const { current, ended, resumed, batch } = desk.context;
  const actor = desk.children.transaction;
  if (!actor) {
    // Between two transactions, or closing: the drafts are written, the end recorded.
    const title = current ? t('title', { service: services(`catalog.${current.input.service}`) }) : '';
    return (
      <section class="desk" aria-labelledby="desk-title" aria-busy="true" data-testid="desk" data-step={ended?.outcome ?? 'closing'}>
        <header class="desk__header">
          <h2 id="desk-title" class="desk__title">
            {title}
          </h2>
        </header>
      </section>
    );
  }

  // Every step of the transaction is a desk event (its onSnapshot), so the desk re-renders on each.
  const snapshot = actor.getSnapshot();
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
        {canCancel && <CancelTransaction t={t} onCancel={(reason) => actor.send({ type: 'transaction.cancel', reason })} />}
      </header>
      {resumed && <p class="desk__note" role="status">{t('resumed')}</p>}
      {c.representativeFor && (
        <p class="desk__note" data-testid="desk-batch">
          {t('batch', { establishment: c.representativeFor, ...batchOf(batch, c.representativeFor) })}
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
  step: TransactionStep | 'unknown';
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
