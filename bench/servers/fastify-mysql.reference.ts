import Fastify from 'fastify';
import type { ResultSetHeader } from 'mysql2/promise';
import { announceReady, childOptions, closeWithParent } from 'bench/servers/child-server';
import {
  type Delivery,
  HISTORY_COLUMNS,
  MESSAGE_COLUMNS,
  messageRows,
  parseSignedJson,
  referencePool,
  type StoreReferenceOptions,
} from 'bench/servers/whatsapp-rows';

// The one-transaction ingest reference: Fastify and mysql2, nothing else. The signature is checked
// on the raw bytes, then each delivery's messages and their history lines go into the gateway's
// own tables in one transaction per request, and the answer follows the commit.

const INSERT_MESSAGE = `INSERT INTO webhook_messages ${MESSAGE_COLUMNS}
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_HISTORY = `INSERT IGNORE INTO message_history ${HISTORY_COLUMNS}
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const options = childOptions<StoreReferenceOptions>();
const pool = referencePool(options);

const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });
parseSignedJson(app, options.whatsappAppSecret);

app.post('/webhooks/whatsapp', async (request) => {
  const rows = messageRows(request.body as Delivery, new Date());
  const connection = await pool.getConnection();
  let stored = 0;
  try {
    await connection.beginTransaction();
    for (const row of rows) {
      try {
        const [result] = await connection.query<ResultSetHeader>(INSERT_MESSAGE, row.message);
        await connection.query(INSERT_HISTORY, row.history(result.insertId));
        stored += 1;
      } catch (error) {
        // A repeat delivery: stored already.
        if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') {
          throw error;
        }
      }
    }
    await connection.commit();
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
  return { status: 'received', messages: stored, statuses: 0 };
});

app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => announceReady(app.server.address()),
  (error: unknown) => {
    process.stderr.write(`the one-transaction reference failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
closeWithParent(async () => {
  await app.close();
  await pool.end();
});
