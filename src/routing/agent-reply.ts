// Longer replies are cut: no chat platform shows more in one message.
export const MAX_REPLY_CHARS = 4096;

export function extractReply(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('reply' in body)) {
    return null;
  }
  const { reply } = body;
  if (typeof reply !== 'string' || reply.trim() === '') {
    return null;
  }
  // Cut by code point so an emoji or other astral character is never split in half.
  const characters = Array.from(reply);
  return characters.length > MAX_REPLY_CHARS
    ? characters.slice(0, MAX_REPLY_CHARS).join('')
    : reply;
}
