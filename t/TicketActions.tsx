/**
 * What a resident can do from the phone: leave the queue (after a confirmation, so a
 * stray tap never throws a place away) and, after service, answer the one-question
 * survey (1–5 and an optional comment). Both are plain forms, usable with a screen
 * reader and the keyboard; a failure says so and can be tried again.
 */
import { useState } from 'preact/hooks';
import { useT } from '../shared/ui/I18nProvider.tsx';
import { postTicketAction, postTicketActionFor, ticketKeyOf } from './ticketStatus.ts';

export function LeaveQueue({ code, onLeft }: { code: string; onLeft: () => void }) {
  const t = useT('ticket');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="button phone__leave" onClick={() => setAsking(true)}>
        {t('leave.button')}
      </button>
    );
  }
  const leave = async (): Promise<void> => {
    setBusy(true);
    const key = ticketKeyOf(code);
    const result = await postTicketAction(code, 'leave', key ? { key } : undefined);
    setBusy(false);
    if (result === 'ok') {
      setAsking(false);
      onLeft();
    } else setFailed(true);
  };
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="leave-question">
      <p id="leave-question">{t('leave.confirm')}</p>
      {failed && <p class="notice" role="alert">{t('leave.failed')}</p>}
      <div class="confirm__buttons">
        <button type="button" class="button" onClick={() => setAsking(false)} autoFocus>
          {t('leave.no')}
        </button>
        <button type="button" class="button button--danger" disabled={busy} onClick={() => void leave()}>
          {t('leave.yes')}
        </button>
      </div>
    </div>
  );
}

/**
 * When the turn is near: "I'm on my way" (the office knows) or "I need 10 more minutes"
 * (the ticket moves a few places back, once). Both need the QR link's key, as leaving does.
 */
export function TurnAnswer({ code, answer, canAskMoreTime, onAnswered }: {
  code: string;
  answer: 'onMyWay' | 'moreTime' | null;
  canAskMoreTime: boolean;
  onAnswered: () => void;
}) {
  const t = useT('ticket');
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<'onMyWayDone' | 'moreTimeDone' | 'moreTimeNone' | 'failed' | null>(null);
  const send = async (choice: 'onMyWay' | 'moreTime'): Promise<void> => {
    setBusy(true);
    const key = ticketKeyOf(code);
    const { result, body } = await postTicketActionFor(code, 'answer', { answer: choice, ...(key ? { key } : {}) });
    setBusy(false);
    if (result !== 'ok') return void setSaid('failed');
    setSaid(choice === 'onMyWay' ? 'onMyWayDone' : body?.movedBack ? 'moreTimeDone' : 'moreTimeNone');
    onAnswered();
  };
  const shown = said ?? (answer === 'onMyWay' ? 'onMyWayDone' : null);
  return (
    <section class="turn-answer" aria-labelledby="turn-question" data-testid="turn-answer">
      <p id="turn-question" class="turn-answer__question">
        {t('answer.question')}
      </p>
      {shown && (
        <p class={shown === 'failed' ? 'notice' : 'turn-answer__said'} role={shown === 'failed' ? 'alert' : 'status'}>
          {t(`answer.${shown}`)}
        </p>
      )}
      <div class="turn-answer__buttons">
        {answer !== 'onMyWay' && (
          <button type="button" class="button button--primary button--large" disabled={busy} onClick={() => void send('onMyWay')}>
            {t('answer.onMyWay')}
          </button>
        )}
        {canAskMoreTime && (
          <button type="button" class="button button--large" disabled={busy} onClick={() => void send('moreTime')}>
            {t('answer.moreTime')}
          </button>
        )}
      </div>
    </section>
  );
}

export function Survey({ code }: { code: string }) {
  const t = useT('ticket');
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'open' | 'sending' | 'sent' | 'failed'>('open');
  if (state === 'sent') {
    return (
      <p class="survey__thanks" role="status">
        {t('survey.thanks')}
      </p>
    );
  }
  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (score === null) return;
    setState('sending');
    const result = await postTicketAction(code, 'survey', { score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    setState(result === 'ok' ? 'sent' : 'failed');
  };
  return (
    <form class="survey" onSubmit={(e) => void send(e)} aria-labelledby="survey-title">
      <h2 id="survey-title">{t('survey.title')}</h2>
      <fieldset class="survey__scores">
        <legend>{t('survey.question')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} class="survey__score">
            <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} />
            <span aria-hidden="true">{'★'.repeat(n)}</span>
            <span class="visually-hidden">{t('survey.score', { score: n })}</span>
          </label>
        ))}
      </fieldset>
      <label class="survey__comment">
        <span>{t('survey.comment')}</span>
        <textarea class="input" maxLength={500} rows={3} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      {state === 'failed' && <p class="notice" role="alert">{t('survey.failed')}</p>}
      <button type="submit" class="button button--primary button--large" disabled={score === null || state === 'sending'}>
        {t('survey.submit')}
      </button>
    </form>
  );
}
