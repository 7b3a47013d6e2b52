import { type ReplyLanguage, replyLanguageOf } from 'src/common/text/reply-language';

// What the gateway itself says in a Userlike chat (the welcome message is configured instead).
// The analysis's language picks the wording where it is known.

const CONNECTING: Record<ReplyLanguage, string> = {
  en: 'Thank you for your message. I am connecting you with a colleague right away.',
  tr: 'Mesajınız için teşekkürler. Sizi hemen bir çalışma arkadaşımıza bağlıyorum.',
  de: 'Danke für Ihre Nachricht. Ich verbinde Sie sofort mit einer Kollegin oder einem Kollegen.',
  no: 'Takk for meldingen. Jeg setter deg over til en kollega med en gang.',
};

const RECEIVED: Record<ReplyLanguage, string> = {
  en: 'Thank you, we have received your message and passed it on to our team.',
  tr: 'Teşekkürler, mesajınızı aldık ve ekibimize ilettik.',
  de: 'Danke, wir haben Ihre Nachricht erhalten und an unser Team weitergegeben.',
  no: 'Takk, vi har mottatt meldingen din og sendt den videre til teamet vårt.',
};

// The language is not known yet (still processing) or not at all (no text from the contact).
export const HOLDING_TEXT =
  'Thank you! We are looking into it and will get back to you here shortly.';
export const FORWARD_FAILED_TEXT =
  'Sorry, none of our colleagues is available right now. We have your message and will get back to you as soon as possible.';

export function connectingText(language: string): string {
  return CONNECTING[replyLanguageOf(language)];
}

export function receivedText(language: string): string {
  return RECEIVED[replyLanguageOf(language)];
}
