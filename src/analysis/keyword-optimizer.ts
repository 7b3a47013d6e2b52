import { type ReplyLanguage, replyLanguageOf } from 'src/common/text/reply-language';

// Seed 000's BotOptimizerService as pure functions. Its `score_event` only looked for "urgent";
// here the score is the triage's urgency (1–10), so `shouldNotify` fires for the same messages
// the triage ranks high or critical (7 and up).
export const NOTIFY_THRESHOLD = 7;

export function shouldNotify(score: number): boolean {
  return Number.isFinite(score) && score >= NOTIFY_THRESHOLD;
}

const NOTICES: Readonly<Record<ReplyLanguage, { greeting: string; body: string }>> = {
  en: {
    greeting: 'Hi',
    body: 'we noticed something important in your message. A member of our team will get back to you shortly.',
  },
  tr: {
    greeting: 'Merhaba',
    body: 'mesajınızda önemli bir konu olduğunu fark ettik. Ekibimizden biri en kısa sürede size dönüş yapacak.',
  },
  de: {
    greeting: 'Hallo',
    body: 'wir haben gesehen, dass Ihre Nachricht etwas Wichtiges enthält. Jemand aus unserem Team meldet sich in Kürze bei Ihnen.',
  },
  no: {
    greeting: 'Hei',
    body: 'vi ser at meldingen din gjelder noe viktig. Noen fra teamet vårt tar kontakt med deg snart.',
  },
};

const MAX_NAME_LENGTH = 60;

// Seed 000's `generate_message`: a polite notice in the message's language (English otherwise).
export function generateMessage(userName: string | null, language: string): string {
  const notice = NOTICES[replyLanguageOf(language)];
  const name = displayName(userName);
  return name ? `${notice.greeting} ${name}, ${notice.body}` : `${notice.greeting}, ${notice.body}`;
}

// An e-mail identity (Kore) is shown by its local part, as the user would recognise it.
function displayName(userName: string | null): string | null {
  if (!userName) {
    return null;
  }
  const visible = userName
    .replace(/[\p{C}<>]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const name = visible.includes('@') ? visible.split('@')[0] : visible;
  return name ? name.slice(0, MAX_NAME_LENGTH) : null;
}
