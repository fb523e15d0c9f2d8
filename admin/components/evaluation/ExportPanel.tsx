/**
 * Downloads of the slice for a spreadsheet: tickets, transactions and the figures, as
 * CSV in UTF-8 with a byte-order mark (so Excel keeps Arabic intact), headings in the
 * supervisor's language, and the column dictionary that says what each column means.
 * The token travels in a header, so the file is fetched and then saved from memory.
 */
import { useState } from 'preact/hooks';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import { errorText } from '../../adminErrors.ts';
import type { ExportKind, MetricsFilter } from '../../../shared/api/metricsTypes.ts';

const KINDS: readonly ExportKind[] = ['tickets', 'transactions', 'figures', 'dictionary'];

export function ExportPanel({ api, filter }: { api: AdminApi; filter: Partial<MetricsFilter> }) {
  const t = useT('pilot');
  const ta = useT('admin');
  const { language } = useI18n();
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = async (kind: ExportKind): Promise<void> => {
    setBusy(kind);
    setError(null);
    try {
      const blob = await api.exportCsv(kind, filter, language);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `jawazat-${kind}-${filter.from ?? 'pilot'}-${filter.to ?? 'today'}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorText(ta, err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="panel no-print" aria-labelledby="export-title" data-testid="export">
      <h2 id="export-title">{t('export.title')}</h2>
      <p>{t('export.intro')}</p>
      <div class="actions-cell__buttons">
        {KINDS.map((kind) => (
          <button key={kind} type="button" class="button" disabled={busy !== null} aria-busy={busy === kind} onClick={() => void download(kind)}>
            {busy === kind ? t('export.working') : t(`export.${kind}`)}
          </button>
        ))}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
