/**
 * Settings: the office configuration in five parts, each its own form saved on its own
 * (sections and counters, services and fees, opening hours, targets with the pilot and
 * its baseline, other settings). After a save the configuration is read again, so every
 * form shows what the store now holds; devices get it with their next update.
 */
import { useRef, useState } from 'preact/hooks';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import type { ConfigAnswer } from '../../../shared/api/adminTypes.ts';
import { useReadOnly } from '../../consoleScope.ts';
import { useAdminData } from '../../useAdminData.ts';
import { DataState } from '../DataState.tsx';
import { CountersForm } from './CountersForm.tsx';
import { HoursForm } from './HoursForm.tsx';
import { OtherSettingsForm } from './OtherSettingsForm.tsx';
import { SectionsForm } from './SectionsForm.tsx';
import { ServicesForm } from './ServicesForm.tsx';
import { TargetsForm } from './TargetsForm.tsx';
import './settings.css';

const SUBSECTIONS = ['layout', 'services', 'hours', 'targets', 'other'] as const;
type Subsection = (typeof SUBSECTIONS)[number];

export function SettingsView({ api }: { api: AdminApi }) {
  const tc = useT('adminConfig');
  const readOnly = useReadOnly();
  const config = useAdminData(() => api.config());
  const [shown, setShown] = useState<Subsection>('layout');
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);

  const onSaved = (answer: ConfigAnswer): void => {
    setNotice(answer.changed === false ? tc('unchanged') : tc('saved', { version: answer.configVersion }));
    config.reload();
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const data = config.data;
  const props = data ? { api, config: data.config, onSaved } : null;
  return (
    <div class="settings">
      {readOnly && <p class="banner">{tc('office.readOnly')}</p>}
      <nav class="settings__nav" aria-label={tc('settings.label')}>
        {SUBSECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            class="button"
            aria-pressed={s === shown}
            onClick={() => {
              setShown(s);
              setNotice(null);
            }}
          >
            {tc(`settings.parts.${s}`)}
          </button>
        ))}
      </nav>
      <p ref={noticeRef} tabIndex={-1} class="settings__notice" role="status">
        {notice}
      </p>
      <DataState state={config} updatedLabel={data ? tc('settings.version', { version: data.configVersion }) : null}>
        {/* Keyed by the version read, so after a save every form starts again from the store's copy. */}
        {props && data && (
          <div class="settings__forms" key={`${shown}-${data.configVersion}`}>
            {shown === 'layout' && (
              <>
                <SectionsForm {...props} />
                <CountersForm {...props} />
              </>
            )}
            {shown === 'services' && <ServicesForm {...props} />}
            {shown === 'hours' && <HoursForm {...props} />}
            {shown === 'targets' && <TargetsForm {...props} />}
            {shown === 'other' && <OtherSettingsForm {...props} />}
          </div>
        )}
      </DataState>
    </div>
  );
}
