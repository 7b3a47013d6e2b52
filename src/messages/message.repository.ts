import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { isUniqueViolation } from 'src/database/database-errors';
import { Batcher, writeBatcher } from 'src/database/batcher';
import { GroupCommit } from 'src/database/group-commit';
import { RowStatements, placeholdersFor } from 'src/database/row-statements';
import { TransactionRunner } from 'src/database/transaction-runner';
import { conversationKeyOf, deliveryKeyOf } from 'src/messages/conversation-key';
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
// Ids in one `IN (…)`: well under SQLite's and MySQL's placeholder limits.
const MAX_IDS_PER_STATEMENT = 1000;
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
const HISTORY_COLUMNS: Extract<keyof MessageHistory, string>[] = [
  'platform',
  'conversationId',
  'messageId',
  'sender',
  'content',
  'contentType',
  'sentAt',
  'lineHash',
  'createdAt',
];

function keyOf({ platform, externalId }: { platform: string; externalId: string }): string {
  return deliveryKeyOf(platform, externalId);
}

interface ClaimRequest {
  id: number;
  lease: Lease;
  now: Date;
}

interface StageChange {
  id: number;
  status: MessageStatus;
}

interface Completion {
  id: number;
  timing: ProcessingTiming;
}

interface RawHistoryLine {
  platform: string;
  conversationId: string;
  sender: string;
  content: string;
  contentType: string;
  sentAt: unknown;
  lineHash: string;
}

const HISTORY_LIMIT = 50;

interface NewMessage {
  message: InboundMessage;
  pickUpAfter: Date;
}

@Injectable()
export class MessageRepository {
  // Concurrent webhooks share a commit: see `GroupCommit`.
  private readonly stores: GroupCommit<NewMessage, StoredMessage>;
  private readonly messageRows: RowStatements<WebhookMessage>;
  private readonly historyRows: RowStatements<MessageHistory>;
  private readonly byId = new Batcher((ids: number[]) => this.findByIds(ids));
  private readonly histories = new Batcher((messages: InboundMessage[]) =>
    this.findHistories(messages),
  );
  private readonly earlierInProgress = new Batcher((rows: WebhookMessage[]) =>
    this.findEarlierInProgress(rows),
  );
  private readonly claims = new Batcher((requests: ClaimRequest[]) => this.claimAll(requests));
  private readonly stageChanges = writeBatcher((changes: StageChange[]) => this.setStages(changes));
  private readonly completions = writeBatcher((done: Completion[]) => this.setDone(done));
  // The last lease end a claim batch used: each batch's is later, so it identifies the batch.
  private lastLeaseEnd = 0;

  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    @InjectRepository(MessageHistory) private readonly history: Repository<MessageHistory>,
    transactions: TransactionRunner,
  ) {
    const isSqlite = messages.manager.connection.options.type === 'better-sqlite3';
    this.messageRows = new RowStatements(messages.manager, WebhookMessage, MESSAGE_COLUMNS);
    this.historyRows = new RowStatements(history.manager, MessageHistory, HISTORY_COLUMNS, {
      isIgnoringDuplicates: true,
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

  /** The conversation's last `HISTORY_LIMIT` lines before this message, oldest first. */
  findConversationHistory(message: InboundMessage): Promise<HistoryLine[]> {
    return this.histories.submit(message);
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
   * Messages waiting here for the agents: not due for recovery (anywhere) before `until`, unless
   * they are handed out sooner. Only failed messages nobody holds are moved.
   */
  async postpone(ids: number[], until: Date, now: Date): Promise<void> {
    const rows = this.messageRows;
    for (let start = 0; start < ids.length; start += MAX_IDS_PER_STATEMENT) {
      const chunk = ids.slice(start, start + MAX_IDS_PER_STATEMENT);
      await this.messages.manager.query(
        `UPDATE ${rows.table} SET ${rows.name('nextAttemptAt')} = ? WHERE ${rows.name('id')} IN ` +
          `(${placeholdersFor(chunk)}) AND ${rows.name('status')} = ? AND ` +
          `(${rows.name('lockedUntil')} IS NULL OR ${rows.name('lockedUntil')} < ?)`,
        [
          rows.value('nextAttemptAt', until),
          ...chunk,
          MessageStatus.Failed,
          rows.value('lockedUntil', now),
        ],
      );
    }
  }

  /**
   * Takes the message for one processing attempt, counting it, unless another worker holds an
   * unexpired lease or the message is finished. One UPDATE, so two workers never both win.
   */
  claim(id: number, lease: Lease, now: Date): Promise<boolean> {
    return this.claims.submit({ id, lease, now });
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
  hasEarlierInProgress(row: WebhookMessage): Promise<boolean> {
    return this.earlierInProgress.submit(row);
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

  /** A failed or dead message gets a fresh set of attempts, due now. */
  async resetForReplay(id: number): Promise<boolean> {
    const result = await this.messages.update(
      { id, status: In([MessageStatus.Failed, MessageStatus.Dead]) },
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
      await this.insertHistory(
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
    const { clause, parameters } = this.platformClause(
      messages.map(({ platform, externalId }) => ({ platform, value: externalId })),
      'externalId',
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

  // Lines stored by an earlier delivery of the same conversation are skipped by the unique key.
  private async insertHistory(
    manager: EntityManager,
    stored: { message: InboundMessage; messageId: number }[],
  ): Promise<void> {
    const createdAt = new Date();
    const rows = new Map<string, Omit<MessageHistory, 'id' | 'message'>>();
    for (const { message, messageId } of stored) {
      for (const line of [...message.history, this.currentLine(message)]) {
        const lineHash = historyLineHash(line);
        const key = `${conversationKeyOf(message.platform, message.conversationId)}\u0000${lineHash}`;
        if (rows.has(key)) {
          continue;
        }
        rows.set(key, {
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
    }
    const { sql, parameters } = this.historyRows.insert([...rows.values()]);
    await manager.query(sql, parameters);
  }

  // The statements behind the calls above: each serves every message that asked in the same turn
  // of the event loop (see `Batcher`), so a busy pipeline pays one round trip per batch.

  private async findByIds(ids: number[]): Promise<(WebhookMessage | null)[]> {
    const rows = await this.messages.find({ where: { id: In([...new Set(ids)]) } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async findHistories(messages: InboundMessage[]): Promise<HistoryLine[][]> {
    const rows = this.historyRows;
    const { clause, parameters } = this.conversationClause(messages);
    // One line more than needed: each message leaves out its own line.
    const found: RawHistoryLine[] = await this.history.manager.query(
      `SELECT platform, conversationId, sender, content, contentType, sentAt, lineHash FROM (` +
        `SELECT ${rows.name('platform')} AS platform, ${rows.name('conversationId')} AS conversationId, ` +
        `${rows.name('sender')} AS sender, ${rows.name('content')} AS content, ` +
        `${rows.name('contentType')} AS contentType, ${rows.name('sentAt')} AS sentAt, ` +
        `${rows.name('lineHash')} AS lineHash, ROW_NUMBER() OVER (PARTITION BY ` +
        `${rows.name('platform')}, ${rows.name('conversationId')} ORDER BY ${rows.name('sentAt')} DESC, ` +
        `${rows.name('id')} DESC) AS line_order FROM ${rows.table} WHERE ${clause}` +
        `) ranked WHERE line_order <= ? ORDER BY line_order`,
      [...parameters, HISTORY_LIMIT + 1],
    );
    const byConversation = new Map<string, RawHistoryLine[]>();
    for (const line of found) {
      const key = conversationKeyOf(line.platform, line.conversationId);
      const lines = byConversation.get(key) ?? [];
      lines.push(line);
      byConversation.set(key, lines);
    }
    return messages.map((message) => {
      const ownHash = historyLineHash(this.currentLine(message));
      const newestFirst = byConversation.get(
        conversationKeyOf(message.platform, message.conversationId),
      );
      return (newestFirst ?? [])
        .filter((line) => line.lineHash !== ownHash)
        .slice(0, HISTORY_LIMIT)
        .reverse()
        .map((line) => ({
          sender: line.sender,
          content: line.content,
          sentAt: rows.read('sentAt', line.sentAt) as Date | null,
          type: line.contentType,
        }));
    });
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

  // One UPDATE takes every message of the batch that is free; a SELECT then tells which ones it
  // took, by the batch's own lease end (unique to the batch).
  private async claimAll(requests: ClaimRequest[]): Promise<boolean[]> {
    const owners = new Map<string, ClaimRequest[]>();
    for (const request of requests) {
      const same = owners.get(request.lease.owner) ?? [];
      same.push(request);
      owners.set(request.lease.owner, same);
    }
    const claimed = new Set<number>();
    const rows = this.messageRows;
    for (const [owner, group] of owners) {
      let until = Math.max(...group.map((request) => request.lease.until.getTime()));
      until = Math.max(until, this.lastLeaseEnd + 1);
      this.lastLeaseEnd = until;
      const now = new Date(Math.max(...group.map((request) => request.now.getTime())));
      const ids = [...new Set(group.map((request) => request.id))];
      const leaseEnd = rows.value('lockedUntil', new Date(until));
      await this.messages.manager.query(
        `UPDATE ${rows.table} SET ${rows.name('attempts')} = ${rows.name('attempts')} + 1, ` +
          `${rows.name('lockedBy')} = ?, ${rows.name('lockedUntil')} = ? WHERE ${rows.name('id')} ` +
          `IN (${placeholdersFor(ids)}) AND ${rows.name('status')} IN (${placeholdersFor(OPEN_STATUSES)}) ` +
          `AND (${rows.name('lockedUntil')} IS NULL OR ${rows.name('lockedUntil')} < ?)`,
        [owner, leaseEnd, ...ids, ...OPEN_STATUSES, rows.value('lockedUntil', now)],
      );
      const taken: { id: number | string }[] = await this.messages.manager.query(
        `SELECT ${rows.name('id')} AS id FROM ${rows.table} WHERE ${rows.name('id')} IN ` +
          `(${placeholdersFor(ids)}) AND ${rows.name('lockedBy')} = ? AND ${rows.name('lockedUntil')} = ?`,
        [...ids, owner, leaseEnd],
      );
      for (const row of taken) {
        claimed.add(Number(row.id));
      }
    }
    // An id asked for twice in one batch is taken by its first request only.
    return requests.map((request) => claimed.delete(request.id));
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

  // `(platform = ? AND conversation_id IN (?, …)) OR …` for the conversations of `messages`.
  private conversationClause(messages: { platform: string; conversationId: string }[]): {
    clause: string;
    parameters: unknown[];
  } {
    return this.platformClause(
      messages.map(({ platform, conversationId }) => ({ platform, value: conversationId })),
      'conversationId',
    );
  }

  // `(platform = ? AND <column> IN (?, …)) OR …`, one term per platform.
  private platformClause(
    pairs: { platform: string; value: string }[],
    property: 'conversationId' | 'externalId',
  ): { clause: string; parameters: unknown[] } {
    const byPlatform = new Map<string, Set<string>>();
    for (const { platform, value } of pairs) {
      const values = byPlatform.get(platform) ?? new Set<string>();
      values.add(value);
      byPlatform.set(platform, values);
    }
    const rows = this.messageRows;
    const clauses: string[] = [];
    const parameters: unknown[] = [];
    for (const [platform, values] of byPlatform) {
      clauses.push(
        `(${rows.name('platform')} = ? AND ${rows.name(property)} IN (${placeholdersFor([...values])}))`,
      );
      parameters.push(platform, ...values);
    }
    return { clause: clauses.join(' OR '), parameters };
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
