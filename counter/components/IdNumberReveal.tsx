/**
 * The identity number the resident typed at the kiosk (or booked with), shown only when
 * the officer asks: each look is a lookup of a person, audited by the server, and the
 * number is kept in this component's memory only, never in the device's storage.
 */
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import { CounterError } from '../../shared/machines/counterTypes.ts';
import { createCounterApi } from '../counterApi.ts';

type State =
  | { readonly kind: 'hidden' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'shown'; readonly idNumber: string; readonly source: 'kiosk' | 'appointment' }
  | { readonly kind: 'none' | 'offline' }
  | { readonly kind: 'failed'; readonly reason: string };

export function IdNumberReveal(props: { deviceToken: string; sessionToken: string; ticketId: string }) {
  const t = useT('counter');
  const [state, setState] = useState<State>({ kind: 'hidden' });
  useEffect(() => setState({ kind: 'hidden' }), [props.ticketId]);
  const reveal = async (): Promise<void> => {
    setState({ kind: 'loading' });
    try {
      const found = await createCounterApi(props.deviceToken).idNumber(props.sessionToken, props.ticketId);
      setState({ kind: 'shown', ...found });
    } catch (err) {
      const code = err instanceof CounterError ? err.code : 'unexpected';
      if (code === 'no_id_number' || code === 'ticket_unknown') setState({ kind: 'none' });
      else if (code === 'offline') setState({ kind: 'offline' });
      else setState({ kind: 'failed', reason: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <div class="id-number" aria-live="polite">
      {state.kind === 'shown' ? (
        <p class="id-number__value">
          <span class="ltr" dir="ltr" data-testid="id-number">
            {state.idNumber}
          </span>{' '}
          <span class="id-number__source">({t(`ticket.idNumber.source.${state.source}`)})</span>
        </p>
      ) : (
        <button type="button" class="button" disabled={state.kind === 'loading'} onClick={() => void reveal()}>
          {t('ticket.idNumber.show')}
        </button>
      )}
      {state.kind === 'none' && <p class="id-number__note">{t('ticket.idNumber.none')}</p>}
      {state.kind === 'offline' && <p class="id-number__note">{t('ticket.idNumber.offline')}</p>}
      {state.kind === 'failed' && <p class="id-number__note">{t('ticket.idNumber.failed', { reason: state.reason })}</p>}
    </div>
  );
}
