/**
 * The enrolment screen every device app shows first: open the app with `?enroll=CODE`,
 * switch the staff language to English, confirm the office and continue.
 */
import { expect, type Page } from '@playwright/test';

export class EnrollPage {
  constructor(private readonly page: Page) {}

  get doneHeading() {
    return this.page.getByRole('heading', { name: 'This device is set up' });
  }

  /** Opens `/<app>/?enroll=<code>` and finishes the enrolment. */
  async enroll(app: 'kiosk' | 'counter' | 'display', code: string): Promise<void> {
    await this.page.goto(`/${app}/?enroll=${code}`);
    await this.page.getByRole('button', { name: 'English' }).click();
    await expect(this.doneHeading).toBeVisible();
    await expect(this.page).not.toHaveURL(/enroll=/);
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }
}
