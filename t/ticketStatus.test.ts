import { describe, expect, it } from 'vitest';
import { codeFromPath } from './ticketStatus.ts';

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
