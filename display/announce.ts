/**
 * Says a new call out loud in the waiting area: a short chime, then the call in Arabic,
 * then in English ("ticket M 1 0 4 2, counter 4"), joined from short recorded clips
 * shipped with the app (public/audio/calls, made once with espeak-ng by
 * scripts/make-call-audio.mjs), because unattended Linux boards often have no voices.
 * A clip that is missing falls back to the browser's own voice for that language.
 * Announcements queue, so two calls never talk over each other; a counter's newer call
 * replaces its older one still waiting to be said. Where there is no
 * sound at all, the board still flashes the call. Each spoken part is also announced
 * as a `jawazat:announce` window event (what was said, for diagnostics and tests).
 */

export interface Announcement {
  /** "M1-042": read letter by letter and digit by digit. */
  readonly displayNumber: string;
  readonly counterId: number;
  /** The same call as sentences, for the browser's voice when a clip is missing. */
  readonly arabic: string;
  readonly english: string;
}

export interface SpokenPart {
  readonly lang: 'ar' | 'en';
  /** Clip names in order, e.g. ['ticket', 'M', '1', '0', '4', '2', 'counter', '4']. */
  readonly words: readonly string[];
  /** 'clips' when every word had its recording, 'voice' when the browser's voice spoke. */
  readonly via: 'clips' | 'voice' | 'silent';
}

/** The words of a call, in clip names: ticket, its letters and digits, counter, its digits. */
export function callWords(displayNumber: string, counterId: number): string[] {
  const chars = (text: string): string[] => [...text].filter((c) => /[A-Z0-9]/.test(c));
  return ['ticket', ...chars(displayNumber), 'counter', ...chars(String(counterId))];
}

const CLIP_BASE = '/audio/calls';
const GAP_S = 0.06;

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
  /** Calls waiting to be said, oldest first (each queued step says the first of them). */
  const pending: Announcement[] = [];
  const clips = new Map<string, Promise<AudioBuffer | null>>();

  /** One decoded clip (fetched once; the service worker has it offline). */
  const clip = (ctx: AudioContext, lang: string, word: string): Promise<AudioBuffer | null> => {
    const key = `${lang}/${word}`;
    let found = clips.get(key);
    if (!found) {
      found = fetch(`${CLIP_BASE}/${key}.wav`)
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))))
        .then((bytes) => ctx.decodeAudioData(bytes))
        .catch(() => {
          clips.delete(key); // try again next time (e.g. the network was down before precaching)
          return null;
        });
      clips.set(key, found);
    }
    return found;
  };

  const tell = (part: SpokenPart): void => {
    if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent<SpokenPart>('jawazat:announce', { detail: part }));
  };

  /** Plays the words back to back from clips; false when a clip or the sound is missing. */
  const playClips = async (lang: 'ar' | 'en', words: readonly string[]): Promise<boolean> => {
    const ctx = audioContext();
    if (!ctx || ctx.state !== 'running') return false;
    // Arabic has clips for the letters it names; any other letter is said the English way.
    const buffers = await Promise.all(words.map(async (w) => (await clip(ctx, lang, w)) ?? (lang === 'ar' ? clip(ctx, 'en', w) : null)));
    if (buffers.some((b) => b === null)) return false;
    let at = ctx.currentTime + 0.05;
    for (const buffer of buffers as AudioBuffer[]) {
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      source.start(at);
      at += buffer.duration + GAP_S;
    }
    tell({ lang, words, via: 'clips' });
    await new Promise((r) => setTimeout(r, Math.max(0, (at - ctx.currentTime) * 1000)));
    return true;
  };

  /** One language's part of a call: the clips, else the browser's voice. */
  const say = async (lang: 'ar' | 'en', words: readonly string[], sentence: string): Promise<void> => {
    if (await playClips(lang, words)) return;
    const spoken = await speak(sentence, lang === 'ar' ? 'ar-SA' : 'en-US');
    tell({ lang, words, via: spoken ? 'voice' : 'silent' });
  };

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

  /** The browser's voice; resolves false when there is none. */
  const speak = (text: string, lang: string): Promise<boolean> =>
    new Promise((resolve) => {
      const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
      if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return resolve(false);
      try {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang.slice(0, 2)));
        if (voice) utterance.voice = voice;
        utterance.rate = 0.9;
        const timer = setTimeout(() => resolve(true), UTTERANCE_TIMEOUT_MS);
        const finish = (ok: boolean) => (): void => {
          clearTimeout(timer);
          resolve(ok);
        };
        utterance.onend = finish(true);
        utterance.onerror = finish(false);
        synth.speak(utterance);
      } catch {
        resolve(false);
      }
    });

  return {
    announce(announcement) {
      if (muted) return;
      // A counter's newer call replaces its call still waiting to be said: the board
      // never falls behind saying tickets that counter has already moved on from.
      const stale = pending.findIndex((p) => p.counterId === announcement.counterId);
      if (stale >= 0) pending.splice(stale, 1, announcement);
      else pending.push(announcement);
      queue = queue
        .then(async () => {
          const next = pending.shift();
          if (!next) return;
          const words = callWords(next.displayNumber, next.counterId);
          await chime();
          await say('ar', words, next.arabic);
          await say('en', words, next.english);
        })
        .catch(() => undefined);
    },
    unlock() {
      void audioContext()?.resume().catch(() => undefined);
    },
    setMuted(value) {
      muted = value;
      if (value) pending.length = 0;
      if (value && typeof window !== 'undefined') window.speechSynthesis?.cancel();
    },
  };
}
