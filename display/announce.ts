/**
 * Says a new call out loud in the waiting area: a short chime (WebAudio), then the call
 * in Arabic, then in English. Announcements queue so two calls never talk over each
 * other. Where the browser has no speech or no audio, it stays silent; the board still
 * flashes the call.
 */

export interface Announcement {
  readonly arabic: string;
  readonly english: string;
}

export interface Announcer {
  announce(announcement: Announcement): void;
  /** Call from a tap/click: browsers only allow sound after a person interacted. */
  unlock(): void;
  setMuted(muted: boolean): void;
}

/** Longest we wait for one utterance before moving on (some engines never fire "end"). */
const UTTERANCE_TIMEOUT_MS = 10_000;

const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** "M1-042" → "م١-٠٤٢" using the board's letter names; unknown letters are kept. */
export function toArabicNumber(displayNumber: string, letters: Readonly<Record<string, string>>): string {
  return displayNumber.replace(/[A-Z]/g, (l) => letters[l] ?? l).replace(/[0-9]/g, (d) => ARABIC_DIGITS[Number(d)] ?? d);
}

/** "M1-042" → "M1 042" so English voices read the groups, not "minus". */
export function toSpokenLatin(displayNumber: string): string {
  return displayNumber.replace('-', ' ');
}

export function createAnnouncer(): Announcer {
  let audio: AudioContext | null = null;
  let muted = false;
  let queue: Promise<void> = Promise.resolve();

  const audioContext = (): AudioContext | null => {
    if (audio) return audio;
    try {
      audio = typeof AudioContext === 'undefined' ? null : new AudioContext();
    } catch {
      audio = null;
    }
    return audio;
  };

  const chime = async (): Promise<void> => {
    const ctx = audioContext();
    if (!ctx) return;
    // Without a tap since the page loaded, resume() may wait for one forever: give up
    // quickly and let the speech go on.
    if (ctx.state === 'suspended') await Promise.race([ctx.resume().catch(() => undefined), new Promise((r) => setTimeout(r, 300))]);
    if (ctx.state !== 'running') return;
    const start = ctx.currentTime;
    [880, 660].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t0 = start + i * 0.35;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.4, t0 + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.65);
    });
    await new Promise((r) => setTimeout(r, 1000));
  };

  const speak = (text: string, lang: string): Promise<void> =>
    new Promise((resolve) => {
      const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
      if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return resolve();
      try {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang.slice(0, 2)));
        if (voice) utterance.voice = voice;
        utterance.rate = 0.9;
        const timer = setTimeout(resolve, UTTERANCE_TIMEOUT_MS);
        const finish = (): void => {
          clearTimeout(timer);
          resolve();
        };
        utterance.onend = finish;
        utterance.onerror = finish;
        synth.speak(utterance);
      } catch {
        resolve();
      }
    });

  return {
    announce(announcement) {
      if (muted) return;
      queue = queue
        .then(chime)
        .then(() => speak(announcement.arabic, 'ar-SA'))
        .then(() => speak(announcement.english, 'en-US'))
        .catch(() => undefined);
    },
    unlock() {
      void audioContext()?.resume().catch(() => undefined);
    },
    setMuted(value) {
      muted = value;
      if (value && typeof window !== 'undefined') window.speechSynthesis?.cancel();
    },
  };
}
