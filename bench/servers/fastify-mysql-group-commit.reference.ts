import Fastify from 'fastify';
import type { RowDataPacket } from 'mysql2/promise';
import { announceReady, childOptions, closeWithParent } from 'bench/servers/child-server';
import {
  type Delivery,
  HISTORY_COLUMNS,
  MESSAGE_COLUMNS,
  type MessageRow,
  messageRows,
  parseSignedJson,
  referencePool,
  type StoreReferenceOptions,
} from 'bench/servers/whatsapp-rows';

// The group-commit ingest reference: the same checks and rows as the one-transaction reference,
// but the messages of all requests waiting at a moment go into the tables in one transaction
// (four multi-row statements and one commit), and each request is answered after that commit.
// While a batch commits the next one gathers, so under load batches grow with the concurrency.

interface Waiting {
  rows: MessageRow[];
  resolve: (stored: number) => void;
  reject: (error: unknown) => void;
}

// One batch at a time, the classic group commit: a second one in flight could meet the first's
// uncommitted rows (a repeat delivery) and count them as its own.
const BATCHES_IN_FLIGHT = 1;
const MAX_BATCH_REQUESTS = 512;

const options = childOptions<StoreReferenceOptions>();
const pool = referencePool(options);
const waiting: Waiting[] = [];
let inFlight = 0;

const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });
parseSignedJson(app, options.whatsappAppSecret);

app.post('/webhooks/whatsapp', async (request) => {
  const rows = messageRows(request.body as Delivery, new Date());
  const stored = await new Promise<number>((resolve, reject) => {
    waiting.push({ rows, resolve, reject });
    startBatches();
  });
  return { status: 'received', messages: stored, statuses: 0 };
});

function startBatches(): void {
  while (inFlight < BATCHES_IN_FLIGHT && waiting.length > 0) {
    const batch = waiting.splice(0, MAX_BATCH_REQUESTS);
    inFlight += 1;
    void commitBatch(batch).finally(() => {
      inFlight -= 1;
      startBatches();
    });
  }
}

async function commitBatch(batch: Waiting[]): Promise<void> {
  try {
    const fresh = await storeRows(batch.flatMap((entry) => entry.rows));
    for (const entry of batch) {
      entry.resolve(entry.rows.filter((row) => fresh.has(row)).length);
    }
  } catch (error) {
    batch.forEach((entry) => entry.reject(error));
  }
}

/** Stores the rows not stored yet, in one transaction; returns those it stored. */
async function storeRows(rows: MessageRow[]): Promise<Set<MessageRow>> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const externalIds = [...new Set(rows.map((row) => row.externalId))];
    const existing = await idsByExternalId(connection, externalIds);
    // A repeat delivery, or the same message twice in one batch: only the first is stored.
    const fresh = new Map<string, MessageRow>();
    for (const row of rows) {
      if (!existing.has(row.externalId) && !fresh.has(row.externalId)) {
        fresh.set(row.externalId, row);
      }
    }
    if (fresh.size > 0) {
      const freshRows = [...fresh.values()];
      await connection.query(`INSERT IGNORE INTO webhook_messages ${MESSAGE_COLUMNS} VALUES ?`, [
        freshRows.map((row) => row.message),
      ]);
      const ids = await idsByExternalId(connection, [...fresh.keys()]);
      await connection.query(`INSERT IGNORE INTO message_history ${HISTORY_COLUMNS} VALUES ?`, [
        freshRows.map((row) => row.history(ids.get(row.externalId) ?? 0)),
      ]);
    }
    await connection.commit();
    return new Set(fresh.values());
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
}

async function idsByExternalId(
  connection: Awaited<ReturnType<typeof pool.getConnection>>,
  externalIds: string[],
): Promise<Map<string, number>> {
  if (externalIds.length === 0) {
    return new Map();
  }
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT id, external_id FROM webhook_messages WHERE platform = 'whatsapp' AND external_id IN (?)",
    [externalIds],
  );
  return new Map(rows.map((row) => [String(row.external_id), Number(row.id)]));
}

app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => announceReady(app.server.address()),
  (error: unknown) => {
    process.stderr.write(`the group-commit reference failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
closeWithParent(async () => {
  await app.close();
  await pool.end();
});
