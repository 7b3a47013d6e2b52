import type { INestApplicationContext } from '@nestjs/common';
import type { Platform } from 'src/core/inbound-message';
import type { OutboundTemplate } from 'src/core/outbound-template';
import type { OutboundEnvelope, PlatformClient, SendReceipt } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';

export const TEST_PLATFORM_TOKEN = 'test-platform-api-token';

/** What `TestPlatformClient` posts to `{baseUrl}/messages`. */
export interface TestPlatformRequestBody {
  to: string;
  conversation_id: string | null;
  kind: string;
  text: string;
  /** Only for a template send. */
  template?: OutboundTemplate;
}

/**
 * A platform client for tests: sends through the real `PlatformHttpClient` to a stand-in API
 * (`POST {baseUrl}/messages`, bearer token, `Idempotency-Key` = the outbound row id) and takes the
 * answer's `id` as the platform's message id. Its window, rate limit and whether it sends
 * templates can be changed per test.
 */
export class TestPlatformClient implements PlatformClient {
  isProactiveSupported = true;
  isTemplateSupported?: boolean;
  replyWindowMs?: number;
  rateLimit?: { limit: number; windowMs: number };

  constructor(
    readonly platform: Platform,
    private readonly http: PlatformHttpClient,
    public baseUrl: string,
  ) {}

  async send(envelope: OutboundEnvelope): Promise<SendReceipt> {
    const body: TestPlatformRequestBody = {
      to: envelope.recipient,
      conversation_id: envelope.conversationId,
      kind: envelope.kind,
      text: envelope.text,
      ...(envelope.template ? { template: envelope.template } : {}),
    };
    const response = await this.http.request({
      method: 'POST',
      url: `${this.baseUrl}/messages`,
      headers: {
        authorization: `Bearer ${TEST_PLATFORM_TOKEN}`,
        'idempotency-key': String(envelope.id),
        // A fresh connection per send: a kept-alive socket the stand-in closes while idle would
        // fail a send now and then (and be retried), which would blur the counted attempts.
        connection: 'close',
      },
      body,
    });
    const id = (response.body as { id?: unknown } | null)?.id;
    return { externalId: typeof id === 'string' ? id : null };
  }

  reset(): void {
    this.isProactiveSupported = true;
    this.isTemplateSupported = undefined;
    this.replyWindowMs = undefined;
    this.rateLimit = undefined;
  }
}

/** Registers a `TestPlatformClient` for `platform` in an app or testing module. */
export function registerTestPlatformClient(
  app: INestApplicationContext,
  platform: Platform,
  baseUrl: string,
): TestPlatformClient {
  const client = new TestPlatformClient(platform, app.get(PlatformHttpClient), baseUrl);
  app.get(PlatformClientRegistry).register(client);
  return client;
}
