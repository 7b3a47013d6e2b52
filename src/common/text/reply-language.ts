/** The languages the gateway writes its own texts in (notices, hand-over messages). */
export type ReplyLanguage = 'en' | 'tr' | 'de' | 'no';

/**
 * The language of the gateway's own text for a message detected as `language` (a tag such as
 * `tr`, `de-AT` or `nb_NO`): its primary subtag when the gateway writes in it, Norwegian Bokmål
 * and Nynorsk as Norwegian, English otherwise.
 */
export function replyLanguageOf(language: string): ReplyLanguage {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0];
  switch (primary) {
    case 'tr':
    case 'de':
    case 'no':
      return primary;
    case 'nb':
    case 'nn':
      return 'no';
    default:
      return 'en';
  }
}
