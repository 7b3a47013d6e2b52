import { OutboundKind } from 'src/core/outbound-status';
import type { OutboundMessage } from 'src/replies/outbound-message.entity';
import type { OutboundMessageRepository } from 'src/replies/outbound-message.repository';

// How soon recovery may look at a held-back hand-over again (its sweep runs on its own interval).
const RECHECK_AFTER_MS = 1000;

/**
 * Keeps a message's hand-over behind the sends stored before it for the same message: a
 * forward ends the platform's bot session, so the reply must reach the user first. Whether it
 * went out or failed for good does not matter; only that it has ended. A send still running on
 * this instance is waited for; one that is not (deferred by the breaker, held by another
 * instance, left by a restart) holds the hand-over back, still queued, for recovery to try again.
 */
export class SendOrder {
  private readonly running = new Map<number, Promise<unknown>>();

  constructor(private readonly repository: OutboundMessageRepository) {}

  /** Notes a send started on this instance, until it has ended. */
  track(id: number, work: Promise<unknown>): void {
    this.running.set(id, work);
    const forget = (): void => {
      if (this.running.get(id) === work) {
        this.running.delete(id);
      }
    };
    work.then(forget, forget);
  }

  /** `true` when the row must not be sent yet (it was put back for recovery). */
  async isHeldBack(row: OutboundMessage): Promise<boolean> {
    if (row.kind !== OutboundKind.Handover) {
      return false;
    }
    const earlier = await this.repository.findQueuedBefore(row);
    if (earlier.length === 0) {
      return false;
    }
    const runningHere = earlier.flatMap((send) => this.running.get(send.id) ?? []);
    await Promise.allSettled(runningHere);
    if ((await this.repository.findQueuedBefore(row)).length === 0) {
      return false;
    }
    await this.repository.deferSend(row.id, new Date(Date.now() + RECHECK_AFTER_MS));
    return true;
  }
}
