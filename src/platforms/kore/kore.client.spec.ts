import { jwtVerify } from 'jose';
import { AppConfig } from 'src/config/app-config';
import type { DeliveryDetails } from 'src/messages/inbound-message';
import { OutboundKind } from 'src/replies/outbound-message.entity';
import type { OutboundEnvelope } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import type { PlatformHttpClient, PlatformHttpRequest } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { KoreClient } from 'src/platforms/kore/kore.client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const KORE_ENV = {
  KORE_API_HOST: 'https://bots.kore.ai',
  KORE_BOT_ID: 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21',
  KORE_CLIENT_ID: 'cs-9b1d2e3f-4a5b-5c6d-8e7f-0a1b2c3d4e5f',
  KORE_CLIENT_SECRET: 'kore-secret',
};

function clientWith(env: Record<string, string> = KORE_ENV): {
  sut: KoreClient;
  requests: PlatformHttpRequest[];
  registry: PlatformClientRegistry;
} {
  const requests: PlatformHttpRequest[] = [];
  const http = {
    request: (request: PlatformHttpRequest) => {
      requests.push(request);
      return Promise.resolve({ status: 200, body: { _id: 'ds-42', status: 'IN_PROGRESS' } });
    },
  } as unknown as PlatformHttpClient;
  const registry = new PlatformClientRegistry();
  const sut = new KoreClient(http, AppConfig.fromEnv({ LOG_LEVEL: 'silent', ...env }), registry);
  return { sut, requests, registry };
}

function envelopeOf(overrides: Partial<OutboundEnvelope>): OutboundEnvelope {
  return {
    id: 1,
    kind: OutboundKind.Proactive,
    recipient: 'mira.kaya@example.org',
    conversationId: null,
    text: 'Reminder: your session starts in 15 minutes.',
    delivery: null,
    ...overrides,
  };
}

const stream = 'https://bots.kore.ai/api/botsdk/stream/st-1';
const payload = { requestId: '17', message: 'cancel my order', context: { session: {} } };
const botkitDelivery: DeliveryDetails = {
  sendUserMessageUrl: `${stream}/sendUserMessage/17`,
  sendBotMessageUrl: `${stream}/sendBotMessage/17`,
  payload,
};

async function expectAuthJwt(request: PlatformHttpRequest, subject: string): Promise<void> {
  const { payload: claims } = await jwtVerify(
    request.headers?.auth ?? '',
    new TextEncoder().encode(KORE_ENV.KORE_CLIENT_SECRET),
    { algorithms: ['HS256'] },
  );
  expect(claims).toMatchObject({ appId: KORE_ENV.KORE_CLIENT_ID, sub: subject });
  expect(request.headers?.authorization).toBeUndefined();
}

describe(KoreClient.name, () => {
  it('should register itself and support proactive messages only when bot and app are configured', () => {
    const { sut, registry } = clientWith();

    expect(registry.find('kore')).toBe(sut);
    expect(sut.isProactiveSupported).toBe(true);
    expect(clientWith({ KORE_BOT_ID: 'st-1' }).sut.isProactiveSupported).toBe(false);
    expect(
      clientWith({ KORE_CLIENT_ID: 'cs-1', KORE_CLIENT_SECRET: 's' }).sut.isProactiveSupported,
    ).toBe(false);
  });

  it('should send a proactive message to the notify API in the documented shape', async () => {
    const { sut, requests } = clientWith();
    const fixture = JSON.parse(
      readFileSync(join(__dirname, '../../../test/fixtures/kore/proactive-notify.json'), 'utf8'),
    ) as Record<string, unknown>;

    const receipt = await sut.send(envelopeOf({}));

    expect(receipt).toEqual({ externalId: 'ds-42' });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `https://bots.kore.ai/api/public/bot/${KORE_ENV.KORE_BOT_ID}/notify`,
    });
    expect(requests[0].body).toEqual({
      ...fixture,
      identities: ['mira.kaya@example.org'],
    });
    await expectAuthJwt(requests[0], 'mira.kaya@example.org');
  });

  it('should send a late reply to a seed 000 event as a notification', async () => {
    const { sut, requests } = clientWith();

    await sut.send(envelopeOf({ kind: OutboundKind.Reply, text: 'Your card is unblocked.' }));

    expect(requests[0].url).toMatch(/\/notify$/);
    expect(requests[0].body).toMatchObject({
      message: { type: 'text', val: 'Your card is unblocked.' },
    });
  });

  it("should post a reply to BotKit's sendUserMessageUrl as the payload with the reply as message", async () => {
    const { sut, requests } = clientWith();

    const receipt = await sut.send(
      envelopeOf({
        kind: OutboundKind.Reply,
        recipient: 'u-1',
        text: 'An agent is on it.',
        delivery: botkitDelivery,
      }),
    );

    expect(receipt).toEqual({ externalId: null });
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe(`${stream}/sendUserMessage/17`);
    expect(requests[0].body).toEqual({ ...payload, message: 'An agent is on it.' });
    await expectAuthJwt(requests[0], 'u-1');
  });

  it("should hand a message back to Kore's bot unchanged on sendBotMessageUrl", async () => {
    const { sut, requests } = clientWith();

    await sut.send(
      envelopeOf({
        kind: OutboundKind.BotPassThrough,
        recipient: 'u-1',
        text: 'cancel my order',
        delivery: botkitDelivery,
      }),
    );

    expect(requests[0].url).toBe(`${stream}/sendBotMessage/17`);
    expect(requests[0].body).toEqual(payload);
  });

  it('should refuse, without any request and for good, URLs off the KORE_API_HOST origin or missing', async () => {
    const { sut, requests } = clientWith();
    const cases: [OutboundKind, DeliveryDetails][] = [
      [OutboundKind.Reply, { ...botkitDelivery, sendUserMessageUrl: 'https://evil.example/x' }],
      [
        OutboundKind.BotPassThrough,
        { ...botkitDelivery, sendBotMessageUrl: 'http://bots.kore.ai/x' },
      ],
      [OutboundKind.Reply, { payload }],
      [OutboundKind.BotPassThrough, { payload }],
    ];

    for (const [kind, delivery] of cases) {
      const sending = sut.send(envelopeOf({ kind, delivery }));
      await expect(sending).rejects.toBeInstanceOf(PlatformSendError);
      await expect(sending).rejects.toMatchObject({ details: { isRetryable: false } });
    }
    expect(requests).toHaveLength(0);
  });

  it('should refuse for good when the bot or app credentials are not configured', async () => {
    const { sut, requests } = clientWith({ KORE_API_HOST: 'https://bots.kore.ai' });

    for (const envelope of [
      envelopeOf({}),
      envelopeOf({ kind: OutboundKind.Reply, delivery: botkitDelivery }),
    ]) {
      await expect(sut.send(envelope)).rejects.toMatchObject({
        details: { isRetryable: false },
      });
    }
    expect(requests).toHaveLength(0);
  });
});
