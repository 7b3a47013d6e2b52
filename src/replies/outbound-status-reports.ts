import { deliveryKeyOf } from 'src/core/conversation-key';
import type { OutboundStatus } from 'src/core/outbound-status';
import type { OutboundMessageRepository } from 'src/replies/outbound-message.repository';

/** A platform's report on a message we sent (WhatsApp `statuses[]`). */
export interface OutboundStatusUpdate {
  platform: string;
  externalId: string;
  status:
    OutboundStatus.Sent | OutboundStatus.Delivered | OutboundStatus.Read | OutboundStatus.Failed;
  error: string | null;
}

const EARLY_STATUS_TTL_MS = 10 * 60 * 1000;

/**
 * Applies platforms' reports on sent messages. A report may arrive before its send returned
 * (WhatsApp reports faster than some sends return): it is kept, by platform and external id,
 * until the send is marked (`applyKept`) or it is ten minutes old.
 */
export class OutboundStatusReports {
  private readonly early = new Map<string, { update: OutboundStatusUpdate; at: number }[]>();

  constructor(private readonly repository: OutboundMessageRepository) {}

  async apply(updates: OutboundStatusUpdate[]): Promise<void> {
    for (const update of updates) {
      if (await this.applyIfKnown(update)) {
        continue;
      }
      this.keep(update);
      // The send may have been marked between the lookup and now, after its early reports were
      // taken: then this one is applied here instead of waiting for nothing.
      if (await this.applyIfKnown(update)) {
        this.forget(update);
      }
    }
  }

  /** A send just returned with this id: the reports kept for it, oldest first. */
  async applyKept(platform: string, externalId: string): Promise<void> {
    const key = deliveryKeyOf(platform, externalId);
    const entries = this.early.get(key) ?? [];
    this.early.delete(key);
    for (const { update } of entries) {
      await this.repository.applyStatus(platform, externalId, update.status, update.error);
    }
  }

  private applyIfKnown(update: OutboundStatusUpdate): Promise<boolean> {
    return this.repository.applyStatus(
      update.platform,
      update.externalId,
      update.status,
      update.error,
    );
  }

  private keep(update: OutboundStatusUpdate): void {
    const now = Date.now();
    for (const [key, entries] of this.early) {
      const fresh = entries.filter((entry) => now - entry.at < EARLY_STATUS_TTL_MS);
      if (fresh.length === 0) {
        this.early.delete(key);
      } else {
        this.early.set(key, fresh);
      }
    }
    const key = deliveryKeyOf(update.platform, update.externalId);
    this.early.set(key, [...(this.early.get(key) ?? []), { update, at: now }]);
  }

  private forget(update: OutboundStatusUpdate): void {
    const key = deliveryKeyOf(update.platform, update.externalId);
    const rest = (this.early.get(key) ?? []).filter((entry) => entry.update !== update);
    if (rest.length === 0) {
      this.early.delete(key);
    } else {
      this.early.set(key, rest);
    }
  }
}
