import { Injectable } from '@nestjs/common';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import type { WhatsappWebhookResponse } from 'src/platforms/whatsapp/whatsapp-webhook.response';
import { WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import type { WhatsappWebhookDto } from 'src/platforms/whatsapp/whatsapp.dto';
import { OutboundService } from 'src/replies/outbound.service';

// One delivery carries messages and reports on what we sent, in any mix.
@Injectable()
export class WhatsappWebhookService {
  constructor(
    private readonly adapter: WhatsappAdapter,
    private readonly ingest: IngestMessageService,
    private readonly outbound: OutboundService,
  ) {}

  async receive(payload: WhatsappWebhookDto, receivedAt: Date): Promise<WhatsappWebhookResponse> {
    const messages = this.adapter.toMessages(payload, receivedAt);
    // Acknowledged once stored: Meta expects an answer within a second and retries slow ones.
    await this.ingest.handle(messages, { answerWithinMs: 0 });
    // Reports never reach analysis or agents.
    const updates = this.adapter.toStatusUpdates(payload);
    await this.outbound.applyStatusUpdates(updates);
    return { status: 'received', messages: messages.length, statuses: updates.length };
  }
}
