import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { isUniqueViolation } from 'src/database/database-errors';
import { Batcher, writeBatcher } from 'src/database/batcher';
import { GroupCommit } from 'src/database/group-commit';
import { RowStatements, placeholdersFor } from 'src/database/row-statements';
import { TransactionRunner } from 'src/database/transaction-runner';
import { conversationKeyOf, deliveryKeyOf, keyClauseOf } from 'src/messages/conversation-key';
import type { InboundMessage } from 'src/messages/inbound-message';
import { MessageHistoryRepository } from 'src/messages/message-history.repository';
import { MessageStatus, WebhookMessage } from 'src/messages/webhook-message.entity';
import { LeaseRepository } from 'src/queue/lease.repository';

export interface StoredMessage {
  id: number;
  isDuplicate: boolean;
}

export interface ProcessingTiming {
  processedAt: Date;
  processingMs: number;
}

const MAX_ERROR_LENGTH = 1000;

// Statuses of a message still on its way: an earlier one of these holds up the conversation.
export const IN_PROGRESS_STATUSES = [
  MessageStatus.Received,
  MessageStatus.Analyzed,
  MessageStatus.Routed,
  MessageStatus.Replied,
];
// Statuses a worker may claim a message in.
export const OPEN_STATUSES = [...IN_PROGRESS_STATUSES, MessageStatus.Failed, MessageStatus.Waiting];
// What an admin may replay: given up on, or not done yet for want of agents or attempts.
const REPLAYABLE_STATUSES = [MessageStatus.Failed, MessageStatus.Waiting, MessageStatus.Dead];

const RELEASED = { lockedBy: null, lockedUntil: null };
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

interface StageChange {
  id: number;
  status: MessageStatus;
}

interface Completion {
  id: number;
  timing: ProcessingTiming;
}

interface NewMessage {
  message: InboundMessage;
  pickUpAfter: Date;
}

@Injectable()
export class MessageRepository {
  // Concurrent webhooks share a commit: see `GroupCommit`.
  private readonly stores: GroupCommit<NewMessage, StoredMessage>;
  private readonly messageRows: RowStatements<WebhookMessage>;
  private readonly byId = new Batcher((ids: number[]) => this.findByIds(ids));
  private readonly earlierInProgress = new Batcher((rows: WebhookMessage[]) =>
    this.findEarlierInProgress(rows),
  );
  private readonly stageChanges = writeBatcher((changes: StageChange[]) => this.setStages(changes));
  private readonly completions = writeBatcher((done: Completion[]) => this.setDone(done));
  /** Who processes which message: claim, renew, release, recovery (see `LeaseRepository`). */
  readonly leases: LeaseRepository<WebhookMessage>;

  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    private readonly history: MessageHistoryRepository,
    transactions: TransactionRunner,
  ) {
    const isSqlite = messages.manager.connection.options.type === 'better-sqlite3';
    this.messageRows = new RowStatements(messages.manager, WebhookMessage, MESSAGE_COLUMNS);
    this.leases = new LeaseRepository(messages.manager, {
      entity: WebhookMessage,
      claimable: OPEN_STATUSES,
      isCountingAttempts: true,
    });
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

  findById(id: number): Promise<WebhookMessage | null> {
    return this.byId.submit(id);
  }

  markStage(
    id: number,
    status: MessageStatus.Analyzed | MessageStatus.Routed | MessageStatus.Replied,
  ): Promise<void> {
    return this.stageChanges.submit({ id, status });
  }

  markDone(id: number, timing: ProcessingTiming): Promise<void> {
    return this.completions.submit({ id, timing });
  }

  /** `retryAt` null: no attempts left, the message is dead until an admin replays it. */
  async markFailed(
    id: number,
    error: string,
    retryAt: Date | null,
    timing?: ProcessingTiming,
  ): Promise<void> {
    await this.messages.update(
      { id },
      {
        status: retryAt ? MessageStatus.Failed : MessageStatus.Dead,
        ...timing,
        ...RELEASED,
        nextAttemptAt: retryAt,
        lastError: error.slice(0, MAX_ERROR_LENGTH),
      },
    );
  }

  /**
   * The attempt could not run at all (every agent's circuit breaker was open): it does not count,
   * and the message is `waiting` until the breakers let calls through, `retryAt` at the latest.
   */
  async markWaiting(id: number, reason: string, retryAt: Date): Promise<void> {
    await this.messages
      .createQueryBuilder()
      .update(WebhookMessage)
      .set({
        status: MessageStatus.Waiting,
        attempts: () => 'CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END',
        nextAttemptAt: retryAt,
        lastError: reason.slice(0, MAX_ERROR_LENGTH),
        ...RELEASED,
      })
      .where('id = :id', { id })
      .execute();
  }

  // An earlier message of the same conversation still on its way: this one must wait for it.
  hasEarlierInProgress(row: WebhookMessage): Promise<boolean> {
    return this.earlierInProgress.submit(row);
  }

  /** A failed, waiting or dead message gets a fresh set of attempts, due now. */
  async resetForReplay(id: number): Promise<boolean> {
    const result = await this.messages.update(
      { id, status: In(REPLAYABLE_STATUSES) },
      { status: MessageStatus.Failed, attempts: 0, nextAttemptAt: null, ...RELEASED },
    );
    return result.affected === 1;
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

  // The statements behind the calls above: each serves every message that asked in the same turn
  // of the event loop (see `Batcher`), so a busy pipeline pays one round trip per batch.

  private async findByIds(ids: number[]): Promise<(WebhookMessage | null)[]> {
    const rows = await this.messages.find({ where: { id: In([...new Set(ids)]) } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  // Whether an earlier message of each one's conversation is still on its way.
  private async findEarlierInProgress(rows: WebhookMessage[]): Promise<boolean[]> {
    const columns = this.messageRows;
    const { clause, parameters } = this.conversationClause(rows);
    const firsts: { platform: string; conversationId: string; firstId: number | string }[] =
      await this.messages.manager.query(
        `SELECT ${columns.name('platform')} AS platform, ${columns.name('conversationId')} AS ` +
          `conversationId, MIN(${columns.name('id')}) AS firstId FROM ${columns.table} WHERE ` +
          `${columns.name('status')} IN (${placeholdersFor(IN_PROGRESS_STATUSES)}) AND (${clause}) ` +
          `GROUP BY ${columns.name('platform')}, ${columns.name('conversationId')}`,
        [...IN_PROGRESS_STATUSES, ...parameters],
      );
    const first = new Map(
      firsts.map((row) => [
        conversationKeyOf(row.platform, row.conversationId),
        Number(row.firstId),
      ]),
    );
    return rows.map(
      (row) => (first.get(conversationKeyOf(row.platform, row.conversationId)) ?? row.id) < row.id,
    );
  }

  private async setStages(changes: StageChange[]): Promise<void> {
    const rows = this.messageRows;
    const byStatus = new Map<MessageStatus, number[]>();
    for (const { id, status } of changes) {
      byStatus.set(status, [...(byStatus.get(status) ?? []), id]);
    }
    for (const [status, ids] of byStatus) {
      await this.messages.manager.query(
        `UPDATE ${rows.table} SET ${rows.name('status')} = ? WHERE ${rows.name('id')} IN ` +
          `(${placeholdersFor(ids)})`,
        [status, ...ids],
      );
    }
  }

  private async setDone(completions: Completion[]): Promise<void> {
    const rows = this.messageRows;
    const ids = completions.map(({ id }) => id);
    const cases = `CASE ${rows.name('id')} ${completions.map(() => 'WHEN ? THEN ?').join(' ')} END`;
    const caseValues = (property: 'processedAt' | 'processingMs'): unknown[] =>
      completions.flatMap(({ id, timing }) => [id, rows.value(property, timing[property])]);
    await this.messages.manager.query(
      `UPDATE ${rows.table} SET ${rows.name('status')} = ?, ` +
        `${rows.name('processedAt')} = ${cases}, ` +
        `${rows.name('processingMs')} = ${cases}, ${rows.name('lockedBy')} = NULL, ` +
        `${rows.name('lockedUntil')} = NULL, ${rows.name('nextAttemptAt')} = NULL, ` +
        `${rows.name('lastError')} = NULL WHERE ${rows.name('id')} IN (${placeholdersFor(ids)})`,
      [MessageStatus.Done, ...caseValues('processedAt'), ...caseValues('processingMs'), ...ids],
    );
  }

  // The rows of these conversations, by platform: see `keyClauseOf`.
  private conversationClause(rows: { platform: string; conversationId: string }[]) {
    return keyClauseOf(
      this.messageRows.name('platform'),
      this.messageRows.name('conversationId'),
      rows.map(({ platform, conversationId }) => ({ platform, id: conversationId })),
    );
  }
}
