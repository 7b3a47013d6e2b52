import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { isUniqueViolation } from 'src/database/database-errors';
import { GroupCommit } from 'src/database/group-commit';
import { TransactionRunner } from 'src/database/transaction-runner';
import { historyLineHash } from 'src/messages/history-line-hash';
import type { HistoryLine, InboundMessage } from 'src/messages/inbound-message';
import { MessageHistory } from 'src/messages/message-history.entity';
import { MessageStatus, WebhookMessage } from 'src/messages/webhook-message.entity';

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
export const OPEN_STATUSES = [...IN_PROGRESS_STATUSES, MessageStatus.Failed];

export interface Lease {
  owner: string;
  until: Date;
}

const RELEASED = { lockedBy: null, lockedUntil: null };
const MAX_STORE_BATCH = 128;
const MAX_PARALLEL_STORES = 4;

interface NewMessage {
  message: InboundMessage;
  pickUpAfter: Date;
}

@Injectable()
export class MessageRepository {
  // Concurrent webhooks share a commit: see `GroupCommit`.
  private readonly stores: GroupCommit<NewMessage, number | null>;

  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    @InjectRepository(MessageHistory) private readonly history: Repository<MessageHistory>,
    transactions: TransactionRunner,
  ) {
    const isSqlite = messages.manager.connection.options.type === 'better-sqlite3';
    this.stores = new GroupCommit(transactions, (manager, item) => this.insertNew(manager, item), {
      maxBatch: MAX_STORE_BATCH,
      // SQLite runs one transaction at a time anyway; MySQL leaves pool connections for the rest.
      maxParallel: isSqlite ? 1 : MAX_PARALLEL_STORES,
    });
  }

  // A repeat delivery (same platform and external id) stores nothing new, counts the repeat and
  // returns the first row's id. The message and its history lines are committed together.
  // `pickUpAfter`: when recovery may take the message if no worker has claimed it by then.
  async storeIfNew(message: InboundMessage, pickUpAfter: Date): Promise<StoredMessage> {
    const insertedId = await this.stores.submit({ message, pickUpAfter });
    if (insertedId !== null) {
      return { id: insertedId, isDuplicate: false };
    }
    await this.messages.increment(
      { platform: message.platform, externalId: message.externalId },
      'duplicateCount',
      1,
    );
    const existing = await this.messages.findOneOrFail({
      select: { id: true },
      where: { platform: message.platform, externalId: message.externalId },
    });
    return { id: existing.id, isDuplicate: true };
  }

  findById(id: number): Promise<WebhookMessage | null> {
    return this.messages.findOneBy({ id });
  }

  async findConversationHistory(message: InboundMessage, limit = 50): Promise<HistoryLine[]> {
    const ownHash = historyLineHash(this.currentLine(message));
    const rows = await this.history
      .createQueryBuilder('line')
      .where('line.platform = :platform', { platform: message.platform })
      .andWhere('line.conversationId = :conversationId', { conversationId: message.conversationId })
      .andWhere('line.lineHash <> :ownHash', { ownHash })
      .orderBy('line.sentAt', 'DESC')
      .addOrderBy('line.id', 'DESC')
      .limit(limit)
      .getMany();
    return rows.reverse().map((row) => ({
      sender: row.sender,
      content: row.content,
      sentAt: row.sentAt,
      type: row.contentType,
    }));
  }

  async markStage(
    id: number,
    status: MessageStatus.Analyzed | MessageStatus.Routed | MessageStatus.Replied,
  ): Promise<void> {
    await this.messages.update({ id }, { status });
  }

  async markDone(id: number, timing: ProcessingTiming): Promise<void> {
    await this.messages.update(
      { id },
      { status: MessageStatus.Done, ...timing, ...RELEASED, nextAttemptAt: null, lastError: null },
    );
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
   * The attempt could not run at all (every agent's circuit breaker was open): it is given back
   * and the message waits, `failed`, until `retryAt`.
   */
  async markDeferred(id: number, reason: string, retryAt: Date): Promise<void> {
    await this.messages
      .createQueryBuilder()
      .update(WebhookMessage)
      .set({
        status: MessageStatus.Failed,
        attempts: () => 'CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END',
        nextAttemptAt: retryAt,
        lastError: reason.slice(0, MAX_ERROR_LENGTH),
        ...RELEASED,
      })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * Takes the message for one processing attempt, counting it, unless another worker holds an
   * unexpired lease or the message is finished. One UPDATE, so two workers never both win.
   */
  async claim(id: number, lease: Lease, now: Date): Promise<boolean> {
    const result = await this.messages
      .createQueryBuilder()
      .update(WebhookMessage)
      .set({ attempts: () => 'attempts + 1', lockedBy: lease.owner, lockedUntil: lease.until })
      .where('id = :id', { id })
      .andWhere('status IN (:...open)', { open: OPEN_STATUSES })
      .andWhere('(locked_until IS NULL OR locked_until < :now)', { now })
      .execute();
    return result.affected === 1;
  }

  async renewLease(id: number, lease: Lease): Promise<boolean> {
    const result = await this.messages.update(
      { id, lockedBy: lease.owner },
      { lockedUntil: lease.until },
    );
    return result.affected === 1;
  }

  /** Hands messages back (shutdown): free to claim at once, by this or any other instance. */
  async release(ids: number[], owner: string): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    await this.messages.update({ id: In(ids), lockedBy: owner }, RELEASED);
    await this.messages.update(
      { id: In(ids), lockedBy: IsNull(), status: In(IN_PROGRESS_STATUSES) },
      { nextAttemptAt: null },
    );
  }

  // An earlier message of the same conversation still on its way: this one must wait for it.
  async hasEarlierInProgress(row: WebhookMessage): Promise<boolean> {
    const earlier = await this.messages.findOne({
      select: { id: true },
      where: {
        platform: row.platform,
        conversationId: row.conversationId,
        id: LessThan(row.id),
        status: In(IN_PROGRESS_STATUSES),
      },
    });
    return earlier !== null;
  }

  /** Messages nobody holds whose time has come: abandoned mid-way, lost jobs, due retries. */
  async findDue(now: Date, limit: number): Promise<WebhookMessage[]> {
    const free = [{ lockedUntil: IsNull() }, { lockedUntil: LessThan(now) }];
    const due = [{ nextAttemptAt: IsNull() }, { nextAttemptAt: LessThanOrEqual(now) }];
    return this.messages.find({
      select: { id: true, platform: true, conversationId: true },
      where: free.flatMap((lock) =>
        due.map((next) => ({ status: In(OPEN_STATUSES), ...lock, ...next })),
      ),
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /** Newest first, below `beforeId` when given (the admin list's pages). */
  listByStatus(
    statuses: MessageStatus[],
    limit: number,
    beforeId: number | null,
  ): Promise<WebhookMessage[]> {
    return this.messages.find({
      where: {
        status: In(statuses),
        ...(beforeId === null ? {} : { id: LessThan(beforeId) }),
      },
      order: { id: 'DESC' },
      take: limit,
    });
  }

  /** A failed or dead message gets a fresh set of attempts, due now. */
  async resetForReplay(id: number): Promise<boolean> {
    const result = await this.messages.update(
      { id, status: In([MessageStatus.Failed, MessageStatus.Dead]) },
      { status: MessageStatus.Failed, attempts: 0, nextAttemptAt: null, ...RELEASED },
    );
    return result.affected === 1;
  }

  // `null` when the message is stored already. A unique violation fails only its own statement,
  // so the rest of the batch's transaction goes on (MySQL and SQLite alike).
  private async insertNew(
    manager: EntityManager,
    { message, pickUpAfter }: NewMessage,
  ): Promise<number | null> {
    let id: number;
    try {
      id = await this.insertMessage(manager, message, pickUpAfter);
    } catch (error) {
      if (isUniqueViolation(error)) {
        return null;
      }
      throw error;
    }
    await this.insertHistory(manager, message, id);
    return id;
  }

  private async insertMessage(
    manager: EntityManager,
    message: InboundMessage,
    pickUpAfter: Date,
  ): Promise<number> {
    const result = await manager.insert(WebhookMessage, {
      ...WebhookMessage.rowFor(message),
      nextAttemptAt: pickUpAfter,
    });
    return (result.identifiers[0] as { id: number }).id;
  }

  private async insertHistory(
    manager: EntityManager,
    message: InboundMessage,
    messageId: number,
  ): Promise<void> {
    const createdAt = new Date();
    const lines = [...message.history, this.currentLine(message)];
    const rows = new Map<string, Omit<MessageHistory, 'id' | 'message'>>();
    for (const line of lines) {
      const lineHash = historyLineHash(line);
      rows.set(lineHash, {
        platform: message.platform,
        conversationId: message.conversationId,
        messageId,
        sender: line.sender,
        content: line.content,
        contentType: line.type,
        sentAt: line.sentAt,
        lineHash,
        createdAt,
      });
    }
    // Lines stored by an earlier delivery of the same conversation are skipped by the unique key.
    await manager
      .createQueryBuilder()
      .insert()
      .into(MessageHistory)
      .values([...rows.values()])
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  private currentLine(message: InboundMessage): HistoryLine {
    return {
      sender: message.sender.name ?? message.sender.id,
      content: message.text,
      sentAt: message.sentAt,
      type: message.attachments[0]?.type ?? 'text',
    };
  }
}
