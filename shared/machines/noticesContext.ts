/**
 * What the notices machine (noticesMachine.ts) asks the store with, and when a visit has
 * it, as plain functions: a code for the establishment typed, the digits typed for the
 * code sent, and the establishment opened by that code. Each way into a call is guarded
 * by the matching check, and each builder throws rather than send a made-up '' or {}.
 */
import { changeSet, type NoticesChange } from '../domain/establishmentNotices.ts';
import type { NoticesContext } from './noticesMachine.ts';
import type { SentCode } from './transactionTypes.ts';

/** What opens the establishment on the store: its number and the verified code's id. */
export interface Opened {
  readonly establishmentId: string;
  readonly codeId: string;
}

export const identified = (c: NoticesContext): c is NoticesContext & { readonly establishmentId: string } => c.establishmentId !== null;

/** What `code.sending` asks for: a code to the typed establishment's registered mobile. */
export function codeRequest(c: NoticesContext): { establishmentId: string; transactionId: string } {
  if (!identified(c)) throw new Error('notices machine: a code asked for without an establishment');
  return { establishmentId: c.establishmentId, transactionId: c.visitId };
}

export const codeEntered = (c: NoticesContext): c is NoticesContext & { readonly code: SentCode; readonly enteredCode: string } =>
  c.code !== null && c.enteredCode !== null;

/** What `code.checking` asks the store: the digits typed for the code that was sent. */
export function codeCheck(c: NoticesContext): { codeId: string; code: string } {
  if (!codeEntered(c)) throw new Error('notices machine: a code checked without one sent and typed');
  return { codeId: c.code.codeId, code: c.enteredCode };
}

export const isOpen = (c: NoticesContext): c is NoticesContext & { readonly establishmentId: string; readonly openedWith: string } =>
  c.establishmentId !== null && c.openedWith !== null;

/** The establishment as opened by the code (for loading, saving and its report). */
export function opened(c: NoticesContext): Opened {
  if (!isOpen(c)) throw new Error('notices machine: the establishment used without being opened');
  return { establishmentId: c.establishmentId, codeId: c.openedWith };
}

/** The draft's changes to what the store has, or null when there are none (or nothing loaded). */
export const changeOf = (c: NoticesContext): NoticesChange | null => (c.saved && c.draft && changeSet(c.saved, c.draft)) ?? null;

/** What `open.saving` writes: the opened establishment and the draft's changes (guarded by `changed`: never an empty change). */
export function saveInput(c: NoticesContext): Opened & { change: NoticesChange } {
  const change = changeOf(c);
  if (change === null) throw new Error('notices machine: saving without a change');
  return { ...opened(c), change };
}
