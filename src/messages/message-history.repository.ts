import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { groupBy } from 'src/common/collections/group-by';
import { Batcher } from 'src/database/batcher';
import { RowStatements, keyClauseOf } from 'src/database/row-statements';
import { conversationKeyOf } from 'src/core/conversation-key';
import { historyLineHash } from 'src/messages/history-line-hash';
import type { HistoryLine, InboundMessage } from 'src/core/inbound-message';
import { MessageHistory } from 'src/messages/message-history.entity';

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

// What the analysis sees of a conversation before the message.
const HISTORY_LIMIT = 50;

interface RawHistoryLine {
  platform: string;
  conversationId: string;
  sender: string;
  content: string;
  contentType: string;
  sentAt: unknown;
  lineHash: string;
}

/** The one reader and writer of `message_history`: a conversation's lines, stored once each. */
@Injectable()
export class MessageHistoryRepository {
  private readonly rows: RowStatements<MessageHistory>;
  private readonly histories = new Batcher((messages: InboundMessage[]) =>
    this.findHistories(messages),
  );

  constructor(
    @InjectRepository(MessageHistory) private readonly history: Repository<MessageHistory>,
  ) {
    this.rows = new RowStatements(history.manager, MessageHistory, HISTORY_COLUMNS, {
      isIgnoringDuplicates: true,
    });
  }

  /** The conversation's last `HISTORY_LIMIT` lines before this message, oldest first. */
  findBefore(message: InboundMessage): Promise<HistoryLine[]> {
    return this.histories.submit(message);
  }

  /** The last `limit` lines of a conversation, oldest first (lines without a time first). */
  async findConversationLines(
    platform: string,
    conversationId: string,
    limit: number,
  ): Promise<MessageHistory[]> {
    const rows = await this.history
      .createQueryBuilder('line')
      .where('line.platform = :platform', { platform })
      .andWhere('line.conversationId = :conversationId', { conversationId })
      .orderBy('line.sentAt', 'DESC')
      .addOrderBy('line.id', 'DESC')
      .limit(limit)
      .getMany();
    return rows.reverse();
  }

  /**
   * The lines a first delivery brings (its payload's history and itself), inside the transaction
   * that stores it. Lines stored by an earlier delivery of the conversation are skipped by the
   * unique key.
   */
  async insertLines(
    manager: EntityManager,
    stored: { message: InboundMessage; messageId: number }[],
  ): Promise<void> {
    const createdAt = new Date();
    const rows = new Map<string, Omit<MessageHistory, 'id' | 'message'>>();
    for (const { message, messageId } of stored) {
      for (const line of [...message.history, currentLine(message)]) {
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
    const { sql, parameters } = this.rows.insert([...rows.values()]);
    await manager.query(sql, parameters);
  }

  // Serves every message that asked in the same turn of the event loop (see `Batcher`).
  private async findHistories(messages: InboundMessage[]): Promise<HistoryLine[][]> {
    const rows = this.rows;
    const lineColumn = (column: Extract<keyof MessageHistory, string>): string =>
      `line.${rows.name(column)}`;
    const { clause, parameters } = keyClauseOf(
      rows.name('platform'),
      rows.name('conversationId'),
      messages.map(({ platform, conversationId }) => ({ platform, id: conversationId })),
    );
    // One line more than needed: each message leaves out its own line. Only ids are ranked, so the
    // ranking's temporary table holds no text (on MariaDB a TEXT column puts it on disk).
    const found: RawHistoryLine[] = await this.history.manager.query(
      `SELECT ${lineColumn('platform')} AS platform, ${lineColumn('conversationId')} AS conversationId, ` +
        `${lineColumn('sender')} AS sender, ${lineColumn('content')} AS content, ` +
        `${lineColumn('contentType')} AS contentType, ${lineColumn('sentAt')} AS sentAt, ` +
        `${lineColumn('lineHash')} AS lineHash FROM ${rows.table} line INNER JOIN (` +
        `SELECT ${rows.name('id')} AS id, ROW_NUMBER() OVER (PARTITION BY ${rows.name('platform')}, ` +
        `${rows.name('conversationId')} ORDER BY ${rows.name('sentAt')} DESC, ${rows.name('id')} DESC) ` +
        `AS line_order FROM ${rows.table} WHERE ${clause}` +
        `) ranked ON ranked.id = ${lineColumn('id')} WHERE ranked.line_order <= ? ORDER BY ranked.line_order`,
      [...parameters, HISTORY_LIMIT + 1],
    );
    const byConversation = groupBy(found, (line) =>
      conversationKeyOf(line.platform, line.conversationId),
    );
    return messages.map((message) => {
      const ownHash = historyLineHash(currentLine(message));
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
}

function currentLine(message: InboundMessage): HistoryLine {
  return {
    sender: message.sender.name ?? message.sender.id,
    content: message.text,
    sentAt: message.sentAt,
    type: message.attachments[0]?.type ?? 'text',
  };
}
