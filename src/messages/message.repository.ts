import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { groupBy } from 'src/common/collections/group-by';
import { Batcher, writeBatcher } from 'src/database/batcher';
import { RowStatements, placeholdersFor, keyClauseOf } from 'src/database/row-statements';
import { conversationKeyOf } from 'src/core/conversation-key';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { LeaseRepository } from 'src/queue/lease.repository';

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

/** A stored message as far as ordering within its conversation goes. */
export interface StoredKey {
  id: number;
  platform: string;
  conversationId: string;
}

interface StageChange {
  id: number;
  status: MessageStatus;
}

interface Completion {
  id: number;
  timing: ProcessingTiming;
}

@Injectable()
export class MessageRepository {
  private readonly messageRows: RowStatements<WebhookMessage>;
  private readonly byId = new Batcher((ids: number[]) => this.findByIds(ids));
  private readonly earlierInProgress = new Batcher((rows: StoredKey[]) =>
    this.findEarlierInProgress(rows),
  );
  private readonly stageChanges = writeBatcher((changes: StageChange[]) => this.setStages(changes));
  private readonly completions = writeBatcher((done: Completion[]) => this.setDone(done));
  /** Who processes which message: claim, renew, release, recovery (see `LeaseRepository`). */
  readonly leases: LeaseRepository<WebhookMessage>;

  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
  ) {
    this.messageRows = new RowStatements(messages.manager, WebhookMessage, []);
    this.leases = new LeaseRepository(messages.manager, {
      entity: WebhookMessage,
      claimable: OPEN_STATUSES,
      isCountingAttempts: true,
    });
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
  hasEarlierInProgress(row: StoredKey): Promise<boolean> {
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

  // The statements behind the calls above: each serves every message that asked in the same turn
  // of the event loop (see `Batcher`), so a busy pipeline pays one round trip per batch.

  private async findByIds(ids: number[]): Promise<(WebhookMessage | null)[]> {
    const rows = await this.messages.find({ where: { id: In([...new Set(ids)]) } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  // Whether an earlier message of each one's conversation is still on its way.
  private async findEarlierInProgress(rows: StoredKey[]): Promise<boolean[]> {
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
    for (const [status, changed] of groupBy(changes, (change) => change.status)) {
      const ids = changed.map(({ id }) => id);
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
