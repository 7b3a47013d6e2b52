const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ı: 'i',
  ø: 'o',
  æ: 'ae',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  œ: 'oe',
  '’': "'",
  ʼ: "'",
  '`': "'",
};

// English contraction endings that stay on their word ("can't", "I'd"); others are cut ("İzer'in").
const KEPT_APOSTROPHE_SUFFIXES = new Set(['t', 'd', 'm', 're', 've', 'll']);

const SPECIAL_FOLD_PATTERN = /[ıøæßłđœ’ʼ`]/g;
const PLAIN_ASCII = /^[a-z0-9' -]*$/;

// Turkish maps `I` to `ı` and `İ` to `i`; every other language maps `I` to `i` (and `İ`, which
// has no lower-case form there, to `i` too).
export function lowerCaseFor(text: string, language: string): string {
  if (language === 'tr' || language === 'az') {
    return text.toLocaleLowerCase('tr');
  }
  return text.toLowerCase().replace(/i\u0307/g, 'i');
}

// No diacritics, so that "ACİL DEĞİL", "acil değil" and "acil degil" compare equal, as do
// "Rückerstattung"/"ruckerstattung" and "ødelagt"/"odelagt".
export function foldForMatching(text: string): string {
  const lower = text.toLowerCase();
  if (PLAIN_ASCII.test(lower)) {
    return lower;
  }
  return lower
    .replace(SPECIAL_FOLD_PATTERN, (char) => SPECIAL_FOLDS[char] ?? char)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

// Message words and lexicon terms go through this alike, so "that's fraud" in the lexicon matches
// the message's "that's" (read as "that").
export function baseWord(word: string): string {
  const apostrophe = word.search(/['’ʼ]/);
  if (apostrophe < 0) {
    return word;
  }
  if (KEPT_APOSTROPHE_SUFFIXES.has(word.slice(apostrophe + 1).toLowerCase())) {
    return word.replace(/[’ʼ]/g, "'");
  }
  return word.slice(0, apostrophe);
}

export function foldName(name: string): string {
  return foldForMatching(name).replace(/\s+/g, ' ').trim();
}
