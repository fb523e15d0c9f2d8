/**
 * The supervisor console (/admin/) as a person uses it: sign in, pick a view from the
 * navigation, read figures by their labels, set the evaluation's filters.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type ConsoleView = 'floor' | 'evaluation' | 'scorecard' | 'appointments' | 'devices' | 'officers' | 'rejections' | 'messages' | 'settings' | 'audit';

export class ConsolePage {
  constructor(readonly page: Page) {}

  /** Opens the console in `language` and signs in. */
  async signIn(language: 'ar' | 'en', username = 'supervisor', password = 'pilot-2026'): Promise<void> {
    await this.page.goto('/admin/');
    await this.page.evaluate((l) => localStorage.setItem('jawazat.admin.language', l), language);
    await this.page.reload();
    await this.page.locator('#console-username').fill(username);
    await this.page.locator('#console-password').fill(password);
    await this.page.keyboard.press('Enter');
    await expect(this.page.locator('.console__nav')).toBeVisible();
  }

  async open(view: ConsoleView): Promise<void> {
    await this.page.locator(`.console__nav a[href="#${view}"]`).click();
    await expect(this.page.locator('.console__nav [aria-current="page"]')).toHaveAttribute('href', `#${view}`);
  }

  /** The value shown on the figure card labelled `label`. */
  figure(label: string | RegExp): Locator {
    return this.page.locator('.figure-card').filter({ has: this.page.locator('dt', { hasText: label }) }).locator('dd').first();
  }

  get evaluation(): Locator {
    return this.page.getByTestId('evaluation');
  }

  async filterShift(shift: 'morning' | 'evening' | ''): Promise<void> {
    await this.page.locator('#filter-shift').selectOption(shift);
    await this.page.getByTestId('filters').locator('button[type=submit]').click();
  }

  /** The console's session token (the API calls a test makes as this supervisor). */
  token(): Promise<string> {
    return this.page.evaluate(() => (JSON.parse(sessionStorage.getItem('jawazat.admin.session') ?? '{}') as { token: string }).token);
  }
}
