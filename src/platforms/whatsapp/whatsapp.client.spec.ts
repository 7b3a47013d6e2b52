import { Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { Platform } from 'src/core/inbound-message';
import { MAX_WHATSAPP_TEXT_CHARS, WhatsappClient } from 'src/platforms/whatsapp/whatsapp.client';
import { OutboundKind } from 'src/core/outbound-status';
import type { OutboundEnvelope } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { rejectionOf } from 'test/setup/rejection-of';
import { useStubServer } from 'test/setup/stub-http-server';

const TOKEN = 'EAAG-whatsapp-token';

function envelopeOf(overrides: Partial<OutboundEnvelope> = {}): OutboundEnvelope {
  return {
    id: 3,
    kind: OutboundKind.Reply,
    recipient: '905551234567',
    conversationId: '905551234567',
    text: 'Siparişiniz yarın kargoda 📦',
    delivery: null,
    template: null,
    ...overrides,
  };
}

describe(WhatsappClient.name, () => {
  const stub = useStubServer();

  const clientWith = (env: Record<string, string> = {}) => {
    const config = AppConfig.fromEnv({
      LOG_LEVEL: 'silent',
      WHATSAPP_API_BASE_URL: `${stub.url}/v21.0/`,
      WHATSAPP_ACCESS_TOKEN: TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: '1098765',
      ...env,
    });
    const registry = new PlatformClientRegistry();
    const sut = new WhatsappClient(new PlatformHttpClient(config), config, registry);
    sut.onModuleInit();
    return { sut, registry };
  };

  const sendErrorOf = (promise: Promise<unknown>): Promise<PlatformSendError> =>
    rejectionOf(promise, PlatformSendError);

  beforeEach(() => {
    stub.respondWith(() => ({
      status: 200,
      body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.HBgM' }] },
    }));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should register itself with the 24-hour reply window', () => {
    const { sut, registry } = clientWith();

    expect(registry.find(Platform.WhatsApp)).toBe(sut);
    expect(sut.replyWindowMs).toBe(24 * 60 * 60 * 1000);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'with its components',
      {
        name: 'order_shipped',
        language: 'pt-BR',
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
      },
      {
        name: 'order_shipped',
        language: { code: 'pt_BR' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
      },
    ],
    [
      'without components',
      { name: 'hello_world', language: 'en_US' },
      { name: 'hello_world', language: { code: 'en_US' } },
    ],
  ])('should post a template %s in Meta’s shape, without text', async (_case, template, sent) => {
    const { sut } = clientWith();

    const receipt = await sut.send(
      envelopeOf({
        kind: OutboundKind.Proactive,
        text: '[template label]',
        template: template as unknown as OutboundEnvelope['template'],
      }),
    );

    expect(receipt).toEqual({ externalId: 'wamid.HBgM' });
    expect(stub.requests.map((request) => request.json)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '905551234567',
        type: 'template',
        template: sent,
      },
    ]);
    expect(sut.isTemplateSupported).toBe(true);
  });

  it('should post a text message to the Graph API and keep its message id', async () => {
    const { sut } = clientWith();

    const receipt = await sut.send(
      envelopeOf({ recipient: '+90 (555) 123-45 67', delivery: { contextMessageId: 'wamid.IN' } }),
    );

    expect(receipt).toEqual({ externalId: 'wamid.HBgM' });
    expect(stub.requests).toHaveLength(1);
    const [received] = stub.requests;
    expect(received).toMatchObject({ method: 'POST', path: '/v21.0/1098765/messages' });
    expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '905551234567',
      type: 'text',
      text: { preview_url: false, body: 'Siparişiniz yarın kargoda 📦' },
      context: { message_id: 'wamid.IN' },
    });
  });

  it('should send from the number the message came to, and cut long texts by code point', async () => {
    const { sut } = clientWith();
    const text = `${'a'.repeat(MAX_WHATSAPP_TEXT_CHARS - 1)}🚲🚲`;

    await sut.send(envelopeOf({ text, delivery: { phoneNumberId: '5550001' } }));

    const [received] = stub.requests;
    expect(received.path).toBe('/v21.0/5550001/messages');
    const body = (received.json as { text: { body: string } }).text.body;
    expect(Array.from(body)).toHaveLength(MAX_WHATSAPP_TEXT_CHARS);
    expect(body.endsWith('a🚲')).toBe(true);
  });

  it('should count a send whose answer has no message id as sent without an id', async () => {
    stub.respondWith(() => ({ status: 200, body: { messaging_product: 'whatsapp' } }));

    const receipt = await clientWith().sut.send(envelopeOf());

    expect(receipt).toEqual({ externalId: null });
  });

  it('should refuse for good, without a request, what cannot be sent', async () => {
    const cases: [WhatsappClient, OutboundEnvelope][] = [
      [clientWith({ WHATSAPP_ACCESS_TOKEN: '' }).sut, envelopeOf()],
      [clientWith({ WHATSAPP_PHONE_NUMBER_ID: '' }).sut, envelopeOf()],
      [clientWith().sut, envelopeOf({ recipient: 'user-42' })],
    ];

    for (const [sut, envelope] of cases) {
      const error = await sendErrorOf(sut.send(envelope));
      expect(error.details).toEqual({ httpStatus: null, isRetryable: false });
    }
    expect(stub.requests).toHaveLength(0);
  });

  it("should fail with Meta's explanation, retryable only for 429 and 5xx", async () => {
    const { sut } = clientWith();
    stub.respondWith(() =>
      stub.requests.length === 1
        ? { status: 400, body: { error: { message: 'Invalid parameter', code: 100 } } }
        : { status: 429, body: { error: { code: 130429 } }, headers: { 'retry-after': '60' } },
    );

    const invalid = await sendErrorOf(sut.send(envelopeOf()));
    const limited = await sendErrorOf(sut.send(envelopeOf()));

    expect(invalid.message).toBe(
      `POST ${stub.url}/v21.0/1098765/messages: HTTP 400 (Invalid parameter)`,
    );
    expect(invalid.details).toEqual({ httpStatus: 400, isRetryable: false, retryAfterMs: null });
    expect(limited.message).toBe(`POST ${stub.url}/v21.0/1098765/messages: HTTP 429 (130429)`);
    expect(limited.details).toEqual({ httpStatus: 429, isRetryable: true, retryAfterMs: 60_000 });
  });
});
