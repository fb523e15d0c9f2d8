/**
 * The platform's size budget, checked on the built apps (sizes are not noisy, so this is
 * a test; speed is measured in `npm run bench`): what an app loads before its first
 * screen, gzipped. The kiosk draws its language screen from a small first script and
 * loads the rest behind it (kiosk/KioskStart.tsx): at most 60 KB. The other apps: 80 KB.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, initialJs } from './support/bundleSize.ts';

/** Bound per app, KB gzipped (issue 13). */
const BUDGET_KB: Readonly<Record<string, number>> = { kiosk: 60, counter: 80, display: 80, admin: 80, t: 80 };

for (const [app, bound] of Object.entries(BUDGET_KB)) {
  test(`${app}: initial JavaScript is at most ${bound} KB gzipped`, () => {
    const size = initialJs(app);
    const kb = size.gzip / 1024;
    const detail = size.files.map((f) => `${f.path} ${(f.gzip / 1024).toFixed(1)} KB`).join(', ');
    console.log(`/${app}/: ${kb.toFixed(1)} KB gzipped in ${size.files.length} files (bound ${bound} KB)`);
    expect(kb, `initial JS of /${app}/: ${detail}`).toBeLessThanOrEqual(bound);
  });
}

test('the kiosk loads the six other languages and the QR encoder only when needed', () => {
  const text = initialJs('kiosk').files.map((f) => readFileSync(join(DIST, f.path.replace(/^\//, '')), 'utf8')).join('\n');
  const hindi = JSON.parse(readFileSync(join(import.meta.dirname, '../../shared/i18n/locales/hi/kiosk.json'), 'utf8')) as { chooseLanguage: string };
  const arabic = JSON.parse(readFileSync(join(import.meta.dirname, '../../shared/i18n/locales/ar/kiosk.json'), 'utf8')) as { chooseLanguage: string };
  expect(text).toContain(arabic.chooseLanguage);
  expect(text).not.toContain(hindi.chooseLanguage);
  expect(text).not.toContain('No input text'); // the qrcode package's own message
});

test("the kiosk's first script draws the language screen without the database, the machines or i18next", () => {
  const text = initialJs('kiosk').files.map((f) => readFileSync(join(DIST, f.path.replace(/^\//, '')), 'utf8')).join('\n');
  expect(text).not.toContain('IndexedDB API missing'); // Dexie's own messages
  expect(text).not.toContain('xstate.init'); // XState's first event
  expect(text).not.toContain('i18next:'); // i18next's logger prefix
});
