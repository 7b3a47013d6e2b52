import { HANDOVER_TEXT } from 'src/messages/message-stages.service';
import { MessageProcessor } from 'src/messages/message-processor';
import { OutboundService } from 'src/replies/outbound.service';
import { API_PATH, API_TOKEN, SLOW_TEST_TIMEOUT_MS } from 'test/factories/userlike-harness';
import {
  ANSWER_TIMEOUT_MS,
  forwardEvent,
  LATE_REPLY as reply,
  lateAnswer,
  messageEvent,
  sentRow,
  UserlikeLateHarness,
} from 'test/factories/userlike-late-harness';
import { testDatabaseKinds } from 'test/setup/test-database';

// A critical Userlike message whose answer window closed before processing ended: the chat
// message (the agent's late reply, when there is one) and then the forward go out through the API
// URL, each its own outbound row; processing it again sends nothing twice.
describe.each(testDatabaseKinds())('Userlike late hand-over on %s', (kind) => {
  const h = UserlikeLateHarness.use(kind);

  it(
    "should send the agent's late reply and then the forward through the API URL",
    async () => {
      const { cid } = await h.postLate();

      expect(await h.settled('done')).toEqual([
        sentRow('reply', cid, reply),
        sentRow('handover', cid, HANDOVER_TEXT),
      ]);
      expect(h.api.requests.map((call) => call.json)).toEqual([
        [messageEvent(cid, reply)],
        [forwardEvent(cid)],
      ]);
      for (const call of h.api.requests) {
        expect(call).toMatchObject({ method: 'POST', path: API_PATH });
        expect(call.headers['security-token']).toBe(API_TOKEN);
      }
      expect(await h.priorityLevel()).toBe('critical');
      expect(h.agentRequests()).toHaveLength(1);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should send nothing twice when the message is processed again, and only what is missing',
    async () => {
      const { cid, id } = await h.postLate();
      await h.settled('done');
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
      expect((await h.rows()).map((row) => [row.kind, row.status])).toEqual([
        ['reply', 'sent'],
        ['handover', 'sent'],
      ]);

      // Left between the reply's row and the hand-over's: only the forward is still due.
      await h.sut.dataSource.query("DELETE FROM outbound_messages WHERE kind = 'handover'");
      await reopen();
      await processor.process(id);

      expect(await h.settled('done')).toMatchObject([
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
      const { cid } = await h.postLate(lateAnswer({ status: 'accepted' }));

      expect(await h.settled('done')).toEqual([sentRow('handover', cid, HANDOVER_TEXT)]);
      expect(h.api.requests.map((call) => call.json)).toEqual([[forwardEvent(cid)]]);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'should still send the forward late when no agent answers at all',
    async () => {
      // The chosen agent and agent_hub both fail, each after the other: after the window.
      const { cid } = await h.postLate({
        status: 503,
        body: { error: 'down' },
        delayMs: ANSWER_TIMEOUT_MS - 1000,
      });

      expect(await h.settled('dead')).toEqual([sentRow('handover', cid, HANDOVER_TEXT)]);
      expect(h.api.requests.map((call) => call.json)).toEqual([[forwardEvent(cid)]]);
      expect(h.agentRequests()).toHaveLength(2);
    },
    SLOW_TEST_TIMEOUT_MS,
  );
});
