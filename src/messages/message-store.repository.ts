import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { isUniqueViolation } from 'src/common/errors/database-errors';
import { GroupCommit } from 'src/database/group-commit';
import { RowStatements, placeholdersFor, keyClauseOf } from 'src/database/row-statements';
import { TransactionRunner } from 'src/database/transaction-runner';
import { deliveryKeyOf } from 'src/core/conversation-key';
import type { InboundMessage } from 'src/core/inbound-message';
import { MessageHistoryRepository } from 'src/messages/message-history.repository';
import { WebhookMessage } from 'src/messages/webhook-message.entity';

export interface StoredMessage {
  id: number;
  isDuplicate: boolean;
}

const MAX_STORE_BATCH = 128;
const MAX_PARALLEL_STORES = 4;

const MESSAGE_COLUMNS: Extract<keyof WebhookMessage, string>[] = [
  'platform',
  'externalId',
  'conversationId',
  'conversationName',
  'senderId',
  'senderName',
  'senderPhone',
  'eventType',
  'text',
  'attachments',
  'rawPayload',
  'status',
  'attempts',
  'duplicateCount',
  'sentAt',
  'receivedAt',
  'replyTo',
  'handling',
  'nextAttemptAt',
  'lockedBy',
  'lockedUntil',
];
function keyOf({ platform, externalId }: { platform: string; externalId: string }): string {
  return deliveryKeyOf(platform, externalId);
}

interface NewMessage {
  message: InboundMessage;
  pickUpAfter: Date;
}

/** Stores each delivery once: the message and its history lines, committed together. */
@Injectable()
export class MessageStoreRepository {
  // Concurrent webhooks share a commit: see `GroupCommit`.
  private readonly stores: GroupCommit<NewMessage, StoredMessage>;
  private readonly messageRows: RowStatements<WebhookMessage>;

  constructor(
    @InjectRepository(WebhookMessage) messages: Repository<WebhookMessage>,
    private readonly history: MessageHistoryRepository,
    transactions: TransactionRunner,
  ) {
    const isSqlite = messages.manager.connection.options.type === 'better-sqlite3';
    this.messageRows = new RowStatements(messages.manager, WebhookMessage, MESSAGE_COLUMNS);
    this.stores = new GroupCommit(
      transactions,
      (manager, items) => this.insertBatch(manager, items),
      {
        maxBatch: MAX_STORE_BATCH,
        // SQLite runs one transaction at a time anyway; MySQL leaves pool connections for the rest.
        maxParallel: isSqlite ? 1 : MAX_PARALLEL_STORES,
      },
    );
  }

  // A repeat delivery (same platform and external id) stores nothing new, counts the repeat and
  // returns the first row's id. The message and its history lines are committed together.
  // `pickUpAfter`: when recovery may take the message if no worker has claimed it by then.
  async storeIfNew(message: InboundMessage, pickUpAfter: Date): Promise<StoredMessage> {
    try {
      return await this.stores.submit({ message, pickUpAfter });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      // Another instance stored the same delivery after this transaction looked: now it is found.
      return this.stores.submit({ message, pickUpAfter });
    }
  }

  // One transaction for the whole batch, in four statements whatever its size: which deliveries
  // are stored already (those count a repeat), the new messages, their ids, their history lines.
  private async insertBatch(manager: EntityManager, items: NewMessage[]): Promise<StoredMessage[]> {
    const existing = await this.findIdsByExternalId(
      manager,
      items.map((item) => item.message),
    );
    const results: (StoredMessage | null)[] = items.map(({ message }) => {
      const id = existing.get(keyOf(message));
      return id === undefined ? null : { id, isDuplicate: true };
    });
    const repeats = results.flatMap((result) => (result ? [result.id] : []));
    if (repeats.length > 0) {
      await manager.query(
        `UPDATE ${this.messageRows.table} SET ${this.messageRows.name('duplicateCount')} = ` +
          `${this.messageRows.name('duplicateCount')} + 1 WHERE ${this.messageRows.name('id')} ` +
          `IN (${placeholdersFor(repeats)})`,
        repeats,
      );
    }
    // A delivery repeated within the batch is stored by its first occurrence.
    const fresh = new Map<string, NewMessage>();
    items.forEach((item, index) => {
      if (results[index] === null && !fresh.has(keyOf(item.message))) {
        fresh.set(keyOf(item.message), item);
      }
    });
    if (fresh.size > 0) {
      await this.insertMessages(manager, [...fresh.values()]);
    }
    const inserted = await this.findIdsByExternalId(
      manager,
      [...fresh.values()].map((item) => item.message),
    );
    if (fresh.size > 0) {
      await this.history.insertLines(
        manager,
        [...fresh.values()].map(({ message }) => ({
          message,
          messageId: inserted.get(keyOf(message)) as number,
        })),
      );
    }
    const claimedBy = new Set<string>();
    return items.map(({ message }, index) => {
      const known = results[index];
      if (known) {
        return known;
      }
      const key = keyOf(message);
      const id = inserted.get(key);
      if (id === undefined) {
        throw new Error('an inserted message was not found in its own transaction');
      }
      const isDuplicate = claimedBy.has(key);
      claimedBy.add(key);
      return { id, isDuplicate };
    });
  }

  private async findIdsByExternalId(
    manager: EntityManager,
    messages: InboundMessage[],
  ): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (messages.length === 0) {
      return found;
    }
    const rows = this.messageRows;
    const { clause, parameters } = keyClauseOf(
      rows.name('platform'),
      rows.name('externalId'),
      messages.map(({ platform, externalId }) => ({ platform, id: externalId })),
    );
    const rowsFound: { id: number | string; platform: string; externalId: string }[] =
      await manager.query(
        `SELECT ${rows.name('id')} AS id, ${rows.name('platform')} AS platform, ` +
          `${rows.name('externalId')} AS externalId FROM ${rows.table} WHERE ${clause}`,
        parameters,
      );
    for (const row of rowsFound) {
      found.set(keyOf(row), Number(row.id));
    }
    return found;
  }

  private async insertMessages(manager: EntityManager, items: NewMessage[]): Promise<void> {
    const { sql, parameters } = this.messageRows.insert(
      items.map(({ message, pickUpAfter }) => ({
        ...WebhookMessage.rowFor(message),
        nextAttemptAt: pickUpAfter,
      })),
    );
    await manager.query(sql, parameters);
  }
}
