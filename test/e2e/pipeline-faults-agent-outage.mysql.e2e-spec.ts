import { MessageStatus } from 'src/core/message-status';
import { ADMIN } from 'test/setup/admin-api';
import {
  PipelineFaultsHarness,
  SETTLE_TIMEOUT_MS,
  TEST_TIMEOUT_MS,
} from 'test/setup/pipeline-faults-harness';
import { testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';
import { buildBurst, sendUntilAcknowledged } from 'test/setup/whatsapp-burst';

// Few enough that the agent outage test stays short; several messages per conversation.
const OUTAGE_BURST = 60;
const OUTAGE_CONVERSATIONS = 10;

// The agent failing under a real gateway process: messages end dead rather than open, and an
// admin's replay finishes them once the agent is back.
const describeOnMysql = testDatabaseKinds().includes('mysql') ? describe : null;

describeOnMysql?.('pipeline faults on mysql with real processes: an agent outage', () => {
  const h = PipelineFaultsHarness.use();

  it(
    'should end every message done or dead while the agent fails, and finish the dead ones on replay',
    async () => {
      // A short open breaker: attempts refused by it do not count, so messages die only from
      // the calls its half-open trials let through.
      const sut = await h.startGateway({
        MAX_ATTEMPTS: '3',
        AGENT_MAX_ATTEMPTS: '1',
        AGENT_CIRCUIT_OPEN_MS: '300',
      });
      const deliveries = buildBurst(OUTAGE_BURST, OUTAGE_CONVERSATIONS);
      h.isAgentUp = false;

      await sendUntilAcknowledged(deliveries.map((delivery) => ({ delivery, url: sut.url })));
      await waitFor(
        () => h.statusCounts(),
        (counts) => (counts[MessageStatus.Dead] ?? 0) >= OUTAGE_BURST / 3,
        'a third dead',
        SETTLE_TIMEOUT_MS,
      );
      h.isAgentUp = true;
      const afterOutage = await h.waitUntilSettled(OUTAGE_BURST);
      // An admin replays the dead ones once the agent is back.
      const dead = (await h.messageRows()).filter((row) => row.status === MessageStatus.Dead);
      const replays = await Promise.all(
        dead.map((row) =>
          fetch(`${sut.url}/admin/messages/${row.id}/replay`, { method: 'POST', headers: ADMIN }),
        ),
      );
      const afterReplay = await h.waitUntilSettled(OUTAGE_BURST);
      const deadList = await fetch(`${sut.url}/admin/messages?status=dead`, { headers: ADMIN });

      expect(afterOutage[MessageStatus.Dead]).toBeGreaterThan(0);
      expect(h.agentCalls.filter((call) => !call.isAnsweredOk).length).toBeGreaterThan(0);
      expect(replays.map((response) => response.status)).toEqual(dead.map(() => 202));
      expect(afterReplay).toEqual({ [MessageStatus.Done]: OUTAGE_BURST });
      expect(deadList.status).toBe(200);
      expect(((await deadList.json()) as { messages: unknown[] }).messages).toEqual([]);
      await h.expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );
});
