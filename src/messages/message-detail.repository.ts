import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MessageHistory } from 'src/messages/message-history.entity';

@Injectable()
export class MessageDetailRepository {
  constructor(
    @InjectRepository(MessageHistory) private readonly history: Repository<MessageHistory>,
  ) {}

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
}
