import type { Attachment } from 'src/core/inbound-message';

// What the analyzers read of a message: its text, then the attachments' captions (a photo of a
// broken fork may carry the only words). Corrections are keyed by the same text.
export function analysedTextOf(message: {
  text: string;
  attachments: readonly Pick<Attachment, 'caption'>[];
}): string {
  const captions = message.attachments
    .map((attachment) => attachment.caption?.trim() ?? '')
    .filter((caption) => caption.length > 0);
  return [message.text, ...captions].filter((part) => part.trim().length > 0).join('\n');
}
