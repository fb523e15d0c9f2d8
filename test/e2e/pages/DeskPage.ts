/**
 * The transaction desk at the counter as an officer works it: begin a transaction, find
 * the person, take the resident's code, fill the form, accept the quote, take payment,
 * submit, then the decision and the receipt. Fields are found by the test ids the desk
 * gives them (their visible names change with the language, which the layout spec
 * switches in the middle of a step); what a person reads is checked by its words.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** How long a decision may take to come back from the store by sync. */
const DECISION_MS = 30_000;

export class DeskPage {
  constructor(readonly page: Page) {}

  private id(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** The desk itself; its `data-step` names the transaction's step (e.g. "form"). */
  get root(): Locator {
    return this.id('desk');
  }

  /** The desk's title for a service, by its English name (e.g. "Renew an iqama"). */
  title(service: string): Locator {
    return this.page.getByRole('heading', { name: `Transaction: ${service}` });
  }

  async begin(): Promise<void> {
    await this.id('begin-transaction').click();
    await expect(this.root).toBeVisible();
  }

  async expectStep(step: string, timeout?: number): Promise<void> {
    await expect(this.root).toHaveAttribute('data-step', step, timeout === undefined ? {} : { timeout });
  }

  get resumedNote(): Locator {
    return this.page.getByText('The transaction was restored where it was left.');
  }

  // ---- the person ---------------------------------------------------------------------

  get idNumber(): Locator {
    return this.id('desk-id-number');
  }

  /** Types the iqama or border number and looks the person up (Enter, as at the counter). */
  async identify(idNumber: string): Promise<void> {
    await this.idNumber.fill(idNumber);
    await this.page.keyboard.press('Enter');
  }

  /** Searches by name and picks the match with this number. */
  async findByName(name: string, idNumber: string): Promise<void> {
    await this.id('desk-name').fill(name);
    await this.id('desk-search').click();
    await this.id('desk-matches').getByRole('button', { name: new RegExp(idNumber) }).click();
    await expect(this.personNumber).toHaveText(idNumber);
  }

  get personNumber(): Locator {
    return this.id('person-number');
  }

  get personCard(): Locator {
    return this.id('person-card');
  }

  get code(): Locator {
    return this.id('desk-code');
  }

  /** Types the code the resident reads out and checks it (Enter). */
  async enterCode(code: string): Promise<void> {
    await this.code.fill(code);
    await this.page.keyboard.press('Enter');
  }

  // ---- form, quote, payment, review ---------------------------------------------------

  get months(): Locator {
    return this.id('desk-months');
  }

  get shortAddress(): Locator {
    return this.id('desk-short-address');
  }

  get continueButton(): Locator {
    return this.id('desk-continue');
  }

  async continue(): Promise<void> {
    await this.continueButton.click();
  }

  /** The rules' reasons for refusing what the form asked. */
  get failures(): Locator {
    return this.id('desk-failures');
  }

  async back(): Promise<void> {
    await this.id('desk-back').click();
  }

  get fees(): Locator {
    return this.id('desk-fees');
  }

  get total(): Locator {
    return this.id('desk-total');
  }

  get acceptButton(): Locator {
    return this.id('desk-accept');
  }

  async accept(): Promise<void> {
    await this.acceptButton.click();
  }

  get paidButton(): Locator {
    return this.id('desk-paid');
  }

  /** Takes payment (by card unless the form says otherwise), with the terminal's reference if given. */
  async pay(reference?: string): Promise<void> {
    if (reference !== undefined) await this.id('desk-payment-reference').fill(reference);
    await this.paidButton.click();
  }

  get submitButton(): Locator {
    return this.id('desk-submit');
  }

  async submit(): Promise<void> {
    await this.submitButton.click();
  }

  // ---- the decision -------------------------------------------------------------------

  /** "Waiting for the central store's decision…" (and, offline, that it will be sent). */
  get waiting(): Locator {
    return this.id('desk-waiting');
  }

  get completed(): Locator {
    return this.id('desk-completed');
  }

  get rejected(): Locator {
    return this.id('desk-rejected');
  }

  async expectCompleted(): Promise<void> {
    await expect(this.completed).toBeVisible({ timeout: DECISION_MS });
  }

  async expectRejected(): Promise<void> {
    await expect(this.rejected).toBeVisible({ timeout: DECISION_MS });
  }

  /** What the transaction produced (a new expiry, a visa number). */
  get outcome(): Locator {
    return this.id('desk-outcome');
  }

  get recordChanged(): Locator {
    return this.id('desk-record-changed');
  }

  get receiptButton(): Locator {
    return this.id('desk-receipt');
  }

  get receipt(): Locator {
    return this.id('receipt');
  }

  get receiptCode(): Locator {
    return this.id('receipt-code');
  }

  /** Shows (and prints) the receipt; returns its verification code. */
  async printReceipt(): Promise<string> {
    await this.receiptButton.click();
    await expect(this.receiptCode).toHaveText(/^[2-9A-HJ-NP-Z]{12}$/);
    return (await this.receiptCode.textContent()) ?? '';
  }

  /** Puts the printed iqama into a postal parcel: a parcel.add transaction for the same person. */
  async parcel(): Promise<void> {
    await this.id('desk-parcel').click();
  }

  async finish(): Promise<void> {
    await this.id('desk-finish').click();
  }

  /** Cancels the transaction with a reason. */
  async cancel(reason: string): Promise<void> {
    await this.id('desk-cancel').click();
    await this.id('desk-cancel-reason').fill(reason);
    await this.id('desk-cancel-confirm').click();
  }
}
