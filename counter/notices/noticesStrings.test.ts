/** The notices panel speaks Arabic and English: every word it asks for is in both, refusals included. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPIRY_BUCKETS, NOTICE_EVENT_TYPES, VISA_STATES } from '../../shared/domain/establishmentNotices.ts';

const here = import.meta.dirname;
const locale = (lang: string) => JSON.parse(readFileSync(join(here, `../../shared/i18n/locales/${lang}/transaction.json`), 'utf8')) as Record<string, unknown>;
const sources = ['NoticesPanel.tsx', 'NoticesReportView.tsx'].map((f) => readFileSync(join(here, f), 'utf8')).join('\n');

/** Keys written out in the components, and those they build from the shared lists and the codes the store and machine give. */
const keys = [
  ...[...sources.matchAll(/t\('((?:notices|code|problems)\.[A-Za-z0-9_.]+)'/g)].map((m) => m[1] ?? ''),
  ...NOTICE_EVENT_TYPES.map((e) => `notices.events.${e}`),
  ...EXPIRY_BUCKETS.map((b) => `notices.report.buckets.${b}`),
  ...VISA_STATES.map((s) => `notices.report.visaStates.${s}`),
  ...['unpaidViolations', 'iqamaExpired', 'notReturned'].map((k) => `notices.report.kinds.${k}`),
  ...['iqama', 'passport'].map((d) => `notices.report.${d}`),
  ...['notSponsored', 'unknown', 'numbers'].map((k) => `notices.numbers.${k}`),
  ...[
    // the machine's own
    'invalid_establishment', 'code_format', 'invalid_subscription_number', 'nothing_changed', 'security_code_needed', 'offline',
    // the store's (routes/securityCodes.ts, routes/counterEstablishments.ts, establishments/subscriptions.ts)
    'establishment_unknown', 'no_registered_mobile', 'code_wrong', 'code_locked', 'code_expired', 'code_used', 'code_unknown', 'codes_per_person',
    'codes_per_counter', 'not_sponsored', 'person_unknown', 'not_subscribed', 'duplicate_number', 'no_contact', 'invalid_request',
  ].map((c) => `notices.problems.${c}`),
];

function has(tree: Record<string, unknown>, key: string): boolean {
  const parts = key.split('.');
  const last = parts.pop() ?? '';
  let node: unknown = tree;
  for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
  const leaf = node as Record<string, unknown> | undefined;
  return typeof leaf?.[last] === 'string' || typeof leaf?.[`${last}_other`] === 'string';
}

describe('notices panel words', () => {
  it.each(['ar', 'en'])('are all in %s', (lang) => {
    expect(keys.length).toBeGreaterThan(60);
    const tree = locale(lang);
    expect(keys.filter((k) => !has(tree, k))).toEqual([]);
  });
});
