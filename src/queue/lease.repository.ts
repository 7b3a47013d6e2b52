import type { EntityManager, EntityTarget } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { groupBy } from 'src/common/collections/group-by';
import { Batcher } from 'src/database/batcher';
import { RowStatements, affectedRowsOf, placeholdersFor } from 'src/database/row-statements';

/** The columns a leased table has: `webhook_messages` and `outbound_messages`. */
export interface LeasedRow {
  id: number;
  status: string;
  platform: string;
  conversationId: string | null;
  attempts: number;
  lockedBy: string | null;
  lockedUntil: Date | null;
  nextAttemptAt: Date | null;
}

export interface LeaseTable<E extends LeasedRow> {
  entity: EntityTarget<E>;
  /** Statuses a worker may take a row in; every other status is finished (or not ours to run). */
  claimable: readonly string[];
  /** Whether taking a row counts an attempt on it (`attempts + 1`). */
  isCountingAttempts: boolean;
}

export interface Lease {
  owner: string;
  until: Date;
}

/** A row recovery found: enough to hand it out (its conversation keeps the order). */
export interface DueRow {
  id: number;
  platform: string;
  conversationId: string | null;
}

interface ClaimRequest {
  id: number;
  lease: Lease;
  now: Date;
}

// Ids in one `IN (…)`: well under SQLite's and MySQL's placeholder limits.
const MAX_IDS_PER_STATEMENT = 1000;

/**
 * The one lease mechanism, for inbound processing and outbound sends alike. The database is the
 * source of truth: a row is worked on by whoever holds its lease (`locked_by` until
 * `locked_until`, renewed while the work runs), is handed back on shutdown, and a row nobody holds
 * whose pick-up time (`next_attempt_at`) has come is due for recovery, on any instance.
 */
export class LeaseRepository<E extends LeasedRow> {
  private readonly rows: RowStatements<E>;
  private readonly claims = new Batcher((requests: ClaimRequest[]) => this.claimAll(requests));
  // The last lease end a claim batch used: each batch's is later, so it identifies the batch.
  private lastLeaseEnd = 0;

  constructor(
    private readonly manager: EntityManager,
    private readonly table: LeaseTable<E>,
  ) {
    this.rows = new RowStatements(manager, table.entity, []);
  }

  /**
   * Takes the row for one attempt unless another worker holds an unexpired lease or the row is
   * finished. One UPDATE per batch of claims, so two workers never both win.
   */
  claim(id: number, lease: Lease, now: Date): Promise<boolean> {
    return this.claims.submit({ id, lease, now });
  }

  /** Pushes the holder's lease on; `false` when it is no longer the holder. */
  async renew(id: number, lease: Lease): Promise<boolean> {
    const result = await this.manager.update(this.table.entity, { id, lockedBy: lease.owner }, {
      lockedUntil: lease.until,
    } as unknown as QueryDeepPartialEntity<E>);
    return result.affected === 1;
  }

  /**
   * Hands rows back (shutdown): free to claim at once, by this or any other instance. Rows another
   * worker holds now are left alone.
   */
  async release(ids: number[], owner: string): Promise<void> {
    await this.forChunks(ids, (chunk) =>
      this.manager.query(
        `UPDATE ${this.rows.table} SET ${this.col('lockedBy')} = NULL, ${this.col('lockedUntil')} = ` +
          `NULL, ${this.col('nextAttemptAt')} = NULL WHERE ${this.col('id')} IN ` +
          `(${placeholdersFor(chunk)}) AND ${this.col('status')} IN ` +
          `(${placeholdersFor(this.table.claimable)}) AND (${this.col('lockedBy')} IS NULL OR ` +
          `${this.col('lockedBy')} = ?)`,
        [...chunk, ...this.table.claimable, owner],
      ),
    );
  }

  /**
   * Not due for recovery before `until`: rows in one of `statuses` that nobody holds (a row being
   * worked on keeps its own schedule).
   */
  async postpone(
    ids: number[],
    until: Date,
    now: Date,
    statuses: readonly string[] = this.table.claimable,
  ): Promise<void> {
    const rows = this.rows;
    await this.forChunks(ids, (chunk) =>
      this.manager.query(
        `UPDATE ${rows.table} SET ${this.col('nextAttemptAt')} = ? WHERE ${this.col('id')} IN ` +
          `(${placeholdersFor(chunk)}) AND ${this.col('status')} IN (${placeholdersFor(statuses)}) ` +
          `AND (${this.col('lockedUntil')} IS NULL OR ${this.col('lockedUntil')} < ?)`,
        [this.val('nextAttemptAt', until), ...chunk, ...statuses, this.val('lockedUntil', now)],
      ),
    );
  }

  /** Rows nobody holds whose time has come: abandoned mid-way, lost jobs, due retries. Oldest first. */
  async findDue(now: Date, limit: number): Promise<DueRow[]> {
    const rows = this.rows;
    const at = this.val('lockedUntil', now);
    const found: { id: number | string; platform: string; conversationId: string | null }[] =
      await this.manager.query(
        `SELECT ${this.col('id')} AS id, ${this.col('platform')} AS platform, ` +
          `${this.col('conversationId')} AS conversationId FROM ${rows.table} WHERE ` +
          `${this.col('status')} IN (${placeholdersFor(this.table.claimable)}) AND ` +
          `(${this.col('lockedUntil')} IS NULL OR ${this.col('lockedUntil')} < ?) AND ` +
          `(${this.col('nextAttemptAt')} IS NULL OR ${this.col('nextAttemptAt')} <= ?) ` +
          `ORDER BY ${this.col('id')} LIMIT ?`,
        [...this.table.claimable, at, at, limit],
      );
    return found.map((row) => ({
      id: Number(row.id),
      platform: row.platform,
      conversationId: row.conversationId,
    }));
  }

  // One UPDATE takes every row of the batch that is free. When it took fewer rows than it was
  // asked for, a SELECT tells which ones, by the batch's own lease end (unique to the batch).
  private async claimAll(requests: ClaimRequest[]): Promise<boolean[]> {
    const owners = groupBy(requests, (request) => request.lease.owner);
    const claimed = new Set<number>();
    const rows = this.rows;
    const { claimable, isCountingAttempts } = this.table;
    const counting = isCountingAttempts
      ? `${this.col('attempts')} = ${this.col('attempts')} + 1, `
      : '';
    for (const [owner, group] of owners) {
      let until = Math.max(...group.map((request) => request.lease.until.getTime()));
      until = Math.max(until, this.lastLeaseEnd + 1);
      this.lastLeaseEnd = until;
      const now = new Date(Math.max(...group.map((request) => request.now.getTime())));
      const ids = [...new Set(group.map((request) => request.id))];
      const leaseEnd = this.val('lockedUntil', new Date(until));
      const updated = await affectedRowsOf(
        this.manager,
        `UPDATE ${rows.table} SET ${counting}${this.col('lockedBy')} = ?, ${this.col('lockedUntil')} ` +
          `= ? WHERE ${this.col('id')} IN (${placeholdersFor(ids)}) AND ${this.col('status')} IN ` +
          `(${placeholdersFor(claimable)}) AND (${this.col('lockedUntil')} IS NULL OR ` +
          `${this.col('lockedUntil')} < ?)`,
        [owner, leaseEnd, ...ids, ...claimable, this.val('lockedUntil', now)],
      );
      if (updated === ids.length) {
        // It took every row it was asked for: nothing to tell apart.
        ids.forEach((id) => claimed.add(id));
        continue;
      }
      const taken: { id: number | string }[] = await this.manager.query(
        `SELECT ${this.col('id')} AS id FROM ${rows.table} WHERE ${this.col('id')} IN ` +
          `(${placeholdersFor(ids)}) AND ${this.col('lockedBy')} = ? AND ${this.col('lockedUntil')} = ?`,
        [...ids, owner, leaseEnd],
      );
      for (const row of taken) {
        claimed.add(Number(row.id));
      }
    }
    // An id asked for twice in one batch is taken by its first request only.
    return requests.map((request) => claimed.delete(request.id));
  }

  private val(property: Extract<keyof LeasedRow, string>, value: unknown): unknown {
    return this.rows.value(property as Extract<keyof E, string>, value);
  }

  private col(property: Extract<keyof LeasedRow, string>): string {
    return this.rows.name(property as Extract<keyof E, string>);
  }

  private async forChunks(
    ids: number[],
    run: (chunk: number[]) => Promise<unknown>,
  ): Promise<void> {
    for (let start = 0; start < ids.length; start += MAX_IDS_PER_STATEMENT) {
      await run(ids.slice(start, start + MAX_IDS_PER_STATEMENT));
    }
  }
}
