import { HANDOVER_TEXT } from 'src/messages/message-stages.service';
import { MessageProcessor } from 'src/messages/message-processor';
import { OutboundService } from 'src/replies/outbound.service';
import { buildUserlikeMessage } from 'test/factories/userlike-webhook.factory';
import {
  API_PATH,
  API_TOKEN,
  BOOT_TIMEOUT_MS,
  CRITICAL,
  HOLDING,
  SLOW_TEST_TIMEOUT_MS,
  UserlikeHarness,
  type UserlikeEventJson,
} from 'test/factories/userlike-harness';
import type { RecordedRequest } from 'test/setup/stub-http-server';
import { testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

interface Row {
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  recipient: string;
  text: string;
}

// A critical Userlike message whose answer window closed before processing ended: the chat
// message (the agent's late reply) and then the forward go out through the API URL, each its own
// outbound row, retried like any send.
describe.each(testDatabaseKinds())('Userlike late hand-over on %s', (kind) => {
  const h = new UserlikeHarness();
  // The agents answer only after the answer window has closed, however slow the machine.
  const answerTimeoutMs = 4000;
  const agentDelayMs = 6000;
  const reply = 'A colleague is on the way; please leave the building.';

  beforeAll(async () => {
    await h.start(kind, {
      USERLIKE_ANSWER_TIMEOUT_MS: String(answerTimeoutMs),
      AGENT_TIMEOUT_MS: '20000',
      // One call per agent and one processing attempt: a failed routing ends the message at once.
      AGENT_MAX_ATTEMPTS: '1',
      MAX_ATTEMPTS: '1',
      // Two sends failing for good stay below the breaker's 10 failures in a row.
      OUTBOUND_MAX_ATTEMPTS: '3',
    });
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

  const messageEvent = (cid: string, body: string): UserlikeEventJson => ({
    info: { cid },
    packet: { name: 'message', payload: { body } },
  });
  const forwardEvent = (cid: string): UserlikeEventJson => ({
    info: { cid },
    packet: { name: 'forward_any', payload: { on_failure: 'feedback' } },
  });
  const packetNameOf = (request: RecordedRequest): string =>
    (request.json as UserlikeEventJson[])[0]?.packet.name ?? '';

  const rows = async (): Promise<Row[]> =>
    (
      await h.sut.dataSource.query<Row[]>(
        'SELECT kind, status, attempts, last_error, recipient, text FROM outbound_messages ORDER BY id',
      )
    ).map((row) => ({ ...row, attempts: Number(row.attempts) }));

  // Processing ends (every row it stores is stored by then), then every send ends.
  const settled = async (messageStatus: string): Promise<Row[]> => {
    await waitFor(
      () => h.sut.dataSource.query<{ status: string }[]>('SELECT status FROM webhook_messages'),
      (found) => found.length === 1 && found[0].status === messageStatus,
      `the message to be ${messageStatus}`,
      30_000,
    );
    const ended = await waitFor(
      rows,
      (found) => found.every((row) => row.status !== 'queued'),
      'the API URL calls to end',
      30_000,
    );
    await h.sut.app.get(OutboundService).whenIdle();
    return ended;
  };

  // The webhook's own answer: the holding text, nothing analysed yet, no forward.
  const expectHoldingAnswer = async (events: UserlikeEventJson[], cid: string): Promise<number> => {
    const [stored] = await h.sut.dataSource.query<{ id: number }[]>(
      'SELECT id FROM webhook_messages',
    );
    expect(events).toEqual([
      {
        info: {
          cid,
          context: {
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
    return Number(stored.id);
  };

  it(
    "should send the agent's late reply and then the forward through the API URL",
    async () => {
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: agentDelayMs });
      const message = buildUserlikeMessage(CRITICAL);
      const { cid } = message.info;

      const events = await h.events(message);

      await expectHoldingAnswer(events, cid);
      expect(await settled('done')).toEqual([
        {
          kind: 'reply',
          status: 'sent',
          attempts: 1,
          last_error: null,
          recipient: cid,
          text: reply,
        },
        {
          kind: 'handover',
          status: 'sent',
          attempts: 1,
          last_error: null,
          recipient: cid,
          text: HANDOVER_TEXT,
        },
      ]);
      expect(h.api.requests.map((call) => call.json)).toEqual([
        [messageEvent(cid, reply)],
        [forwardEvent(cid)],
      ]);
      for (const call of h.api.requests) {
        expect(call).toMatchObject({ method: 'POST', path: API_PATH });
        expect(call.headers['security-token']).toBe(API_TOKEN);
      }
      const [analysis] = await h.sut.dataSource.query<{ priority_level: string }[]>(
        'SELECT priority_level FROM analytics_results',
      );
      expect(analysis.priority_level).toBe('critical');
      expect(h.agentRequests()).toHaveLength(1);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should send nothing twice when the message is processed again, and only what is missing',
    async () => {
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: agentDelayMs });
      const message = buildUserlikeMessage(CRITICAL);
      const { cid } = message.info;
      const id = await expectHoldingAnswer(await h.events(message), cid);
      await settled('done');
      const processor = h.sut.app.get(MessageProcessor);
      // What a restart finds of a message it was processing: open again, held by nobody.
      const reopen = (): Promise<unknown> =>
        h.sut.dataSource.query(
          "UPDATE webhook_messages SET status = 'replied', locked_by = NULL, locked_until = NULL WHERE id = ?",
          [id],
        );
      h.api.reset();

      await reopen();
      await processor.process(id);
      await h.sut.app.get(OutboundService).whenIdle();

      expect(h.api.requests).toHaveLength(0);
      expect((await rows()).map((row) => [row.kind, row.status])).toEqual([
        ['reply', 'sent'],
        ['handover', 'sent'],
      ]);

      // Left between the reply's row and the hand-over's: only the forward is still due.
      await h.sut.dataSource.query("DELETE FROM outbound_messages WHERE kind = 'handover'");
      await reopen();
      await processor.process(id);

      expect(await settled('done')).toMatchObject([
        { kind: 'reply', status: 'sent', text: reply },
        { kind: 'handover', status: 'sent', attempts: 1 },
      ]);
      expect(h.api.requests.map((call) => call.json)).toEqual([[forwardEvent(cid)]]);
      expect(h.agentRequests()).toHaveLength(1);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should still send the forward late when the agent answers after the window with no reply',
    async () => {
      h.agentsAnswer({ status: 200, body: { status: 'accepted' }, delayMs: agentDelayMs });
      const message = buildUserlikeMessage(CRITICAL);
      const { cid } = message.info;

      await expectHoldingAnswer(await h.events(message), cid);

      expect(await settled('done')).toEqual([
        {
          kind: 'handover',
          status: 'sent',
          attempts: 1,
          last_error: null,
          recipient: cid,
          text: HANDOVER_TEXT,
        },
      ]);
      expect(h.api.requests.map((call) => call.json)).toEqual([[forwardEvent(cid)]]);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should still send the forward late when no agent answers at all',
    async () => {
      // The chosen agent and agent_hub both fail, each after the other: after the window.
      h.agentsAnswer({ status: 503, body: { error: 'down' }, delayMs: answerTimeoutMs - 1000 });
      const message = buildUserlikeMessage(CRITICAL);
      const { cid } = message.info;

      await expectHoldingAnswer(await h.events(message), cid);

      expect(await settled('dead')).toEqual([
        {
          kind: 'handover',
          status: 'sent',
          attempts: 1,
          last_error: null,
          recipient: cid,
          text: HANDOVER_TEXT,
        },
      ]);
      expect(h.api.requests.map((call) => call.json)).toEqual([[forwardEvent(cid)]]);
      expect(h.agentRequests()).toHaveLength(2);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should retry both sends while the API URL fails, the message first, until both are sent',
    async () => {
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: agentDelayMs });
      // Each kind of call fails twice before it goes through.
      const failuresLeft = new Map([
        ['message', 2],
        ['forward_any', 2],
      ]);
      h.api.respondWith((request) => {
        const name = packetNameOf(request);
        const left = failuresLeft.get(name) ?? 0;
        failuresLeft.set(name, left - 1);
        return left > 0 ? { status: 503, body: { error: 'unavailable' } } : { status: 200 };
      });
      const message = buildUserlikeMessage(CRITICAL);
      const { cid } = message.info;

      await expectHoldingAnswer(await h.events(message), cid);

      // `last_error` is cleared once a retry went through.
      expect(await settled('done')).toEqual([
        {
          kind: 'reply',
          status: 'sent',
          attempts: 3,
          last_error: null,
          recipient: cid,
          text: reply,
        },
        {
          kind: 'handover',
          status: 'sent',
          attempts: 3,
          last_error: null,
          recipient: cid,
          text: HANDOVER_TEXT,
        },
      ]);
      expect(h.api.requests.map(packetNameOf)).toEqual([
        'message',
        'message',
        'message',
        'forward_any',
        'forward_any',
        'forward_any',
      ]);
      expect(h.api.requests.map((call) => call.json)).toEqual([
        ...Array<unknown>(3).fill([messageEvent(cid, reply)]),
        ...Array<unknown>(3).fill([forwardEvent(cid)]),
      ]);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should end both sends failed when the API URL keeps failing, the forward tried after the message',
    async () => {
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: agentDelayMs });
      h.api.respondWith(() => ({ status: 503, body: { error: 'unavailable' } }));
      const message = buildUserlikeMessage(CRITICAL);
      const { cid } = message.info;

      await expectHoldingAnswer(await h.events(message), cid);

      const ended = await settled('done');
      expect(ended.map(({ last_error: _, ...row }) => row)).toEqual([
        { kind: 'reply', status: 'failed', attempts: 3, recipient: cid, text: reply },
        { kind: 'handover', status: 'failed', attempts: 3, recipient: cid, text: HANDOVER_TEXT },
      ]);
      for (const row of ended) {
        expect(row.last_error).toMatch(/HTTP 503/);
      }
      expect(h.api.requests.map(packetNameOf)).toEqual([
        'message',
        'message',
        'message',
        'forward_any',
        'forward_any',
        'forward_any',
      ]);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should send a late reply to a message that needs no human without a forward',
    async () => {
      const late = 'Your refund is on its way.';
      h.agentsAnswer({ status: 200, body: { reply: late }, delayMs: agentDelayMs });
      const message = buildUserlikeMessage('I would like a refund for my order');
      const { cid } = message.info;

      await expectHoldingAnswer(await h.events(message), cid);

      expect(await settled('done')).toEqual([
        {
          kind: 'reply',
          status: 'sent',
          attempts: 1,
          last_error: null,
          recipient: cid,
          text: late,
        },
      ]);
      expect(h.api.requests.map((call) => call.json)).toEqual([[messageEvent(cid, late)]]);
      const [analysis] = await h.sut.dataSource.query<{ priority_level: string }[]>(
        'SELECT priority_level FROM analytics_results',
      );
      expect(analysis.priority_level).not.toBe('critical');
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it('should record the forward the answer carried, and send nothing through the API URL', async () => {
    h.agentsAnswer({ status: 200, body: { reply } });
    const message = buildUserlikeMessage(CRITICAL);
    const { cid } = message.info;

    const events = await h.events(message);

    expect(events.map((e) => e.packet.name)).toEqual(['message', 'message', 'forward_any']);
    await h.sut.app.get(OutboundService).whenIdle();
    expect(await rows()).toEqual([
      { kind: 'reply', status: 'sent', attempts: 0, last_error: null, recipient: cid, text: reply },
      {
        kind: 'handover',
        status: 'sent',
        attempts: 0,
        last_error: null,
        recipient: cid,
        text: HANDOVER_TEXT,
      },
    ]);
    expect(h.api.requests).toHaveLength(0);
  });
});
