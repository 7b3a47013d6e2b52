import { AppConfig } from 'src/config/app-config';
import { Platform } from 'src/core/inbound-message';
import { InstanceId } from 'src/queue/instance-id';
import { UserlikeClient } from 'src/platforms/userlike/userlike.client';
import { type OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import type {
  NewOutboundMessage,
  OutboundMessageRepository,
} from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';
import type { OutboundEnvelope } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { useStubServer } from 'test/setup/stub-http-server';

const API_PATH = '/api/chatbot/v1/abc';
const CID = 'chatbot::412:3c9e0a7b51d24f6e8a0b9c1d2e3f4a5b';

// A reply of 'hi' to the conversation CID, with `overrides`.
const replyOf = (overrides: Partial<OutboundEnvelope> = {}): OutboundEnvelope => ({
  id: 1,
  kind: OutboundKind.Reply,
  recipient: CID,
  conversationId: CID,
  text: 'hi',
  delivery: null,
  template: null,
  ...overrides,
});

// Only what OutboundService uses, kept in memory.
class InMemoryOutboundRepository {
  readonly rows = new Map<number, OutboundMessage>();
  private nextId = 1;

  insert(message: NewOutboundMessage, status = OutboundStatus.Queued): Promise<number> {
    const id = this.nextId++;
    const now = new Date();
    this.rows.set(id, {
      ...message,
      id,
      status,
      externalId: null,
      attempts: 0,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
      lockedBy: null,
      lockedUntil: null,
      nextAttemptAt: null,
    });
    return Promise.resolve(id);
  }

  findById(id: number): Promise<OutboundMessage | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? { ...row } : null);
  }

  readonly leases = {
    claim: (id: number): Promise<boolean> =>
      Promise.resolve(this.rows.get(id)?.status === OutboundStatus.Queued),
    renew: (): Promise<boolean> => Promise.resolve(true),
  };

  countAttempt(id: number): Promise<void> {
    this.rows.get(id)!.attempts++;
    return Promise.resolve();
  }

  markSent(id: number, externalId: string | null): Promise<void> {
    Object.assign(this.rows.get(id)!, { status: OutboundStatus.Sent, externalId });
    return Promise.resolve();
  }

  markFailed(id: number, error: string): Promise<void> {
    Object.assign(this.rows.get(id)!, { status: OutboundStatus.Failed, lastError: error });
    return Promise.resolve();
  }

  recordError(id: number, error: string): Promise<void> {
    this.rows.get(id)!.lastError = error;
    return Promise.resolve();
  }
}

// Real I/O under fake timers: turns the event loop (no timer) until `isDone`, and fails when it
// never holds.
async function until(isDone: () => boolean, what: string): Promise<void> {
  for (let turn = 0; !isDone(); turn++) {
    if (turn > 200_000) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe(UserlikeClient.name, () => {
  const stub = useStubServer();
  let API_URL: string;

  const clientWith = (env: Record<string, string>) => {
    const config = AppConfig.fromEnv({
      LOG_LEVEL: 'silent',
      OUTBOUND_MAX_BACKOFF_MS: '50',
      ...env,
    });
    const registry = new PlatformClientRegistry();
    const sut = new UserlikeClient(new PlatformHttpClient(config), config, registry);
    return { sut, registry, config };
  };

  beforeAll(() => {
    API_URL = `${stub.url}${API_PATH}`;
  });

  beforeEach(() => {
    stub.respondWith(() => ({ status: 204, body: '' }));
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('should register itself, with proactive messages only when an API URL is set', () => {
    const configured = clientWith({ USERLIKE_API_URL: API_URL, USERLIKE_API_TOKEN: 'api-token' });
    const bare = clientWith({});

    expect(configured.registry.find(Platform.Userlike)).toBe(configured.sut);
    expect(configured.sut.isProactiveSupported).toBe(true);
    expect(configured.sut.rateLimit).toEqual({ limit: 20, windowMs: 60_000 });
    expect(bare.sut.isProactiveSupported).toBe(false);
  });

  it('should post a message event for the cid with the security token', async () => {
    const { sut } = clientWith({ USERLIKE_API_URL: API_URL, USERLIKE_API_TOKEN: 'api-token' });

    const receipt = await sut.send(replyOf({ id: 5, text: 'Your order ships tomorrow.' }));

    expect(receipt).toEqual({ externalId: null });
    expect(stub.requests).toHaveLength(1);
    const [received] = stub.requests;
    expect(received).toMatchObject({ method: 'POST', path: API_PATH });
    expect(received.headers['security-token']).toBe('api-token');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.json).toEqual([
      {
        info: { cid: CID },
        packet: { name: 'message', payload: { body: 'Your order ships tomorrow.' } },
      },
    ]);
  });

  it('should post a hand-over as the forward event alone, with feedback on failure', async () => {
    const anyOperator = clientWith({ USERLIKE_API_URL: API_URL, USERLIKE_API_TOKEN: 'api-token' });
    const group = clientWith({
      USERLIKE_API_URL: API_URL,
      USERLIKE_API_TOKEN: 'api-token',
      USERLIKE_FORWARD_GROUP: '42',
    });

    expect(anyOperator.sut.isHandoverSupported).toBe(true);
    for (const { sut } of [anyOperator, group]) {
      await sut.send(replyOf({ kind: OutboundKind.Handover, text: 'handed over' }));
    }

    expect(stub.requests.map((request) => request.headers['security-token'])).toEqual([
      'api-token',
      'api-token',
    ]);
    expect(stub.requests.map((request) => request.json)).toEqual([
      [
        {
          info: { cid: CID },
          packet: { name: 'forward_any', payload: { on_failure: 'feedback' } },
        },
      ],
      [
        {
          info: { cid: CID },
          packet: { name: 'forward_group', payload: { group_id: 42, on_failure: 'feedback' } },
        },
      ],
    ]);
  });

  it('should split a text longer than 5000 characters into several events of one request', async () => {
    const { sut } = clientWith({ USERLIKE_API_URL: API_URL, USERLIKE_API_TOKEN: 'api-token' });
    const text = 'a'.repeat(12001);

    await sut.send(replyOf({ kind: OutboundKind.Proactive, conversationId: null, text }));

    expect(stub.requests).toHaveLength(1);
    const events = stub.requests[0].json as { packet: { payload: { body: string } } }[];
    expect(events.map((e) => e.packet.payload.body.length)).toEqual([5000, 5000, 2001]);
  });

  it('should fail without retry when the API URL or token is not set, or the text is blank', async () => {
    const noUrl = clientWith({ USERLIKE_API_TOKEN: 'api-token' }).sut;
    const noToken = clientWith({ USERLIKE_API_URL: API_URL }).sut;
    const configured = clientWith({
      USERLIKE_API_URL: API_URL,
      USERLIKE_API_TOKEN: 'api-token',
    }).sut;
    const envelope = replyOf();

    for (const [client, text] of [
      [noUrl, 'hi'],
      [noToken, 'hi'],
      [configured, '  '],
    ] as const) {
      const error = await client.send({ ...envelope, text }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformSendError);
      expect((error as PlatformSendError).details.isRetryable).toBe(false);
    }
    expect(stub.requests).toHaveLength(0);
  });

  it('should fail a 429 as retryable with the Retry-After Userlike sent', async () => {
    stub.respondWith(() => ({ status: 429, body: {}, headers: { 'retry-after': '30' } }));
    const { sut } = clientWith({ USERLIKE_API_URL: API_URL, USERLIKE_API_TOKEN: 'api-token' });

    const error = await sut.send(replyOf()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PlatformSendError);
    expect((error as PlatformSendError).details).toEqual({
      httpStatus: 429,
      isRetryable: true,
      retryAfterMs: 30_000,
    });
  });

  it('should hold the 21st send to one cid within a minute until the window allows it', async () => {
    // Only the clock and its timers: sockets and streams need the real event loop.
    jest.useFakeTimers({
      now: new Date('2025-03-03T11:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'hrtime', 'performance'],
    });
    const { registry, config } = clientWith({
      USERLIKE_API_URL: API_URL,
      USERLIKE_API_TOKEN: 'api-token',
    });
    const repository = new InMemoryOutboundRepository();
    const outbound = new OutboundService(
      repository as unknown as OutboundMessageRepository,
      registry,
      config,
      new InstanceId(),
    );

    for (let i = 1; i <= 21; i++) {
      await outbound.queueProactive({
        platform: Platform.Userlike,
        recipient: CID,
        text: `update ${i}`,
        conversationId: CID,
      });
    }
    await outbound.queueProactive({
      platform: Platform.Userlike,
      recipient: 'chatbot::412:other',
      text: 'another session',
      conversationId: null,
    });
    await jest.advanceTimersByTimeAsync(0);
    const sentRows = () =>
      [...repository.rows.values()].filter((row) => row.status === OutboundStatus.Sent).length;
    await until(() => sentRows() === 21, '21 sends answered');

    const sentTo = (cid: string) =>
      stub.requests.filter((r) => (r.json as { info: { cid: string } }[])[0].info.cid === cid)
        .length;
    expect(sentTo(CID)).toBe(20);
    expect(sentTo('chatbot::412:other')).toBe(1);
    expect(repository.rows.get(21)?.status).toBe(OutboundStatus.Queued);

    await jest.advanceTimersByTimeAsync(59_000);
    expect(sentTo(CID)).toBe(20);

    await jest.advanceTimersByTimeAsync(1_001);
    await outbound.whenIdle();
    expect(sentTo(CID)).toBe(21);
    expect(repository.rows.get(21)).toMatchObject({ status: OutboundStatus.Sent, attempts: 1 });
  });
});
