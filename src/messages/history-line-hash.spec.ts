import { historyLineHash } from 'src/messages/history-line-hash';

// Stored rows carry these digests (`message_history.line_hash`): a line delivered again must hash
// to the same value, whichever hashing call computes it.
describe(historyLineHash.name, () => {
  it('should give the SHA-256 of the line as JSON, in hex, as stored rows have it', () => {
    const line = {
      sender: 'customer',
      content: 'Siparişim nerede? 😟',
      sentAt: new Date('2025-03-03T11:10:00.000Z'),
      type: 'text',
    };

    expect(historyLineHash(line)).toBe(
      '9f0ccbd50813e666495d8bc8e33eb6a2a5cb5164a7d5240cb278c93eee378a1e',
    );
  });

  it('should hash a line without a time with an empty time', () => {
    const line = { sender: 'agent', content: 'Merhaba', sentAt: null, type: 'text' };

    expect(historyLineHash(line)).toBe(
      '93b23886dd8d2a4857d9844e44ba8c2296f21194139a262eab40507d415368ff',
    );
  });

  it('should tell lines apart by any of their four fields', () => {
    const line = { sender: 'agent', content: 'Merhaba', sentAt: null, type: 'text' };

    const variants = [
      { ...line, sender: 'customer' },
      { ...line, content: 'Merhaba!' },
      { ...line, sentAt: new Date(0) },
      { ...line, type: 'image' },
    ];

    expect(new Set([line, ...variants].map(historyLineHash)).size).toBe(5);
  });
});
