import { KindlyAdapter, MAX_TRANSCRIPT_LINES } from 'src/platforms/kindly/kindly.adapter';
import {
  CHAT_ID,
  kindlyAdapterWith,
  messageOf,
  toDto,
} from 'test/factories/kindly-adapter.factory';
import { buildKindlyPayload, seedKindlyPayload } from 'test/factories/kindly-payload.factory';
import { seedKindlyTranscript } from 'test/factories/kindly-transcript.factory';

describe(KindlyAdapter.name, () => {
  describe('transcriptUrlOf', () => {
    const sut = kindlyAdapterWith();

    it('should read `_links.chat`, or the legacy `chatlog_api_url`', () => {
      expect(sut.transcriptUrlOf(toDto(seedKindlyPayload()))).toBe(
        `https://bot.kindly.ai/api/v1/chats/${CHAT_ID}`,
      );
      expect(
        sut.transcriptUrlOf(
          toDto(
            buildKindlyPayload({
              _links: undefined,
              chatlog_api_url: 'https://bot.kindly.ai/api/v1/chats/legacy',
            }),
          ),
        ),
      ).toBe('https://bot.kindly.ai/api/v1/chats/legacy');
      expect(sut.transcriptUrlOf(toDto(buildKindlyPayload({ _links: undefined })))).toBeNull();
    });
  });

  describe('toTranscript', () => {
    const sut = kindlyAdapterWith();
    const message = messageOf(sut, seedKindlyPayload());

    it('should turn the transcript into history lines without the message that triggered the webhook', () => {
      const transcript = sut.toTranscript(seedKindlyTranscript(), message);

      expect(transcript).toEqual({
        history: [
          {
            sender: 'web-visitor-90f3c2',
            content: 'Merhaba! Siparişim için yazıyorum 🚲',
            sentAt: new Date('2025-03-03T10:00:04.912Z'),
            type: 'text',
          },
          {
            sender: 'bot',
            content: 'What is your order number?',
            sentAt: new Date('2025-03-03T10:00:05.057Z'),
            type: 'text',
          },
          {
            sender: 'web-visitor-90f3c2',
            content: 'ORD-55120',
            sentAt: new Date('2025-03-03T10:00:14.938Z'),
            type: 'text',
          },
          {
            sender: 'bot',
            content: 'Thanks! What can I help you with?',
            sentAt: new Date('2025-03-03T10:00:14.949Z'),
            type: 'text',
          },
        ],
        triggerSentAt: new Date('2025-03-03T10:01:30.512Z'),
      });
    });

    it('should date the message by the transcript when it recognised it', () => {
      const transcript = sut.toTranscript(seedKindlyTranscript(), message);

      const withHistory = sut.withTranscript(
        message,
        transcript ?? { history: [], triggerSentAt: null },
      );

      expect(withHistory.sentAt).toEqual(new Date('2025-03-03T10:01:30.512Z'));
      expect(withHistory.history).toHaveLength(4);
      expect(withHistory.externalId).toBe(message.externalId);
    });

    it('should keep every line when the latest user line is not the webhook message', () => {
      const body = seedKindlyTranscript();
      body.chat.messages.push({
        created: '2025-03-03T10:01:31.000000Z',
        from_bot: true,
        message: 'Let me check.',
        name: 'Shop assistant',
      });
      const other = { ...message, text: 'something else' };

      const transcript = sut.toTranscript(body, other);

      expect(transcript?.history.map((line) => line.content)).toEqual([
        'Merhaba! Siparişim için yazıyorum 🚲',
        'What is your order number?',
        'ORD-55120',
        'Thanks! What can I help you with?',
        'where is my order',
        'Let me check.',
      ]);
      expect(transcript?.triggerSentAt).toBeNull();
    });

    it('should skip lines that cannot be stored and keep unreadable dates as unknown', () => {
      const body = {
        chat: {
          id: CHAT_ID,
          messages: [
            { from_bot: true, message: 'kept', created: 'yesterday' },
            { from_bot: true, message: 'year zero', created: '0000-01-01T00:00:00Z' },
            { from_bot: false, message: '' },
            { from_bot: false, message: 'broken \ud800' },
            { from_bot: false, message: 'x'.repeat(65536) },
            { from_bot: false, message: { text: 'object' } },
            'not a message',
            null,
          ],
        },
      };

      expect(sut.toTranscript(body, message)?.history).toEqual([
        { sender: 'bot', content: 'kept', sentAt: null, type: 'text' },
        { sender: 'bot', content: 'year zero', sentAt: null, type: 'text' },
      ]);
    });

    it('should keep only the latest lines of a long transcript', () => {
      const body = {
        chat: {
          messages: Array.from({ length: MAX_TRANSCRIPT_LINES + 10 }, (_, index) => ({
            from_bot: true,
            message: `line ${index}`,
          })),
        },
      };

      const history = sut.toTranscript(body, message)?.history ?? [];

      expect(history).toHaveLength(MAX_TRANSCRIPT_LINES);
      expect(history[0].content).toBe('line 10');
    });

    it('should refuse answers that are not a transcript of this chat', () => {
      const ofAnotherChat = seedKindlyTranscript();
      ofAnotherChat.chat.id = 'another-chat';

      for (const body of [
        null,
        'text',
        [],
        {},
        { chat: {} },
        { chat: { messages: {} } },
        ofAnotherChat,
      ]) {
        expect(sut.toTranscript(body, message)).toBeNull();
      }
    });
  });
});
