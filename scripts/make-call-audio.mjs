#!/usr/bin/env node
/**
 * Synthesises the display board's spoken-call clips once with Debian's espeak-ng
 * (`apt-get install espeak-ng`) into public/audio/calls/<lang>/<word>.wav, which are
 * committed: boards are offline and unattended, and Chromium on Linux often has no
 * voices. Each clip is trimmed of silence and stored at 11,025 Hz mono to stay small.
 *
 *   node scripts/make-call-audio.mjs
 *
 * Words: "ticket", "counter", the digits 0-9, and letters (English A-Z; in Arabic the
 * letters the board's Arabic strings name, shared/i18n/locales/ar/display.json).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'public', 'audio', 'calls');
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';
/** Names of the Arabic letters the board uses for section letters. */
const ARABIC_LETTER_NAMES = { 'م': 'ميم', 'ن': 'نون', 'ر': 'راء', 'س': 'سين', 'ع': 'عين', 'ف': 'فاء', 'ق': 'قاف', 'ك': 'كاف', 'ل': 'لام', 'ه': 'هاء', 'و': 'واو', 'ي': 'ياء', 'أ': 'ألف', 'ب': 'باء', 'ت': 'تاء', 'ج': 'جيم', 'د': 'دال', 'ح': 'حاء' };

function synth(voice, text) {
  return execFileSync('espeak-ng', ['-v', voice, '-s', '140', '--stdout', text]);
}

/** 16-bit mono PCM WAV → samples (Int16Array) and rate. */
function parseWav(buf) {
  let offset = 12;
  let rate = 22050;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    let size = buf.readUInt32LE(offset + 4);
    if (id === 'fmt ') rate = buf.readUInt32LE(offset + 12);
    if (id === 'data') {
      if (size === 0 || size === 0xffffffff || offset + 8 + size > buf.length) size = buf.length - offset - 8; // streamed WAV
      const data = buf.subarray(offset + 8, offset + 8 + size);
      return { rate, samples: new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + (data.length & ~1))) };
    }
    offset += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}

function trim(samples, threshold = 300, pad = 200) {
  let start = 0;
  let end = samples.length;
  while (start < end && Math.abs(samples[start]) < threshold) start++;
  while (end > start && Math.abs(samples[end - 1]) < threshold) end--;
  return samples.subarray(Math.max(0, start - pad), Math.min(samples.length, end + pad));
}

/** Halves the rate with a small low-pass (average of three) first. */
function halve(samples) {
  const out = new Int16Array(Math.floor(samples.length / 2));
  for (let i = 0; i < out.length; i++) {
    const a = samples[2 * i - 1] ?? samples[2 * i];
    const b = samples[2 * i];
    const c = samples[2 * i + 1] ?? b;
    out[i] = Math.round((a + 2 * b + c) / 4);
  }
  return out;
}

function wav(samples, rate) {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'ascii');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

function clip(lang, voice, name, text) {
  const { rate, samples } = parseWav(synth(voice, text));
  const out = halve(trim(samples));
  mkdirSync(join(OUT, lang), { recursive: true });
  writeFileSync(join(OUT, lang, `${name}.wav`), wav(out, Math.round(rate / 2)));
}

const arabicLetters = JSON.parse(readFileSync(join(ROOT, 'shared/i18n/locales/ar/display.json'), 'utf8')).speech.letters;

clip('en', 'en-us', 'ticket', 'Ticket');
clip('en', 'en-us', 'counter', 'counter');
for (let d = 0; d <= 9; d++) clip('en', 'en-us', String(d), String(d));
for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') clip('en', 'en-us', letter, letter);

clip('ar', 'ar', 'ticket', 'التذكرة');
clip('ar', 'ar', 'counter', 'الشباك');
for (let d = 0; d <= 9; d++) clip('ar', 'ar', String(d), ARABIC_DIGITS[d]);
for (const [latin, arabic] of Object.entries(arabicLetters)) clip('ar', 'ar', latin, ARABIC_LETTER_NAMES[arabic] ?? arabic);

console.log(`call clips written to ${OUT}`);
