/**
 * The waiting-area board: once enrolled and set up (which section it shows), it shows
 * the calls. Set-up is asked for on first start and reachable later from a small
 * settings button; the choice stays in this browser.
 */
import { useMemo, useState } from 'preact/hooks';
import { DeviceShell, type Device } from '../shared/ui/DeviceShell.tsx';
import { outboxIsEmpty } from '../shared/ui/bootstrap.ts';
import type { ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { UpdatePrompt } from '../shared/ui/UpdatePrompt.tsx';
import { createAnnouncer } from './announce.ts';
import { BoardSetup } from './BoardSetup.tsx';
import { loadBoardSettings, saveBoardSettings, type BoardSettings } from './boardSettings.ts';
import { CallBoard } from './CallBoard.tsx';

export function DisplayApp({ sw }: { sw: ServiceWorkerHandle | null }) {
  return <DeviceShell role="display">{(device) => <DisplayScreen device={device} sw={sw} />}</DeviceShell>;
}

function DisplayScreen({ device, sw }: { device: Device; sw: ServiceWorkerHandle | null }) {
  const [settings, setSettings] = useState<BoardSettings | null>(loadBoardSettings);
  const [editing, setEditing] = useState(false);
  const announcer = useMemo(createAnnouncer, []);
  announcer.setMuted(!(settings?.sound ?? true));

  const update = <UpdatePrompt sw={sw} canUpdate={() => outboxIsEmpty(device.db)} autoApply />;

  if (!settings || editing) {
    return (
      <>
        <BoardSetup
          identity={device.identity}
          initial={settings}
          announcer={announcer}
          onSave={(next) => {
            saveBoardSettings(next);
            setSettings(next);
            setEditing(false);
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
