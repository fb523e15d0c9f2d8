/**
 * "Establishment notices (Ishaar)": the officer manages an establishment's notification
 * subscriptions for its representative (issue 11). The flow is the notices machine's
 * (shared/machines/noticesMachine.ts); this file only draws its states. Loaded on first use
 * (its own chunk, with its words in the `transaction` namespace).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { EventFromLogic, SnapshotFrom } from 'xstate';
import { getSession } from '../../shared/db/index.ts';
import { NOTICE_EVENT_TYPES, type NoticeEventType } from '../../shared/domain/establishmentNotices.ts';
import { toAsciiDigits } from '../../shared/domain/identity.ts';
import type { CounterMessage } from '../../shared/machines/counterTypes.ts';
import { noticesMachine } from '../../shared/machines/noticesMachine.ts';
import type { Device } from '../../shared/ui/DeviceShell.tsx';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import { useMachine } from '../../shared/ui/useMachine.ts';
import { useI18n, useT, type Translate } from '../../shared/ui/I18nProvider.tsx';
import { noticesActors } from './noticesApi.ts';
import { NoticesReportView } from './NoticesReportView.tsx';
import './notices.css';
import { useLatest } from '../../shared/ui/useLatest.ts';

export interface NoticesPanelProps {
  readonly device: Device;
  readonly onClose: () => void;
}

type Snapshot = SnapshotFrom<typeof noticesMachine>;
type Send = (event: EventFromLogic<typeof noticesMachine>) => void;

/** The notices machine for this panel's life, with its network actors (shared/ui/useMachine.ts). */
function useNotices(device: Device): [Snapshot, Send] {
  const machine = useMemo(
    () => noticesMachine.provide({ actors: noticesActors(device.identity.token, async () => (await getSession(device.db))?.token ?? null) }),
    [device.identity.token, device.db],
  );
  return useMachine(machine, { input: { visitId: crypto.randomUUID() } });
}

/** A refusal or problem in the officer's language; the numbers a refused save names, each on its line. */
function Problem({ problem, t }: { problem: CounterMessage; t: Translate }) {
  const lists = (['notSponsored', 'unknown', 'numbers'] as const).filter((k) => typeof problem.params[k] === 'string' && problem.params[k] !== '');
  return (
    <div class="notices__problem" role="alert" data-testid="notices-problem">
      <p>{t(`notices.problems.${problem.code}`, { text: problem.text, ...problem.params, defaultValue: t('problems.unexpected', { text: problem.text }) })}</p>
      {lists.map((k) => (
        <p key={k}>
          {t(`notices.numbers.${k}`)} <bdi>{String(problem.params[k])}</bdi>
        </p>
      ))}
    </div>
  );
}

export default function NoticesPanel({ device, onClose }: NoticesPanelProps) {
  const t = useT('transaction');
  const { language } = useI18n();
  const [snapshot, send] = useNotices(device);
  const c = snapshot.context;
  const close = useLatest(onClose);
  useEffect(() => {
    if (snapshot.status === 'done') close.current();
  }, [snapshot.status, close]);
  const busy = snapshot.hasTag('busy');
  return (
    <section class="notices" aria-labelledby="notices-title" aria-busy={busy} data-testid="notices-panel">
      <header class="notices__header">
        <h2 id="notices-title">{t('notices.title')}</h2>
        {c.saved && (
          <p class="notices__who">
            {language === 'en' ? c.saved.establishment.name.en : c.saved.establishment.name.ar} · <bdi>{c.saved.establishment.establishmentId}</bdi>
          </p>
        )}
        <button type="button" class="button" onClick={() => send({ type: 'notices.close' })} data-testid="notices-close">
          {t('notices.close')}
        </button>
      </header>
      {c.problem && <Problem problem={c.problem} t={t} />}
      {snapshot.hasTag('identify') && <NumberStep send={send} t={t} initial={c.establishmentId ?? ''} />}
      {snapshot.hasTag('code') && <CodeStep snapshot={snapshot} send={send} t={t} />}
      {snapshot.hasTag('editing') && <EditStep snapshot={snapshot} send={send} t={t} />}
      {snapshot.hasTag('report') && c.report && (
        <NoticesReportView report={c.report} t={t} onBack={() => send({ type: 'notices.back' })} />
      )}
      {busy && !snapshot.hasTag('editing') && <p role="status">{t('notices.working')}</p>}
    </section>
  );
}

function NumberStep({ send, t, initial }: { send: Send; t: Translate; initial: string }) {
  const [value, setValue] = useState(initial);
  const ref = useFocusOnMount<HTMLInputElement>();
  return (
    <form
      class="notices__form"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'notices.number', establishmentId: toAsciiDigits(value).replace(/\s/g, '') });
      }}
    >
      <p>{t('notices.identifyHint')}</p>
      <label class="notices__field">
        <span>{t('notices.establishmentNumber')}</span>
        <input ref={ref} inputMode="numeric" dir="ltr" maxLength={14} value={value} onInput={(e) => setValue(e.currentTarget.value)} data-testid="notices-establishment" />
      </label>
      <button type="submit" class="button button--primary" data-testid="notices-send-code">
        {t('notices.sendCode')}
      </button>
    </form>
  );
}

function CodeStep({ snapshot, send, t }: { snapshot: Snapshot; send: Send; t: Translate }) {
  const { code } = snapshot.context;
  const [digits, setDigits] = useState('');
  const ref = useFocusOnMount<HTMLInputElement>();
  return (
    <form
      class="notices__form"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'notices.code', code: toAsciiDigits(digits).trim() });
        setDigits('');
      }}
    >
      <p data-testid="notices-code-sent">{code ? t('notices.codeSent', { mobile: `\u2066${code.sentTo}\u2069` }) : t('code.notSent')}</p>
      <label class="notices__field">
        <span>{t('code.label')}</span>
        <input ref={ref} inputMode="numeric" dir="ltr" maxLength={6} autoComplete="one-time-code" value={digits} disabled={!code}
          onInput={(e) => setDigits(e.currentTarget.value)} data-testid="notices-code" />
      </label>
      <div class="notices__buttons">
        <button type="submit" class="button button--primary" disabled={!code || snapshot.hasTag('busy')} data-testid="notices-verify">
          {t('code.verify')}
        </button>
        <button type="button" class="button" onClick={() => send({ type: 'notices.resend' })}>
          {t('code.resend')}
        </button>
        <button type="button" class="button" onClick={() => send({ type: 'notices.back' })}>
          {t('notices.otherEstablishment')}
        </button>
      </div>
    </form>
  );
}

function EditStep({ snapshot, send, t }: { snapshot: Snapshot; send: Send; t: Translate }) {
  const { draft, lastSave } = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const [number, setNumber] = useState('');
  const [events, setEvents] = useState<readonly NoticeEventType[]>(['entry', 'exit']);
  if (!draft) return null;
  const eventName = (e: NoticeEventType) => t(`notices.events.${e}`);
  return (
    <div class="notices__edit">
      <fieldset class="notices__contacts">
        <legend>{t('notices.contacts')}</legend>
        <label class="notices__field">
          <span>{t('notices.mobile')}</span>
          <input type="tel" dir="ltr" value={draft.contacts.mobile} onInput={(e) => send({ type: 'notices.contacts', mobile: e.currentTarget.value })} data-testid="notices-mobile" />
        </label>
        <label class="notices__field">
          <span>{t('notices.email')}</span>
          <input type="email" dir="ltr" value={draft.contacts.email} onInput={(e) => send({ type: 'notices.contacts', email: e.currentTarget.value })} data-testid="notices-email" />
        </label>
        <label class="notices__field">
          <span>{t('notices.language')}</span>
          <select value={draft.contacts.language} onChange={(e) => send({ type: 'notices.contacts', language: e.currentTarget.value === 'en' ? 'en' : 'ar' })}>
            <option value="ar">العربية</option>
            <option value="en">English</option>
          </select>
        </label>
      </fieldset>

      <table class="notices__table" data-testid="notices-list">
        <caption>{t('notices.subscribed', { count: draft.subscriptions.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('notices.number')}</th>
            {NOTICE_EVENT_TYPES.map((e) => (
              <th scope="col" key={e}>{eventName(e)}</th>
            ))}
            <th scope="col"><span class="visually-hidden">{t('notices.remove')}</span></th>
          </tr>
        </thead>
        <tbody>
          {draft.subscriptions.map((s) => (
            <tr key={s.idNumber}>
              <th scope="row"><bdi>{s.idNumber}</bdi></th>
              {NOTICE_EVENT_TYPES.map((e) => (
                <td key={e}>
                  <input
                    type="checkbox"
                    class="notices__check"
                    checked={s.events.includes(e)}
                    aria-label={`${s.idNumber}: ${eventName(e)}`}
                    onChange={() => send({ type: 'notices.toggle', idNumber: s.idNumber, event: e })}
                  />
                </td>
              ))}
              <td>
                <button type="button" class="button" onClick={() => send({ type: 'notices.remove', idNumber: s.idNumber })} aria-label={`${t('notices.remove')} ${s.idNumber}`}>
                  {t('notices.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form
        class="notices__add"
        onSubmit={(e) => {
          e.preventDefault();
          send({ type: 'notices.add', idNumber: toAsciiDigits(number).replace(/\s/g, ''), events });
          setNumber('');
        }}
      >
        <label class="notices__field">
          <span>{t('notices.addNumber')}</span>
          <input inputMode="numeric" dir="ltr" maxLength={14} value={number} onInput={(e) => setNumber(e.currentTarget.value)} data-testid="notices-add-number" />
        </label>
        <fieldset class="notices__events">
          <legend>{t('notices.eventsFor')}</legend>
          {NOTICE_EVENT_TYPES.map((e) => (
            <label key={e} class="notices__event">
              <input
                type="checkbox"
                class="notices__check"
                checked={events.includes(e)}
                onChange={() => setEvents((now) => (now.includes(e) ? now.filter((x) => x !== e) : NOTICE_EVENT_TYPES.filter((x) => x === e || now.includes(x))))}
              />
              {eventName(e)}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="button" data-testid="notices-add">
          {t('notices.add')}
        </button>
      </form>

      {lastSave && (
        <p role="status" data-testid="notices-saved">
          {t('notices.saved', lastSave)}
        </p>
      )}
      <div class="notices__buttons">
        <button type="button" class="button button--primary" disabled={busy} onClick={() => send({ type: 'notices.save' })} data-testid="notices-save">
          {t('notices.save')}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => send({ type: 'notices.undo' })}>
          {t('notices.undo')}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => send({ type: 'notices.print' })} data-testid="notices-print">
          {t('notices.printReport')}
        </button>
      </div>
    </div>
  );
}
