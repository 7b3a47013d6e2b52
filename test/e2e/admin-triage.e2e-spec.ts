import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Category } from 'src/core/message-analysis';
import { TriageModel } from 'src/analysis/triage-model';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { TINY_CORPUS } from 'test/factories/triage-model.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

const ADMIN_TOKEN = 'triage-admin-token-0123456789';
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };
const TEXT = 'Where is your shop located?';

interface WebhookAnswer {
  database_id: number;
  analysis: { category: string; priority_level: string; urgency_score: number };
}

interface Label {
  id: number;
  message_id: number;
  text: string;
  category: string | null;
  priority_level: string | null;
  predicted_category: string | null;
  predicted_priority_level: string | null;
  model: string | null;
}

interface Agreement {
  corrections: number;
  agreed: number;
  agreement: number | null;
}

interface Evaluation {
  model_version: string;
  shipped_version: string;
  corrections: number;
  category: Agreement;
  by_category: Record<string, Agreement>;
  urgency: Agreement;
}

interface Figures {
  urgent_recall: number;
  urgency_agreement: number;
  category_agreement: number;
}

interface Retraining {
  state: string;
  corrections: number;
  candidate_version: string | null;
  candidate_figures: Figures | null;
  current_figures: Figures | null;
}

describe.each(testDatabaseKinds())('triage corrections and retraining on %s', (kind) => {
  let database: TestDatabase;
  let agents: StubHttpServer;
  let corpusDir: string;
  let sut: TestApp;

  const analyse = async (text: string): Promise<WebhookAnswer> => {
    const response = await sut.post('/webhook', buildIzerPayload({ current_message: text }));
    expect(response.status).toBe(200);
    return (await response.json()) as WebhookAnswer;
  };

  beforeAll(async () => {
    // A corpus whose test split the retrained model has seen five times over: it learns it fully,
    // so its figures there are never worse than the shipped model's and it must be accepted.
    corpusDir = mkdtempSync(join(tmpdir(), 'triage-corpus-'));
    const lines = TINY_CORPUS.map((row) => JSON.stringify(row));
    for (const [split, copies] of [
      ['train', 5],
      ['test', 1],
    ] as const) {
      mkdirSync(join(corpusDir, split));
      writeFileSync(
        join(corpusDir, split, 'tiny.jsonl'),
        Array.from({ length: copies }, () => lines.join('\n')).join('\n'),
      );
    }
    agents = await StubHttpServer.start();
    agents.respondWith(() => ({ status: 200, body: { reply: 'ok' } }));
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      TRIAGE_CORPUS_DIR: corpusDir,
      AGENT_GENERAL_PURPOSE_URL: agents.url,
      AGENT_BUSINESS_WORKFLOW_URL: agents.url,
      AGENT_CODE_DEBUGGER_URL: agents.url,
      AGENT_HUB_URL: agents.url,
    });
  });

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await agents?.stop();
    rmSync(corpusDir, { recursive: true, force: true });
  });

  it('should refuse bad corrections with 401, 400 and 404 and store nothing', async () => {
    const { database_id: id } = await analyse(TEXT);

    const unauthenticated = await sut.put(`/admin/messages/${id}/triage`, { category: 'sales' });
    const empty = await sut.put(`/admin/messages/${id}/triage`, {}, AUTH);
    const badCategory = await sut.put(
      `/admin/messages/${id}/triage`,
      { category: 'weather' },
      AUTH,
    );
    const badPriority = await sut.put(
      `/admin/messages/${id}/triage`,
      { category: 'sales', priority_level: 'whenever' },
      AUTH,
    );
    const unknown = await sut.put('/admin/messages/999999/triage', { category: 'sales' }, AUTH);

    expect([unauthenticated.status, empty.status, badCategory.status]).toEqual([401, 400, 400]);
    expect([badPriority.status, unknown.status]).toEqual([400, 404]);
    expect(JSON.stringify(await empty.json())).toContain('category');
    expect(JSON.stringify(await badPriority.json())).toContain('priority_level');
    expect(await sut.count('SELECT COUNT(*) AS count FROM triage_labels')).toBe(0);
  });

  it('should store a correction, show it on the message and classify the same text so at once', async () => {
    const first = await analyse(TEXT);
    const correction = { category: 'complaint', priority_level: 'critical' };
    expect(first.analysis).not.toMatchObject(correction);

    const response = await sut.put(`/admin/messages/${first.database_id}/triage`, correction, AUTH);

    expect(response.status).toBe(200);
    const label = (await response.json()) as Label;
    expect(label).toMatchObject({
      message_id: first.database_id,
      text: TEXT,
      category: 'complaint',
      priority_level: 'critical',
      predicted_category: first.analysis.category,
      predicted_priority_level: first.analysis.priority_level,
      model: TriageModel.shipped().version,
    });
    const [stored] = await sut.dataSource.query<{ category: string; priority_level: string }[]>(
      'SELECT category, priority_level FROM analytics_results WHERE message_id = ?',
      [first.database_id],
    );
    expect(stored).toEqual({ category: 'complaint', priority_level: 'critical' });
    // Case, punctuation and digits folded: the same text.
    const again = await analyse('WHERE is your SHOP located');
    expect(again.analysis).toMatchObject({ category: 'complaint', priority_level: 'critical' });
    expect(again.analysis.urgency_score).toBeGreaterThanOrEqual(9);

    const relabel = await sut.put(
      `/admin/messages/${first.database_id}/triage`,
      { priority_level: 'low' },
      AUTH,
    );
    expect(relabel.status).toBe(200);
    expect(await relabel.json()).toMatchObject({
      id: label.id,
      category: null,
      priority_level: 'low',
    });
    expect(await sut.count('SELECT COUNT(*) AS count FROM triage_labels')).toBe(1);
  });

  it('should list corrections newest first, page them and say how often the model agrees', async () => {
    const ids: number[] = [];
    for (const text of ['Where is your shop located?', 'hello', 'Are you open on Sunday?']) {
      const { database_id: id } = await analyse(text);
      ids.push(id);
      const put = await sut.put(`/admin/messages/${id}/triage`, { category: 'sales' }, AUTH);
      expect(put.status).toBe(200);
    }

    const page = await sut.get('/admin/triage/labels?limit=2', AUTH);
    const body = (await page.json()) as { labels: Label[]; next_before_id: number | null };
    const rest = await sut.get(`/admin/triage/labels?before_id=${body.next_before_id}`, AUTH);
    const evaluation = await sut.get('/admin/triage/evaluation', AUTH);

    expect(page.status).toBe(200);
    expect(body.labels.map((label) => label.message_id)).toEqual([ids[2], ids[1]]);
    expect(((await rest.json()) as { labels: Label[] }).labels.map((l) => l.message_id)).toEqual([
      ids[0],
    ]);
    const figures = (await evaluation.json()) as Evaluation;
    const model = TriageModel.shipped();
    const agreed = ['Where is your shop located?', 'hello', 'Are you open on Sunday?'].filter(
      (text) => model.predict(text).category === Category.Sales,
    ).length;
    expect(figures).toMatchObject({
      model_version: model.version,
      shipped_version: model.version,
      corrections: 3,
      category: { corrections: 3, agreed, agreement: agreed / 3 },
      urgency: { corrections: 0, agreed: 0, agreement: null },
    });
    expect(figures.by_category.sales).toEqual({ corrections: 3, agreed, agreement: agreed / 3 });
    expect(figures.by_category.general).toEqual({ corrections: 0, agreed: 0, agreement: null });
  });

  it('should retrain in the background, accept a model that is not worse and use it', async () => {
    const { database_id: id } = await analyse(TEXT);
    await sut.put(
      `/admin/messages/${id}/triage`,
      { category: 'inquiry', priority_level: 'low' },
      AUTH,
    );

    const started = await sut.post('/admin/triage/retrain', {}, AUTH);
    const again = await sut.post('/admin/triage/retrain', {}, AUTH);

    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ state: 'training', corrections: 1 });
    expect(again.status).toBe(409);
    const done = await waitFor(
      async () => (await (await sut.get('/admin/triage/retrain', AUTH)).json()) as Retraining,
      (status) => status.state !== 'training',
      'the retraining to finish',
      60_000,
    );
    expect(done).toMatchObject({
      state: 'accepted',
      corrections: 1,
      candidate_figures: { urgent_recall: 1, category_agreement: 1 },
    });
    const { candidate_figures: candidate, current_figures: current } = done;
    for (const figure of ['urgent_recall', 'urgency_agreement', 'category_agreement'] as const) {
      expect(candidate?.[figure]).toBeGreaterThanOrEqual(current?.[figure] ?? 1);
    }
    const evaluation = (await (
      await sut.get('/admin/triage/evaluation', AUTH)
    ).json()) as Evaluation;
    expect(evaluation.model_version).toBe(done.candidate_version);
    expect(evaluation.model_version).not.toBe(evaluation.shipped_version);
    expect(await sut.count('SELECT COUNT(*) AS count FROM triage_models')).toBe(1);
    // The retrained model learnt the correction; the stored correction still wins as well.
    expect((await analyse(TEXT)).analysis).toMatchObject({
      category: 'inquiry',
      priority_level: 'low',
    });
    expect((await analyse('How much is the trekking bike in size L?')).analysis.category).toBe(
      'sales',
    );
  });
});
