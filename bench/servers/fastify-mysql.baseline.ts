import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { createPool, type PoolConnection, type ResultSetHeader } from 'mysql2/promise';
import { announceReady, childOptions, closeWithParent } from 'bench/servers/child-server';

// Baseline B: Fastify and mysql2, nothing else. Each delivery's messages and their history lines
// go into the gateway's own tables (`webhook_messages`, `message_history`, same columns) in one
// transaction per request, and the answer follows the commit.

export interface StoreBaselineOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolSize: number;
}

interface WhatsappMessage {
  from: string;
  id: string;
  timestamp?: string;
  type: string;
  text?: { body?: string };
}

interface WhatsappValue {
  metadata?: { phone_number_id?: string };
  contacts?: { profile?: { name?: string }; wa_id?: string }[];
  messages?: WhatsappMessage[];
}

interface Delivery {
  entry?: { changes?: { value?: WhatsappValue }[] }[];
}

const LEASE_MS = 30_000;

const INSERT_MESSAGE = `INSERT INTO webhook_messages
  (platform, external_id, conversation_id, conversation_name, sender_id, sender_name, sender_phone,
   event_type, text, attachments, raw_payload, status, attempts, duplicate_count, sent_at,
   received_at, reply_to, handling, next_attempt_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'received', 0, 0, ?, ?, ?, 'route', ?)`;

const INSERT_HISTORY = `INSERT IGNORE INTO message_history
  (platform, conversation_id, message_id, sender, content, content_type, sent_at, line_hash, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const options = childOptions<StoreBaselineOptions>();
const pool = createPool({
  host: options.host,
  port: options.port,
  user: options.user,
  password: options.password,
  database: options.database,
  connectionLimit: options.poolSize,
  charset: 'UTF8MB4_BIN',
  timezone: 'Z',
});

const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });

app.post('/webhooks/whatsapp', async (request) => {
  const receivedAt = new Date();
  const values = ((request.body as Delivery).entry ?? []).flatMap((entry) =>
    (entry.changes ?? []).flatMap((change) => (change.value ? [change.value] : [])),
  );
  const connection = await pool.getConnection();
  let stored = 0;
  try {
    await connection.beginTransaction();
    for (const value of values) {
      for (const message of value.messages ?? []) {
        stored += await storeMessage(connection, value, message, receivedAt);
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

async function storeMessage(
  connection: PoolConnection,
  value: WhatsappValue,
  message: WhatsappMessage,
  receivedAt: Date,
): Promise<number> {
  const contact = value.contacts?.find((candidate) => candidate.wa_id === message.from);
  const name = contact?.profile?.name ?? null;
  const text = message.text?.body ?? '';
  const sentAt = message.timestamp ? new Date(Number(message.timestamp) * 1000) : receivedAt;
  const replyTo = {
    recipient: message.from,
    delivery: {
      phoneNumberId: value.metadata?.phone_number_id ?? null,
      contextMessageId: message.id,
    },
  };
  let messageId: number;
  try {
    const [result] = await connection.query<ResultSetHeader>(INSERT_MESSAGE, [
      'whatsapp',
      message.id,
      message.from,
      name,
      message.from,
      name,
      `+${message.from}`,
      'message',
      text,
      JSON.stringify({ metadata: value.metadata ?? null, contact: contact ?? null, message }),
      sentAt,
      receivedAt,
      JSON.stringify(replyTo),
      new Date(receivedAt.getTime() + LEASE_MS),
    ]);
    messageId = result.insertId;
  } catch (error) {
    // A repeat delivery: stored already.
    if ((error as { code?: string }).code === 'ER_DUP_ENTRY') {
      return 0;
    }
    throw error;
  }
  const sender = name ?? message.from;
  const lineHash = createHash('sha256')
    .update(JSON.stringify([sender, text, sentAt.toISOString(), 'text']))
    .digest('hex');
  await connection.query(INSERT_HISTORY, [
    'whatsapp',
    message.from,
    messageId,
    sender,
    text,
    'text',
    sentAt,
    lineHash,
    receivedAt,
  ]);
  return 1;
}

app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => announceReady(app.server.address()),
  (error: unknown) => {
    process.stderr.write(`baseline B failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
closeWithParent(async () => {
  await app.close();
  await pool.end();
});
