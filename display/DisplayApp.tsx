/**
 * The waiting-area board: once enrolled and set up (which section it shows), it shows
 * the calls. Set-up is asked for on first start and reachable later from a small
 * settings button; the choice stays in this browser.
 */
import { useMemo, useState } from 'preact/hooks';
import { DeviceShell, type Device } from '../shared/ui/DeviceShell.tsx';
import { outboxIsEmpty } from '../shared/device/bootstrap.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import type { ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { UpdatePrompt } from '../shared/ui/UpdatePrompt.tsx';
import { LoadingScreen } from '../shared/ui/LoadingScreen.tsx';
import { useLazy } from '../shared/ui/useLazy.ts';
import { createAnnouncer } from './announce.ts';
import type { BoardSetupProps } from './BoardSetup.tsx';
import { loadBoardSettings, saveBoardSettings, type BoardSettings } from './boardSettings.ts';
import { CallBoard } from './CallBoard.tsx';

export function DisplayApp({ sw }: { sw: ServiceWorkerHandle | null }) {
  return <DeviceShell role="display">{(device) => <DisplayScreen device={device} sw={sw} />}</DeviceShell>;
}

function DisplayScreen({ device, sw }: { device: Device; sw: ServiceWorkerHandle | null }) {
  const [settings, setSettings] = useState<BoardSettings | null>(loadBoardSettings);
  const [editing, setEditing] = useState(false);
  const { i18n } = useI18n();
  const t = useT('common');
  const announcer = useMemo(createAnnouncer, []);
  announcer.setMuted(!(settings?.sound ?? true));

  const update = <UpdatePrompt sw={sw} canUpdate={() => outboxIsEmpty(device.db)} autoApply />;

  // Set-up is needed once per board (and when staff open it): its own chunk, precached.
  const setUp = !settings || editing;
  const BoardSetup = useLazy<BoardSetupProps>(setUp, () => import('./BoardSetup.tsx').then((m) => m.BoardSetup));

  if (setUp) {
    if (!BoardSetup) return <LoadingScreen text={t('loading')} />;
    return (
      <>
        <BoardSetup
          identity={device.identity}
          initial={settings}
          announcer={announcer}
          onSave={(next) => {
            saveBoardSettings(next);
            // The second language is its own chunk: the board is drawn once its words are here.
            void i18n.loadLanguages(next.secondLanguage).then(() => {
              setSettings(next);
              setEditing(false);
            });
          }}
        />
        {update}
      </>
    );
  }
  return (
    <>
      <CallBoard
        key={`${settings.sectionId}:${settings.secondLanguage}`}
        device={device}
        settings={settings}
        announcer={announcer}
        onOpenSettings={() => setEditing(true)}
      />
      {update}
    </>
  );
}
