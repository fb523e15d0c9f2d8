/**
 * The kiosk as it first appears, drawn by the first small script before the device
 * database, the machines and the translations library have arrived: the header it showed
 * last time and the language screen, whose buttons already work (KioskStart keeps the
 * taps and the app replays them). On a browser that never ran the kiosk there is no
 * header to show and the enrolment screen will follow: only the loading line shows.
 */
import arCommon from '../shared/i18n/locales/ar/common.json';
import arKiosk from '../shared/i18n/locales/ar/kiosk.json';
import { LoadingScreen } from '../shared/ui/LoadingScreen.tsx';
import { KioskHeader } from './KioskHeader.tsx';
import { LanguageScreen } from './LanguageScreen.tsx';
import type { EarlyChoices, RestingHeader } from './resting.ts';

export interface RestingScreenProps {
  readonly header: RestingHeader | null;
  readonly choices: EarlyChoices;
  readonly onChoices: (choices: EarlyChoices) => void;
}

export function RestingScreen({ header, choices, onChoices }: RestingScreenProps) {
  if (!header) return <LoadingScreen text={arCommon.loading} />;
  return (
    <div class="kiosk">
      <KioskHeader
        brand={header.brand}
        kioskNumber={header.kioskNumber}
        largeTextLabel={arKiosk.display.largeText}
        contrastLabel={arKiosk.display.contrast}
        largeText={choices.largeText}
        highContrast={choices.highContrast}
        onLargeText={() => onChoices({ ...choices, largeText: !choices.largeText })}
        onHighContrast={() => onChoices({ ...choices, highContrast: !choices.highContrast })}
      />
      <div class="kiosk__main">
        <LanguageScreen pending={choices.language} onSelect={(language) => onChoices({ ...choices, language })} />
      </div>
      {/* The app's footer holds an empty line for its offline note: the same height here, so nothing moves. */}
      <footer class="kiosk__footer">
        <div class="sync-bar sync-bar--public" />
      </footer>
    </div>
  );
}
