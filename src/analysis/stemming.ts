import { newStemmer, type SnowballStemmer } from 'snowball-stemmers';
import { STEMMER_NAMES, type LexiconLanguage } from 'src/analysis/lexicons';
import { foldForMatching } from 'src/analysis/text-normalization';

// The Snowball port is slow (tens of µs a word); chat vocabulary repeats, so stems are cached.
const CACHE_LIMIT = 50_000;

const stemmers = new Map<LexiconLanguage, SnowballStemmer>();
const caches = new Map<LexiconLanguage, Map<string, string>>();

for (const [language, name] of Object.entries(STEMMER_NAMES) as [LexiconLanguage, string][]) {
  stemmers.set(language, newStemmer(name));
  caches.set(language, new Map());
}

export function isStemmed(language: LexiconLanguage): boolean {
  return stemmers.has(language);
}

export function stemOf(language: LexiconLanguage, lowerWord: string): string {
  const stemmer = stemmers.get(language);
  const cache = caches.get(language);
  if (!stemmer || !cache) {
    return foldForMatching(lowerWord);
  }
  const cached = cache.get(lowerWord);
  if (cached !== undefined) {
    return cached;
  }
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  const stem = foldForMatching(stemmer.stem(lowerWord));
  cache.set(lowerWord, stem);
  return stem;
}
