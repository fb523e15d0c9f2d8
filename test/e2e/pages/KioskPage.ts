/**
 * The kiosk as a resident uses it: language, section, service, then the ticket. Every
 * step is found by its visible name, the way a person finds it.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { readAll } from '../support/deviceData.ts';

export interface TicketChoice {
  readonly language?: string;
  readonly section?: string;
  /** The service group's visible name. */
  readonly service?: string;
  /** The catalogue id of the service within the group; the group's first by default. */
  readonly transaction?: string;
  /** An identity number to type; skipped by default. */
  readonly idNumber?: string;
}

export class KioskPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/kiosk/');
    await expect(this.languageButton('English')).toBeVisible();
  }

  languageButton(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get ticketNumber(): Locator {
    return this.page.getByTestId('ticket-number');
  }

  get peopleAhead(): Locator {
    return this.page.getByTestId('people-ahead');
  }

  get qrCode(): Locator {
    return this.page.getByRole('img', { name: /QR/ });
  }

  get offlineNote(): Locator {
    return this.page.getByText('No network right now. Tickets are saved and will be sent.');
  }

  /** People ahead as a number, from the English ticket text ("You are next" is 0). */
  async aheadCount(): Promise<number> {
    await expect(this.peopleAhead).toHaveText(/ahead of you|You are next/);
    const text = (await this.peopleAhead.textContent()) ?? '';
    return /You are next/.test(text) ? 0 : Number(/(\d+)/.exec(text)?.[1] ?? NaN);
  }

  async chooseLanguage(name: string): Promise<void> {
    await this.languageButton(name).click();
  }

  async chooseSection(name: string): Promise<void> {
    await this.page.getByRole('button', { name, exact: true }).click();
  }

  async chooseService(name: string): Promise<void> {
    await this.page.getByRole('button', { name }).click();
  }

  /** A service of the group on screen, by catalogue id (any language); the first by default. */
  async chooseTransaction(id?: string): Promise<void> {
    const choice = id ? this.page.locator(`.choice--catalog[data-service="${id}"]`) : this.page.locator('.choice--catalog').first();
    await choice.click();
  }

  /** The identity number screen, in any language: type a number and go on, or skip. */
  async giveNumber(idNumber?: string): Promise<void> {
    if (idNumber === undefined) {
      await this.page.getByTestId('skip-number').click();
      return;
    }
    await this.page.locator('#id-number').fill(idNumber);
    await this.page.getByTestId('submit-number').click();
  }

  get numberProblem(): Locator {
    return this.page.locator('#id-number-problem');
  }

  /** Takes a ticket and returns its number as printed. */
  async takeTicket({ language = 'English', section = "Men's section", service = 'Enquiries', transaction, idNumber }: TicketChoice = {}): Promise<string> {
    await this.chooseLanguage(language);
    await this.chooseSection(section);
    await this.chooseService(service);
    await this.chooseTransaction(transaction);
    await this.giveNumber(idNumber);
    await expect(this.ticketNumber).toBeVisible();
    return (await this.ticketNumber.textContent())?.trim() ?? '';
  }

  /**
   * The public code in the QR link of the ticket on screen, read from the page's data
   * (not the pixels). The kiosk also holds other kiosks' tickets: it is found by number.
   */
  async lastPublicCode(): Promise<string> {
    const number = (await this.ticketNumber.textContent())?.trim() ?? '';
    const rows = await readAll<{ publicCode: string; issuedAt: number; displayNumber: string }>(this.page, 'jawazat-kiosk', 'tickets');
    const mine = rows.filter((r) => r.displayNumber === number).sort((a, b) => b.issuedAt - a.issuedAt);
    return mine[0]?.publicCode ?? '';
  }

  async done(): Promise<void> {
    await this.page.getByRole('button', { name: 'Done' }).click();
    await expect(this.languageButton('English')).toBeVisible();
  }

  async printCount(): Promise<number> {
    return this.page.evaluate(() => (window as Window & { __prints?: number }).__prints ?? 0);
  }
}
