import { OutboundService } from 'src/replies/outbound.service';
import { buildUserlikeMessage } from 'test/factories/userlike-webhook.factory';
import {
  API_PATH,
  API_TOKEN,
  BOOT_TIMEOUT_MS,
  CONNECTING,
  CRITICAL,
  HOLDING,
  type OutboundRow,
  SLOW_TEST_TIMEOUT_MS,
  UserlikeHarness,
} from 'test/factories/userlike-harness';
import { testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

describe.each(testDatabaseKinds())('POST /webhooks/userlike with a slow agent on %s', (kind) => {
  const h = new UserlikeHarness();
  // The agent answers only after the answer window has closed, however slow the machine; the
  // window is still wide enough for a prompt agent's answer to make it in.
  const answerTimeoutMs = 4000;
  const agentDelayMs = 6000;

  beforeAll(async () => {
    await h.start(kind, {
      USERLIKE_ANSWER_TIMEOUT_MS: String(answerTimeoutMs),
      AGENT_TIMEOUT_MS: '20000',
    });
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

  const sentRows = (): Promise<OutboundRow[]> =>
    waitFor(
      () => h.outboundRows(),
      (rows) => rows.length > 0 && rows.every((row) => row.status !== 'queued'),
      'the API URL calls to end',
      15_000,
    );

  it(
    "should answer before the agent and send the agent's reply later through the API URL",
    async () => {
      const reply = 'Your refund is on its way.';
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: agentDelayMs });
      const message = buildUserlikeMessage('I would like a refund for my order', {
        context: { state: 'refund' },
      });

      const events = await h.events(message);

      const [stored] = await h.sut.dataSource.query<{ id: number }[]>(
        'SELECT id FROM webhook_messages',
      );
      expect(events).toEqual([
        {
          info: {
            cid: message.info.cid,
            context: {
              state: 'refund',
              triage: {
                urgency_score: null,
                category: null,
                priority_level: null,
                sentiment: null,
                message_id: Number(stored.id),
              },
            },
          },
          packet: { name: 'message', payload: { body: HOLDING } },
        },
      ]);
      const rows = await sentRows();
      await h.sut.app.get(OutboundService).whenIdle();
      expect(rows.map((row) => ({ ...row, attempts: Number(row.attempts) }))).toEqual([
        {
          status: 'sent',
          last_error: null,
          attempts: 1,
          kind: 'reply',
          recipient: message.info.cid,
          text: reply,
        },
      ]);
      expect(h.api.requests).toHaveLength(1);
      const [call] = h.api.requests;
      expect(call.method).toBe('POST');
      expect(call.path).toBe(API_PATH);
      expect(call.headers['security-token']).toBe(API_TOKEN);
      expect(call.json).toEqual([
        { info: { cid: message.info.cid }, packet: { name: 'message', payload: { body: reply } } },
      ]);

      const repeat = await h.events(message);

      expect(repeat.map((e) => e.packet.payload.body)).not.toContain(reply);
      expect(h.agentRequests()).toHaveLength(1);
      await h.sut.app.get(OutboundService).whenIdle();
      expect(h.api.requests).toHaveLength(1);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    "should retry the API call after Userlike's 429, honouring Retry-After",
    async () => {
      const reply = 'Here is your tracking link.';
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: agentDelayMs });
      let calls = 0;
      h.api.respondWith(() =>
        ++calls === 1
          ? { status: 429, headers: { 'Retry-After': '1' }, body: { error: 'Too many requests' } }
          : { status: 200, body: {} },
      );
      const message = buildUserlikeMessage('Where is my parcel?');

      await h.events(message);

      const rows = await sentRows();
      // `last_error` is cleared once the retry went through.
      expect(rows.map((row) => [row.status, Number(row.attempts), row.last_error])).toEqual([
        ['sent', 2, null],
      ]);
      expect(h.api.requests).toHaveLength(2);
      for (const call of h.api.requests) {
        expect(call.headers['security-token']).toBe(API_TOKEN);
        expect(call.json).toEqual([
          {
            info: { cid: message.info.cid },
            packet: { name: 'message', payload: { body: reply } },
          },
        ]);
      }
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it('should forward a critical message to any operator when no group is configured', async () => {
    const events = await h.events(buildUserlikeMessage(CRITICAL));

    expect(events.map((e) => e.packet)).toEqual([
      { name: 'message', payload: { body: CONNECTING } },
      { name: 'forward_any', payload: { on_failure: 'feedback' } },
    ]);
  });
});
