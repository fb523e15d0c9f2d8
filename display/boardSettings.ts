/**
 * The board's own settings (which section it shows, its second language, sound), kept
 * in this browser only: they describe where the screen hangs, not office data.
 */
import { KIOSK_LANGUAGES } from '../shared/i18n/index.ts';

export interface BoardSettings {
  /** A section id, or "all". */
  readonly sectionId: string;
  /** Labels are shown in Arabic and this language. */
  readonly secondLanguage: string;
  readonly sound: boolean;
}

const KEY = 'jawazat.display.settings';

export const DEFAULT_BOARD_SETTINGS: BoardSettings = { sectionId: 'all', secondLanguage: 'en', sound: true };

/** Stored settings, or null when this board was never set up. */
export function loadBoardSettings(): BoardSettings | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<BoardSettings>;
    return {
      sectionId: typeof value.sectionId === 'string' ? value.sectionId : DEFAULT_BOARD_SETTINGS.sectionId,
      secondLanguage:
        typeof value.secondLanguage === 'string' && (KIOSK_LANGUAGES as readonly string[]).includes(value.secondLanguage)
          ? value.secondLanguage
          : DEFAULT_BOARD_SETTINGS.secondLanguage,
      sound: typeof value.sound === 'boolean' ? value.sound : true,
    };
  } catch {
    return null;
  }
}

export function saveBoardSettings(settings: BoardSettings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private mode or full storage: the board still works with the choice for this session.
  }
}
