import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { isUniqueViolation } from 'src/database/database-errors';
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

@Injectable()
export class MessageRepository {
  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    @InjectRepository(MessageHistory) private readonly history: Repository<MessageHistory>,
    private readonly transactions: TransactionRunner,
  ) {}

  // A repeat delivery (same platform and external id) stores nothing new, counts the repeat and
  // returns the first row's id.
  async storeIfNew(message: InboundMessage): Promise<StoredMessage> {
    const insertedId = await this.transactions.run(async (manager) => {
      let id: number;
      try {
        id = await this.insertMessage(manager, message);
      } catch (error) {
        if (isUniqueViolation(error)) {
          return null;
        }
        throw error;
      }
      await this.insertHistory(manager, message, id);
      return id;
    });
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

  async markAnalyzed(id: number): Promise<void> {
    await this.messages.update({ id }, { status: MessageStatus.Analyzed });
  }

  async markDone(id: number, timing: ProcessingTiming): Promise<void> {
    await this.messages.update({ id }, { status: MessageStatus.Done, ...timing, lastError: null });
  }

  async markFailed(id: number, error: string, timing?: ProcessingTiming): Promise<void> {
    await this.messages.update(
      { id },
      { status: MessageStatus.Failed, ...timing, lastError: error.slice(0, MAX_ERROR_LENGTH) },
    );
  }

  // The attempt is counted only if nobody else took the message since `seenAttempts` was read, so
  // two workers never process the same message at once.
  async claim(id: number, seenAttempts: number): Promise<boolean> {
    const result = await this.messages
      .createQueryBuilder()
      .update(WebhookMessage)
      .set({ attempts: () => 'attempts + 1' })
      .where('id = :id AND attempts = :seenAttempts', { id, seenAttempts })
      .execute();
    return result.affected === 1;
  }

  private async insertMessage(manager: EntityManager, message: InboundMessage): Promise<number> {
    const result = await manager.insert(WebhookMessage, WebhookMessage.rowFor(message));
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
