/** One conversation of one platform: the unit messages are processed in order within. */
export function conversationKeyOf(platform: string, conversationId: string): string {
  return `${platform}\u0000${conversationId}`;
}

/** One delivery of one platform: a repeat of it has the same key. */
export function deliveryKeyOf(platform: string, externalId: string): string {
  return `${platform}\u0000${externalId}`;
}
