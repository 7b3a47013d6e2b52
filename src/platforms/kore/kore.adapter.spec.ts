import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from 'src/config/app-config';
import { Handling, Platform } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { MessageStatus } from 'src/core/message-status';
import { KORE_ACKNOWLEDGEMENT, KoreAdapter } from 'src/platforms/kore/kore.adapter';
import { KoreWebhookEventDto } from 'src/platforms/kore/kore.dto';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import { seedKoreWebhookEvent } from 'test/factories/kore-webhook-event.factory';

function adapterWith(env: Record<string, string> = {}): KoreAdapter {
  return new KoreAdapter(AppConfig.fromEnv({ LOG_LEVEL: 'silent', ...env }));
}

function toDto(body: unknown): KoreWebhookEventDto {
  const dto = plainToInstance(KoreWebhookEventDto, body);
  expect(validateSync(dto, { whitelist: true, forbidUnknownValues: true })).toEqual([]);
  return dto;
}

function resultOf(overrides: Partial<IngestResult> = {}): IngestResult {
  return {
    databaseId: 7,
    externalId: 'seed000:abc',
    isDuplicate: false,
    status: MessageStatus.Done,
    analysis: null,
    routing: null,
    processedAt: new Date('2025-03-03T11:10:02Z'),
    reply: null,
    ...overrides,
  };
}

describe(KoreAdapter.name, () => {
  const receivedAt = new Date('2025-03-03T11:10:00Z');

  it("should map seed 000's example event to the message it describes", () => {
    const sut = adapterWith();
    const payload = toDto(seedKoreWebhookEvent());

    const messages = sut.toMessages(payload, receivedAt);

    const digest = createHash('sha256')
      .update(JSON.stringify(['mira.kaya@example.org', 'message', 'urgent: my card was blocked']))
      .digest('hex');
    expect(messages).toEqual([
      {
        platform: Platform.Kore,
        externalId: `seed000:${digest}`,
        conversationId: 'mira.kaya@example.org',
        conversationName: null,
        sender: { id: 'mira.kaya@example.org', name: null, phone: null },
        eventType: 'message',
        text: 'urgent: my card was blocked',
        attachments: [],
        history: [],
        sentAt: receivedAt,
        receivedAt,
        raw: payload,
        replyTo: { recipient: 'mira.kaya@example.org', delivery: null },
        handling: Handling.Route,
      },
    ]);
  });

  it('should derive the same id for the same event and different ids for different events', () => {
    const sut = adapterWith();
    const idOf = (body: unknown): string => sut.toMessages(toDto(body), receivedAt)[0].externalId;
    const event = seedKoreWebhookEvent();

    expect(idOf(event)).toBe(idOf(JSON.parse(JSON.stringify(event))));
    expect(idOf(event)).not.toBe(idOf({ ...event, parameters: { text: 'something else' } }));
    expect(idOf(event)).not.toBe(idOf({ ...event, userInfo: { email: 'other@example.org' } }));
    expect(idOf(event)).not.toBe(idOf({ ...event, eventType: 'click' }));
    expect(idOf({ ...event, messageId: 'evt-1' })).toBe('event:evt-1');
  });

  it('should default a missing event type and text as seed 000 does', () => {
    const sut = adapterWith();

    const [message] = sut.toMessages(toDto({ userInfo: { email: 'a@example.org' } }), receivedAt);

    expect(message.eventType).toBe('unknown');
    expect(message.text).toBe('');
  });

  it('should accept only the configured bearer token, compared whole', () => {
    const sut = adapterWith({ KORE_WEBHOOK_TOKEN: 'kore-token' });

    expect(sut.verifySignature(undefined, { authorization: 'Bearer kore-token' })).toBe(true);
    expect(sut.verifySignature(undefined, { authorization: 'bearer kore-token' })).toBe(true);
    expect(sut.verifySignature(undefined, { authorization: 'Bearer kore-token2' })).toBe(false);
    expect(sut.verifySignature(undefined, { authorization: 'Bearer kore' })).toBe(false);
    expect(sut.verifySignature(undefined, { authorization: 'kore-token' })).toBe(false);
    expect(sut.verifySignature(undefined, {})).toBe(false);
  });

  it('should accept unauthenticated events without a token only when unsigned webhooks are allowed', () => {
    expect(adapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'true' }).verifySignature(undefined, {})).toBe(
      true,
    );
    expect(adapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'false' }).verifySignature(undefined, {})).toBe(
      false,
    );
  });

  it("should answer in seed 000's format with the agent's reply first", () => {
    const sut = adapterWith();
    const analysis = buildMessageAnalysis({ urgencyScore: 8 });

    const response = sut.toResponse(
      resultOf({ reply: 'We unblocked your card.', analysis }),
      'Hi mira.kaya, we noticed something important in your message.',
    );

    expect(response).toEqual({
      text: 'We unblocked your card.',
      response: { text: 'We unblocked your card.', type: 'text' },
      context: {
        score: 8,
        should_notify: false,
        urgency_score: 8,
        priority_level: analysis.priorityLevel,
        category: analysis.category,
        message_id: 'seed000:abc',
        database_id: 7,
      },
      expectUserResponse: true,
    });
  });

  it("should answer with the optimizer's notice, else an acknowledgement, when no agent replied", () => {
    const sut = adapterWith();
    const notice = 'Hi mira.kaya, we noticed something important in your message.';
    const analysis = buildMessageAnalysis({ urgencyScore: 8 });

    const notified = sut.toResponse(resultOf({ analysis }), notice);
    const quiet = sut.toResponse(resultOf({ isDuplicate: true }), null);

    expect(notified.text).toBe(notice);
    expect(notified.response).toEqual({ text: notice, type: 'text' });
    expect(notified.context).toMatchObject({ score: 8, should_notify: true, urgency_score: 8 });
    expect(quiet.text).toBe(KORE_ACKNOWLEDGEMENT);
    expect(quiet.context).toMatchObject({
      score: null,
      should_notify: false,
      urgency_score: null,
      duplicate: true,
    });
  });
});
