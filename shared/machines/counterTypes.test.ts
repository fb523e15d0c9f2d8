/** messageOf: whatever an actor threw, as the one message shape the screens translate. */
import { describe, expect, it } from 'vitest';
import { CounterError, errorOf, messageOf } from './counterTypes.ts';

describe('messageOf', () => {
  it('reads a refused rule (its code, message and params), an API error, any other error and anything else', () => {
    const refused = Object.assign(new Error('refused'), { rule: { code: 'iqamaExpired', message: 'the iqama has expired', params: { days: 3 } } });
    expect(messageOf(refused)).toEqual({ code: 'iqamaExpired', text: 'the iqama has expired', params: { days: 3 } });
    expect(messageOf(new CounterError('offline', 'no network', { tries: 2 }))).toEqual({ code: 'offline', text: 'no network', params: { tries: 2 } });
    expect(messageOf({ code: 'code_used' })).toEqual({ code: 'code_used', text: 'code_used', params: {} });
    expect(messageOf({ code: 'x', params: { bad: {} } })).toEqual({ code: 'x', text: 'x', params: {} });
    expect(messageOf(new Error('boom'))).toEqual({ code: 'unexpected', text: 'boom', params: {} });
    expect(messageOf(Object.assign(new Error('boom'), { rule: {} }))).toEqual({ code: 'unexpected', text: 'boom', params: {} });
    expect(messageOf('just text')).toEqual({ code: 'unexpected', text: 'just text', params: {} });
    expect(messageOf(null)).toEqual({ code: 'unexpected', text: 'null', params: {} });
  });

  it('errorOf takes the error of an actor’s error event as params', () => {
    const error = new CounterError('offline', 'no network');
    expect(errorOf({ event: { error } })).toEqual({ error });
  });
});
