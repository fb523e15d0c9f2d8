/**
 * Server error codes in the supervisor's language: a known code gets its translation,
 * an unknown one the server's own message, never a bare "error".
 */
import type { Translate } from '../shared/ui/I18nProvider.tsx';
import { AdminApiError } from './adminApi.ts';

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof AdminApiError) {
    const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
    const seconds = typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 0;
    return t(`errors.${error.code}`, { count: seconds, defaultValue: error.message || t('errors.unexpected') });
  }
  return t('errors.unexpected');
}

/** The same, trying the adminConfig namespace (`tc`) first: codes of the settings and accounts screens. */
export function consoleErrorText(t: Translate, tc: Translate, error: unknown): string {
  const code = error instanceof AdminApiError ? error.code : 'unexpected';
  return tc(`errors.${code}`, { defaultValue: errorText(t, error) });
}
