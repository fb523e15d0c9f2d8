/**
 * Tells the person at the device when local storage fails (disk full, IndexedDB
 * connection lost) and that nothing was lost: writes are retried, never dropped.
 */
import { useEffect, useState } from 'preact/hooks';
import type { StorageProblem } from '../db/index.ts';
import { subscribeStorageProblem } from '../device/bootstrap.ts';
import { useT } from './I18nProvider.tsx';

export function StorageBanner() {
  const t = useT('common');
  const [problem, setProblem] = useState<StorageProblem | null>(null);
  useEffect(() => subscribeStorageProblem(setProblem), []);
  if (!problem) return null;
  return (
    <div class="banner banner--warning" role="alert">
      {t(`storage.${problem}`)}
    </div>
  );
}
