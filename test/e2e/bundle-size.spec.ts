/**
 * The platform's size budget, checked on the built apps (sizes are not noisy, so this is
 * a test; speed is measured in `npm run bench`): what the kiosk loads before its first
 * screen, gzipped, stays within 100 KB. The other apps are held to the same line.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, initialJs } from './support/bundleSize.ts';

const BUDGET_KB = 100;

for (const app of ['kiosk', 'counter', 'display', 'admin', 't']) {
  test(`${app}: initial JavaScript is at most ${BUDGET_KB} KB gzipped`, () => {
    const size = initialJs(app);
    const detail = size.files.map((f) => `${f.path} ${(f.gzip / 1024).toFixed(1)} KB`).join(', ');
    expect(size.gzip / 1024, `initial JS of /${app}/: ${detail}`).toBeLessThanOrEqual(BUDGET_KB);
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
