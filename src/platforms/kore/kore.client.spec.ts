import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { AppConfig } from 'src/config/app-config';
import type { DeliveryDetails } from 'src/core/inbound-message';
import { OutboundKind } from 'src/core/outbound-status';
import type { OutboundEnvelope } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { KoreClient } from 'src/platforms/kore/kore.client';
import { type RecordedRequest, useStubServer } from 'test/setup/stub-http-server';

// The stand-in Kore API on loopback is KORE_API_HOST.
const stub = useStubServer();

const KORE_ENV = {
  KORE_BOT_ID: 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21',
  KORE_CLIENT_ID: 'cs-9b1d2e3f-4a5b-5c6d-8e7f-0a1b2c3d4e5f',
  KORE_CLIENT_SECRET: 'kore-secret',
};

function clientWith(env: Record<string, string> = KORE_ENV): {
  sut: KoreClient;
  registry: PlatformClientRegistry;
} {
  const config = AppConfig.fromEnv({ LOG_LEVEL: 'silent', KORE_API_HOST: stub.url, ...env });
  const registry = new PlatformClientRegistry();
  const sut = new KoreClient(new PlatformHttpClient(config), config, registry);
  return { sut, registry };
}

function envelopeOf(overrides: Partial<OutboundEnvelope>): OutboundEnvelope {
  return {
    id: 1,
    kind: OutboundKind.Proactive,
    recipient: 'mira.kaya@example.org',
    conversationId: null,
    text: 'Reminder: your session starts in 15 minutes.',
    delivery: null,
    template: null,
    ...overrides,
  };
}

const payload = { requestId: '17', message: 'cancel my order', context: { session: {} } };
const botkitDelivery = (): DeliveryDetails => ({
  sendUserMessageUrl: `${stub.url}/api/botsdk/stream/st-1/sendUserMessage/17`,
  sendBotMessageUrl: `${stub.url}/api/botsdk/stream/st-1/sendBotMessage/17`,
  payload,
});

async function expectAuthJwt(request: RecordedRequest, subject: string): Promise<void> {
  const { payload: claims } = await jwtVerify(
    String(request.headers.auth),
    new TextEncoder().encode(KORE_ENV.KORE_CLIENT_SECRET),
    { algorithms: ['HS256'] },
  );
  expect(claims).toMatchObject({ appId: KORE_ENV.KORE_CLIENT_ID, sub: subject });
  expect(request.headers.authorization).toBeUndefined();
}

describe(KoreClient.name, () => {
  beforeEach(() => {
    stub.respondWith(() => ({ status: 200, body: { _id: 'ds-42', status: 'IN_PROGRESS' } }));
  });

  it('should register itself and support proactive messages only when bot and app are configured', () => {
    const { sut, registry } = clientWith();

    expect(registry.find('kore')).toBe(sut);
    expect(sut.isProactiveSupported).toBe(true);
    expect(clientWith({ KORE_BOT_ID: 'st-1' }).sut.isProactiveSupported).toBe(false);
    expect(
      clientWith({ KORE_CLIENT_ID: 'cs-1', KORE_CLIENT_SECRET: 's' }).sut.isProactiveSupported,
    ).toBe(false);
  });

  it('should refuse a hand-over without retry and without a request (Kore has none of its own)', async () => {
    const { sut, registry } = clientWith();

    const error = await sut
      .send(envelopeOf({ kind: OutboundKind.Handover }))
      .catch((e: unknown) => e);

    // No hand-over row is ever queued for Kore: the pipeline asks the registered client first.
    expect(registry.find('kore')?.isHandoverSupported).toBeUndefined();
    expect(error).toBeInstanceOf(PlatformSendError);
    expect((error as PlatformSendError).details.isRetryable).toBe(false);
    expect(stub.requests).toHaveLength(0);
  });

  it('should send a proactive message to the notify API in the documented shape', async () => {
    const { sut } = clientWith();
    const { requests } = stub;
    const fixture = JSON.parse(
      readFileSync(join(__dirname, '../../../test/fixtures/kore/proactive-notify.json'), 'utf8'),
    ) as Record<string, unknown>;

    const receipt = await sut.send(envelopeOf({}));

    expect(receipt).toEqual({ externalId: 'ds-42' });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: `/api/public/bot/${KORE_ENV.KORE_BOT_ID}/notify`,
    });
    expect(requests[0].headers['content-type']).toBe('application/json');
    expect(requests[0].json).toEqual({
      ...fixture,
      identities: ['mira.kaya@example.org'],
    });
    await expectAuthJwt(requests[0], 'mira.kaya@example.org');
  });

  it('should send a late reply to a seed 000 event as a notification', async () => {
    const { sut } = clientWith();
    const { requests } = stub;

    await sut.send(envelopeOf({ kind: OutboundKind.Reply, text: 'Your card is unblocked.' }));

    expect(requests[0].path).toMatch(/\/notify$/);
    expect(requests[0].json).toMatchObject({
      message: { type: 'text', val: 'Your card is unblocked.' },
    });
  });

  it("should post a reply to BotKit's sendUserMessageUrl as the payload with the reply as message", async () => {
    const { sut } = clientWith();
    const { requests } = stub;

    const receipt = await sut.send(
      envelopeOf({
        kind: OutboundKind.Reply,
        recipient: 'u-1',
        text: 'An agent is on it.',
        delivery: botkitDelivery(),
      }),
    );

    expect(receipt).toEqual({ externalId: null });
    expect(requests).toHaveLength(1);
    expect(requests[0].path).toBe('/api/botsdk/stream/st-1/sendUserMessage/17');
    expect(requests[0].json).toEqual({ ...payload, message: 'An agent is on it.' });
    await expectAuthJwt(requests[0], 'u-1');
  });

  it("should hand a message back to Kore's bot unchanged on sendBotMessageUrl", async () => {
    const { sut } = clientWith();
    const { requests } = stub;

    await sut.send(
      envelopeOf({
        kind: OutboundKind.BotPassThrough,
        recipient: 'u-1',
        text: 'cancel my order',
        delivery: botkitDelivery(),
      }),
    );

    expect(requests).toHaveLength(1);
    expect(requests[0].path).toBe('/api/botsdk/stream/st-1/sendBotMessage/17');
    expect(requests[0].json).toEqual(payload);
  });

  it('should refuse, without any request and for good, URLs off the KORE_API_HOST origin or missing', async () => {
    const { sut } = clientWith();
    const { requests } = stub;
    const cases: [OutboundKind, DeliveryDetails][] = [
      [OutboundKind.Reply, { ...botkitDelivery(), sendUserMessageUrl: 'https://evil.example/x' }],
      [
        OutboundKind.BotPassThrough,
        { ...botkitDelivery(), sendBotMessageUrl: stub.url.replace('http:', 'https:') },
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
    const { sut } = clientWith({});
    const { requests } = stub;

    for (const envelope of [
      envelopeOf({}),
      envelopeOf({ kind: OutboundKind.Reply, delivery: botkitDelivery() }),
    ]) {
      await expect(sut.send(envelope)).rejects.toMatchObject({
        details: { isRetryable: false },
      });
    }
    expect(requests).toHaveLength(0);
  });

  it("should fail with Kore's explanation, retryable only for 429 and 5xx", async () => {
    const { sut } = clientWith();
    stub.respondWith(() =>
      stub.requests.length === 1
        ? { status: 400, body: { errors: [{ msg: 'Invalid identity', code: 4001 }] } }
        : { status: 503, body: {}, headers: { 'retry-after': '3' } },
    );

    const refused = await sut.send(envelopeOf({})).catch((e: unknown) => e);
    const unavailable = await sut.send(envelopeOf({})).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(PlatformSendError);
    expect((refused as PlatformSendError).message).toBe(
      `POST ${stub.url}/api/public/bot/${KORE_ENV.KORE_BOT_ID}/notify: HTTP 400 (Invalid identity)`,
    );
    expect((refused as PlatformSendError).details).toEqual({
      httpStatus: 400,
      isRetryable: false,
      retryAfterMs: null,
    });
    expect((unavailable as PlatformSendError).details).toEqual({
      httpStatus: 503,
      isRetryable: true,
      retryAfterMs: 3000,
    });
  });
});
