import { WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import { OutboundStatus } from 'src/core/outbound-status';
import { type OutboundStatusUpdate } from 'src/replies/outbound.service';
import {
  dtoOf,
  expectedStatusUpdate,
  whatsappAdapterWith,
} from 'test/factories/whatsapp-adapter.factory';
import {
  buildWhatsappStatusPayload,
  loadWhatsappFixture,
} from 'test/factories/whatsapp-payload.factory';

describe(WhatsappAdapter.name, () => {
  let sut: WhatsappAdapter;

  beforeEach(() => {
    sut = whatsappAdapterWith();
  });

  describe('toStatusUpdates', () => {
    const statusUpdatesOf = (fixture: string): OutboundStatusUpdate[] =>
      sut.toStatusUpdates(dtoOf(loadWhatsappFixture(fixture)));

    it('should map whatsapp-status.json to a delivered update', () => {
      expect(statusUpdatesOf('whatsapp-status')).toEqual([
        expectedStatusUpdate(
          'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSM0IxQTlDOEQ3RTZGNUEwMzIxAA==',
          OutboundStatus.Delivered,
        ),
      ]);
    });

    it("should map whatsapp-status-failed.json to a failure with Meta's code and title only", () => {
      expect(statusUpdatesOf('whatsapp-status-failed')).toEqual([
        expectedStatusUpdate(
          'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSOUY4RTdENkM1QjRBMzkyMQA=',
          OutboundStatus.Failed,
          'WhatsApp error 131047: Re-engagement message',
        ),
      ]);
    });

    it('should leave out statuses it does not track and find the ones in a batch', () => {
      const payload = buildWhatsappStatusPayload([
        { id: 'wamid.a', status: 'sent' },
        { id: 'wamid.b', status: 'played' },
        { id: 'wamid.c', status: 'read' },
        { id: 'wamid.d', status: 'constructor' },
      ]);

      const updates = sut.toStatusUpdates(dtoOf(payload));

      expect(updates.map((update) => [update.externalId, update.status])).toEqual([
        ['wamid.a', OutboundStatus.Sent],
        ['wamid.c', OutboundStatus.Read],
      ]);
      expect(statusUpdatesOf('whatsapp-batch')).toEqual([
        expectedStatusUpdate(
          'wamid.HBgKNDc5MTIzNDU2NxUCABEYEk9VVEJPVU5EMDAwMDAxAA==',
          OutboundStatus.Read,
        ),
      ]);
    });

    it('should find no status updates in a messages-only delivery', () => {
      expect(statusUpdatesOf('whatsapp-text')).toEqual([]);
    });
  });
});
