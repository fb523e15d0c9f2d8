/**
 * The resident's phone page behind the QR code (/t/<code>).
 */
import type { Locator, Page } from '@playwright/test';

export class TicketStatusPage {
  constructor(readonly page: Page) {}

  async open(publicCode: string): Promise<void> {
    await this.page.goto(`/t/${publicCode}`);
  }

  get number(): Locator {
    return this.page.getByTestId('status-number');
  }

  get status(): Locator {
    return this.page.getByTestId('status-text');
  }

  get lastUpdated(): Locator {
    return this.page.getByTestId('last-updated');
  }

  get languageSelect(): Locator {
    return this.page.getByRole('combobox', { name: 'Language' });
  }
}
