/**
 * A refusal's reason in words, apart from Rejections.tsx (which reads the device
 * database) so the console, which has no device database, can say it too without
 * downloading one.
 */
import type { RejectionReason } from '../sync/protocol.ts';
import type { Translate } from './I18nProvider.tsx';

/** A refusal's reason in the reader's language. */
export function rejectionText(t: Translate, reason: RejectionReason): string {
  const params: Record<string, unknown> = { ...(reason.params ?? {}) };
  if (typeof params.status === 'string') params.status = t(`status.${params.status}`, { defaultValue: params.status });
  return t(`reason.${reason.code}`, { ...params, defaultValue: reason.message });
}
