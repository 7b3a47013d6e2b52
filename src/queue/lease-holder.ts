import { Logger } from '@nestjs/common';
import { loggableError } from 'src/common/logging/loggable-error';
import type { Lease, LeaseRepository, LeasedRow } from 'src/queue/lease.repository';

export type Held<T> = { isClaimed: true; value: T } | { isClaimed: false };

/**
 * This instance's side of a lease: claims a row, renews the lease while the work runs (a third
 * of the lease at a time), and knows which rows it holds, so shutdown hands exactly those back.
 * One per leased table (messages, outbound sends).
 */
export class LeaseHolder<E extends LeasedRow> {
  private readonly logger: Logger;
  private readonly held = new Set<number>();

  constructor(
    private readonly leases: LeaseRepository<E>,
    private readonly owner: string,
    private readonly leaseMs: number,
    name: string,
  ) {
    this.logger = new Logger(`${LeaseHolder.name}(${name})`);
  }

  /** Rows this instance holds now. */
  get ids(): number[] {
    return [...this.held];
  }

  /** Runs `work` while holding the row's lease; `isClaimed: false` when another worker has it. */
  async runHeld<T>(id: number, work: () => Promise<T>): Promise<Held<T>> {
    if (this.held.has(id) || !(await this.leases.claim(id, this.lease(), new Date()))) {
      return { isClaimed: false };
    }
    this.held.add(id);
    const heartbeat = setInterval(
      () => void this.renew(id),
      Math.max(250, Math.floor(this.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      return { isClaimed: true, value: await work() };
    } finally {
      clearInterval(heartbeat);
      this.held.delete(id);
    }
  }

  /** Hands back `ids` (and whatever is still held) so another instance can take them at once. */
  async releaseAll(ids: number[] = []): Promise<number> {
    const left = [...new Set([...this.held, ...ids])];
    if (left.length > 0) {
      await this.leases.release(left, this.owner);
    }
    return left.length;
  }

  private async renew(id: number): Promise<void> {
    try {
      if (!(await this.leases.renew(id, this.lease()))) {
        this.logger.warn({ id }, 'lease lost while working');
      }
    } catch (error) {
      this.logger.warn({ id, ...loggableError(error) }, 'could not renew the lease');
    }
  }

  private lease(): Lease {
    return { owner: this.owner, until: new Date(Date.now() + this.leaseMs) };
  }
}
