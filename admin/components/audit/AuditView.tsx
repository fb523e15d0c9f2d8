/**
 * The audit log: who looked up which person, who changed which setting, sign-ins,
 * enrollments, revocations. Filters by office days, kind of action and actor; newest
 * first, with older entries a page at a time. Actions are named in the reader's language
 * and their details summarised (a setting's change as "before → after").
 */
import { useState } from 'preact/hooks';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import { consoleErrorText } from '../../adminErrors.ts';
import type { AuditEntry, AuditQuery } from '../../../shared/api/adminTypes.ts';
import { auditDetails } from './auditDetails.ts';
import '../settings/settings.css';
import { useMountEffect } from '../../../shared/ui/useLatest.ts';

/** Kinds of action the filter offers, as the API's action names and prefixes. */
export const AUDIT_KINDS: Readonly<Record<string, string>> = {
  signIns: 'supervisor.signedIn,supervisor.signedOut,officer.signedIn,officer.signedOut,officer.unlockedTerminal,signIn.',
  lookups: 'person.',
  config: 'config.',
  officers: 'officer.created,officer.pinReset,officer.deactivated,officer.reactivated,officer.unlocked,officer.sessionsEnded',
  devices: 'device.,enrollment.',
  appointments: 'appointment.',
};

interface Filters {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly actor: string;
}

const NO_FILTERS: Filters = { from: '', to: '', kind: '', actor: '' };
const PAGE = 50;

function queryOf(f: Filters, before?: number): AuditQuery {
  return { from: f.from, to: f.to, actor: f.actor.trim(), action: AUDIT_KINDS[f.kind] ?? '', limit: PAGE, ...(before ? { before } : {}) };
}

export function AuditView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const { language } = useI18n();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [entries, setEntries] = useState<readonly AuditEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (filters: Filters, before?: number): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const page = await api.audit(queryOf(filters, before));
      setEntries((shown) => (before && shown ? [...shown, ...page.entries] : page.entries));
      setNext(page.nextBefore);
      setApplied(filters);
    } catch (err) {
      setError(consoleErrorText(t, tc, err));
    } finally {
      setBusy(false);
    }
  };
  useMountEffect(() => void load(NO_FILTERS));

  const when = (ms: number): string =>
    new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn-ca-gregory' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' }).format(ms);
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));

  return (
    <>
      <section class="panel" aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title">{tc('audit.filters')}</h2>
        <form
          class="audit-filters"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void load(draft);
          }}
        >
          <div class="field">
            <label class="field__label" for="audit-from">
              {tc('audit.from')}
            </label>
            <input id="audit-from" class="input" type="date" dir="ltr" value={draft.from} onInput={set('from')} />
          </div>
          <div class="field">
            <label class="field__label" for="audit-to">
              {tc('audit.to')}
            </label>
            <input id="audit-to" class="input" type="date" dir="ltr" value={draft.to} min={draft.from || undefined} onInput={set('to')} />
          </div>
          <div class="field">
            <label class="field__label" for="audit-kind">
              {tc('audit.kind')}
            </label>
            <select id="audit-kind" class="input" value={draft.kind} onChange={set('kind')}>
              <option value="">{tc('audit.kinds.all')}</option>
              {Object.keys(AUDIT_KINDS).map((k) => (
                <option key={k} value={k}>
                  {tc(`audit.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label class="field__label" for="audit-actor">
              {tc('audit.actor')}
            </label>
            <input id="audit-actor" class="input" dir="ltr" value={draft.actor} placeholder={tc('audit.actorHint')} onInput={set('actor')} />
          </div>
          <div class="audit-filters__actions">
            <button type="submit" class="button button--primary" disabled={busy}>
              {tc('audit.show')}
            </button>
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => {
                setDraft(NO_FILTERS);
                void load(NO_FILTERS);
              }}
            >
              {tc('audit.clear')}
            </button>
          </div>
        </form>
      </section>
      <section class="panel" aria-labelledby="audit-list-title" aria-busy={busy}>
        <h2 id="audit-list-title">{tc('audit.entries')}</h2>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {entries === null && busy && <p>{t('loading')}</p>}
        {entries && entries.length === 0 && <p>{tc('audit.none')}</p>}
        {entries && entries.length > 0 && (
          <table class="table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">{tc('audit.time')}</th>
                <th scope="col">{tc('audit.who')}</th>
                <th scope="col">{tc('audit.action')}</th>
                <th scope="col">{tc('audit.subject')}</th>
                <th scope="col">{tc('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.auditId}>
                  <td>
                    <span class="ltr">{when(e.at)}</span>
                  </td>
                  <td>
                    {tc(`audit.actorKinds.${e.actorKind}`)} <span class="ltr">{e.actorId}</span>
                  </td>
                  <th scope="row">{tc(`audit.actions.${e.action}`, { defaultValue: e.action })}</th>
                  <td>
                    <span class="ltr">{e.subject ?? '—'}</span>
                  </td>
                  <td>
                    <ul class="audit-details">
                      {auditDetails(e, tc).map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next !== null && (
          <button type="button" class="button" disabled={busy} onClick={() => void load(applied, next)}>
            {busy ? t('working') : tc('audit.older')}
          </button>
        )}
      </section>
    </>
  );
}
