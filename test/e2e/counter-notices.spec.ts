/**
 * An establishment's representative at the counter (issue 11): the officer opens
 * "Establishment notifications (Ishaar)", a one-time code goes to the establishment's
 * registered mobile, and only after it the subscriptions can be read and changed: a number
 * the establishment does not sponsor is refused by name and nothing is saved; without it
 * the change is saved. The report prints in the officer's language, dates written out.
 */
import { generateRegistry, DEFAULT_REGISTRY } from '../../server/registry/generate.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { expect, test } from './support/fixtures.ts';

const registry = generateRegistry({ ...DEFAULT_REGISTRY, today: new Date().toISOString().slice(0, 10) });

test('a representative manages the establishment\'s notices after the one-time code, and gets its report', async ({ admin, newDevice, server }) => {
  test.setTimeout(120_000);
  const sponsored = (id: string) => registry.residents.filter((r) => r.sponsor.kind === 'establishment' && r.sponsor.establishmentId === id);
  // The last establishment with a mobile and people: no other spec subscribes for it.
  const est = [...registry.establishments].reverse().find((e) => e.contact && sponsored(e.establishmentId).length >= 2);
  if (!est?.contact) throw new Error('the registry has an establishment with a mobile and people');
  const [worker] = sponsored(est.establishmentId);
  const stranger = registry.residents.find((r) => r.sponsor.kind === 'person');
  if (!worker || !stranger) throw new Error('the registry has a worker and someone else\'s dependant');

  const { page } = await newDevice();
  await page.setViewportSize({ width: 1366, height: 768 });
  await new EnrollPage(page).enroll('counter', (await admin.createEnrollment('counter')).code);
  const desk = new CounterPage(page);
  await desk.signIn('1002', '1234', 2);
  const panel = page.getByTestId('notices-panel');

  await test.step('the code goes to the establishment\'s registered mobile, shown by its last two digits only', async () => {
    await page.getByTestId('open-notices').click();
    await expect(panel.getByRole('heading', { name: 'Establishment notifications (Ishaar)' })).toBeVisible();
    await expect(page.getByTestId('notices-list')).toHaveCount(0);
    await page.getByTestId('notices-establishment').fill(est.establishmentId);
    await page.getByTestId('notices-send-code').click();
    await expect(page.getByTestId('notices-code-sent')).toContainText(`••${est.contact?.mobile.slice(-2)}`);
    await expect(page.getByTestId('notices-code-sent')).not.toContainText(est.contact?.mobile ?? '');
  });

  await test.step('a wrong code opens nothing; the right one opens the list', async () => {
    const pattern = new RegExp(`\\[sms\\] to …${est.contact?.mobile.slice(-4)}: security code (\\d{6})`);
    let code = '';
    await expect.poll(() => (code = pattern.exec(server.output())?.[1] ?? '')).toMatch(/^\d{6}$/);
    await page.getByTestId('notices-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('notices-verify').click();
    await expect(page.getByTestId('notices-problem')).toBeVisible();
    await expect(page.getByTestId('notices-list')).toHaveCount(0);
    await page.getByTestId('notices-code').fill(code);
    await page.getByTestId('notices-verify').click();
    await expect(page.getByTestId('notices-mobile')).toBeVisible();
  });

  await test.step('a number the establishment does not sponsor is refused by name, and nothing is saved', async () => {
    await page.getByTestId('notices-mobile').fill('0551234567');
    for (const person of [worker, stranger]) {
      await page.getByTestId('notices-add-number').fill(person.idNumber);
      await page.getByTestId('notices-add').click();
    }
    await page.getByTestId('notices-save').click();
    await expect(page.getByTestId('notices-problem')).toContainText(`Not sponsored by this establishment: ${stranger.idNumber}`);
    await page.getByRole('button', { name: `Remove ${stranger.idNumber}` }).click();
    await page.getByTestId('notices-save').click();
    await expect(page.getByTestId('notices-saved')).toContainText('Saved: 1 added');
    await expect(page.getByTestId('notices-list')).toContainText(worker.idNumber);
    await expect(page.getByTestId('notices-list')).not.toContainText(stranger.idNumber);
  });

  await test.step('the report, in Arabic, with its dates written out', async () => {
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByTestId('notices-print').click();
    const report = page.getByTestId('notices-report');
    await expect(report).toBeVisible();
    await expect(report).not.toContainText(/\d{4}-\d{2}-\d{2}/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('notices-close').click().catch(() => {});
  });
});
