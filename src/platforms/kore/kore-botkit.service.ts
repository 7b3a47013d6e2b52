import { Injectable } from '@nestjs/common';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import { OutboundKind } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import {
  KoreBotkitAdapter,
  type KoreBotkitDelivery,
  type KoreBotkitPayload,
} from 'src/platforms/kore/kore-botkit.adapter';

// Kore's BotKit events: stored, acknowledged at once, processed in the background. Replies and
// hand-backs to Kore's bot go out through `KoreClient` on the URLs the payload carried.
@Injectable()
export class KoreBotkitService {
  constructor(
    private readonly adapter: KoreBotkitAdapter,
    private readonly ingest: IngestMessageService,
    private readonly outbound: OutboundService,
  ) {}

  async receive(delivery: KoreBotkitDelivery): Promise<KoreBotkitPayload> {
    for (const message of this.adapter.toMessages(delivery, new Date())) {
      const result = await this.ingest.ingest(message, { answerWithinMs: 0 });
      // The bot's message reaches the user only through us; a repeat was passed on already.
      if (
        this.adapter.isForwardedToUser(delivery.eventName) &&
        !result.isDuplicate &&
        message.replyTo
      ) {
        await this.outbound.queueReply({
          messageId: result.databaseId,
          platform: message.platform,
          conversationId: message.conversationId,
          replyTo: message.replyTo,
          text: message.text,
          kind: OutboundKind.Reply,
        });
      }
    }
    return this.adapter.toAnswer(delivery);
  }
}
