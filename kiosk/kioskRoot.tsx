/**
 * The kiosk app behind its resting screen, loaded by KioskStart as one lazy import:
 * translations (Arabic and English with it, the other six when a resident picks one, all
 * precached), i18next, and through KioskApp the device database, the sync loop and the
 * kiosk machine.
 */
import type { ComponentChildren, FunctionComponent } from 'preact';
import { createI18n } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { preloadQrCode } from '../shared/ui/QrCode.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import type { ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { KioskApp } from './KioskApp.tsx';
import { RESTING_LANGUAGE, type EarlyChoices } from './resting.ts';

export interface KioskRootProps {
  readonly sw: ServiceWorkerHandle | null;
  /** Shown while the device database opens: the resting screen, still taking taps. */
  readonly resting: ComponentChildren;
  /** The taps made on the resting screen before the app was there (once; then empty). */
  readonly takeEarlyChoices: () => EarlyChoices;
}

// Arabic (the resting language) and English (the fallback) come with the app;
// the other six load when a resident picks one (precached, so offline too).
const resources = resourcesFromGlob(
  import.meta.glob('../shared/i18n/locales/{ar,en}/{common,kiosk}.json', { eager: true, import: 'default' }),
);
// The service catalogue's names, documents and fees load in every language like the rest.
const load = namespaceLoader(import.meta.glob('../shared/i18n/locales/*/{common,kiosk,services}.json', { import: 'default' }));

/** Sets up the translations and returns the app, ready to render. */
export async function loadKioskRoot(): Promise<FunctionComponent<KioskRootProps>> {
  const i18n = await createI18n(resources, { lng: RESTING_LANGUAGE, defaultNS: 'kiosk', ns: ['common', 'kiosk', 'services'], load });
  // Every ticket has a QR code: load its encoder once the screen is up, not before.
  const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 1000));
  idle(() => void preloadQrCode());
  return function KioskRoot(props: KioskRootProps) {
    return (
      <I18nProvider i18n={i18n}>
        <KioskApp {...props} />
      </I18nProvider>
    );
  };
}
