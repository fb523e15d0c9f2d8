/**
 * The counter terminal (built by the counter team) as an officer uses it: sign in with
 * badge, PIN and counter, then call, start and complete tickets. Names follow the
 * counter's English UI.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class CounterPage {
  constructor(readonly page: Page) {}

  async signIn(badge: string, pin: string, counterId: number): Promise<void> {
    // The sign-in screen always offers both languages (isVisible would not wait for it to render).
    await this.page.getByRole('button', { name: 'English' }).click();
    await this.page.getByLabel('Badge number').fill(badge);
    await this.page.getByLabel('PIN').fill(pin);
    await this.page.getByLabel('Counter').selectOption(String(counterId));
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.button('Call next')).toBeVisible();
  }

  button(name: 'Call next' | 'Recall' | 'Start' | 'Complete' | 'No-show'): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get currentTicket(): Locator {
    return this.page.getByTestId('current-ticket');
  }

  async callNext(): Promise<string> {
    await this.button('Call next').click();
    await expect(this.currentTicket).toHaveText(/[A-Z]\d{1,2}-\d{3}/);
    return (await this.currentTicket.textContent())?.trim() ?? '';
  }

  /** A ticket number in the counter's "next in line" list (it has reached this device). */
  queued(number: string): Locator {
    return this.page.getByRole('listitem').filter({ hasText: number });
  }

  /**
   * Calls until `number` is called, marking earlier tickets (left by other tests on the
   * shared server) as no-shows, the way an officer clears a queue.
   */
  async callUntil(number: string, max = 30): Promise<void> {
    for (let i = 0; i < max; i++) {
      const current = await this.callNext();
      if (current === number) return;
      await this.button('No-show').click();
      await expect(this.button('Call next')).toBeEnabled();
    }
    throw new Error(`ticket ${number} was not called within ${max} calls`);
  }

  async start(): Promise<void> {
    await this.button('Start').click();
    await expect(this.button('Complete')).toBeEnabled();
  }

  async complete(): Promise<void> {
    await this.button('Complete').click();
  }
}
