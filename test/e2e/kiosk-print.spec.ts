/**
 * The printed ticket on an 80 mm thermal roll: in print media only the ticket is
 * visible, 74 mm wide (the printable width), the number on one line, the QR code drawn
 * and large enough to scan (at least 25 mm), and a PDF of it is one 80 mm wide page.
 * "Print again" prints it once more.
 */
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { expect, test } from './support/fixtures.ts';

const MM = 96 / 25.4; // CSS px per millimetre

test('the ticket prints on an 80 mm roll with its QR code, and can be printed again', async ({ admin, newDevice }) => {
  const { page } = await newDevice();
  await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
  const kiosk = new KioskPage(page);
  await kiosk.takeTicket({ language: 'English', section: "Men's section", service: 'Enquiries' });
  await expect.poll(() => kiosk.printCount()).toBe(1);
  await page.getByRole('button', { name: 'Print again' }).click();
  expect(await kiosk.printCount()).toBe(2);

  await page.emulateMedia({ media: 'print' });
  const ticket = page.getByTestId('ticket');
  const box = await ticket.boundingBox();
  expect(box?.width ?? 0).toBeCloseTo(74 * MM, 0);
  const number = await kiosk.ticketNumber.boundingBox();
  expect(number?.height ?? 0).toBeLessThan(30 * MM); // one line
  const qr = page.locator('.ticket__qr');
  await expect(qr).toBeVisible();
  await expect(qr).not.toHaveAttribute('data-loading', 'true');
  expect((await qr.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(25 * MM);
  // The short link under the QR code, for phones that cannot scan.
  await expect(page.getByTestId('ticket-link')).toHaveText(/\/t\/[2-9A-HJ-NP-Z]{10}$/);
  await expect(page.getByTestId('ticket-link')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print again' })).toBeHidden(); // only the ticket prints

  const pdf = await page.pdf({ preferCSSPageSize: true });
  const mediaBox = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  expect(Number(mediaBox?.[1])).toBeCloseTo((80 / 25.4) * 72, 0); // 80 mm in PDF points
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1); // the whole ticket on one page
});
