import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from 'src/config/app-config';
import { Handling, Platform } from 'src/core/inbound-message';
import { KoreBotkitEvent } from 'src/platforms/kore/kore-botkit-event';
import {
  KORE_BOT_SENDER,
  KoreBotkitAdapter,
  type KoreBotkitDelivery,
} from 'src/platforms/kore/kore-botkit.adapter';
import { KoreBotkitPayloadDto } from 'src/platforms/kore/kore-botkit.dto';
import {
  buildKoreBotkitPayload,
  KORE_FIXTURE_BOT_ID,
  koreBotkitFixture,
} from 'test/factories/kore-botkit-payload.factory';

const KORE_ORIGIN = 'https://platform.kore.ai';

function adapterWith(env: Record<string, string> = {}): KoreBotkitAdapter {
  return new KoreBotkitAdapter(
    AppConfig.fromEnv({ LOG_LEVEL: 'silent', KORE_API_HOST: KORE_ORIGIN, ...env }),
  );
}

// As the global ValidationPipe hands it on: validated, unknown fields stripped.
function toDto(body: unknown): KoreBotkitPayloadDto {
  const dto = plainToInstance(KoreBotkitPayloadDto, body);
  expect(validateSync(dto, { whitelist: true, forbidUnknownValues: true })).toEqual([]);
  return dto;
}

function deliveryOf(
  eventName: KoreBotkitEvent,
  body: unknown,
  botId = KORE_FIXTURE_BOT_ID,
): KoreBotkitDelivery {
  return { botId, componentId: 'default', eventName, payload: toDto(body) };
}

describe(KoreBotkitAdapter.name, () => {
  const receivedAt = new Date('2025-03-03T11:10:00Z');

  it('should map the on_user_message fixture to a bot-first message with its BotKit delivery', () => {
    const sut = adapterWith();
    const fixture = koreBotkitFixture();
    const delivery = deliveryOf(KoreBotkitEvent.OnUserMessage, fixture);

    const messages = sut.toMessages(delivery, receivedAt);

    const userId = 'u-6c5d4e3f-2a1b-5c0d-9e8f-7a6b5c4d3e2f';
    expect(messages).toEqual([
      {
        platform: Platform.Kore,
        externalId: 'botkit:on_user_message:1741000123456',
        conversationId: userId,
        conversationName: null,
        sender: { id: userId, name: null, phone: null },
        eventType: 'on_user_message',
        text: 'cancel my order',
        attachments: [],
        history: [],
        sentAt: receivedAt,
        receivedAt,
        raw: fixture,
        replyTo: {
          recipient: userId,
          delivery: {
            sendUserMessageUrl: fixture.sendUserMessageUrl,
            sendBotMessageUrl: fixture.sendBotMessageUrl,
            payload: fixture,
          },
        },
        handling: Handling.BotFirst,
      },
    ]);
  });

  it('should keep no send URL whose origin is not KORE_API_HOST', () => {
    const sut = adapterWith({ KORE_API_HOST: 'https://bots.kore.ai' });
    const payload = {
      ...koreBotkitFixture(),
      sendUserMessageUrl: 'https://bots.kore.ai/api/botsdk/stream/x/sendUserMessage/1',
      sendBotMessageUrl: 'https://bots.kore.ai.evil.example/api/botsdk/stream/x/sendBotMessage/1',
    };

    const [message] = sut.toMessages(
      deliveryOf(KoreBotkitEvent.OnUserMessage, payload),
      receivedAt,
    );

    expect(message.replyTo?.delivery).toEqual({
      sendUserMessageUrl: 'https://bots.kore.ai/api/botsdk/stream/x/sendUserMessage/1',
      payload,
    });
    const [other] = adapterWith({ KORE_API_HOST: 'https://bots.kore.ai:8443' }).toMessages(
      deliveryOf(KoreBotkitEvent.OnUserMessage, payload),
      receivedAt,
    );
    expect(other.replyTo?.delivery).toEqual({ payload });
  });

  it("should record a bot message as the bot's history line in the user's conversation", () => {
    const sut = adapterWith();
    const payload = buildKoreBotkitPayload(KORE_ORIGIN, {
      message: 'Which order would you like to cancel?',
    });

    const [message] = sut.toMessages(deliveryOf(KoreBotkitEvent.OnBotMessage, payload), receivedAt);

    const digest = createHash('sha256')
      .update('Which order would you like to cancel?')
      .digest('hex')
      .slice(0, 16);
    expect(message).toMatchObject({
      externalId: `botkit:on_bot_message:${payload.requestId}:${digest}`,
      conversationId: payload.channel?.from,
      sender: { id: KORE_BOT_SENDER, name: null, phone: null },
      eventType: 'on_bot_message',
      text: 'Which order would you like to cancel?',
      handling: Handling.RecordOnly,
      replyTo: { recipient: payload.channel?.from },
    });
    expect(sut.isForwardedToUser(KoreBotkitEvent.OnBotMessage)).toBe(true);
    expect(sut.isForwardedToUser(KoreBotkitEvent.OnUserMessage)).toBe(false);
  });

  it('should tell two bot messages of one request apart, and a user message of the same request', () => {
    const sut = adapterWith();
    const payload = buildKoreBotkitPayload(KORE_ORIGIN);
    const idOf = (event: KoreBotkitEvent, message: string): string =>
      sut.toMessages(deliveryOf(event, { ...payload, message }), receivedAt)[0].externalId;

    const ids = new Set([
      idOf(KoreBotkitEvent.OnUserMessage, 'hi'),
      idOf(KoreBotkitEvent.OnBotMessage, 'hi'),
      idOf(KoreBotkitEvent.OnBotMessage, 'How can I help?'),
    ]);

    expect(ids.size).toBe(3);
  });

  it('should hand an agent transfer to a human', () => {
    const sut = adapterWith();
    const payload = buildKoreBotkitPayload(KORE_ORIGIN);
    delete payload.message;

    const [message] = sut.toMessages(
      deliveryOf(KoreBotkitEvent.OnAgentTransfer, payload),
      receivedAt,
    );

    expect(message).toMatchObject({
      externalId: `botkit:on_agent_transfer:${payload.requestId}`,
      eventType: 'on_agent_transfer',
      text: '',
      handling: Handling.HumanHandover,
      sender: { id: payload.channel?.from },
    });
  });

  it('should store no message for events that are not messages', () => {
    const sut = adapterWith();
    const payload = buildKoreBotkitPayload(KORE_ORIGIN);

    for (const event of [
      KoreBotkitEvent.OnEvent,
      KoreBotkitEvent.OnAlert,
      KoreBotkitEvent.OnVariableUpdate,
      KoreBotkitEvent.OnWebhook,
    ]) {
      expect(sut.toMessages(deliveryOf(event, payload), receivedAt)).toEqual([]);
    }
  });

  it("should fall back to the channel's user and name the user from Kore's user context", () => {
    const sut = adapterWith();
    const payload = {
      ...buildKoreBotkitPayload(KORE_ORIGIN),
      channel: { type: 'msteams', from: 'teams-user-1' },
      context: { session: { UserContext: { firstName: 'Mira', lastName: 'Kaya' } } },
    };

    const [message] = sut.toMessages(
      deliveryOf(KoreBotkitEvent.OnUserMessage, payload),
      receivedAt,
    );

    expect(message.conversationId).toBe('teams-user-1');
    expect(message.sender).toEqual({ id: 'teams-user-1', name: 'Mira Kaya', phone: null });
  });

  it('should derive ids that fit their columns when Kore sends none or overlong ones', () => {
    const sut = adapterWith();
    const withoutRequest = buildKoreBotkitPayload(KORE_ORIGIN, {
      channel: { from: 'x'.repeat(300) },
      context: {},
    });
    delete withoutRequest.requestId;

    const [first] = sut.toMessages(
      deliveryOf(KoreBotkitEvent.OnUserMessage, withoutRequest),
      receivedAt,
    );
    const [again] = sut.toMessages(
      deliveryOf(KoreBotkitEvent.OnUserMessage, withoutRequest),
      receivedAt,
    );

    expect(first.externalId).toMatch(/^botkit:on_user_message:sha256:[0-9a-f]{64}$/);
    expect(again.externalId).toBe(first.externalId);
    expect(first.conversationId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('should echo the payload with the route’s bot and component, as BotKit answers', () => {
    const sut = adapterWith();
    const fixture = koreBotkitFixture();

    const answer = sut.toAnswer({
      botId: 'st-route-bot',
      componentId: 'dg-1',
      eventName: KoreBotkitEvent.OnWebhook,
      payload: toDto({ ...fixture, unknownField: 'dropped' }),
    });

    expect(answer).toEqual({ ...fixture, botId: 'st-route-bot', componentId: 'dg-1' });
  });
});
