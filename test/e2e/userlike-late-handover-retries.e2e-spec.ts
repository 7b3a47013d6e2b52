import { HANDOVER_TEXT } from 'src/messages/message-stages.service';
import { OutboundService } from 'src/replies/outbound.service';
import { SLOW_TEST_TIMEOUT_MS } from 'test/factories/userlike-harness';
import {
  forwardEvent,
  LATE_REPLY as reply,
  lateAnswer,
  messageEvent,
  packetNameOf,
  sentRow,
  UserlikeLateHarness,
} from 'test/factories/userlike-late-harness';
import { testDatabaseKinds } from 'test/setup/test-database';

// The late chat message and forward are sends like any other: retried with backoff while the API
// URL fails, the forward only after the message, both ending `failed` when it keeps failing. A
// message that needs no human gets no forward; one the answer carried is only recorded.
describe.each(testDatabaseKinds())('Userlike late hand-over retries on %s', (kind) => {
  const h = UserlikeLateHarness.use(kind);

  it(
    'should retry both sends while the API URL fails, the message first, until both are sent',
    async () => {
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

      const { cid } = await h.postLate();

      // `last_error` is cleared once a retry went through.
      expect(await h.settled('done')).toEqual([
        sentRow('reply', cid, reply, 3),
        sentRow('handover', cid, HANDOVER_TEXT, 3),
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
      h.api.respondWith(() => ({ status: 503, body: { error: 'unavailable' } }));

      const { cid } = await h.postLate();

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

      const { cid } = await h.postLate(
        lateAnswer({ reply: late }),
        'I would like a refund for my order',
      );

      expect(await h.settled('done')).toEqual([sentRow('reply', cid, late)]);
      expect(h.api.requests.map((call) => call.json)).toEqual([[messageEvent(cid, late)]]);
      expect(await h.priorityLevel()).not.toBe('critical');
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it('should record the forward the answer carried, and send nothing through the API URL', async () => {
    const { cid, events } = await h.postMessage({ status: 200, body: { reply } });

    expect(events.map((e) => e.packet.name)).toEqual(['message', 'message', 'forward_any']);
    await h.sut.app.get(OutboundService).whenIdle();
    expect(await h.rows()).toEqual([
      sentRow('reply', cid, reply, 0),
      sentRow('handover', cid, HANDOVER_TEXT, 0),
    ]);
    expect(h.api.requests).toHaveLength(0);
  });
});
