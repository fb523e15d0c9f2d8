/**
 * The board's second language is its own chunk (only Arabic and English come with the
 * board's first download): chosen at set-up, it is there when the board is drawn, and
 * again after a reload, before the first frame of the board.
 */
import { EnrollPage } from './pages/EnrollPage.ts';
import { DisplayPage } from './pages/DisplayPage.ts';
import { expect, test } from './support/fixtures.ts';

test('a board set up with Urdu shows Urdu beside Arabic, also right after a reload', async ({ admin, newDevice }) => {
  const { page } = await newDevice();
  await new EnrollPage(page).enroll('display', (await admin.createEnrollment('display')).code);
  const board = new DisplayPage(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Second language').selectOption({ label: 'اردو' });
  await page.getByRole('button', { name: 'Show board' }).click();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('اب بلایا جا رہا ہے');

  // After a reload the first board drawn already has its Urdu: no English in the meantime.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as Window & { __headings?: string[] }).__headings = seen;
    new MutationObserver(() => {
      const h1 = document.querySelector('h1');
      if (h1?.textContent) seen.push(h1.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.reload();
  await expect(heading).toContainText('اب بلایا جا رہا ہے');
  const headings = await page.evaluate(() => (window as Window & { __headings?: string[] }).__headings ?? []);
  expect(headings.filter((h) => h.includes('Now calling'))).toEqual([]);
  await expect(board.board).toHaveCount(0); // the English heading of DisplayPage is not there
});
