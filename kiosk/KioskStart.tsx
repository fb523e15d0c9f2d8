/**
 * The kiosk's first script draws the resting screen at once and fetches the rest (device
 * database, machines, translations, the other screens: kioskRoot.tsx) while the resident
 * reads it. A tap that comes first is kept, shown as busy, and replayed by the app when it
 * starts, so no button is ever dead. All of it is precached, so this works offline too.
 */
import type { ComponentType } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { useLoadedApp } from '../shared/ui/useLoadedApp.ts';
import type { KioskRootProps } from './kioskRoot.tsx';
import { RestingScreen } from './RestingScreen.tsx';
import { NO_CHOICES, applyDisplayChoices, loadRestingHeader, type EarlyChoices } from './resting.ts';

const loadKioskRoot = (): Promise<ComponentType<KioskRootProps>> => import('./kioskRoot.tsx').then((m) => m.loadKioskRoot());

export function KioskStart({ sw }: { sw: ServiceWorkerHandle | null }) {
  const [header] = useState(loadRestingHeader);
  const [choices, setChoices] = useState<EarlyChoices>(NO_CHOICES);
  // What the app takes when it starts; emptied then, so a restarted flow does not replay it.
  const untaken = useRef<EarlyChoices>(NO_CHOICES);
  const Root = useLoadedApp(loadKioskRoot);

  const onChoices = (next: EarlyChoices): void => {
    applyDisplayChoices(next); // text size and contrast answer at once, with no app needed
    untaken.current = next;
    setChoices(next);
  };
  const takeEarlyChoices = (): EarlyChoices => {
    const taken = untaken.current;
    untaken.current = NO_CHOICES;
    return taken;
  };

  const resting = <RestingScreen header={header} choices={choices} onChoices={onChoices} />;
  return Root ? <Root sw={sw} resting={resting} takeEarlyChoices={takeEarlyChoices} /> : resting;
}
