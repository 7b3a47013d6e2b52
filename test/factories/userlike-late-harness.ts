import { OutboundService } from 'src/replies/outbound.service';
import {
  BOOT_TIMEOUT_MS,
  CRITICAL,
  HOLDING,
  UserlikeHarness,
  type UserlikeEventJson,
} from 'test/factories/userlike-harness';
import { buildUserlikeMessage } from 'test/factories/userlike-webhook.factory';
import type { RecordedRequest, StubResponse } from 'test/setup/stub-http-server';
import type { TestDatabaseKind } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

export interface LateRow {
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  recipient: string;
  text: string;
}

// The agents answer only after the answer window has closed, however slow the machine.
export const ANSWER_TIMEOUT_MS = 4000;
export const AGENT_DELAY_MS = 6000;
// What the agents answer a critical message with in the late hand-over suites.
export const LATE_REPLY = 'A colleague is on the way; please leave the building.';

// The agents' answer of `body`, once the answer window has closed.
export const lateAnswer = (body: unknown): StubResponse => ({
  status: 200,
  body,
  delayMs: AGENT_DELAY_MS,
});

// A row as `rows` reads it of a send that went out with no error left.
export const sentRow = (
  kind: 'reply' | 'handover',
  recipient: string,
  text: string,
  attempts = 1,
): LateRow => ({ kind, status: 'sent', attempts, last_error: null, recipient, text });

export const messageEvent = (cid: string, body: string): UserlikeEventJson => ({
  info: { cid },
  packet: { name: 'message', payload: { body } },
});

export const forwardEvent = (cid: string): UserlikeEventJson => ({
  info: { cid },
  packet: { name: 'forward_any', payload: { on_failure: 'feedback' } },
});

export const packetNameOf = (request: RecordedRequest): string =>
  (request.json as UserlikeEventJson[])[0]?.packet.name ?? '';

// The Userlike gateway of the late hand-over suites: a short answer window, one call per agent
// and one processing attempt (a failed routing ends the message at once), and three attempts per
// send (two sends failing for good stay below the send breaker's 10 failures in a row).
export class UserlikeLateHarness extends UserlikeHarness {
  static use(kind: TestDatabaseKind): UserlikeLateHarness {
    const h = new UserlikeLateHarness();
    beforeAll(
      () =>
        h.start(kind, {
          USERLIKE_ANSWER_TIMEOUT_MS: String(ANSWER_TIMEOUT_MS),
          AGENT_TIMEOUT_MS: '20000',
          AGENT_MAX_ATTEMPTS: '1',
          MAX_ATTEMPTS: '1',
          OUTBOUND_MAX_ATTEMPTS: '3',
        }),
      BOOT_TIMEOUT_MS,
    );
    beforeEach(() => h.reset());
    afterAll(() => h.stop());
    return h;
  }

  readonly rows = async (): Promise<LateRow[]> =>
    (
      await this.sut.dataSource.query<LateRow[]>(
        'SELECT kind, status, attempts, last_error, recipient, text FROM outbound_messages ORDER BY id',
      )
    ).map((row) => ({ ...row, attempts: Number(row.attempts) }));

  // Processing ends (every row it stores is stored by then), then every send ends.
  readonly settled = async (messageStatus: string): Promise<LateRow[]> => {
    await waitFor(
      () => this.sut.dataSource.query<{ status: string }[]>('SELECT status FROM webhook_messages'),
      (found) => found.length === 1 && found[0].status === messageStatus,
      `the message to be ${messageStatus}`,
      30_000,
    );
    const ended = await waitFor(
      this.rows,
      (found) => found.every((row) => row.status !== 'queued'),
      'the API URL calls to end',
      30_000,
    );
    await this.sut.app.get(OutboundService).whenIdle();
    return ended;
  };

  // The agents answer `answer`; posts a message of `text` in a fresh chat and answers the chat's
  // id and the webhook's events.
  async postMessage(
    answer: StubResponse,
    text = CRITICAL,
  ): Promise<{ cid: string; events: UserlikeEventJson[] }> {
    this.agentsAnswer(answer);
    const message = buildUserlikeMessage(text);
    return { cid: message.info.cid, events: await this.events(message) };
  }

  // The same with an answer that comes after the window (by default the late reply): checks the
  // holding answer and answers the chat's id and the stored message's id.
  async postLate(
    answer = lateAnswer({ reply: LATE_REPLY }),
    text = CRITICAL,
  ): Promise<{ cid: string; id: number }> {
    const { cid, events } = await this.postMessage(answer, text);
    return { cid, id: await this.expectHoldingAnswer(events, cid) };
  }

  // Checks the webhook's own answer (the holding text, nothing analysed yet, no forward) and
  // answers the stored message's id.
  readonly expectHoldingAnswer = async (
    events: UserlikeEventJson[],
    cid: string,
  ): Promise<number> => {
    const [stored] = await this.sut.dataSource.query<{ id: number }[]>(
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

  async priorityLevel(): Promise<string> {
    const [analysis] = await this.sut.dataSource.query<{ priority_level: string }[]>(
      'SELECT priority_level FROM analytics_results',
    );
    return analysis.priority_level;
  }
}
