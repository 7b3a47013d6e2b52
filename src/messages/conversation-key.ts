/** One conversation of one platform: the unit messages are processed in order within. */
export function conversationKeyOf(platform: string, conversationId: string): string {
  return `${platform}\u0000${conversationId}`;
}
