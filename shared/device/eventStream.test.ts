import { describe, expect, it } from 'vitest';
import { takeFrames } from './eventStream.ts';

describe('the event stream reader', () => {
  it('takes whole frames and keeps a frame cut in the middle for the next chunk', () => {
    const first = takeFrames('event: version\ndata: {"version":1}\n\n: heartbeat\n\nevent: changes\ndata: {"vers');
    expect(first.data).toEqual(['{"version":1}']);
    const second = takeFrames(`${first.rest}ion":2}\n\n`);
    expect(second).toEqual({ data: ['{"version":2}'], rest: '' });
  });
});
