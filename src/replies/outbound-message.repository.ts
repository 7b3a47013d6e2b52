import type { DeliveryDetails } from 'src/core/inbound-message';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { LeaseRepository } from 'src/queue/lease.repository';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import type { OutboundTemplate } from 'src/core/outbound-template';

export interface NewOutboundMessage {
  messageId: number | null;
  kind: OutboundKind;
  platform: string;
  conversationId: string | null;
  recipient: string;
  text: string;
  template: OutboundTemplate | null;
  delivery: DeliveryDetails | null;
}

// `null`: that filter is not applied.
export interface OutboundListFilter {
  statuses: OutboundStatus[];
  platforms: string[] | null;
}

// What the free-form window reads of `webhook_messages`.
interface InboundTime {
  id: number;
  platform: string;
  conversationId: string;
  receivedAt: Date;
}

const MAX_ERROR_LENGTH = 1000;
// A send that leaves `queued` is no longer anyone's to hold.
const RELEASED = { lockedBy: null, lockedUntil: null, nextAttemptAt: null };

// Statuses a platform reports later, by rank: an update never moves a message backwards
// (WhatsApp may report `read` before `delivered`, or repeat a status).
const PROGRESS: Record<OutboundStatus, number> = {
  [OutboundStatus.Queued]: 0,
  [OutboundStatus.NeedsTemplate]: 0,
  [OutboundStatus.Sent]: 1,
  [OutboundStatus.Delivered]: 2,
  [OutboundStatus.Read]: 3,
  [OutboundStatus.Failed]: 2,
};

@Injectable()
export class OutboundMessageRepository {
  /** Who sends which queued message: claim, renew, recovery (see `LeaseRepository`). */
  readonly leases: LeaseRepository<OutboundMessage>;

  constructor(
    @InjectRepository(OutboundMessage) private readonly rows: Repository<OutboundMessage>,
  ) {
    this.leases = new LeaseRepository(rows.manager, {
      entity: OutboundMessage,
      claimable: [OutboundStatus.Queued],
      isCountingAttempts: false,
    });
  }

  /**
   * `pickUpAfter`: when recovery may send a queued message nobody has taken by then (its own
   * background send was lost with its instance).
   */
  async insert(
    message: NewOutboundMessage,
    status = OutboundStatus.Queued,
    pickUpAfter: Date | null = null,
  ): Promise<number> {
    const now = new Date();
    const result = await this.rows.insert({
      ...message,
      status,
      externalId: null,
      attempts: 0,
      lastError: null,
      sentAt: status === OutboundStatus.Sent ? now : null,
      lockedBy: null,
      lockedUntil: null,
      nextAttemptAt: pickUpAfter,
      createdAt: now,
      updatedAt: now,
    });
    return (result.identifiers[0] as { id: number }).id;
  }

  findById(id: number): Promise<OutboundMessage | null> {
    return this.rows.findOneBy({ id });
  }

  /** The admins' list: newest first, `limit` rows with ids below `beforeId`. */
  findPage(
    filter: OutboundListFilter,
    limit: number,
    beforeId: number | null,
  ): Promise<OutboundMessage[]> {
    return this.rows.find({
      where: {
        status: In(filter.statuses),
        ...(filter.platforms ? { platform: In(filter.platforms) } : {}),
        ...(beforeId !== null ? { id: LessThan(beforeId) } : {}),
      },
      order: { id: 'DESC' },
      take: limit,
    });
  }

  /**
   * Back to `queued` as if new (no attempts, no error, no platform id, due for recovery at
   * `pickUpAfter`), only from `from`: `false` when the row has moved on (another admin was first).
   */
  async resetForRetry(id: number, from: OutboundStatus, pickUpAfter: Date): Promise<boolean> {
    const result = await this.rows.update(
      { id, status: from },
      {
        status: OutboundStatus.Queued,
        attempts: 0,
        lastError: null,
        externalId: null,
        sentAt: null,
        lockedBy: null,
        lockedUntil: null,
        nextAttemptAt: pickUpAfter,
        updatedAt: new Date(),
      },
    );
    return (result.affected ?? 0) > 0;
  }

  // Oldest first, for the admin message view.
  findForMessage(messageId: number): Promise<OutboundMessage[]> {
    return this.rows.find({ where: { messageId }, order: { id: 'ASC' } });
  }

  findReplyForMessage(messageId: number): Promise<OutboundMessage | null> {
    return this.rows.findOne({
      where: { messageId, kind: OutboundKind.Reply },
      order: { id: 'ASC' },
    });
  }

  findHandoverForMessage(messageId: number): Promise<OutboundMessage | null> {
    return this.rows.findOne({
      where: { messageId, kind: OutboundKind.Handover },
      order: { id: 'ASC' },
    });
  }

  /** The sends of the same message stored before this one and not ended yet. */
  findQueuedBefore(row: Pick<OutboundMessage, 'id' | 'messageId'>): Promise<OutboundMessage[]> {
    if (row.messageId === null) {
      return Promise.resolve([]);
    }
    return this.rows.find({
      where: { messageId: row.messageId, id: LessThan(row.id), status: OutboundStatus.Queued },
      order: { id: 'ASC' },
    });
  }

  /** Keeps the send queued and free, but not due for recovery before `until`. */
  async deferSend(id: number, until: Date): Promise<void> {
    await this.rows.update(
      { id, status: OutboundStatus.Queued },
      { lockedBy: null, lockedUntil: null, nextAttemptAt: until },
    );
  }

  async countAttempt(id: number): Promise<void> {
    await this.rows.increment({ id }, 'attempts', 1);
  }

  async markSent(id: number, externalId: string | null): Promise<void> {
    const now = new Date();
    // A status update may have come first (WhatsApp reports faster than some sends return).
    await this.rows.update(
      { id, status: In([OutboundStatus.Queued]) },
      {
        status: OutboundStatus.Sent,
        externalId,
        sentAt: now,
        updatedAt: now,
        lastError: null,
        ...RELEASED,
      },
    );
  }

  async markNeedsTemplate(id: number, reason: string): Promise<void> {
    await this.rows.update(
      { id },
      {
        status: OutboundStatus.NeedsTemplate,
        lastError: reason.slice(0, MAX_ERROR_LENGTH),
        updatedAt: new Date(),
        ...RELEASED,
      },
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.rows.update(
      { id },
      {
        status: OutboundStatus.Failed,
        lastError: error.slice(0, MAX_ERROR_LENGTH),
        updatedAt: new Date(),
        ...RELEASED,
      },
    );
  }

  async recordError(id: number, error: string): Promise<void> {
    await this.rows.update(
      { id },
      { lastError: error.slice(0, MAX_ERROR_LENGTH), updatedAt: new Date() },
    );
  }

  /** Applies a platform's status report; `false` when no sent message has that id (yet). */
  async applyStatus(
    platform: string,
    externalId: string,
    status: OutboundStatus,
    error: string | null,
  ): Promise<boolean> {
    const row = await this.rows.findOneBy({ platform, externalId });
    if (!row) {
      return false;
    }
    const isForward = PROGRESS[status] > PROGRESS[row.status];
    // `failed` after `sent` or `delivered` is news; after `read` it is not.
    if (isForward || (status === OutboundStatus.Failed && row.status !== OutboundStatus.Read)) {
      const earlier = Object.entries(PROGRESS)
        .filter(([, rank]) => rank < PROGRESS[status])
        .map(([name]) => name as OutboundStatus);
      const allowed =
        status === OutboundStatus.Failed
          ? [OutboundStatus.Queued, OutboundStatus.Sent, OutboundStatus.Delivered]
          : earlier;
      await this.rows.update(
        { id: row.id, status: In(allowed) },
        {
          status,
          ...(error === null ? {} : { lastError: error.slice(0, MAX_ERROR_LENGTH) }),
          updatedAt: new Date(),
        },
      );
    }
    return true;
  }

  /** When the user last wrote in this conversation (for free-form windows). */
  async findLastInboundAt(platform: string, conversationId: string): Promise<Date | null> {
    // The inbound table by its entity's name, as relations to it are: replies sits below messages.
    const inbound = this.rows.manager.getRepository<InboundTime>('WebhookMessage');
    const row = await inbound.findOne({
      select: { id: true, receivedAt: true },
      where: { platform, conversationId },
      order: { receivedAt: 'DESC' },
    });
    return row?.receivedAt ?? null;
  }
}
