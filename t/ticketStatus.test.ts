import { afterEach, describe, expect, it, vi } from 'vitest';
import { codeFromPath, postTicketAction, postTicketActionFor } from './ticketStatus.ts';

describe('ticket page link', () => {
  it('reads the public code from /t/<code>', () => {
    expect(codeFromPath('/t/ABCDEFGHJK')).toBe('ABCDEFGHJK');
    expect(codeFromPath('/t/abcdefghjk/')).toBe('ABCDEFGHJK');
  });
  it('refuses broken links', () => {
    expect(codeFromPath('/t/')).toBeNull();
    expect(codeFromPath('/t/SHORT')).toBeNull();
    expect(codeFromPath('/t/ABCDEFGHJ1')).toBeNull(); // 1 is not in the code alphabet
    expect(codeFromPath('/t/ABCDEFGHJK/extra')).toBeNull();
  });
});

describe('ticket actions', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('post to the ticket’s action routes and read the answer', async () => {
    const seen: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      seen.push(`${init?.method} ${url} ${String(init?.body)}`);
      return new Response(JSON.stringify({ answer: 'moreTime', movedBack: 3 }), { status: 200 });
    });
    expect(await postTicketActionFor('ABCDEFGHJK', 'answer', { answer: 'moreTime' })).toEqual({ result: 'ok', body: { answer: 'moreTime', movedBack: 3 } });
    expect(await postTicketAction('ABCDEFGHJK', 'leave', undefined)).toBe('ok');
    expect(await postTicketAction('ABCDEFGHJK', 'survey', { score: 5 })).toBe('ok');
    expect(seen).toEqual([
      'POST /api/public/tickets/ABCDEFGHJK/answer {"answer":"moreTime"}',
      'POST /api/public/tickets/ABCDEFGHJK/leave undefined',
      'POST /api/public/tickets/ABCDEFGHJK/survey {"score":5}',
    ]);
  });

  it('tell a refusal, a limit and no network apart', async () => {
    const answers = [new Response('{}', { status: 409 }), new Response('{}', { status: 429 })];
    vi.stubGlobal('fetch', async () => {
      const next = answers.shift();
      if (!next) throw new TypeError('network down');
      return next;
    });
    expect(await postTicketAction('ABCDEFGHJK', 'leave', { key: 'ABCDEFGHJKLMNPQR' })).toBe('refused');
    expect(await postTicketAction('ABCDEFGHJK', 'leave', undefined)).toBe('limited');
    expect(await postTicketActionFor('ABCDEFGHJK', 'survey', { score: 1 })).toEqual({ result: 'offline', body: null });
  });
});
