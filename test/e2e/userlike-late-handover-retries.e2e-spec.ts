import { HANDOVER_TEXT } from 'src/messages/message-stages.service';
import { OutboundService } from 'src/replies/outbound.service';
import { buildUserlikeMessage } from 'test/factories/userlike-webhook.factory';
import { CRITICAL, SLOW_TEST_TIMEOUT_MS } from 'test/factories/userlike-harness';
import {
  AGENT_DELAY_MS,
  forwardEvent,
  messageEvent,
  packetNameOf,
  UserlikeLateHarness,
} from 'test/factories/userlike-late-harness';
import { testDatabaseKinds } from 'test/setup/test-database';

// The late chat message and forward are sends like any other: retried with backoff while the API
// URL fails, the forward only after the message, both ending `failed` when it keeps failing. A
// message that needs no human gets no forward; one the answer carried is only recorded.
describe.each(testDatabaseKinds())('Userlike late hand-over retries on %s', (kind) => {
  const h = UserlikeLateHarness.use(kind);
  const reply = 'A colleague is on the way; please leave the building.';

  it(
    'should retry both sends while the API URL fails, the message first, until both are sent',
    async () => {
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: AGENT_DELAY_MS });
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

      await h.expectHoldingAnswer(await h.events(message), cid);

      // `last_error` is cleared once a retry went through.
      expect(await h.settled('done')).toEqual([
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
      h.agentsAnswer({ status: 200, body: { reply }, delayMs: AGENT_DELAY_MS });
      h.api.respondWith(() => ({ status: 503, body: { error: 'unavailable' } }));
      const message = buildUserlikeMessage(CRITICAL);
      const { cid } = message.info;

      await h.expectHoldingAnswer(await h.events(message), cid);

      const ended = await h.settled('done');
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
      h.agentsAnswer({ status: 200, body: { reply: late }, delayMs: AGENT_DELAY_MS });
      const message = buildUserlikeMessage('I would like a refund for my order');
      const { cid } = message.info;

      await h.expectHoldingAnswer(await h.events(message), cid);

      expect(await h.settled('done')).toEqual([
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
      expect(await h.priorityLevel()).not.toBe('critical');
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
    expect(await h.rows()).toEqual([
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
