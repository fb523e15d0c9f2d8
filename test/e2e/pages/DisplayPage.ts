/**
 * The waiting-area board: set it up once (section), then read the newest call and the
 * list of earlier calls.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class DisplayPage {
  constructor(readonly page: Page) {}

  async setUp(section = 'All sections'): Promise<void> {
    await this.page.getByRole('button', { name: 'English' }).click();
    await this.page.getByRole('radio', { name: section, exact: true }).check();
    await this.page.getByRole('button', { name: 'Show board' }).click();
    await expect(this.board).toBeVisible();
  }

  get board(): Locator {
    return this.page.getByRole('heading', { level: 1, name: /Now calling/ });
  }

  get latestCall(): Locator {
    return this.page.getByTestId('latest-call');
  }

  get latestCounter(): Locator {
    return this.page.getByTestId('latest-counter');
  }

  get recentCalls(): Locator {
    return this.page.getByTestId('recent-call');
  }

  async expectLatestCall(number: string, counter: number): Promise<void> {
    await expect(this.latestCall).toContainText(number);
    await expect(this.latestCounter).toHaveText(String(counter));
  }
}
