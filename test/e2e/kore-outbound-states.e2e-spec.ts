import { KORE_NOTIFY_CHANNEL } from 'src/platforms/kore/kore.client';
import {
  BOT_ID,
  CRITICAL_TEXT,
  expectBotkitAuth,
  KoreBotkitHarness,
  pathOf,
} from 'test/factories/kore-botkit-harness';
import { buildKoreBotkitPayload } from 'test/factories/kore-botkit-payload.factory';
import { ADMIN, ADMIN_TOKEN } from 'test/setup/admin-api';
import type { StubHandler } from 'test/setup/stub-http-server';
import { testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;
const MAX_ATTEMPTS = 3;
const RECIPIENT = 'mira.kaya@example.org';
const NOTIFY_PATH = `/api/public/bot/${BOT_ID}/notify`;

interface Row {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  external_id: string | null;
}

// Kore's proactive notifications and BotKit replies are outbound rows like every other send:
// stored `queued`, sent through OutboundService with its retries and backoff, and ending `sent`
// or, when Kore keeps failing, `failed` (what admins look at and send again).
describe.each(testDatabaseKinds())('Kore.ai outbound states on %s', (kind) => {
  const h = new KoreBotkitHarness();

  beforeAll(async () => {
    await h.start(kind, {
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOUND_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    });
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

  const rows = async (): Promise<Row[]> =>
    (
      await h.sut.dataSource.query<Row[]>(
        'SELECT id, kind, status, attempts, last_error, external_id FROM outbound_messages ORDER BY id',
      )
    ).map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts) }));
  const ended = (): Promise<Row[]> =>
    waitFor(rows, (found) => found.length === 1 && found[0].status !== 'queued', 'the send to end');
  // Kore fails the first `failures` calls (slowly, so the row is seen queued), then accepts.
  const koreFailing =
    (failures: number): StubHandler =>
    () =>
      h.kore.requests.length <= failures
        ? { status: 503, body: { errors: [{ msg: 'unavailable', code: 503 }] }, delayMs: 300 }
        : { status: 200, body: { _id: 'ds-7', status: 'IN_PROGRESS' } };
  const notify = (text: string): Promise<Response> =>
    h.sut.post('/messages/proactive', { platform: 'kore', recipient: RECIPIENT, text }, ADMIN);
  const notifyBody = (text: string) => ({
    channel: KORE_NOTIFY_CHANNEL,
    userIdentityType: 'resolve',
    message: { type: 'text', val: text },
    identities: [RECIPIENT],
  });

  it('should show a proactive notification queued, retry it while Kore fails and end it sent', async () => {
    h.kore.respondWith(koreFailing(2));
    const text = 'Your replacement card was posted today.';

    const response = await notify(text);

    expect(response.status).toBe(202);
    const { id, status } = (await response.json()) as { id: number; status: string };
    expect(status).toBe('queued');
    // Kore's first answer takes 300 ms: the row is still queued.
    expect((await rows()).map((row) => [row.id, row.status])).toEqual([[id, 'queued']]);
    expect(await ended()).toEqual([
      { id, kind: 'proactive', status: 'sent', attempts: 3, last_error: null, external_id: 'ds-7' },
    ]);
    expect(h.kore.requests.map((request) => [request.method, request.path])).toEqual(
      Array<unknown>(3).fill(['POST', NOTIFY_PATH]),
    );
    expect(h.kore.requests.map((request) => request.json)).toEqual(
      Array<unknown>(3).fill(notifyBody(text)),
    );
  });

  it('should end a proactive notification failed when Kore keeps failing', async () => {
    h.kore.respondWith(koreFailing(Number.POSITIVE_INFINITY));
    const text = 'Your ticket was updated.';

    const response = await notify(text);

    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: number };
    const [row] = await ended();
    expect(row).toMatchObject({
      id,
      kind: 'proactive',
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      external_id: null,
    });
    expect(row.last_error).toMatch(/HTTP 503/);
    expect(h.kore.requests.map((request) => request.json)).toEqual(
      Array<unknown>(MAX_ATTEMPTS).fill(notifyBody(text)),
    );
  });

  it("should retry an agent's BotKit reply while Kore fails and end it sent", async () => {
    const reply = 'An engineer is looking at your account now.';
    h.agents.answerWith({ reply });
    h.kore.respondWith(koreFailing(2));
    const payload = buildKoreBotkitPayload(h.kore.url, { message: CRITICAL_TEXT });

    const response = await h.deliver('on_user_message', payload);

    expect(response.status).toBe(200);
    await h.settle(1);
    expect(await rows()).toEqual([
      {
        id: expect.any(Number) as unknown,
        kind: 'reply',
        status: 'sent',
        attempts: 3,
        last_error: null,
        external_id: null,
      },
    ]);
    expect(h.kore.requests.map((request) => request.path)).toEqual(
      Array<unknown>(3).fill(pathOf(payload.sendUserMessageUrl)),
    );
    expect(h.kore.requests.map((request) => request.json)).toEqual(
      Array<unknown>(3).fill({ ...payload, message: reply }),
    );
    await expectBotkitAuth(h.kore.requests[0]);
  });

  it("should end an agent's BotKit reply failed when Kore keeps failing, the message done", async () => {
    const reply = 'An engineer is looking at your account now.';
    h.agents.answerWith({ reply });
    h.kore.respondWith(koreFailing(Number.POSITIVE_INFINITY));
    const payload = buildKoreBotkitPayload(h.kore.url, { message: CRITICAL_TEXT });

    const response = await h.deliver('on_user_message', payload);

    expect(response.status).toBe(200);
    await h.settle(1);
    const [row] = await rows();
    expect(row).toMatchObject({ kind: 'reply', status: 'failed', attempts: MAX_ATTEMPTS });
    expect(row.last_error).toMatch(/HTTP 503/);
    expect(h.kore.requests.map((request) => request.json)).toEqual(
      Array<unknown>(MAX_ATTEMPTS).fill({ ...payload, message: reply }),
    );
    expect((await h.messageRows()).map((message) => message.status)).toEqual(['done']);
  });
});
