import { ApiProperty } from '@nestjs/swagger';

// Meta reads only the status code; the counts help whoever looks at a delivery by hand.
export class WhatsappWebhookResponse {
  @ApiProperty({ example: 'received' }) status: 'received';
  @ApiProperty({ example: 1, description: 'Messages stored (repeats included)' }) messages: number;
  @ApiProperty({ example: 0, description: 'Status reports applied or kept for later' })
  statuses: number;
}
