/**
 * Searching people by name the way officers type them: Arabic with or without diacritics
 * and with any of the common spelling variants, or a Latin transliteration of it
 * (Mohammed, Muhammad, Mohamad…). Both sides are reduced to a search key; a query matches
 * a name when each of its words starts a word of the name, in order of the words typed.
 */

/** Arabic diacritics (harakat, tanween, shadda, sukun, dagger alef) and the tatweel. */
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;

/** One Arabic spelling for the letters people write in several ways. */
export function normaliseArabic(text: string): string {
  return text
    .replace(ARABIC_MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A Latin transliteration reduced to its consonant skeleton: lower case, no accents, the
 * usual digraphs as one letter, the article "al-/el-/ul-" joined to the next word, vowels
 * dropped after the first letter and doubled letters once. Mohammed, Muhammad and Mohamad
 * all become "mhmd"; Abdulrahman and Abd al-Rahman both "abdlrhmn".
 */
export function latinKey(word: string): string {
  const plain = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/ou|oo|u/g, 'u')
    .replace(/ee|ei|ie/g, 'i')
    .replace(/ph/g, 'f')
    .replace(/kh|q|ck|c(?!h)/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/dh|z/g, 'd')
    .replace(/th/g, 't')
    .replace(/sh|ch/g, 's')
    .replace(/h(?=$)/g, '');
  if (!plain) return '';
  const skeleton = plain[0] + plain.slice(1).replace(/[aeiouy]/g, '');
  return skeleton.replace(/(.)\1+/g, '$1');
}

const ARABIC = /[\u0600-\u06FF]/;
const ARTICLES = new Set(['al', 'el', 'ul', 'al-', 'el-', 'bin', 'ibn', 'bint']);

/** The words of a name or query as search keys, the article joined to the word after it. */
export function nameKeys(text: string): string[] {
  if (ARABIC.test(text)) return normaliseArabic(text).split(' ').filter(Boolean);
  const words = text
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if ((word === 'al' || word === 'el' || word === 'ul') && next) {
      // "Abd al Rahman": the article belongs to the word after it ("alrahman").
      joined.push(`al${next}`);
      i++;
    } else if (!ARTICLES.has(word)) {
      joined.push(word);
    }
  }
  return joined.map(latinKey).filter(Boolean);
}

/** Whether every word of `query` starts some word of the name (Arabic or English), in order. */
export function nameMatches(query: string, name: { readonly ar: string; readonly en: string }): boolean {
  const wanted = nameKeys(query);
  if (wanted.length === 0) return false;
  const target = nameKeys(ARABIC.test(query) ? name.ar : name.en);
  let from = 0;
  for (const w of wanted) {
    const at = target.findIndex((t, i) => i >= from && t.startsWith(w));
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}
